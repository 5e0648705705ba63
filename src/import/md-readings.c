/*
 * Readings (md-readings.h): a heading such as "[**Title**](url) by Author
 * (Year)" taken apart into title, link, author, year, kind tag, reading
 * time and optional marker; the first quote under it is the course's
 * summary and the rest its notes.  A Readings section without
 * sub-headings may list its readings instead.
 */
#include "import/md-readings.h"

#include "core/buf.h"
#include "import/md-sections.h"
#include "import/md-write.h"
#include "import/words.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- a reading's heading ---- */

/* A year: four digits (1800-2199) at s, not part of a longer number. */
static int year_of(const char *all, const char *s)
{
	int y = 0, i;

	if (s > all && s[-1] >= '0' && s[-1] <= '9')
		return 0;
	for (i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	if (s[4] >= '0' && s[4] <= '9')
		return 0;
	return y >= 1800 && y <= 2199 ? y : 0;
}

/* A bracketed kind tag: a word or three, no digits, not "optional". */
static int is_kind_tag(const char *s, size_t n)
{
	size_t i, spaces = 0;

	if (!n || n > 24 || !strncasecmp(s, "optional", n))
		return 0;
	for (i = 0; i < n; i++) {
		if ((s[i] >= '0' && s[i] <= '9') || s[i] == '[' || s[i] == '(')
			return 0;
		spaces += s[i] == ' ';
	}
	return spaces < 3;
}

/* Only a date's words before a year: "March", "12 Feb", "Sept." */
static int is_date_words(const char *s, size_t n)
{
	static const char months[] = "jan feb mar apr may jun jul aug sep oct "
				     "nov dec ";
	size_t i = 0, k;

	while (i < n) {
		if (strchr(" ,.", s[i])) {
			i++;
			continue;
		}
		for (k = i; k < n && !strchr(" ,.", s[k]); k++)
			;
		if (s[i] >= '0' && s[i] <= '9') {
			while (i < k && ((s[i] >= '0' && s[i] <= '9') ||
					 strchr("snrdth", s[i] | 32)))
				i++;   /* "12", "1st", "22nd" */
		} else if (k - i >= 3) {
			char m[5] = { (char)(s[i] | 32), (char)(s[i + 1] | 32),
				      (char)(s[i + 2] | 32), ' ', '\0' };

			if (!strstr(months, m) || k - i > 9)
				return 0;
			i = k;
		}
		if (i != k)
			return 0;
	}
	return 1;
}

/* A reading's "(15 mins)": minutes, or 0. */
static int reading_minutes(struct builder *B, const char *s, size_t n)
{
	char *t = xstrndup(s, n), *c;
	int v = 0;

	if (!t) {
		B->p->nomem = 1;
		return 0;
	}
	c = cue_text(t);
	if (c)
		v = cue_reading_time(c);
	else
		B->p->nomem = 1;
	free(c);
	free(t);
	return v;
}

/*
 * Peel tags and a year off the ends of `s` (plain text around a reading's
 * link): "[Video]", "(Paper)", "(2024)", ", 2024", "(March 2023)", a
 * reading time "(15 mins)" and "(optional)".  "(Christiano et al., 2017)"
 * gives the author too, when there is none yet.  Returns 1 if anything
 * was removed.
 */
static int peel_byline(struct reading *r, char *s, int *kind_at,
		       struct builder *B)
{
	size_t n;
	char *open;
	int v;

	trim_dashes(s);
	n = strlen(s);
	if (!n)
		return 0;
	/* leading [Tag] / (Tag) */
	if (s[0] == '[' || s[0] == '(') {
		char *close = strchr(s, s[0] == '[' ? ']' : ')');

		if (close && is_kind_tag(s + 1, (size_t)(close - s - 1)) &&
		    !r->kind) {
			r->kind = xstrndup(s + 1, (size_t)(close - s - 1));
			if (!r->kind)
				B->p->nomem = 1;
			*kind_at = 1;
			memmove(s, close + 1, strlen(close + 1) + 1);
			return 1;
		}
	}
	/* trailing [Tag] / (Tag) / (Year) / (Month Year) */
	if (s[n - 1] == ']' || s[n - 1] == ')') {
		open = strrchr(s, s[n - 1] == ']' ? '[' : '(');
		if (open) {
			size_t in = (size_t)(s + n - 1 - open - 1);

			if (in >= 4 && year_of(s, open + 1 + in - 4) &&
			    !r->year) {
				size_t pre = in - 4;

				r->year = year_of(s, open + 1 + in - 4);
				while (pre && strchr(" ,", open[pre]))
					pre--;
				if (pre && !r->author &&
				    !is_date_words(open + 1, pre)) {
					r->author = xstrndup(open + 1, pre);
					if (!r->author)
						B->p->nomem = 1;
				}
				*open = '\0';
				return 1;
			}
			if (in == 8 && !strncasecmp(open + 1, "optional", 8)) {
				r->optional = true;
				*open = '\0';
				return 1;
			}
			if (!r->minutes &&
			    (v = reading_minutes(B, open + 1, in)) > 0) {
				r->minutes = v;
				*open = '\0';
				return 1;
			}
			if (is_kind_tag(open + 1, in) && !r->kind) {
				r->kind = xstrndup(open + 1, in);
				if (!r->kind)
					B->p->nomem = 1;
				*open = '\0';
				return 1;
			}
		}
	}
	/* trailing ", 2024" or " 2024" */
	if (n >= 5 && year_of(s, s + n - 4) && !r->year &&
	    strchr(" ,", s[n - 5])) {
		r->year = year_of(s, s + n - 4);
		s[n - 4] = '\0';
		return 1;
	}
	return 0;
}

/*
 * "Title by Author" or "Title - Author" once a tag, year or reading time
 * was peeled off the end of a title: the author is after the last " by "
 * (which wins over one found in the year's brackets), else after the
 * last dash between spaces ("Interpretability - A Skeptic's Take - Omar
 * Reyes").  Without anything peeled the title stays whole: "Scalable
 * Oversight - An Overview" is a title.
 */
static void split_author(struct builder *B, struct reading *r, char *t)
{
	char *p, *by = NULL, *dash = NULL;
	size_t skip = 0;

	for (p = t; *p; p++) {
		if (!strncasecmp(p, " by ", 4))
			by = p;
		else if (p[0] == ' ' && p[1] == '-' && p[2] == ' ')
			dash = p, skip = 3;
		else if (p[0] == ' ' && is_dash3(p + 1) && p[4] == ' ')
			dash = p, skip = 5;
	}
	if (by && by > t) {
		*by = '\0';
		free(r->author);
		r->author = dup_str(B, by + 4);
	} else if (dash && dash > t && !r->author && has_alnum(dash + skip)) {
		*dash = '\0';
		r->author = dup_str(B, dash + skip);
	}
	if (r->author)
		trim_dashes(r->author);
}

/* A link's text ending in a "[Kind]" tag: its length, or 0.  A title
 * such as "Human Feedback (RLHF)" keeps its brackets. */
static size_t link_tag(const char *t)
{
	size_t n = strlen(t);
	const char *open;

	if (!n || t[n - 1] != ']' || !(open = strrchr(t, '[')))
		return 0;
	return is_kind_tag(open + 1, (size_t)(t + n - 1 - open - 1)) ? n : 0;
}

/*
 * A title that holds its own byline: "Title - Author [Kind]", "Title by
 * Author (2021)".  In a link's text (`link`) only a "[Kind]" at the end
 * says so; without a link, any tag, year or reading time peeled off the
 * end does.
 */
static void title_byline(struct builder *B, struct reading *r, int link)
{
	int kind_at = 0, peeled = 0;

	if (link && !link_tag(r->title))
		return;
	while (peel_byline(r, r->title, &kind_at, B))
		peeled = 1;
	if (peeled)
		split_author(B, r, r->title);
	trim_dashes(r->title);
}

/* What holds a reading's title in its heading: the first link, else a
 * leading bold span with more text after it ("**Title** - Author").
 * NULL when the whole heading is the title; *end is the span's end. */
static const struct inl *title_span(const struct inl *first,
				    const struct inl **end)
{
	const struct inl *a, *e;
	int depth = 0;

	*end = NULL;
	for (a = first; a; a = a->next)
		if (a->ev == EV_ENTER && a->type == MD_SPAN_A)
			break;
	if (!a) {
		for (a = first; a && a->ev == EV_TEXT && is_blank(a->s, a->n);
		     a = a->next)
			;
		if (!a || a->ev != EV_ENTER || a->type != MD_SPAN_STRONG)
			return NULL;
	}
	for (e = a; e; e = e->next) {
		if (e->ev == EV_ENTER && e->type == a->type)
			depth++;
		else if (e->ev == EV_LEAVE && e->type == a->type && !--depth)
			break;
	}
	*end = e;
	if (a->type == MD_SPAN_STRONG) {
		for (e = e ? e->next : NULL; e; e = e->next)
			if (e->ev != EV_TEXT || !is_blank(e->s, e->n))
				return a;   /* text after the bold */
		return NULL;
	}
	return a;
}

/* The text before the title: "[Video]", "Podcast:", "(optional)". */
static void head_before(struct builder *B, struct reading *r, char *before)
{
	int kind_at = 0;
	size_t n;

	while (peel_byline(r, before, &kind_at, B))
		;
	/* "Video: [Title](url)" (the colon is peeled already) */
	n = strlen(before);
	if (n == 8 && !strncasecmp(before, "optional", 8))
		r->optional = true;
	else if (is_kind_tag(before, n) && !r->kind)
		r->kind = dup_str(B, before);
}

/* The text after the title: "by X (2022)", "- X [Blog]", ", X", "— X". */
static void head_after(struct builder *B, struct reading *r, char *after)
{
	int kind_at = 0;
	char *p = after;

	while (peel_byline(r, after, &kind_at, B))
		;
	trim_lead(p);
	if (!strncasecmp(p, "by ", 3))
		p += 3;
	trim_lead(p);
	trim_dashes(p);
	if (*p) {   /* "by X" wins over "(X, 2017)" */
		free(r->author);
		r->author = dup_str(B, p);
	}
}

/*
 * A reading's heading: "[**Title**](url) by Author (Year)", with an
 * optional kind tag before or after, and any part but the title missing.
 * The title may hold the byline itself, in the link's text or without a
 * link: "[Title - Author [Kind]](url)", "Title - Author [Kind]".
 */
static void parse_reading_head(struct builder *B, struct reading *r,
			       const struct inl *first)
{
	const struct inl *span, *end;
	char *before = NULL, *after = NULL;

	span = title_span(first, &end);
	if (!span) {
		r->title = plain_of(B, first, NULL);
		if (r->title)
			title_byline(B, r, 0);
		return;
	}
	r->title = plain_of(B, span->next, end);
	if (span->type == MD_SPAN_A) {
		r->url = xstrndup(span->s, span->n);
		if (!r->url)
			B->p->nomem = 1;
	}
	before = plain_of(B, first, span);
	after = plain_of(B, end ? end->next : NULL, NULL);
	if (r->title && before)
		head_before(B, r, before);
	if (r->title && after)
		head_after(B, r, after);
	if (r->title)
		title_byline(B, r, 1);
	free(before);
	free(after);
}

struct reading *new_reading(struct builder *B, const struct inl *head,
				   int line)
{
	struct session *s = B->s;
	struct reading *r;
	char *id;

	if (s->nr_readings >= MAX_ITEMS) {
		parser_fail(B->p, line, "too many readings (the limit is %d)",
		     MAX_ITEMS);
		return NULL;
	}
	r = grow(B, (void **)&s->readings, &s->nr_readings, sizeof(*r));
	if (!r)
		return NULL;
	r->line = line;
	r->optional = B->optional_readings;
	parse_reading_head(B, r, head);
	/* ids are compared while this reading still has none */
	id = make_id(B, &B->readings, "", r->title ? r->title : "", 0,
		     "reading");
	r->id = id;
	return r;
}

/* The course's reading that reading r of a participant's notes is: the
 * same id or link; NULL when there is none. */
static const struct reading *course_reading(const struct builder *B,
					    const struct reading *r)
{
	size_t i;

	for (i = 0; i < B->course->nr_readings; i++) {
		const struct reading *cr = &B->course->readings[i];

		if ((r->id && cr->id && !strcmp(r->id, cr->id)) ||
		    (r->url && cr->url && !strcmp(r->url, cr->url)))
			return cr;
	}
	return NULL;
}

/*
 * Under a reading of a participant's notes, their note: the blocks that
 * are not the course's own (its summary quote, its notes), as lines of
 * plain text (md_lines()), so that an export writes it back escaped and
 * it reads back the same.  The summary is left NULL.
 */
static void participant_note(struct builder *B, struct reading *r,
			     const struct node *n, const struct node *stop)
{
	const struct reading *cr = course_reading(B, r);
	struct buf note = BUF_INIT, md = BUF_INIT, in = BUF_INIT;
	struct textset course = { 0 };

	if (cr && textset_add_blocks(&course, cr->notes))
		B->p->nomem = 1;
	for (; n && n != stop; n = n->next) {
		buf_reset(&md);
		buf_reset(&in);
		md_blocks(&md, n, n->next);
		if (n->type == MD_BLOCK_QUOTE)
			md_blocks(&in, n->kids, NULL);
		if (cr && md.len && ((in.len && cr->summary &&
				      !strcmp(in.data, cr->summary)) ||
				     textset_has(&course, md.data, md.len)))
			continue;   /* the course's text */
		md_lines(&note, n, n->next);
	}
	if (md.err || in.err)
		note.err = 1;
	textset_release(&course);
	buf_release(&md);
	buf_release(&in);
	r->notes = take(B, &note, 1);
}

/* Summary: the first quote; notes: the other blocks (no "------"). */
void reading_body(struct builder *B, struct reading *r,
		  const struct node *n, const struct node *stop)
{
	struct buf summary = BUF_INIT, notes = BUF_INIT;
	const struct node *quote = NULL;

	if (B->course) {
		participant_note(B, r, n, stop);
		return;
	}

	for (; n && n != stop; n = n->next) {
		if (!quote && n->type == MD_BLOCK_QUOTE) {
			quote = n;
			md_blocks(&summary, n->kids, NULL);
		} else {
			md_blocks_text(&notes, n, n->next);
		}
	}
	r->summary = take(B, &summary, 1);
	r->notes = take(B, &notes, 1);
}

/* A list item with no link is a reading still when its title is bold,
 * a summary quote follows it or it ends in a kind tag: "- **Title** by
 * Author (2021)", "- Title - Author [Paper]". */
static int list_reading_without_link(const struct node *li)
{
	const struct node *k;
	const struct inl *e = li->kids->inl;
	struct buf t = BUF_INIT;
	int tag;

	while (e && e->ev == EV_TEXT && is_blank(e->s, e->n))
		e = e->next;
	if (e && e->ev == EV_ENTER && e->type == MD_SPAN_STRONG)
		return 1;
	for (k = li->kids; k; k = k->next)
		if (k->type == MD_BLOCK_QUOTE)
			return 1;
	render_inl(&t, li->kids->inl, NULL, 0);
	squeeze(&t);
	tag = !t.err && link_tag(t.data);
	buf_release(&t);
	return tag;
}

/* Is list item li a reading: "- [Title](url) by Author (Year)", or one
 * of those list_reading_without_link() takes? */
static int is_list_reading(const struct node *li)
{
	const struct node *k = li->kids;
	const struct inl *e;

	if (!k || k->type != MD_BLOCK_P)
		return 0;
	for (e = k->inl; e; e = e->next)
		if (e->ev == EV_ENTER && e->type == MD_SPAN_A)
			return 1;
	return list_reading_without_link(li);
}

/* Readings written as a list.  Items that are no reading ("Ask for last
 * year's slides"), and the blocks around the lists, are the Readings
 * section's introduction. */
void add_list_readings(struct builder *B, const struct node *n,
		       const struct node *stop)
{
	struct buf intro = BUF_INIT;
	const struct node *li;

	for (; n && n != stop && !B->p->failed; n = n->next) {
		if (!is_list(n)) {
			md_blocks_text(&intro, n, n->next);
			continue;
		}
		for (li = n->kids; li; li = li->next) {
			struct reading *r;

			if (!is_list_reading(li)) {
				if (intro.len)
					buf_adds(&intro, "\n\n");
				md_item(&intro, li, "- ");
				continue;
			}
			r = new_reading(B, li->kids->inl, li->line);
			if (r)
				reading_body(B, r, li->kids->next, NULL);
		}
	}
	add_intro_buf(B, &B->s->readings_intro, &intro);
}
