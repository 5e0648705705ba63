/*
 * auth.c: passwords, tokens and the login throttle.  All crypto is
 * libsodium's: argon2id for passwords, its CSPRNG for tokens, BLAKE2b for
 * token digests and sodium_memcmp for comparisons.
 */
#include "auth/auth.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static atomic_ulong argon2_runs;

unsigned long auth_argon2_runs(void)
{
	return atomic_load(&argon2_runs);
}

static int hash_password(const char *password, char out[STORE_HASH_MAX + 1])
{
	char h[crypto_pwhash_STRBYTES];

	if (crypto_pwhash_str(h, password, strlen(password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	memcpy(out, h, sizeof(h) < STORE_HASH_MAX ? sizeof(h) : STORE_HASH_MAX);
	out[STORE_HASH_MAX] = '\0';
	return 0;
}

int auth_hash_password(const char *password, char out[STORE_HASH_MAX + 1])
{
	atomic_fetch_add(&argon2_runs, 1);
	return hash_password(password, out);
}

int auth_check_password(const char *hash, const char *password)
{
	atomic_fetch_add(&argon2_runs, 1);
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static char dummy_hash[STORE_HASH_MAX + 1];

static void dummy_init(void)
{
	hash_password("not anyone's password", dummy_hash);
}

void auth_dummy_check(const char *password)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, dummy_init);
	if (dummy_hash[0])
		auth_check_password(dummy_hash, password);
}

void auth_random_hex(char *out, size_t hexlen)
{
	unsigned char raw[64];
	size_t n = hexlen / 2 > sizeof(raw) ? sizeof(raw) : hexlen / 2;

	randombytes_buf(raw, n);
	sodium_bin2hex(out, n * 2 + 1, raw, n);
}

void auth_token_hash(const char *token, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
			   strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int auth_token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

/*
 * The key of the device cookies' MAC and of the throttle's counter keys.
 * Until auth_keys_load() takes the database's (the same for every server
 * on it), a random one of this process's.
 */
static unsigned char device_key[crypto_auth_KEYBYTES];
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t keys_lock = PTHREAD_MUTEX_INITIALIZER;
static bool keys_shared;

static void keys_init(void)
{
	randombytes_buf(device_key, sizeof(device_key));
}

int auth_keys_load(struct store *st)
{
	char fresh[STORE_KEY_HEX + 1], hex[STORE_KEY_HEX + 1];
	unsigned char key[crypto_auth_KEYBYTES];
	int ret = 0;

	_Static_assert(STORE_KEY_HEX == 2 * crypto_auth_KEYBYTES,
		       "a stored key is the MAC's key in hex");
	pthread_once(&keys_once, keys_init);
	pthread_mutex_lock(&keys_lock);
	if (!keys_shared) {
		auth_random_hex(fresh, STORE_KEY_HEX);
		if (store_device_key(st, fresh, hex) != STORE_OK ||
		    sodium_hex2bin(key, sizeof(key), hex, STORE_KEY_HEX, NULL,
				   NULL, NULL)) {
			ret = -1;
		} else {
			/* Before any page is served: at start-up. */
			memcpy(device_key, key, sizeof(key));
			keys_shared = true;
		}
	}
	pthread_mutex_unlock(&keys_lock);
	return ret;
}

void auth_email_norm(const char *email, char *out, size_t outlen)
{
	size_t n = strlen(email), i;

	while (n && isspace((unsigned char)email[n - 1]))
		n--;
	while (n && isspace((unsigned char)*email)) {
		email++;
		n--;
	}
	if (!outlen)
		return;
	if (n >= outlen)
		n = outlen - 1;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)email[i]);
	out[n] = '\0';
}

/* An address as a throttle key: IPv6 by its /64 (one subscriber's block),
 * an IPv4-mapped one as IPv4, anything unparsable as it is. */
static void addr_norm(const char *addr, char out[AUTH_ADDR_MAX])
{
	struct in6_addr a6;

	snprintf(out, AUTH_ADDR_MAX, "%s", addr);
	if (inet_pton(AF_INET6, addr, &a6) != 1)
		return;
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		inet_ntop(AF_INET, &a6.s6_addr[12], out, AUTH_ADDR_MAX);
		return;
	}
	memset(&a6.s6_addr[8], 0, 8);
	inet_ntop(AF_INET6, &a6, out, AUTH_ADDR_MAX);
}

