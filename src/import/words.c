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
