/*
 * auth.c: passwords, tokens and the login throttle.  All crypto is
 * libsodium's: argon2id for passwords, its CSPRNG for tokens, BLAKE2b for
 * token digests and sodium_memcmp for comparisons.
 */
#include "auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

int auth_hash_password(const char *password, char out[STORE_HASH_MAX + 1])
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

int auth_check_password(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static char dummy_hash[STORE_HASH_MAX + 1];

static void dummy_init(void)
{
	auth_hash_password("not anyone's password", dummy_hash);
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

/* The throttle: a small open table of keys ("a:ADDR" or "e:EMAIL") with a
 * failure count and the start of the current window.  When full, the
 * oldest slot is reused, so memory stays bounded under any load. */
#define SLOTS 1024
static struct slot {
	char key[80];
	long start;
	int fails;
} slots[SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static struct slot *slot_find(const char *kind, const char *what, long now,
			      int create)
{
	char key[80];
	unsigned h = 2166136261u;
	struct slot *oldest = NULL;
	size_t i;

	snprintf(key, sizeof(key), "%s:%s", kind, what);
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (i = 0; i < 8; i++) {
		struct slot *s = &slots[(h + i) % SLOTS];

		if (!strcmp(s->key, key)) {
			if (now - s->start > AUTH_WINDOW) {
				s->start = now;
				s->fails = 0;
			}
			return s;
		}
		if (!oldest || s->start < oldest->start)
			oldest = s;
	}
	if (!create)
		return NULL;
	snprintf(oldest->key, sizeof(oldest->key), "%s", key);
	oldest->start = now;
	oldest->fails = 0;
	return oldest;
}

int auth_throttled(const char *addr, const char *email, long now)
{
	const char *kinds[2] = { "a", "e" }, *whats[2] = { addr, email };
	int wait = 0;

	pthread_mutex_lock(&slots_lock);
	for (int i = 0; i < 2; i++) {
		struct slot *s = slot_find(kinds[i], whats[i], now, 0);

		if (s && s->fails >= AUTH_MAX_FAILS) {
			int w = (int)(s->start + AUTH_WINDOW - now);

			if (w > wait)
				wait = w;
		}
	}
	pthread_mutex_unlock(&slots_lock);
	return wait;
}

void auth_failed(const char *addr, const char *email, long now)
{
	pthread_mutex_lock(&slots_lock);
	slot_find("a", addr, now, 1)->fails++;
	slot_find("e", email, now, 1)->fails++;
	pthread_mutex_unlock(&slots_lock);
}

void auth_succeeded(const char *addr, const char *email)
{
	struct slot *s;

	(void)addr;  /* other accounts behind the same address stay counted */
	pthread_mutex_lock(&slots_lock);
	s = slot_find("e", email, 0, 0);
	if (s)
		s->fails = 0;
	pthread_mutex_unlock(&slots_lock);
}
