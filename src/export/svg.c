/*
 * svg.c: the plan charts (timeline, heat map, completeness bar) as inline
 * SVG.  Every piece of a participant's text goes through html.h's
 * escaping writer; numbers are our own.  Colour only repeats what words
 * and shapes already say: late marks are diamonds labelled "Late:", heat
 * map cells carry their rating as text, the budget bar states the hours.
 */
#include "export/svg.h"

#include "core/buf.h"
#include "core/html.h"

#include <stdio.h>
#include <string.h>

/* Write at most `max` characters (UTF-8 code points) of a span, escaped,
 * with an ellipsis when cut. */
static void text_cut(struct buf *b, struct span s, size_t max)
{
	size_t i, chars = 0;

	for (i = 0; i < s.n; i++)
		if (((unsigned char)s.s[i] & 0xC0) != 0x80 && chars++ == max)
			break;
	html_txtn(b, s.s, i);
	if (i < s.n)
		html_raw(b, "…");
}

static struct span span_of(const char *s)
{
	return (struct span){ s ? s : "", s ? strlen(s) : 0 };
}

/* Hours as "6" or "2.5". */
static void fmt_hours(char *out, size_t size, double h)
{
	snprintf(out, size, "%.1f", h);
	if (strlen(out) > 2 && !strcmp(out + strlen(out) - 2, ".0"))
		out[strlen(out) - 2] = '\0';
}

static void svg_open(struct buf *b, const char *cls, int w, int h,
		     const char *label, const char *title)
{
	html(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart %s\" "
	     "role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	     "aria-label=\"%s\"><title>%s</title>", cls, w, h, w, h, label,
	     title);
}

static int col_of(const struct prompt *p, enum column_type t)
{
	size_t i;

	for (i = 0; i < p->nr_columns; i++)
		if (p->columns[i].type == t)
			return (int)i;
	return -1;
}

/* ---- timeline ---- */

#define TL_X0 40            /* the sprint's first day */
#define TL_X1 500           /* its last day */
#define TL_LATE 120         /* the zone past the end */
#define TL_W (TL_X1 + TL_LATE + 12)
#define TL_AXIS 34
#define TL_TOP 76           /* the first milestone row */
#define TL_ROW 24
#define TL_MAX_ROWS 40
#define TL_LATE_DAYS 28     /* lateness that reaches the zone's end */

struct mark {
	struct span name;
	int day;
	bool dated;
	double hours;
};

/* Where a day falls: within the sprint in proportion (a milestone is due
 * by the end of its day), before it at the left edge, after it in the
 * late zone by how late. */
static int day_x(const struct sprint *sp, int day)
{
	int days = 7 * sp->weeks, late = day - sprint_end(sp);

	if (day < sp->start)
		return TL_X0 - 22;
	if (late > 0) {
		if (late > TL_LATE_DAYS)
			late = TL_LATE_DAYS;
		return TL_X1 + 14 + late * (TL_LATE - 28) / TL_LATE_DAYS;
	}
	return TL_X0 + (day - sp->start + 1) * (TL_X1 - TL_X0) / days;
}

static void date_str(char *out, size_t size, int day)
{
	struct buf t = BUF_INIT;

	answer_put_date(&t, day);
	snprintf(out, size, "%s", t.data);
	buf_release(&t);
}

static void timeline_axis(struct buf *b, const struct sprint *sp, int bottom,
			  bool early)
{
	char d0[16], d1[16];
	int w, x, step = sp->weeks > 8 ? (sp->weeks + 7) / 8 : 1;

	html(b, "<rect class=\"late-zone\" x=\"%d\" y=\"8\" width=\"%d\" "
	     "height=\"%d\" fill=\"#fef3c7\" stroke=\"#b45309\" "
	     "stroke-dasharray=\"4 3\"/>"
	     "<text x=\"%d\" y=\"22\" text-anchor=\"middle\" "
	     "fill=\"#7c2d12\">late</text>", TL_X1 + 6, TL_LATE, bottom - 8,
	     TL_X1 + 6 + TL_LATE / 2);
	if (early)
		html(b, "<text x=\"%d\" y=\"22\" text-anchor=\"middle\" "
		     "fill=\"#7c2d12\">early</text>", TL_X0 - 22);
	html(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	     "stroke=\"#111\" stroke-width=\"2\"/>", TL_X0, TL_AXIS, TL_X1,
	     TL_AXIS);
	for (w = 0; w <= sp->weeks; w++) {
		x = TL_X0 + w * (TL_X1 - TL_X0) / sp->weeks;
		html(b, "<line class=\"tick\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		     "y2=\"%d\" stroke=\"#111\"/>", x, TL_AXIS - 6, x,
		     TL_AXIS + 6);
		if (w < sp->weeks && w % step == 0)
			html(b, "<text x=\"%d\" y=\"22\" text-anchor=\"middle\""
			     " fill=\"#111\">%s%d</text>",
			     x + (TL_X1 - TL_X0) / sp->weeks / 2,
			     sp->weeks <= 6 ? "Week " : "W", w + 1);
	}
	date_str(d0, sizeof(d0), sp->start);
	date_str(d1, sizeof(d1), sprint_end(sp));
	html(b, "<text x=\"%d\" y=\"54\" fill=\"#111\">%s</text>"
	     "<text x=\"%d\" y=\"54\" text-anchor=\"end\" fill=\"#111\">%s"
	     "</text>", TL_X0, d0, TL_X1, d1);
}

