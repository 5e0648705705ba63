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
};

void svg_ctests(struct buf *b, const struct ctest_tally *v, size_t n);

#endif
