/*
 * Words of prose for matching one text with another (words.h): the set
 * of a text's words and how alike two sets are, and a text's words in
 * order, for telling whether two texts say the same.
 */
#include "import/words.h"

#include "core/buf.h"

#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

void words_release(struct words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->w[i]);
	free(w->w);
	w->w = NULL;
	w->n = 0;
}

/*
 * Split `s` into its set of lowercase words: runs of ASCII letters and
 * digits and any non-ASCII bytes, so Markdown punctuation separates words.
 * Returns 0, or -1 when out of memory (w is then empty).
 */
int words_of(const char *s, struct words *w)
{
	size_t alloc = 0, i, j;

	w->w = NULL;
	w->n = 0;
	while (s && *s) {
		const char *start;
		char *word, **nw;

		while (*s && !word_byte((unsigned char)*s))
			s++;
		if (!*s)
			break;
		start = s;
		while (*s && word_byte((unsigned char)*s))
			s++;
		word = malloc((size_t)(s - start) + 1);
		if (!word)
			goto nomem;
		for (i = 0; start + i < s; i++) {
			char c = start[i];

			word[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		word[i] = '\0';
		if (w->n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			nw = realloc(w->w, alloc * sizeof(*nw));
			if (!nw) {
				free(word);
				goto nomem;
			}
			w->w = nw;
		}
		w->w[w->n++] = word;
	}
	if (!w->n)
		return 0;
	qsort(w->w, w->n, sizeof(*w->w), cmp_str);
	for (i = 1, j = 1; i < w->n; i++) {
		if (strcmp(w->w[i], w->w[j - 1]))
			w->w[j++] = w->w[i];
		else
			free(w->w[i]);
	}
	w->n = j;
	return 0;
nomem:
	words_release(w);
	return -1;
}

/* |a ∩ b| / |a ∪ b| of two sorted word sets. */
double jaccard(const struct words *a, const struct words *b)
{
	size_t i = 0, j = 0, both = 0;

	if (!a->n && !b->n)
		return 1.0;
	while (i < a->n && j < b->n) {
		int c = strcmp(a->w[i], b->w[j]);

		if (!c) {
			both++;
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	return (double)both / (double)(a->n + b->n - both);
}


void words_norm(struct buf *b, const char *s)
{
	int gap = 0;

	for (; s && *s; s++) {
		if (word_byte((unsigned char)*s)) {
			if (gap && b->len)
				buf_addc(b, ' ');
			buf_addc(b, (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s));
			gap = 0;
		} else {
			gap = 1;
		}
	}
}

/* ---- a set of texts ---- */

static size_t text_hash(const char *s, size_t n)
{
	size_t h = 1469598103934665603u;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

static int textset_grow(struct textset *set)
{
	size_t cap = set->cap ? 2 * set->cap : 64, i, k;
	struct textset_slot *v = calloc(cap, sizeof(*v));

	if (!v)
		return -1;
	for (i = 0; i < set->cap; i++) {
		if (!set->slot[i].s)
			continue;
		for (k = text_hash(set->slot[i].s, set->slot[i].n) & (cap - 1);
		     v[k].s; k = (k + 1) & (cap - 1))
			;
		v[k] = set->slot[i];
	}
	free(set->slot);
	set->slot = v;
	set->cap = cap;
	return 0;
}

int textset_has(const struct textset *set, const char *s, size_t n)
{
	size_t k;

	if (!set->cap)
		return 0;
	for (k = text_hash(s, n) & (set->cap - 1); set->slot[k].s;
	     k = (k + 1) & (set->cap - 1))
		if (set->slot[k].n == n && !memcmp(set->slot[k].s, s, n))
			return 1;
	return 0;
}

int textset_add(struct textset *set, const char *s, size_t n)
{
	size_t k;

	if (textset_has(set, s, n))
		return 0;
	if (2 * (set->n + 1) > set->cap && textset_grow(set))
		return -1;
	for (k = text_hash(s, n) & (set->cap - 1); set->slot[k].s;
	     k = (k + 1) & (set->cap - 1))
		;
	set->slot[k].s = s;
	set->slot[k].n = n;
	set->n++;
	return 0;
}

int textset_add_blocks(struct textset *set, const char *text)
{
	const char *p = text, *end;

	while (p && *p) {
		end = strstr(p, "\n\n");
		if (!end)
			end = p + strlen(p);
		if (end > p && textset_add(set, p, (size_t)(end - p)))
			return -1;
		p = *end ? end + 2 : end;
	}
	return 0;
}

void textset_release(struct textset *set)
{
	free(set->slot);
	memset(set, 0, sizeof(*set));
}
