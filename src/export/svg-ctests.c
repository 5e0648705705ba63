/*
 * svg-ctests.c: the cheap-test chart (svg-ctests.h) as inline SVG, in
 * the manner of svg.c: the ideas' names through html.h's escaping writer
 * (cut to a width, whole characters), numbers our own, and each segment's
 * count written beside its colour.
 */
#include "export/svg-ctests.h"

#include "core/buf.h"
#include "core/html.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define CT_LABEL 190        /* the ideas' names */
#define CT_UNIT 36          /* one test's width */
#define CT_ROW 26
#define CT_TOP 8
#define CT_NAME_CHARS 26

/* At most max characters of s, escaped, with an ellipsis when cut. */
static void name_cut(struct buf *b, const char *s, size_t max)
{
	size_t i, n = strlen(s), chars = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			break;
	html_txtn(b, s, i);
	if (i < n)
		html_raw(b, "…");
}

static const struct seg {
	const char *cls, *fill, *sign, *word;
	size_t at;          /* offset of the count in struct ctest_tally */
} segs[] = {
	{ "supported", "#15803d", "✓", "supported",
	  offsetof(struct ctest_tally, supported) },
	{ "inconclusive", "#9ca3af", "?", "inconclusive",
	  offsetof(struct ctest_tally, inconclusive) },
	{ "refuted", "#b91c1c", "✗", "refuted",
	  offsetof(struct ctest_tally, refuted) },
	{ "planned", "#ffffff", "…", "planned",
	  offsetof(struct ctest_tally, planned) },
};

static int seg_count(const struct ctest_tally *t, const struct seg *s)
{
	return *(const int *)((const char *)t + s->at);
}

/* The row's words: "2 supported, 1 refuted". */
static void row_words(struct buf *b, const struct ctest_tally *t)
{
	bool any = false;

	for (size_t k = 0; k < sizeof(segs) / sizeof(*segs); k++) {
		int c = seg_count(t, &segs[k]);

		if (!c)
			continue;
		html(b, "%s%d %s", any ? ", " : "", c, segs[k].word);
		any = true;
	}
	if (!any)
		html_raw(b, "no tests");
}

static void row(struct buf *b, const struct ctest_tally *t, int y)
{
	int x = CT_LABEL;

	html(b, "<g class=\"idea\"><text x=\"0\" y=\"%d\" fill=\"#111\">",
	     y + 16);
	name_cut(b, t->idea, CT_NAME_CHARS);
	html_raw(b, "</text>");
	for (size_t k = 0; k < sizeof(segs) / sizeof(*segs); k++) {
		int c = seg_count(t, &segs[k]);

		if (!c)
			continue;
		html(b, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
		     "height=\"20\" fill=\"%s\" stroke=\"#374151\"/>"
		     "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s %d</text>",
		     segs[k].cls, x, y + 2, c * CT_UNIT, segs[k].fill, x + 5,
		     y + 16, k == 1 || k == 3 ? "#111" : "#fff", segs[k].sign,
		     c);
		x += c * CT_UNIT;
	}
	html_raw(b, "<text class=\"words\" x=\"");
	html(b, "%d\" y=\"%d\" fill=\"#374151\">", x + 8, y + 16);
	row_words(b, t);
	html_raw(b, "</text></g>");
}

void svg_ctests(struct buf *b, const struct ctest_tally *v, size_t n)
{
	struct buf label = BUF_INIT;
	int most = 1, w, h;
	size_t i, rows = n < SVG_CTESTS_ROWS ? n : SVG_CTESTS_ROWS;

	for (i = 0; i < rows; i++) {
		int sum = v[i].planned + v[i].supported + v[i].refuted +
			  v[i].inconclusive;

		if (sum > most)
			most = sum;
	}
	/* A long row is drawn to the widest's width at most: 100 tests
	 * (the cap) on one idea make a wide chart, which scrolls. */
	w = CT_LABEL + most * CT_UNIT + 230;
	h = CT_TOP + (int)rows * CT_ROW + 4;
	buf_adds(&label, "Cheap tests by idea:");
	for (i = 0; i < rows; i++) {
		buf_addf(&label, "%s %s: ", i ? ";" : "", v[i].idea);
		row_words(&label, &v[i]);
	}
	html(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart "
	     "ctests\" role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 "
	     "%d %d\" aria-label=\"%s\"><title>Cheap tests by idea</title>",
	     w, h, w, h, label.data);
	for (i = 0; i < rows; i++)
		row(b, &v[i], CT_TOP + (int)i * CT_ROW);
	html_raw(b, "</svg>");
	buf_release(&label);
}

