/*
 * diff.c: line diff by longest common subsequence (see diff.h).
 */
#include "model/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Split a text into lines; *out is NULL when there are none. */
static int split(const char *s, size_t len, struct span **out, size_t *n)
{
	size_t i, count = 0, start = 0;
	struct span *v;

	*out = NULL;
	*n = 0;
	for (i = 0; i < len; i++)
		count += s[i] == '\n';
	if (len && s[len - 1] != '\n')
		count++;
	if (!count)
		return 0;
	v = malloc(count * sizeof(*v));
	if (!v)
		return -1;
	for (i = 0; i <= len && *n < count; i++)
		if (i == len || s[i] == '\n') {
			v[*n].s = s + start;
			v[(*n)++].n = i - start;
			start = i + 1;
		}
	*out = v;
	return 0;
}

static int same(struct span x, struct span y)
{
	return x.n == y.n && !memcmp(x.s, y.s, x.n);
}

/* Append `n` lines from `first` to the runs, joining the previous run when
 * it has the same op. */
static int add_run(struct diff *d, enum diff_op op, size_t first, size_t n)
{
	struct diff_run *r;

	if (!n)
		return 0;
	if (d->nr_runs && d->runs[d->nr_runs - 1].op == op &&
	    d->runs[d->nr_runs - 1].first + d->runs[d->nr_runs - 1].n == first) {
		d->runs[d->nr_runs - 1].n += n;
		return 0;
	}
	if (d->nr_runs == d->alloc) {
		size_t want = d->alloc ? d->alloc * 2 : 8;

		r = realloc(d->runs, want * sizeof(*r));
		if (!r)
			return -1;
		d->runs = r;
		d->alloc = want;
	}
	d->runs[d->nr_runs++] = (struct diff_run){ op, first, n };
	return 0;
}

/*
 * The middle part, a[a0..a1) against b[b0..b1): fill the table of LCS
 * lengths of every pair of suffixes, then walk it from the start, taking
 * equal lines where they lie on a longest path and removals before
 * additions otherwise.
 */
static int lcs(struct diff *d, size_t a0, size_t a1, size_t b0, size_t b1)
{
	size_t n = a1 - a0, m = b1 - b0, i, j, w = m + 1;
	uint16_t *t;
	int rc = 0;

	t = calloc((n + 1) * w, sizeof(*t));
	if (!t)
		return -1;
	for (i = n; i-- > 0;)
		for (j = m; j-- > 0;)
			t[i * w + j] = same(d->a[a0 + i], d->b[b0 + j]) ?
				t[(i + 1) * w + j + 1] + 1 :
				t[(i + 1) * w + j] > t[i * w + j + 1] ?
				t[(i + 1) * w + j] : t[i * w + j + 1];
	i = j = 0;
	while (!rc && (i < n || j < m)) {
		if (i < n && j < m && same(d->a[a0 + i], d->b[b0 + j])) {
			rc = add_run(d, DIFF_EQUAL, a0 + i, 1);
			i++, j++;
		} else if (i < n && (j == m ||
			   t[(i + 1) * w + j] >= t[i * w + j + 1])) {
			rc = add_run(d, DIFF_REMOVED, a0 + i, 1);
			i++;
		} else {
			rc = add_run(d, DIFF_ADDED, b0 + j, 1);
			j++;
		}
	}
	free(t);
	return rc;
}

int diff_lines(const char *a, size_t alen, const char *b, size_t blen,
	       struct diff *d)
{
	size_t pre = 0, suf = 0;
	int rc;

	memset(d, 0, sizeof(*d));
	if (split(a, alen, &d->a, &d->na) || split(b, blen, &d->b, &d->nb))
		goto fail;
	while (pre < d->na && pre < d->nb && same(d->a[pre], d->b[pre]))
		pre++;
	while (suf < d->na - pre && suf < d->nb - pre &&
	       same(d->a[d->na - 1 - suf], d->b[d->nb - 1 - suf]))
		suf++;
	rc = add_run(d, DIFF_EQUAL, 0, pre);
	if (!rc && (d->na - pre - suf > DIFF_MAX_LINES ||
		    d->nb - pre - suf > DIFF_MAX_LINES)) {
		d->fallback = 1;
		rc = add_run(d, DIFF_REMOVED, pre, d->na - pre - suf);
		if (!rc)
			rc = add_run(d, DIFF_ADDED, pre, d->nb - pre - suf);
	} else if (!rc) {
		rc = lcs(d, pre, d->na - suf, pre, d->nb - suf);
	}
	if (!rc)
		rc = add_run(d, DIFF_EQUAL, d->na - suf, suf);
	if (!rc)
		return 0;
fail:
	diff_release(d);
	return -1;
}

void diff_release(struct diff *d)
{
	free(d->a);
	free(d->b);
	free(d->runs);
	memset(d, 0, sizeof(*d));
}
