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

/* Per-process secrets: the key of the throttle table's hash (so nobody
 * can pick emails that collide) and of the device cookies' MAC.  A restart
 * forgets both, like the counts themselves. */
static unsigned char table_key[crypto_generichash_KEYBYTES];
static unsigned char device_key[crypto_auth_KEYBYTES];
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static void keys_init(void)
{
	randombytes_buf(table_key, sizeof(table_key));
	randombytes_buf(device_key, sizeof(device_key));
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
 * The table: slots keyed by a keyed BLAKE2b digest of "KIND:VALUE", each a
 * count and its times.  Kinds: 'e' an account and 'd' a device (failures,
 * the doubling delay), 'a' an address (failures per window), 's' an
 * address's sign-ups (per window).  A new key takes one of its 8
 * candidate slots: a free or spent one, else the one with the fewest
 * failures (the oldest of those), so memory stays bounded under any load
 * and a flood of new keys pushes out each other before an account under
 * attack.  Only charged attempts make slots.
 */
#define SLOTS 4096
#define PROBES 8
static struct slot {
	unsigned char key[16];
	char kind;
	int64_t start;      /* windowed kinds: when the window began */
	int64_t last;       /* the last charge; 0: a free slot */
	int count;
} slots[SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static bool windowed(char kind)
{
	return kind == 'a' || kind == 's';
}

/* The count that still holds anything back at `now`: 0 for a free slot,
 * a window past or a count forgotten. */
static int slot_live(const struct slot *s, int64_t now)
{
	if (!s->last || (windowed(s->kind) ? now - s->start >= AUTH_WINDOW :
			 now - s->last >= AUTH_FORGET))
		return 0;
	return s->count;
}

static struct slot *slot_get(char kind, const char *what, int64_t now,
			     bool create)
{
	unsigned char key[16];
	struct slot *victim = NULL;
	uint32_t h;
	size_t i;
	crypto_generichash_state st;

	pthread_once(&keys_once, keys_init);
	crypto_generichash_init(&st, table_key, sizeof(table_key), sizeof(key));
	crypto_generichash_update(&st, (const unsigned char *)&kind, 1);
	crypto_generichash_update(&st, (const unsigned char *)what,
				  strlen(what));
	crypto_generichash_final(&st, key, sizeof(key));
	memcpy(&h, key, sizeof(h));
	for (i = 0; i < PROBES; i++) {
		struct slot *s = &slots[(h + i) % SLOTS];

		if (s->last && !memcmp(s->key, key, sizeof(key)))
			return s;
		if (!victim || slot_live(s, now) < slot_live(victim, now) ||
		    (slot_live(s, now) == slot_live(victim, now) &&
		     s->last < victim->last))
			victim = s;
	}
	if (!create)
		return NULL;
	memcpy(victim->key, key, sizeof(key));
	victim->kind = kind;
	victim->start = victim->last = now;
	victim->count = 0;
	return victim;
}

/* The delay before the next attempt after `fails` failures. */
static int64_t delay_after(int fails)
{
	int64_t d;

	if (fails < AUTH_FREE_FAILS)
		return 0;
	if (fails - AUTH_FREE_FAILS >= 20)
		return AUTH_DELAY_MAX;
	d = (int64_t)AUTH_DELAY_BASE << (fails - AUTH_FREE_FAILS);
	return d < AUTH_DELAY_MAX ? d : AUTH_DELAY_MAX;
}

/* Seconds before slot s (of `kind`) may be charged again; 0: now. */
static int64_t slot_wait(const struct slot *s, char kind, int64_t now)
{
	int64_t w;

	if (!s)
		return 0;
	if (windowed(kind)) {
		if (now - s->start >= AUTH_WINDOW ||
		    s->count < (kind == 'a' ? AUTH_ADDR_FAILS : AUTH_SIGNUP_MAX))
			return 0;
		return s->start + AUTH_WINDOW - now;
	}
	if (now - s->last >= AUTH_FORGET)
		return 0;
	w = s->last + delay_after(s->count) - now;
	return w > 0 ? w : 0;
}

static void slot_charge(char kind, const char *what, int64_t now)
{
	struct slot *s = slot_get(kind, what, now, true);

	if (windowed(kind) ? now - s->start >= AUTH_WINDOW :
	    now - s->last >= AUTH_FORGET) {
		s->start = now;
		s->count = 0;
	}
	s->count++;
	s->last = now;
}

/* Check then charge keys k[0..n) of kinds `kinds`, all or none. */
static long charge(const char *kinds, const char *const *k, int64_t now)
{
	int64_t wait = 0, w;
	size_t i;

	pthread_mutex_lock(&slots_lock);
	for (i = 0; kinds[i]; i++) {
		w = slot_wait(slot_get(kinds[i], k[i], now, false), kinds[i],
			      now);
		if (w > wait)
			wait = w;
	}
	if (!wait)
		for (i = 0; kinds[i]; i++)
			slot_charge(kinds[i], k[i], now);
	pthread_mutex_unlock(&slots_lock);
	return (long)wait;
}

long auth_attempt_begin(const struct auth_attempt *a, int64_t now)
{
	const char *k[2] = { a->account, a->addr };

	if (*a->device)
		return charge("d", (const char *const[]){ a->device }, now);
	return charge("ea", k, now);
}

void auth_attempt_end(const struct auth_attempt *a, int ok)
{
	struct slot *s;

	if (!ok)
		return;  /* the failure was charged when it began */
	pthread_mutex_lock(&slots_lock);
	if (*a->device) {
		if ((s = slot_get('d', a->device, 0, false)))
			s->count = 0;
	} else {
		/* The account's owner is in: its count goes.  The address
		 * gets back only this attempt's charge, so logging into an
		 * account of one's own does not buy guesses at others. */
		if ((s = slot_get('e', a->account, 0, false)))
			s->count = 0;
		if ((s = slot_get('a', a->addr, 0, false)) && s->count > 0)
			s->count--;
	}
	pthread_mutex_unlock(&slots_lock);
}

long auth_signup_begin(const char *addr, int64_t now)
{
	char key[AUTH_ADDR_MAX];

	addr_norm(addr, key);
	return charge("s", (const char *const[]){ key }, now);
}

void auth_throttle_reset(void)
{
	pthread_mutex_lock(&slots_lock);
	memset(slots, 0, sizeof(slots));
	pthread_mutex_unlock(&slots_lock);
}
