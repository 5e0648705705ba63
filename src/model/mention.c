/*
 * mention.c: @mentions in plain text (mention.h): where each is, and
 * whom it names among the people given.
 */
#include "model/mention.h"

#include <stdbool.h>
#include <string.h>

/* A byte that continues a word: ASCII letters, digits, '_' and every
 * byte of a non-ASCII character (names are not only ASCII). */
static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Does `name` stand at text[i..len), ending where a word ends? */
static size_t name_at(const char *text, size_t len, size_t i,
		      const char *name)
{
	size_t n = strlen(name), k;

	if (!n || n > len - i)
		return 0;
	for (k = 0; k < n; k++)
		if (lower((unsigned char)text[i + k]) !=
		    lower((unsigned char)name[k]))
			return 0;
	if (i + n < len && word_byte((unsigned char)text[i + n]) &&
	    word_byte((unsigned char)name[n - 1]))
		return 0;
	return n;
}

/* May an "@" at i start a mention? */
static bool starts(const char *text, size_t i)
{
	unsigned char p;

	if (!i)
		return true;
	p = (unsigned char)text[i - 1];
	return !word_byte(p) && p != '.' && p != '@';
}

/* The mention at the "@" at i, into *m; false when there is none. */
static bool one(const char *text, size_t len, size_t i,
		const struct mention_who *who, size_t n, struct mention *m)
{
	size_t best = 0, k, got, w;
	int found = 0;

	for (k = 0; k < n; k++) {
		got = name_at(text, len, i + 1, who[k].name);
		if (got > best) {
			best = got;
			found = 1;
			m->user = who[k].id;
		} else if (got && got == best && who[k].id != m->user) {
			found++;
		}
	}
	m->at = i;
	if (best) {
		m->len = best + 1;
		m->kind = found == 1 ? MENTION_FOUND : MENTION_AMBIGUOUS;
		if (found != 1)
			m->user = 0;
		return true;
	}
	for (w = i + 1; w < len && word_byte((unsigned char)text[w]); w++)
		;
	if (w == i + 1)
		return false;
	m->len = w - i;
	m->kind = MENTION_UNKNOWN;
	m->user = 0;
	return true;
}

size_t mention_find(const char *text, size_t len, const struct mention_who *who,
		    size_t n, struct mention *out, size_t max)
{
	size_t i = 0, count = 0;
	const char *at;

	while (count < max && i < len &&
	       (at = memchr(text + i, '@', len - i))) {
		i = (size_t)(at - text);
		if (starts(text, i) && one(text, len, i, who, n, &out[count])) {
			i += out[count].len;
			count++;
		} else {
			i++;
		}
	}
	return count;
}