/* The device cookie: 16 random bytes, then a MAC of them and the
 * account, all as hex. */
#define DEVICE_ID 16

static void device_mac(const unsigned char id[DEVICE_ID], const char *account,
		       unsigned char mac[crypto_auth_BYTES])
{
	crypto_auth_hmacsha512256_state st;

	pthread_once(&keys_once, keys_init);
	crypto_auth_hmacsha512256_init(&st, device_key, sizeof(device_key));
	crypto_auth_hmacsha512256_update(&st, id, DEVICE_ID);
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)account,
					 strlen(account));
	crypto_auth_hmacsha512256_final(&st, mac);
}

void auth_device_cookie(const char *email, char out[AUTH_DEVICE_HEX + 1])
{
	unsigned char raw[DEVICE_ID + crypto_auth_BYTES];
	char account[STORE_EMAIL_MAX + 1];

	auth_email_norm(email, account, sizeof(account));
	randombytes_buf(raw, DEVICE_ID);
	device_mac(raw, account, raw + DEVICE_ID);
	sodium_bin2hex(out, AUTH_DEVICE_HEX + 1, raw, sizeof(raw));
}

static int device_valid(const char *cookie, const char *account)
{
	unsigned char raw[DEVICE_ID + crypto_auth_BYTES], mac[crypto_auth_BYTES];
	size_t n;

	if (strlen(cookie) != AUTH_DEVICE_HEX ||
	    sodium_hex2bin(raw, sizeof(raw), cookie, AUTH_DEVICE_HEX, NULL, &n,
			   NULL) || n != sizeof(raw))
		return 0;
	device_mac(raw, account, mac);
	return sodium_memcmp(mac, raw + DEVICE_ID, sizeof(mac)) == 0;
}

void auth_attempt_init(struct auth_attempt *a, const char *email,
		       const char *addr, const char *device_cookie)
{
	auth_email_norm(email, a->account, sizeof(a->account));
	addr_norm(addr, a->addr);
	a->device[0] = '\0';
	if (device_valid(device_cookie, a->account))
		memcpy(a->device, device_cookie, AUTH_DEVICE_HEX + 1);
}

/*
 * The counters live in the store (store_counters()), so that every
 * server on the database counts the same attempts.  A counter's key is a
 * keyed BLAKE2b digest of "KIND:VALUE" (no email or address is stored as
 * such); kinds: 'e' an account and 'd' a device (failures, the doubling
 * delay), 'a' an address (failures per window), 's' an address's
 * sign-ups (per window).  A check and its charge are one transaction;
 * counters quiet for AUTH_FORGET are deleted by the next charge, so the
 * table holds about what the last hour charged, and every charge has
 * cost a password check (or a sign-up's hashing) first.
 */
static void counter_key(char kind, const char *what,
			char out[STORE_KEY_HEX + 1])
{
	unsigned char key[STORE_KEY_HEX / 2];
	crypto_generichash_state st;

	pthread_once(&keys_once, keys_init);
	crypto_generichash_init(&st, device_key, sizeof(device_key),
				sizeof(key));
	crypto_generichash_update(&st, (const unsigned char *)&kind, 1);
	crypto_generichash_update(&st, (const unsigned char *)":", 1);
	crypto_generichash_update(&st, (const unsigned char *)what,
				  strlen(what));
	crypto_generichash_final(&st, key, sizeof(key));
	sodium_bin2hex(out, STORE_KEY_HEX + 1, key, sizeof(key));
}

static bool windowed(char kind)
{
	return kind == 'a' || kind == 's';
}

/* Is counter c (of `kind`) spent at `now`: its window past, or its
 * count forgotten?  A counter not stored (all 0) is. */
static bool spent(const struct store_counter *c, char kind, int64_t now)
{
	return !c->last || (windowed(kind) ? now - c->start >= AUTH_WINDOW :
			    now - c->last >= AUTH_FORGET);
}

