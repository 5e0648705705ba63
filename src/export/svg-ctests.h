#ifndef SVG_CTESTS_H
#define SVG_CTESTS_H

#include <stddef.h>

struct buf;

/*
 * The cheap-test chart (svg-ctests.c): per idea (a role, most often),
 * one stacked bar of its tests: supported, inconclusive, refuted and
 * still planned, each segment labelled with its count in words and a
 * sign (✓ ? ✗ …), so nothing is told by colour alone.  At most
 * SVG_CTESTS_ROWS ideas are drawn; the caller says how many more there
 * are.
 */
#define SVG_CTESTS_ROWS 20

struct ctest_tally {
	const char *idea;           /* user text: escaped when drawn */
	int planned, supported, refuted, inconclusive;
	/* Confidence in fit, 0-100 % (-1 not said): before the idea's
	 * first test, and after its latest (before when none says); the
	 * idea's place among those with a confidence before (1 the most
	 * confident; 0 unranked). */
	int before, after, rank_before, rank_after;
};

void svg_ctests(struct buf *b, const struct ctest_tally *v, size_t n);

/*
 * The confidence chart: per idea with a confidence, a 0-100 % track with
 * a hollow circle at the confidence before its tests and a filled one at
 * after, joined, and beside it the figures and places in words ("50 % ->
 * 80 %, 2nd -> 1st"), in the order of v (the caller's: most confident
 * after first).  At most SVG_CTESTS_ROWS rows; nothing when none has a
 * confidence.
 */
void svg_ctests_conf(struct buf *b, const struct ctest_tally *v, size_t n);

#endif
