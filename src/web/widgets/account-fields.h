#ifndef ACCOUNT_FIELDS_H
#define ACCOUNT_FIELDS_H

struct buf;

/* The rules of an account's fields, for sign-up and the account page
 * (account-fields.c): NULL when the value is fine, else what to tell
 * the person. */
const char *account_name_problem(const struct buf *name);
const char *account_email_problem(const struct buf *email);
const char *account_password_problem(const struct buf *password);

#endif