/* The delay before the next attempt after `fails` failures. */
static int64_t delay_after(int64_t fails)
{
	int64_t d;

	if (fails < AUTH_FREE_FAILS)
		return 0;
	if (fails - AUTH_FREE_FAILS >= 20)
		return AUTH_DELAY_MAX;
	d = (int64_t)AUTH_DELAY_BASE << (fails - AUTH_FREE_FAILS);
	return d < AUTH_DELAY_MAX ? d : AUTH_DELAY_MAX;
}

/* Seconds before counter c (of `kind`) may be charged again; 0: now. */
static int64_t counter_wait(const struct store_counter *c, char kind,
			    int64_t now)
{
	int64_t w;

	if (spent(c, kind, now))
		return 0;
	if (windowed(kind)) {
		if (c->count < (kind == 'a' ? AUTH_ADDR_FAILS : AUTH_SIGNUP_MAX))
			return 0;
		return c->start + AUTH_WINDOW - now;
	}
	w = c->last + delay_after(c->count) - now;
	return w > 0 ? w : 0;
}

struct charge {
	const char *kinds;      /* one per counter */
	int64_t now;
	int refund;             /* a success: give back, do not charge */
	int64_t wait;           /* out */
};

/* The rule of store_counters(): check every counter, then charge them
 * all or none; or, for a success, give back what auth_attempt_end()
 * says. */
static int charge_rule(void *ctx, struct store_counter *c, size_t n)
{
	struct charge *ch = ctx;
	size_t i;

	ch->wait = 0;
	if (ch->refund) {
		for (i = 0; i < n; i++) {
			if (!c[i].last || c[i].count <= 0)
				continue;
			/* An account or device: its owner is in, the count
			 * goes; an address gets back this attempt's charge
			 * only, so logging into an account of one's own does
			 * not buy guesses at others. */
			c[i].count = ch->kinds[i] == 'a' ? c[i].count - 1 : 0;
			c[i].changed = 1;
		}
		return 0;
	}
	for (i = 0; i < n; i++) {
		int64_t w = counter_wait(&c[i], ch->kinds[i], ch->now);

		if (w > ch->wait)
			ch->wait = w;
	}
	if (ch->wait)
		return 1;
	for (i = 0; i < n; i++) {
		if (spent(&c[i], ch->kinds[i], ch->now)) {
			c[i].start = ch->now;
			c[i].count = 0;
		}
		c[i].count++;
		c[i].last = ch->now;
		c[i].changed = 1;
	}
	return 0;
}

/* Check then charge (or refund) keys k[0..n) of kinds `kinds`, all or
 * none, in one transaction.  A store that cannot count refuses: the
 * attempt waits a minute rather than go unthrottled. */
static long charge(struct store *st, const char *kinds,
		   const char *const *k, int64_t now, int refund)
{
	struct store_counter c[2];
	struct charge ch = { kinds, now, refund, 0 };
	size_t i, n = strlen(kinds);

	memset(c, 0, sizeof(c));
	for (i = 0; i < n && i < 2; i++)
		counter_key(kinds[i], k[i], c[i].key);
	if (store_counters(st, c, n, refund ? 0 : now - AUTH_FORGET,
			   charge_rule, &ch) != STORE_OK) {
		fprintf(stderr, "alignplan: the login throttle cannot count "
			"(%s): refusing for now\n", store_errmsg(st));
		return refund ? 0 : AUTH_DELAY_BASE;
	}
	return (long)ch.wait;
}

long auth_attempt_begin(struct store *st, const struct auth_attempt *a,
			int64_t now)
{
	const char *k[2] = { a->account, a->addr };

	if (*a->device)
		return charge(st, "d", (const char *const[]){ a->device }, now,
			      0);
	return charge(st, "ea", k, now, 0);
}

void auth_attempt_end(struct store *st, const struct auth_attempt *a, int ok)
{
	const char *k[2] = { a->account, a->addr };

	if (!ok)
		return;  /* the failure was charged when it began */
	if (*a->device)
		charge(st, "d", (const char *const[]){ a->device }, 0, 1);
	else
		charge(st, "ea", k, 0, 1);
}

long auth_signup_begin(struct store *st, const char *addr, int64_t now)
{
	char key[AUTH_ADDR_MAX];

	addr_norm(addr, key);
	return charge(st, "s", (const char *const[]){ key }, now, 0);
}