/*
 * How wide a label is drawn, in tenths of a pixel, estimated per
 * character for the charts' 13 px text in the fonts browsers fall back
 * on (DejaVu Sans, the widest of them, measured): narrow punctuation,
 * lower case, capitals and digits, other scripts, and East Asian wide
 * characters and emoji, which take a whole em.  Bold adds a fifth.
 * Generous on purpose: a label cut a little early beats one that runs
 * out of the chart.
 */
#define TL_PAD 4            /* kept clear at the chart's edges */

static unsigned char_w(unsigned cp)
{
	if (cp < 0x80) {
		if (strchr(" .,:;'!|()[]ijlrtf", (int)cp))
			return 45;
		if ((cp >= 'A' && cp <= 'Z') || cp == 'm' || cp == 'w')
			return 100;
		if (cp >= '0' && cp <= '9')
			return 85;
		return 75;
	}
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x1F000)
		return 135;
	return 90;
}

/* The next code point of s (valid UTF-8, answer normal form) and its
 * length in bytes. */
static unsigned next_cp(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp = u[0];
	size_t k = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 1;

	if (k > n)
		k = 1;
	if (k > 1) {
		cp &= 0x3F >> (k - 1);
		for (size_t i = 1; i < k; i++)
			cp = cp << 6 | (u[i] & 0x3F);
	}
	*len = k;
	return cp;
}

static unsigned text_w(struct span s, bool bold)
{
	unsigned w = 0;
	size_t i, k;

	for (i = 0; i < s.n; i += k)
		w += char_w(next_cp(s.s + i, s.n - i, &k));
	return bold ? w + w / 5 : w;
}

/* Write as much of s as fits in `room` tenths of a pixel, escaped, with
 * an ellipsis when it is cut (the ellipsis fits in the room too). */
static void text_fit(struct buf *b, struct span s, unsigned room, bool bold)
{
	unsigned w = 0, ell = bold ? 120 : 100;
	size_t i, k;

	if (text_w(s, bold) <= room) {
		html_txtn(b, s.s, s.n);
		return;
	}
	for (i = 0; i < s.n; i += k) {
		unsigned c = char_w(next_cp(s.s + i, s.n - i, &k));

		if (bold)
			c += c / 5;
		if (w + c + ell > room)
			break;
		w += c;
	}
	html_txtn(b, s.s, i);
	html_raw(b, "…");
}

/*
 * A milestone's label goes right of its mark when it fits there, else
 * left of it, else on the roomier side with the name cut to fit: a
 * label never runs out of the chart, whatever the name's length.
 */