#define CF_TRACK 200        /* the 0-100 % track's width */

static bool rated(const struct ctest_tally *t)
{
	return t->before >= 0 || t->after >= 0;
}

/* "50 % → 80 %, 2nd → 1st" */
static void conf_words(struct buf *b, const struct ctest_tally *t)
{
	if (t->before >= 0)
		html(b, "%d %%", t->before);
	else
		html_raw(b, "not said");
	if (t->after >= 0 && t->after != t->before)
		html(b, " → %d %%", t->after);
	else
		html_raw(b, " (unchanged)");
	if (t->rank_before && t->rank_after)
		html(b, ", place %d → %d", t->rank_before, t->rank_after);
}

static int conf_x(int v)
{
	return CT_LABEL + v * CF_TRACK / 100;
}

static void conf_row(struct buf *b, const struct ctest_tally *t, int y)
{
	int x0 = t->before >= 0 ? conf_x(t->before) : -1;
	int x1 = t->after >= 0 ? conf_x(t->after) : -1;

	html(b, "<g class=\"idea\"><text x=\"0\" y=\"%d\" fill=\"#111\">",
	     y + 16);
	name_cut(b, t->idea, CT_NAME_CHARS);
	html(b, "</text><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	     "stroke=\"#9ca3af\"/>", CT_LABEL, y + 11, CT_LABEL + CF_TRACK,
	     y + 11);
	if (x0 >= 0 && x1 >= 0 && x0 != x1)
		html(b, "<line class=\"move\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		     "y2=\"%d\" stroke=\"#1d4ed8\" stroke-width=\"3\"/>", x0,
		     y + 11, x1, y + 11);
	if (x0 >= 0)
		html(b, "<circle class=\"before\" cx=\"%d\" cy=\"%d\" r=\"6\" "
		     "fill=\"#fff\" stroke=\"#1d4ed8\" stroke-width=\"2\"/>",
		     x0, y + 11);
	if (x1 >= 0)
		html(b, "<circle class=\"after\" cx=\"%d\" cy=\"%d\" r=\"6\" "
		     "fill=\"#1d4ed8\"/>", x1, y + 11);
	html(b, "<text class=\"words\" x=\"%d\" y=\"%d\" fill=\"#374151\">",
	     CT_LABEL + CF_TRACK + 14, y + 16);
	conf_words(b, t);
	html_raw(b, "</text></g>");
}

void svg_ctests_conf(struct buf *b, const struct ctest_tally *v, size_t n)
{
	struct buf label = BUF_INIT;
	size_t i, rows = 0;
	int w = CT_LABEL + CF_TRACK + 230, h, y = CT_TOP + 18;

	for (i = 0; i < n && rows < SVG_CTESTS_ROWS; i++)
		rows += rated(&v[i]);
	if (!rows)
		return;
	h = y + (int)rows * CT_ROW + 4;
	buf_adds(&label, "Confidence in fit, before and after the tests "
		 "(0 to 100 %):");
	for (i = 0, rows = 0; i < n && rows < SVG_CTESTS_ROWS; i++) {
		if (!rated(&v[i]))
			continue;
		buf_addf(&label, "%s %s: ", rows++ ? ";" : "", v[i].idea);
		conf_words(&label, &v[i]);
	}
	html(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart "
	     "ctests-conf\" role=\"img\" width=\"%d\" height=\"%d\" "
	     "viewBox=\"0 0 %d %d\" aria-label=\"%s\"><title>Confidence in "
	     "fit, before (hollow) and after (filled) the tests</title>"
	     "<text x=\"%d\" y=\"14\" fill=\"#374151\">0 %%</text>"
	     "<text x=\"%d\" y=\"14\" fill=\"#374151\" text-anchor=\"end\">"
	     "100 %%</text>", w, h, w, h, label.data, CT_LABEL,
	     CT_LABEL + CF_TRACK);
	for (i = 0, rows = 0; i < n && rows < SVG_CTESTS_ROWS; i++)
		if (rated(&v[i]))
			conf_row(b, &v[i], y + (int)rows++ * CT_ROW);
	html_raw(b, "</svg>");
	buf_release(&label);
}
