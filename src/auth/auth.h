#ifndef AUTH_H
#define AUTH_H

#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define AUTH_COOKIE "ap_session"
#define AUTH_PRE_COOKIE "ap_pre"      /* CSRF token before logging in */
#define AUTH_TOKEN_HEX 64              /* 32 random bytes as hex */
#define AUTH_CSRF_HEX 32
#define AUTH_SESSION_DAYS 30
#define AUTH_PASSWORD_MIN 8
#define AUTH_PASSWORD_MAX 256

/* argon2id (libsodium's interactive limits).  0 on success. */
int auth_hash_password(const char *password, char out[STORE_HASH_MAX + 1]);
int auth_check_password(const char *hash, const char *password);
/* Burn the same time as a real check, for logins with an unknown email. */
void auth_dummy_check(const char *password);

/* hex random token of `hexlen` characters (even), NUL-terminated. */
void auth_random_hex(char *out, size_t hexlen);
/* The hex digest stored in place of a cookie token. */
void auth_token_hash(const char *token, char out[65]);
/* Constant-time comparison of two NUL-terminated tokens. */
int auth_token_equal(const char *a, const char *b);

/* How many argon2id runs (hashes and checks, dummy ones included) this
 * process has done: what the throttle tests count. */
unsigned long auth_argon2_runs(void);

/*
 * The login throttle (after OWASP's "device cookies").  Its counters are
 * kept in the store (store_counters()), so they hold across every server
 * on one database; a check and its charge cost one small transaction.
 *
 * A stranger's attempt (no device cookie for that account) is charged to
 * the account, by its normalised email (auth_email_norm), and to the
 * client address.  An account allows AUTH_FREE_FAILS failures, then one
 * attempt per delay that doubles with each failure, from AUTH_DELAY_BASE
 * up to AUTH_DELAY_MAX: at most 10 password checks in any 15 minutes,
 * whatever the spelling of the email, the number of addresses or the
 * server asked.  The count is forgotten after a success or AUTH_FORGET
 * quiet seconds.  An address allows AUTH_ADDR_FAILS failures per
 * AUTH_WINDOW, over all accounts (password spraying).
 *
 * A successful login sets a device cookie bound to the account, signed
 * with the database's key (auth_keys_load()), so any server takes it.  An
 * attempt that presents a valid one for the account it names is charged
 * only to that device, under the same rule as an account: strangers can
 * delay an account, but its owner logs in from their own browser.
 */
#define AUTH_FREE_FAILS 5
#define AUTH_DELAY_BASE 60
#define AUTH_DELAY_MAX 900
#define AUTH_FORGET 3600
#define AUTH_WINDOW 900
#define AUTH_ADDR_FAILS 100
#define AUTH_SIGNUP_MAX 30              /* sign-ups per address per window */
#define AUTH_DEVICE_COOKIE "ap_device"
#define AUTH_DEVICE_HEX 96              /* 16 random bytes and a MAC */
#define AUTH_DEVICE_DAYS 365
#define AUTH_ADDR_MAX 64

/* The account an email names, as the store finds it: surrounding blanks
 * dropped, ASCII letters in lower case (SQLite's NOCASE). */
void auth_email_norm(const char *email, char *out, size_t outlen);

struct auth_attempt {
	char account[STORE_EMAIL_MAX + 1];      /* auth_email_norm() */
	char addr[AUTH_ADDR_MAX];               /* an IPv6 address by its /64 */
	char device[AUTH_DEVICE_HEX + 1];       /* a valid device cookie, or "" */
};

/* Who is trying: email as typed, the client address and the value of the
 * device cookie ("" when none; kept only when valid for this account). */
void auth_attempt_init(struct auth_attempt *a, const char *email,
		       const char *addr, const char *device_cookie);
/* 0: go ahead, the attempt is charged as a failure until
 * auth_attempt_end(ok) refunds it; else the seconds to wait (nothing is
 * charged).  `now` is the store's clock. */
long auth_attempt_begin(struct store *st, const struct auth_attempt *a,
			int64_t now);
void auth_attempt_end(struct store *st, const struct auth_attempt *a, int ok);
/* A new device cookie value for the account `email` names. */
void auth_device_cookie(const char *email, char out[AUTH_DEVICE_HEX + 1]);

/* A sign-up from `addr` is about to hash a password: 0 and counted, or
 * the seconds to wait (AUTH_SIGNUP_MAX per AUTH_WINDOW). */
long auth_signup_begin(struct store *st, const char *addr, int64_t now);

/* Take the database's key for device cookies and counter keys (made by
 * the first server to ask), so that every server on it agrees; once per
 * process, before serving.  -1 when it cannot be read: this process then
 * keeps a key of its own (its device cookies work on it alone). */
int auth_keys_load(struct store *st);

#endif