static void timeline_mark(struct buf *b, const struct sprint *sp,
			  const struct mark *m, int y)
{
	int x = day_x(sp, m->day);
	bool late = m->day > sprint_end(sp), early = m->day < sp->start;
	bool warn = late || early, right;
	const char *prefix = late ? "Late: " : early ? "Early: " : "";
	char date[16], h[32], tail[64];
	int room_r = 10 * (TL_W - TL_PAD - (x + 12));
	int room_l = 10 * (x - 12 - TL_PAD);
	unsigned fixed, want, room;

	date_str(date, sizeof(date), m->day);
	if (m->hours > 0) {
		fmt_hours(h, sizeof(h), m->hours);
		snprintf(tail, sizeof(tail), " · %s · %s h", date, h);
	} else
		snprintf(tail, sizeof(tail), " · %s", date);
	fixed = text_w(span_of(prefix), warn) + text_w(span_of(tail), warn);
	want = fixed + text_w(m->name, warn);
	right = want <= (unsigned)room_r ||
		(want > (unsigned)room_l && room_r >= room_l);
	room = (unsigned)(right ? room_r : room_l);
	html_raw(b, "<g>");
	html(b, "<title>%s</title>", late ? "Late" : early ?
	     "Before the sprint" : "On time");
	html(b, "<line class=\"guide\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	     "stroke=\"#6b7280\" stroke-dasharray=\"2 3\"/>", x, TL_AXIS, x, y);
	if (warn)
		html(b, "<path class=\"ms %s\" d=\"M%d %dl7 7-7 7-7-7z\" "
		     "fill=\"#b45309\" stroke=\"#7c2d12\"/>",
		     late ? "late" : "early", x, y - 7);
	else
		html(b, "<circle class=\"ms\" cx=\"%d\" cy=\"%d\" r=\"5\" "
		     "fill=\"#1d4ed8\"/>", x, y);
	html(b, "<text class=\"ms-label%s\" x=\"%d\" y=\"%d\" "
	     "text-anchor=\"%s\" fill=\"#111\" font-weight=\"%d\">%s",
	     warn ? " warn" : "", right ? x + 12 : x - 12, y + 4,
	     right ? "start" : "end", warn ? 700 : 400, prefix);
	/* The name gets what the prefix, date and hours leave. */
	text_fit(b, m->name, room > fixed ? room - fixed : 0, warn);
	html(b, "%s</text></g>", tail);
}

/* The hours bar: planned against budgeted, the excess past the mark. */
static void timeline_budget(struct buf *b, const struct sprint *sp,
			    double total, int y)
{
	double budget = sp->weeks * sp->hours_week;
	double most = total > budget ? total : budget;
	int w = TL_X1 + TL_LATE - TL_X0, bw, uw;
	char t[32], bu[32], hw[32], d[32];

	fmt_hours(t, sizeof(t), total);
	fmt_hours(bu, sizeof(bu), budget);
	fmt_hours(hw, sizeof(hw), sp->hours_week);
	fmt_hours(d, sizeof(d), total > budget ? total - budget :
		  budget - total);
	html(b, "<text class=\"budget-text\" x=\"%d\" y=\"%d\" fill=\"#111\">"
	     "Hours: %s planned of %s budgeted (%d weeks × %s h)", TL_X0, y,
	     t, bu, sp->weeks, hw);
	if (total > budget)
		html(b, " — <tspan class=\"over\" font-weight=\"700\" "
		     "fill=\"#7c2d12\">%s h over budget</tspan>", d);
	else
		html(b, " — %s h to spare", d);
	html_raw(b, "</text>");
	if (most <= 0)
		most = 1;
	bw = (int)(budget * w / most);
	uw = (int)((total < budget ? total : budget) * w / most);
	html(b, "<rect class=\"budget\" x=\"%d\" y=\"%d\" width=\"%d\" "
	     "height=\"16\" fill=\"#e5e7eb\" stroke=\"#374151\"/>"
	     "<rect class=\"used\" x=\"%d\" y=\"%d\" width=\"%d\" "
	     "height=\"16\" fill=\"#1d4ed8\"/>", TL_X0, y + 8, bw, TL_X0,
	     y + 8, uw);
	if (total > budget)
		html(b, "<rect class=\"over\" x=\"%d\" y=\"%d\" width=\"%d\" "
		     "height=\"16\" fill=\"#b45309\" stroke=\"#7c2d12\" "
		     "stroke-dasharray=\"3 2\"/>"
		     "<line class=\"budget-mark\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		     "y2=\"%d\" stroke=\"#111\" stroke-width=\"2\"/>",
		     TL_X0 + bw, y + 8, w - bw, TL_X0 + bw, y + 4,
		     TL_X0 + bw, y + 28);
}

