/*
 * svg-checkin.c: progress over the sprint from weekly check-ins, as
 * inline SVG (svg-checkin.h).  Only numbers and our own words are drawn
 * here; milestone names stay in the page's tables, so nothing a
 * participant typed passes through this file.
 */
#include "export/svg-checkin.h"

#include "core/buf.h"
#include "core/html.h"
#include "store/store.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CK_X0 44            /* the y axis */
#define CK_TOP 30           /* top of the plotting area */
#define CK_H 160            /* height of the plotting area */
#define CK_PLOT_W 560
#define CK_W (CK_X0 + CK_PLOT_W + 16)
#define CK_LEGEND 28
#define CK_MAX_BARS 53      /* a year of weeks; longer sprints are cut */

/* "none" dashes: a solid outline; the empty status is dashed. */
static const struct {
	const char *word, *fill, *stroke, *text, *dash;
} look[] = {
	{ "done", "#15803d", "#14532d", "#fff", "none" },
	{ "on track", "#1d4ed8", "#1e3a8a", "#fff", "none" },
	{ "behind", "#f59e0b", "#7c2d12", "#111", "none" },
	{ "no check-in", "#fff", "#6b7280", "#111", "3 2" },
};

/* The newest status of each milestone on or before `last` (0: none). */
static void status_at(const struct checkin_series *cs, int last, int *st)
{
	size_t i;

	for (i = 0; i < cs->nr_milestones; i++)
		st[i] = 0;
	for (i = 0; i < cs->n; i++)
		if (cs->v[i].day <= last && cs->v[i].milestone < cs->nr_milestones)
			st[cs->v[i].milestone] = cs->v[i].status;
}

static void counts_to(const struct checkin_series *cs, int last,
		      struct checkin_week *out)
{
	int *st = calloc(cs->nr_milestones ? cs->nr_milestones : 1,
			 sizeof(*st));
	size_t i;

	*out = (struct checkin_week){ 0 };
	if (!st)
		return;
	status_at(cs, last, st);
	for (i = 0; i < cs->nr_milestones; i++) {
		switch (st[i]) {
		case CHECKIN_DONE: out->done++; break;
		case CHECKIN_ON_TRACK: out->on_track++; break;
		case CHECKIN_BEHIND: out->behind++; break;
		default: out->none++; break;
		}
		if (cs->due[i] != CHECKIN_NO_DATE && cs->due[i] <= last)
			out->due++;
	}
	free(st);
}

void checkin_week_counts(const struct checkin_series *cs, int week,
			 struct checkin_week *out)
{
	counts_to(cs, cs->sp.start + 7 * (week + 1) - 1, out);
}

/* Check-ins after the sprint's end get one more bar, "after". */
static bool any_after(const struct checkin_series *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (cs->v[i].day > sprint_end(&cs->sp))
			return true;
	return false;
}

static int y_of(const struct checkin_series *cs, int count)
{
	return CK_TOP + CK_H - count * CK_H / (int)cs->nr_milestones;
}

static void segment(struct buf *b, const struct checkin_series *cs, int k,
		    int x, int w, int from, int count, bool words)
{
	int y0 = y_of(cs, from + count), h = y_of(cs, from) - y0;

	if (!count)
		return;
	html(b, "<rect class=\"ck-%d\" x=\"%d\" y=\"%d\" width=\"%d\" "
	     "height=\"%d\" fill=\"%s\" stroke=\"%s\" "
	     "stroke-dasharray=\"%s\"/>", k, x, y0, w, h, look[k].fill,
	     look[k].stroke, look[k].dash);
	if (h >= 14)
		html(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
		     "fill=\"%s\">%d%s%s</text>", x + w / 2, y0 + h / 2 + 5,
		     look[k].text, count, words ? " " : "",
		     words ? look[k].word : "");
}

