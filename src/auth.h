#ifndef AUTH_H
#define AUTH_H

#include "store.h"

#include <stddef.h>

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

/*
 * Login throttle: at most AUTH_MAX_FAILS failed attempts per client address
 * and per account within AUTH_WINDOW seconds.  auth_throttled() returns the
 * seconds to wait (0 = go ahead); auth_failed() records a failure.  Kept in
 * memory per server process.
 */
#define AUTH_MAX_FAILS 10
#define AUTH_WINDOW 900
int auth_throttled(const char *addr, const char *email, long now);
void auth_failed(const char *addr, const char *email, long now);
void auth_succeeded(const char *addr, const char *email);

#endif