void svg_timeline(struct buf *b, const struct prompt *p, const char *answer,
		  const struct sprint *sp)
{
	int cd = col_of(p, COL_DATE), ch = col_of(p, COL_HOURS);
	int cn = col_of(p, COL_TEXT);
	struct mark m[TL_MAX_ROWS];
	size_t n = 0, undated = 0, more = 0, late = 0, early = 0, i;
	const char *cur = answer;
	struct span row;
	double total = 0, h;
	struct buf label = BUF_INIT;
	char d0[16], d1[16], t[32], bu[32];
	struct sprint one;
	int y, height;

	if (sp->weeks < 1) {    /* answer_sprint never gives this */
		one = *sp;
		one.weeks = 1;
		sp = &one;
	}
	if (cn < 0)
		cn = 0;
	while (answer_next(&cur, &row)) {
		struct mark x = { .name = answer_cell(row, (size_t)cn) };

		if (ch >= 0 && answer_hours(answer_cell(row, (size_t)ch), &h))
			x.hours = h;
		total += x.hours;
		x.dated = cd >= 0 &&
			  answer_date(answer_cell(row, (size_t)cd), &x.day);
		if (!x.dated) {
			undated++;
			continue;
		}
		late += x.day > sprint_end(sp);
		early += x.day < sp->start;
		if (n < TL_MAX_ROWS)
			m[n++] = x;
		else
			more++;
	}

	date_str(d0, sizeof(d0), sp->start);
	date_str(d1, sizeof(d1), sprint_end(sp));
	fmt_hours(t, sizeof(t), total);
	fmt_hours(bu, sizeof(bu), sp->weeks * sp->hours_week);
	buf_addf(&label, "Timeline: %zu milestones with a date, on a sprint "
		 "from %s to %s (%d weeks); %zu late, %zu before the start",
		 n + more, d0, d1, sp->weeks, late, early);
	if (undated)
		buf_addf(&label, ", %zu without a date", undated);
	buf_addf(&label, ". Hours: %s planned of %s budgeted%s.", t, bu,
		 total > sp->weeks * sp->hours_week ? ", over budget" : "");

	y = TL_TOP + (int)n * TL_ROW + (undated || more ? TL_ROW : 0);
	height = y + 40;
	svg_open(b, "timeline", TL_W, height, label.data, "Milestones on the "
		 "sprint's time line");
	timeline_axis(b, sp, y - 4, early > 0);
	for (i = 0; i < n; i++)
		timeline_mark(b, sp, &m[i], TL_TOP + (int)i * TL_ROW);
	if (undated || more) {
		html(b, "<text x=\"%d\" y=\"%d\" fill=\"#111\">", TL_X0,
		     TL_TOP + (int)n * TL_ROW);
		if (more)
			html(b, "%d more not shown. ", (int)more);
		if (undated)
			html(b, "%d without a date.", (int)undated);
		html_raw(b, "</text>");
	}
	timeline_budget(b, sp, total, y + 10);
	html_raw(b, "</svg>");
	buf_release(&label);
}

/* ---- heat map ---- */

/* Wide enough for a goal of the guide's length and "How well it serves
 * it" whole; labels longer than HM_LABEL_CHARS are cut (the row's title
 * has them in full). */
#define HM_LABEL_W 420
#define HM_LABEL_CHARS 56
#define HM_CELL_W 160
#define HM_HEAD_CHARS 22
#define HM_ROW 32
#define HM_HEAD 40
#define HM_MAX_ROWS 40
#define HM_MAX_COLS 6

/* Light fills, so the dark label in each cell stays readable. */
static const char *const hm_fill[4] = {
	"#fecaca", "#fed7aa", "#bfdbfe", "#bbf7d0",
};

static void hm_cell(struct buf *b, int x, int y, int v)
{
	html(b, "<rect class=\"cell s%d\" x=\"%d\" y=\"%d\" width=\"%d\" "
	     "height=\"%d\" fill=\"%s\" stroke=\"%s\" "
	     "stroke-dasharray=\"%s\"/>", v < 0 ? 9 : v, x, y, HM_CELL_W - 4,
	     HM_ROW - 4, v < 0 ? "#ffffff" : hm_fill[v],
	     v < 0 ? "#6b7280" : "#374151", v < 0 ? "3 3" : "none");
	html(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
	     "fill=\"#111\">%s</text>", x + (HM_CELL_W - 4) / 2,
	     y + HM_ROW / 2 + 2, v < 0 ? "not rated" : answer_scale_names[v]);
}