static void bar(struct buf *b, const struct checkin_series *cs, int i,
		int nbars, const char *name, int first_day, int last)
{
	struct checkin_week c;
	int slot = CK_PLOT_W / nbars, w = slot * 3 / 5;
	int x = CK_X0 + i * slot + (slot - w) / 2;
	bool words = w >= 76;

	html_raw(b, "<g>");
	if (first_day > cs->today) {
		html(b, "<title>%s: not yet</title><rect class=\"ck-future\" "
		     "x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		     "fill=\"none\" stroke=\"#d1d5db\" "
		     "stroke-dasharray=\"2 4\"/>", name, x, CK_TOP, w, CK_H);
	} else {
		counts_to(cs, last, &c);
		html(b, "<title>%s: %d done, %d on track, %d behind, %d "
		     "without a check-in; %d due by then</title>", name,
		     c.done, c.on_track, c.behind, c.none, c.due);
		segment(b, cs, 0, x, w, 0, c.done, words);
		segment(b, cs, 1, x, w, c.done, c.on_track, words);
		segment(b, cs, 2, x, w, c.done + c.on_track, c.behind, words);
		segment(b, cs, 3, x, w, c.done + c.on_track + c.behind,
			c.none, words);
		/* Due by the end of the week: a dashed mark across the slot. */
		html(b, "<line class=\"ck-due\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		     "y2=\"%d\" stroke=\"#111\" stroke-width=\"2\" "
		     "stroke-dasharray=\"6 3\"/>", CK_X0 + i * slot + 2,
		     y_of(cs, c.due), CK_X0 + (i + 1) * slot - 2,
		     y_of(cs, c.due));
	}
	html(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
	     "fill=\"#111\">%s</text></g>", x + w / 2, CK_TOP + CK_H + 18,
	     name);
}

static void legend(struct buf *b, int y)
{
	int k, x = CK_X0;

	for (k = 0; k < 4; k++) {
		html(b, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" "
		     "fill=\"%s\" stroke=\"%s\" stroke-dasharray=\"%s\"/>"
		     "<text x=\"%d\" y=\"%d\" fill=\"#111\">%s</text>", x,
		     y - 11, look[k].fill, look[k].stroke, look[k].dash, x + 20,
		     y, look[k].word);
		x += 20 + 9 * (int)strlen(look[k].word) + 18;
	}
	html(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#111\" "
	     "stroke-width=\"2\" stroke-dasharray=\"6 3\"/><text x=\"%d\" "
	     "y=\"%d\" fill=\"#111\">due by then</text>", x, y - 4, x + 24,
	     y - 4, x + 30, y);
}

void svg_checkin_progress(struct buf *b, const struct checkin_series *cs)
{
	int weeks = cs->sp.weeks > 0 ? cs->sp.weeks : 1, nbars, i, h;
	bool after = any_after(cs);
	struct checkin_week now;
	char name[32];

	if (weeks > CK_MAX_BARS - 1)
		weeks = CK_MAX_BARS - 1;
	nbars = weeks + after;
	h = CK_TOP + CK_H + 30 + CK_LEGEND;
	if (!cs->nr_milestones) {
		html_raw(b, "<p class=\"meta\">No milestones to chart yet.</p>");
		return;
	}
	counts_to(cs, cs->today, &now);
	html(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart "
	     "checkins\" role=\"img\" width=\"%d\" height=\"%d\" "
	     "viewBox=\"0 0 %d %d\" aria-label=\"Progress over the sprint, "
	     "week by week. Now: %d done, %d on track, %d behind, %d without "
	     "a check-in, of %d milestones; %d due by today.\">"
	     "<title>Progress over the sprint</title>", CK_W, h, CK_W, h,
	     now.done, now.on_track, now.behind, now.none,
	     (int)cs->nr_milestones, now.due);
	/* The y axis: milestones, 0 to all of them. */
	html(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#111\"/>"
	     "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#111\"/>"
	     "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#111\">0"
	     "</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
	     "fill=\"#111\">%d</text><text x=\"%d\" y=\"16\" fill=\"#111\">"
	     "Milestones</text>", CK_X0 - 4, CK_TOP, CK_X0 - 4, CK_TOP + CK_H,
	     CK_X0 - 4, CK_TOP + CK_H, CK_X0 + CK_PLOT_W, CK_TOP + CK_H,
	     CK_X0 - 8, CK_TOP + CK_H + 4, CK_X0 - 8, CK_TOP + 4,
	     (int)cs->nr_milestones, 4);
	for (i = 0; i < weeks; i++) {
		int first = cs->sp.start + 7 * i;

		snprintf(name, sizeof(name), "%s%d",
			 nbars <= 6 ? "Week " : "W", i + 1);
		bar(b, cs, i, nbars, name, first, first + 6);
	}
	if (after)
		bar(b, cs, weeks, nbars, "After", sprint_end(&cs->sp) + 1,
		    INT_MAX / 2);
	legend(b, h - 8);
	html_raw(b, "</svg>");
}
