/*
 * account-fields.c: the rules of an account's fields — a name, an email,
 * a password — for sign-up and the account page alike (`alignplan user
 * add` keeps the same rules of a name and an email).
 */
#include "web/widgets/account-fields.h"

#include "auth/auth.h"
#include "core/buf.h"
#include "core/form.h"
#include "store/store.h"

#include <string.h>

const char *account_name_problem(const struct buf *name)
{
	if (name->err || !name->len || name->len > STORE_NAME_MAX)
		return "Give a name of 1 to 100 characters.";
	if (!text_line_valid(name->data, name->len))
		return "Give your name as one line of text, without control "
		       "characters.";
	return NULL;
}

const char *account_email_problem(const struct buf *email)
{
	if (email->err || !email->len || !strchr(email->data, '@') ||
	    strchr(email->data, ' ') ||
	    !text_line_valid(email->data, email->len))
		return "Give a valid email address.";
	return NULL;
}

const char *account_password_problem(const struct buf *password)
{
	if (password->err || password->len < AUTH_PASSWORD_MIN)
		return "Choose a password of 8 to 256 characters.";
	return NULL;
}