void svg_heatmap(struct buf *b, const struct prompt *p, const char *answer)
{
	int cols[HM_MAX_COLS], nc = 0, count[5] = { 0 }, v, w, h, c;
	size_t i, nr = 0, more = 0;
	const char *cur = answer;
	struct span row;
	struct buf label = BUF_INIT;

	for (i = 0; i < p->nr_columns && nc < HM_MAX_COLS; i++)
		if (p->columns[i].type == COL_SCALE && i > 0)
			cols[nc++] = (int)i;
	cur = answer;
	while (answer_next(&cur, &row)) {
		if (nr == HM_MAX_ROWS) {
			more++;
			continue;
		}
		nr++;
		for (c = 0; c < nc; c++) {
			v = answer_scale(answer_cell(row, (size_t)cols[c]));
			count[v < 0 ? 4 : v]++;
		}
	}
	buf_addf(&label, "Heat map: %zu rows rated on %d %s: %d well, "
		 "%d partly, %d poorly, %d not at all, %d not rated.",
		 nr + more, nc, nc == 1 ? "column" : "columns", count[3],
		 count[2], count[1], count[0], count[4]);
	w = HM_LABEL_W + nc * HM_CELL_W + 8;
	if (w < 4 * 110 + 8)
		w = 4 * 110 + 8;
	h = HM_HEAD + (int)nr * HM_ROW + (more ? HM_ROW : 0) + 36;
	svg_open(b, "heatmap", w, h, label.data, p->label ? p->label :
		 "How well each row is served");

	html(b, "<text x=\"4\" y=\"%d\" font-weight=\"700\" fill=\"#111\">",
	     HM_HEAD - 12);
	text_cut(b, span_of(p->nr_columns ? p->columns[0].label : ""),
		 HM_LABEL_CHARS);
	html_raw(b, "</text>");
	for (c = 0; c < nc; c++) {
		html(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
		     "font-weight=\"700\" fill=\"#111\">",
		     HM_LABEL_W + c * HM_CELL_W + HM_CELL_W / 2 - 2,
		     HM_HEAD - 12);
		text_cut(b, span_of(p->columns[cols[c]].label), HM_HEAD_CHARS);
		html_raw(b, "</text>");
	}
	cur = answer;
	for (i = 0; i < nr && answer_next(&cur, &row); i++) {
		int y = HM_HEAD + (int)i * HM_ROW;

		html_raw(b, "<g class=\"hm-row\"><title>");
		html_txtn(b, answer_cell(row, 0).s, answer_cell(row, 0).n);
		html(b, "</title><text x=\"4\" y=\"%d\" fill=\"#111\">",
		     y + HM_ROW / 2 + 2);
		text_cut(b, answer_cell(row, 0), HM_LABEL_CHARS);
		html_raw(b, "</text>");
		for (c = 0; c < nc; c++)
			hm_cell(b, HM_LABEL_W + c * HM_CELL_W, y,
				answer_scale(answer_cell(row,
							 (size_t)cols[c])));
		html_raw(b, "</g>");
	}
	h = HM_HEAD + (int)nr * HM_ROW;
	if (more) {
		html(b, "<text x=\"4\" y=\"%d\" fill=\"#111\">%d more rows not "
		     "shown.</text>", h + 18, (int)more);
		h += HM_ROW;
	}
	/* The legend: the same four words the cells carry. */
	for (v = 0; v < 4; v++)
		html(b, "<rect class=\"key\" x=\"%d\" y=\"%d\" width=\"14\" "
		     "height=\"14\" fill=\"%s\" stroke=\"#374151\"/>"
		     "<text x=\"%d\" y=\"%d\" fill=\"#111\">%d %s</text>",
		     4 + v * 110, h + 12, hm_fill[v], 22 + v * 110, h + 24, v,
		     answer_scale_names[v]);
	html_raw(b, "</svg>");
	buf_release(&label);
}

/* ---- completeness ---- */

void svg_completeness(struct buf *b, const char *label, int done, int total)
{
	struct buf al = BUF_INIT;
	int w = 240, fill, pct;

	if (total < 0)
		total = 0;
	if (done < 0)
		done = 0;
	if (done > total)
		done = total;
	pct = total ? done * 100 / total : 0;
	fill = total ? done * w / total : 0;
	buf_addf(&al, "%s: %d of %d (%d%%)", label ? label : "Done", done,
		 total, pct);
	svg_open(b, "completeness", w + 130, 24, al.data, al.data);
	html(b, "<rect class=\"track\" x=\"0\" y=\"4\" width=\"%d\" "
	     "height=\"16\" fill=\"#e5e7eb\" stroke=\"#374151\"/>"
	     "<rect class=\"done\" x=\"0\" y=\"4\" width=\"%d\" height=\"16\" "
	     "fill=\"#15803d\"/>"
	     "<text x=\"%d\" y=\"17\" fill=\"#111\">%d of %d (%d%%)</text>"
	     "</svg>", w, fill, w + 8, done, total, pct);
	buf_release(&al);
}
