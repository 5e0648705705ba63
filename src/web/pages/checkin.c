/*
 * checkin.c: weekly check-ins on a plan's milestones, and
 * accountability partners (docs/cohorts.md).
 *
 *   GET  /s/N/checkins        the owner: milestones, a form to say where
 *                             each stands, the chart and the history
 *   POST /s/N/checkins        add check-ins: for each milestone i,
 *                             pid.i and ms.i name it (prompt id, first
 *                             cell), st.i is done|on-track|behind or
 *                             empty (no check-in now), note.i a note;
 *                             and the cheap tests' fields (ct.i, cts.i,
 *                             cths.i, ctca.i, ctn.i: ctest-checkin.h)
 *   GET  /p/USER/N/checkins   the same, read-only, for partners and
 *                             facilitators: nothing else of the plan
 *
 * The owner's page also lists their accountability partners, with the
 * requests waiting for their answer (partners.c).
 *
 * Milestones come from declarations, not names: every table prompt with
 * budget= and a date column (docs/plans.md).  A row is named by its
 * first text column, due on its first date column.
 */
#include "web/pages/checkin.h"
#include "web/widgets/ctest-checkin.h"

#include "auth/authz.h"
#include "core/html.h"
#include "export/svg-checkin.h"
#include "model/answer.h"
#include "model/kinds/kind.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/courses.h"
#include "web/widgets/partners.h"
#include "web/widgets/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_MILESTONES 200  /* rows a check-in form carries */

struct milestone {
	const struct prompt *p;
	struct span name;           /* into the workbook's answer */
	int due;                    /* CHECKIN_NO_DATE when none */
	struct span hours;
};

/* A check-in copied out of the store's callback (without the 8 KB
 * struct). */
struct ck {
	char prompt_id[STORE_ID_MAX + 1];
	char *milestone, *note;
	int status;
	int64_t at;
};

struct board {
	const struct session *s;
	int64_t owner;
	struct workbook wb;
	struct milestone *ms;
	size_t nr_ms;
	bool more;                  /* milestones past MAX_MILESTONES */
	struct ck *ck;
	size_t nr_ck, alloc_ck;
	long *ck_ms;                /* each check-in's milestone, or -1 */
	long *latest;               /* each milestone's newest check-in */
	struct ckin_tests *ct;      /* the owner's cheap tests, or NULL */
	int oom;
};

static const char *const status_word[] = {
	[CHECKIN_DONE] = "done", [CHECKIN_ON_TRACK] = "on-track",
	[CHECKIN_BEHIND] = "behind",
};
static const char *const status_text[] = {
	[0] = "no check-in yet", [CHECKIN_DONE] = "Done",
	[CHECKIN_ON_TRACK] = "On track", [CHECKIN_BEHIND] = "Behind",
};

static const char *answer_of(const struct board *bd, const char *id)
{
	const struct wb_answer *a = workbook_answer(&bd->wb, id);

	return a && a->value && *a->value ? a->value : NULL;
}

static bool is_milestones(const struct prompt *p)
{
	size_t i;

	if (!(kind_of(p)->flags & KIND_BUDGET) || !p->budget)
		return false;
	for (i = 0; i < p->nr_columns; i++)
		if (p->columns[i].type == COL_DATE)
			return true;
	return false;
}

static int column(const struct prompt *p, enum column_type t)
{
	size_t i;

	for (i = 0; i < p->nr_columns; i++)
		if (p->columns[i].type == t)
			return (int)i;
	return -1;
}

static int on_checkin(void *ctx, const struct checkin *c, const char *note)
{
	struct board *bd = ctx;
	struct ck *k;

	if (bd->nr_ck == bd->alloc_ck) {
		size_t na = bd->alloc_ck ? 2 * bd->alloc_ck : 16;
		struct ck *v = realloc(bd->ck, na * sizeof(*v));

		if (!v)
			return bd->oom = 1;
		bd->ck = v;
		bd->alloc_ck = na;
	}
	k = &bd->ck[bd->nr_ck];
	snprintf(k->prompt_id, sizeof(k->prompt_id), "%s", c->prompt_id);
	k->milestone = xstrdup(c->milestone);
	k->note = xstrdup(note);
	k->status = c->status;
	k->at = c->at;
	bd->nr_ck++;
	if (!k->milestone || !k->note)
		return bd->oom = 1;
	return 0;
}

static void board_release(struct board *bd)
{
	size_t i;

	for (i = 0; i < bd->nr_ck; i++) {
		free(bd->ck[i].milestone);
		free(bd->ck[i].note);
	}
	free(bd->ck);
	free(bd->ms);
	free(bd->ck_ms);
	free(bd->latest);
	workbook_release(&bd->wb);
	memset(bd, 0, sizeof(*bd));
}

static bool span_is(struct span a, const char *s)
{
	return strlen(s) == a.n && !memcmp(a.s, s, a.n);
}

/* A milestone as sorted for finding: by prompt id, name, position.  A
 * check-in names its milestone by the prompt and the row's first cell. */
struct ms_key {
	const char *prompt_id;
	struct span name;
	size_t at;
};

static int key_cmp(const struct ms_key *k, const char *prompt_id,
		   const char *name, size_t n)
{
	int c = strcmp(k->prompt_id, prompt_id);
	size_t m = k->name.n < n ? k->name.n : n;

	if (c)
		return c;
	if (m && (c = memcmp(k->name.s, name, m)))
		return c;
	return (k->name.n > n) - (k->name.n < n);
}

static int ms_order(const void *a, const void *b)
{
	const struct ms_key *x = a, *y = b;
	int c = key_cmp(x, y->prompt_id, y->name.s, y->name.n);

	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/*
 * Which milestone each check-in is on (-1 when renamed or removed since;
 * the first of two with the same name), and each milestone's newest
 * check-in: one sort of the milestones and a binary search per check-in,
 * so a long history costs its length, not its length times the
 * milestones.
 */
static int board_match(struct board *bd)
{
	struct ms_key *keys = malloc((bd->nr_ms ? bd->nr_ms : 1) *
				     sizeof(*keys));
	size_t i, j;

	bd->ck_ms = malloc((bd->nr_ck ? bd->nr_ck : 1) * sizeof(*bd->ck_ms));
	bd->latest = malloc((bd->nr_ms ? bd->nr_ms : 1) *
			    sizeof(*bd->latest));
	if (!keys || !bd->ck_ms || !bd->latest) {
		free(keys);
		return STORE_ERR;
	}
	for (i = 0; i < bd->nr_ms; i++) {
		keys[i] = (struct ms_key){ bd->ms[i].p->id, bd->ms[i].name, i };
		bd->latest[i] = -1;
	}
	qsort(keys, bd->nr_ms, sizeof(*keys), ms_order);
	for (j = 0; j < bd->nr_ck; j++) {
		const struct ck *k = &bd->ck[j];
		size_t lo = 0, hi = bd->nr_ms, n = strlen(k->milestone);

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (key_cmp(&keys[mid], k->prompt_id, k->milestone,
				    n) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		bd->ck_ms[j] = lo < bd->nr_ms &&
			       !key_cmp(&keys[lo], k->prompt_id, k->milestone,
					n) ? (long)keys[lo].at : -1;
		if (bd->ck_ms[j] >= 0)
			bd->latest[bd->ck_ms[j]] = (long)j;
	}
	free(keys);
	return STORE_OK;
}

/* The owner's milestones and check-ins for session s. */
static int board_load(struct store *st, const struct session *s,
		      int64_t owner, struct board *bd)
{
	size_t e, i, alloc = 0;
	int r;

	memset(bd, 0, sizeof(*bd));
	bd->s = s;
	bd->owner = owner;
	r = workbook_load(st, owner, s->number, WB_ANSWERS, &bd->wb);
	if (r != STORE_OK)
		return r;
	r = store_checkin_list(st, owner, s->number, on_checkin, bd);
	if (r == STORE_OK && bd->oom)
		r = STORE_ERR;
	for (e = 0; r == STORE_OK && e < s->nr_exercises; e++)
		for (i = 0; i < s->exercises[e].nr_prompts; i++) {
			const struct prompt *p = &s->exercises[e].prompts[i];
			const char *v = workbook_get(&bd->wb, p->id);
			int name = column(p, COL_TEXT), date, hours;
			struct span row;

			if (!is_milestones(p))
				continue;
			date = column(p, COL_DATE);
			hours = column(p, COL_HOURS);
			while (answer_next(&v, &row)) {
				struct milestone *m;

				if (bd->nr_ms == MAX_MILESTONES) {
					bd->more = true;
					break;
				}
				if (bd->nr_ms == alloc) {
					size_t na = alloc ? 2 * alloc : 8;

					m = realloc(bd->ms, na * sizeof(*m));
					if (!m)
						return STORE_ERR;
					bd->ms = m;
					alloc = na;
				}
				m = &bd->ms[bd->nr_ms++];
				m->p = p;
				m->name = answer_cell(row, name < 0 ? 0 :
						      (size_t)name);
				m->hours = hours < 0 ? (struct span){ "", 0 } :
					   answer_cell(row, (size_t)hours);
				if (!answer_date(answer_cell(row, (size_t)date),
						 &m->due))
					m->due = CHECKIN_NO_DATE;
			}
		}
	if (r == STORE_OK)
		r = board_match(bd);
	return r;
}

static void day_text(char *out, size_t size, int day)
{
	struct buf t = BUF_INIT;

	answer_put_date(&t, day);
	snprintf(out, size, "%s", t.data);
	buf_release(&t);
}

static int day_of(int64_t t)
{
	return (int)(t / 86400 - (t % 86400 < 0));
}

/* The chart of one milestones prompt over its sprint. */
static void chart(struct buf *b, const struct board *bd,
		  const struct prompt *p, int today)
{
	const struct prompt *sp = session_named_prompt(bd->s, p->budget);
	struct checkin_series cs = { .today = today };
	struct checkin_dot *dots;
	int *due;
	size_t i, first = 0, n = 0, k = 0;
	long m;

	answer_sprint(sp ? answer_of(bd, sp->id) : NULL, today,
		      &cs.sp);
	for (i = 0; i < bd->nr_ms; i++)
		if (bd->ms[i].p == p) {
			if (!n)
				first = i;
			n++;
		}
	due = calloc(n ? n : 1, sizeof(*due));
	dots = calloc(bd->nr_ck ? bd->nr_ck : 1, sizeof(*dots));
	if (!due || !dots)
		goto out;
	for (i = 0; i < n; i++)
		due[i] = bd->ms[first + i].due;
	for (i = 0; i < bd->nr_ck; i++) {
		m = bd->ck_ms[i];
		if (m < 0 || bd->ms[m].p != p)
			continue;
		dots[k++] = (struct checkin_dot){
			.milestone = (size_t)m - first,
			.day = day_of(bd->ck[i].at),
			.status = bd->ck[i].status,
		};
	}
	cs.nr_milestones = n;
	cs.due = due;
	cs.v = dots;
	cs.n = k;
	html(b, "<figure class=\"chart\"><figcaption>Progress over the "
	     "sprint: %s</figcaption>", prompt_label(p));
	svg_checkin_progress(b, &cs);
	html_raw(b, "</figure>");
out:
	free(due);
	free(dots);
}

static void milestone_table(struct buf *b, const struct board *bd,
			    const struct prompt *p)
{
	char d[16], at[16];
	size_t i;

	/* As the plan's tables: scrolled in its own box, dates whole. */
	html(b, "<div class=\"scroll\" role=\"group\" tabindex=\"0\" "
	     "aria-label=\"%s\"><table class=\"answer\"><caption>%s"
	     "</caption><thead><tr>"
	     "<th scope=\"col\">Milestone</th><th scope=\"col\">By when</th>"
	     "<th scope=\"col\">Hours</th><th scope=\"col\">Latest check-in"
	     "</th></tr></thead><tbody>", prompt_label(p), prompt_label(p));
	for (i = 0; i < bd->nr_ms; i++) {
		const struct milestone *m = &bd->ms[i];
		const struct ck *k;

		if (m->p != p)
			continue;
		k = bd->latest[i] < 0 ? NULL : &bd->ck[bd->latest[i]];
		html_raw(b, "<tr><th scope=\"row\">");
		html_txtn(b, m->name.s, m->name.n);
		html_raw(b, "</th><td class=\"date\">");
		if (m->due != CHECKIN_NO_DATE) {
			day_text(d, sizeof(d), m->due);
			html(b, "%s", d);
		} else
			html_raw(b, "no date");
		html_raw(b, "</td><td>");
		html_txtn(b, m->hours.s, m->hours.n);
		html_raw(b, "</td><td>");
		if (k) {
			when_day(at, sizeof(at), k->at);
			html(b, "<span class=\"ck ck-%s\">%s</span> "
			     "<span class=\"date\">(%s)</span>",
			     status_word[k->status], status_text[k->status],
			     at);
		} else
			html_raw(b, "no check-in yet");
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

static void history(struct buf *b, const struct board *bd)
{
	char at[16];
	size_t i;

	html_raw(b, "<section aria-labelledby=\"ck-history\"><h2 "
		 "id=\"ck-history\">History</h2>");
	if (!bd->nr_ck) {
		html_raw(b, "<p>No check-ins yet.</p></section>");
		return;
	}
	html_raw(b, "<div class=\"scroll\" role=\"group\" tabindex=\"0\" "
		 "aria-labelledby=\"ck-history\"><table class=\"answer\">"
		 "<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">"
		 "Milestone</th><th scope=\"col\">Status</th><th "
		 "scope=\"col\">Note</th></tr></thead><tbody>");
	for (i = bd->nr_ck; i-- > 0;) {
		const struct ck *k = &bd->ck[i];
		struct span line;
		const char *v = k->note;
		bool first = true;

		when_day(at, sizeof(at), k->at);
		html(b, "<tr><td class=\"date\">%s</td><td>%s%s</td><td>%s"
		     "</td><td>", at,
		     k->milestone, bd->ck_ms[i] < 0 ?
		     " (no longer in the plan)" : "", status_text[k->status]);
		while (answer_next(&v, &line)) {
			if (!first)
				html_raw(b, "<br>");
			html_txtn(b, line.s, line.n);
			first = false;
		}
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div></section>");
}

/* A form draft refused with 422: what was sent, per milestone. */
struct draft {
	const char *msg;
	long bad;                   /* the milestone it is about */
	int *status;
	struct buf *note;
};

static void checkin_form(struct page *pg, const struct board *bd,
			 const struct draft *dr)
{
	struct buf *b = &pg->rs->body;
	static const int order[] = { 0, CHECKIN_DONE, CHECKIN_ON_TRACK,
				     CHECKIN_BEHIND };
	size_t i, k;

	html(b, "<form method=\"post\" action=\"/s/%d/checkins\" "
	     "class=\"checkin\"><h2>This week's check-in</h2>",
	     bd->s->number);
	if (bd->nr_ms)
		html_raw(b, "<p>For each milestone, say where it stands and "
			 "add a note if you like. Leave “No check-in now” for "
			 "those you skip.</p>");
	page_csrf_field(pg);
	if (dr)
		html(b, "<p class=\"error\" role=\"alert\">%s Nothing was saved; "
		     "what you wrote is below.</p>", dr->msg);
	for (i = 0; i < bd->nr_ms; i++) {
		const struct milestone *m = &bd->ms[i];
		int cur = dr ? dr->status[i] : 0;

		html(b, "<fieldset class=\"prompt\"><legend>");
		html_txtn(b, m->name.s, m->name.n);
		html(b, "</legend><input type=\"hidden\" name=\"pid.%d\" "
		     "value=\"%s\"><input type=\"hidden\" name=\"ms.%d\" "
		     "value=\"", (int)i, m->p->id, (int)i);
		html_txtn(b, m->name.s, m->name.n);
		html_raw(b, "\">");
		for (k = 0; k < 4; k++)
			html(b, "<label class=\"check\"><input type=\"radio\" "
			     "name=\"st.%d\" value=\"%s\"%s> %s</label>",
			     (int)i, order[k] ? status_word[order[k]] : "",
			     cur == order[k] ? " checked" : "",
			     order[k] ? status_text[order[k]] :
			     "No check-in now");
		html(b, "<label for=\"note-%d\">Note (optional)</label>"
		     "<textarea id=\"note-%d\" name=\"note.%d\" rows=\"2\">%s"
		     "</textarea></fieldset>", (int)i, (int)i, (int)i,
		     dr ? dr->note[i].data : "");
	}
	if (bd->ct)
		ckin_tests_form(pg, bd->ct);
	html_raw(b, "<button type=\"submit\">Save check-in</button></form>");
}

/* The whole board: per milestones prompt a chart and a table; then the
 * form (owner only) and the history. */
/* The owner's way to the milestones prompt when it has no rows yet. */
static void link_prompt(struct buf *b, const struct board *bd, size_t e,
			const struct prompt *p)
{
	html(b, "<p>No milestones yet: add them in <a href=\"/s/%d/e/",
	     bd->s->number);
	html_url(b, bd->s->exercises[e].id);
	html_raw(b, "#p-");
	html_url(b, p->id);
	html(b, "\">%s</a>.</p>", bd->s->exercises[e].title);
}

static void board_page(struct page *pg, const struct board *bd,
		       const char *heading, bool owner,
		       const struct draft *dr)
{
	struct buf *b = &pg->rs->body;
	struct partner_board pb = { 0 };
	int today = answer_today();
	size_t e, i;
	bool any = false, partners;

	/* The owner's partners; the page goes on without them when they
	 * cannot be read. */
	partners = owner && partner_board_load(pg->st, pg->user.id,
					       bd->s->number, &pb) == STORE_OK;
	page_begin(pg, heading);
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d\">Session %d: %s</a></p>"
	     "<h1>%s</h1>", bd->s->number, bd->s->number, bd->s->title,
	     heading);
	if (partners)
		partner_board_notice(pg, &pb);
	for (e = 0; e < bd->s->nr_exercises; e++)
		for (i = 0; i < bd->s->exercises[e].nr_prompts; i++) {
			const struct prompt *p = &bd->s->exercises[e].prompts[i];

			if (!is_milestones(p))
				continue;
			html(b, "<section aria-labelledby=\"m-%s\"><h2 "
			     "id=\"m-%s\">%s</h2>", p->id, p->id,
			     prompt_label(p));
			if (answer_of(bd, p->id)) {
				chart(b, bd, p, today);
				milestone_table(b, bd, p);
				any = true;
			} else if (owner)
				link_prompt(b, bd, e, p);
			else
				html_raw(b, "<p>No milestones yet.</p>");
			html_raw(b, "</section>");
		}
	if (bd->more)
		html_raw(b, "<p class=\"meta\">Only the first "
			 UI_STR(MAX_MILESTONES) " milestones are listed here "
			 "and can be checked in on.</p>");
	if (owner && ((any && bd->nr_ms) ||
		      (bd->ct && ckin_tests_any(bd->ct))))
		checkin_form(pg, bd, dr);
	history(b, bd);
	if (partners)
		partner_board_section(pg, &pb);
	partner_board_release(&pb);
	page_end(pg);
}

void ui_checkins(struct page *pg)
{
	const struct session *s;
	struct board bd;
	struct ckin_tests ct = { 0 };
	char heading[200];

	if (!(s = page_session(pg)))
		return;
	if (board_load(pg->st, s, pg->user.id, &bd) != STORE_OK ||
	    ckin_tests_load(pg, s, &bd.wb, &ct) != STORE_OK) {
		page_fail(pg, 503, "Your check-ins could not be read; try "
			  "again in a moment.");
		goto out;
	}
	snprintf(heading, sizeof(heading), "Check-ins: session %d", s->number);
	bd.ct = &ct;
	board_page(pg, &bd, heading, true, NULL);
out:
	ckin_tests_release(&ct);
	board_release(&bd);
}

void ui_peer_checkins(struct page *pg)
{
	/* The router let the visitor read them (ACCESS_CHECKINS). */
	const struct authz *z = &pg->authz;
	const struct session *s = course_get(z->number);
	struct user who;
	struct board bd = { 0 };
	char heading[300];

	if (!s) {
		page_fail(pg, 404, "There is no such session.");
		return;
	}
	if (store_user_by_id(pg->st, z->owner, &who) != STORE_OK) {
		page_fail(pg, 404, "There are no check-ins here that you may "
			  "see.");
		return;
	}
	if (board_load(pg->st, s, z->owner, &bd) != STORE_OK) {
		page_fail(pg, 503, "These check-ins could not be read; try "
			  "again in a moment.");
		goto out;
	}
	snprintf(heading, sizeof(heading), "%s's milestones and check-ins",
		 who.name);
	board_page(pg, &bd, heading, false, NULL);
out:
	board_release(&bd);
}

static int status_of(const char *w)
{
	int k;

	for (k = CHECKIN_DONE; k <= CHECKIN_BEHIND; k++)
		if (!strcmp(w, status_word[k]))
			return k;
	return *w ? -1 : 0;
}

/* One milestone's fields of a posted check-in form. */
struct posted_row {
	struct buf pid, ms, st, note;
	unsigned seen;              /* F_* bits: which fields came */
};
enum { F_PID = 1, F_MS = 2, F_ST = 4, F_NOTE = 8 };

/* "pid.12" and the like: the field (F_*) and its row, or 0. */
static unsigned field_of(const struct buf *name, size_t *row)
{
	static const struct { const char *prefix; unsigned f; } fields[] = {
		{ "pid.", F_PID }, { "ms.", F_MS }, { "st.", F_ST },
		{ "note.", F_NOTE },
	};
	const char *d;
	char *end;
	unsigned long r;
	size_t k, n;

	for (k = 0; k < sizeof(fields) / sizeof(*fields); k++) {
		n = strlen(fields[k].prefix);
		if (name->len <= n || memcmp(name->data, fields[k].prefix, n))
			continue;
		d = name->data + n;
		if (*d < '0' || *d > '9' || (*d == '0' && d[1]))
			return 0;
		r = strtoul(d, &end, 10);
		if (*end || r > MAX_MILESTONES)
			return 0;
		*row = r;
		return fields[k].f;
	}
	return 0;
}

/*
 * Read a check-in form in one walk over the body into rows[0..nr],
 * the first value of each field kept; rows past nr are not read (one
 * more than the milestones is enough to tell the form is out of date).
 * Returns false when a field of ours is malformed.
 */
static bool read_form(struct page *pg, struct posted_row *rows, size_t nr)
{
	struct buf name, value;
	size_t pos = 0, r;
	unsigned f;
	long got;
	bool ok = true;

	buf_init(&name, 32);
	buf_init(&value, HTTP_MAX_BODY);
	while ((got = page_field_pair(pg, &pos, &name, &value)) != -1) {
		struct posted_row *row;
		struct buf *to;

		if (!(f = field_of(&name, &r)) || r > nr ||
		    (rows[r].seen & f))
			continue;
		if (got == -2) {
			ok = false;
			break;
		}
		row = &rows[r];
		row->seen |= f;
		to = f == F_PID ? &row->pid : f == F_MS ? &row->ms :
		     f == F_ST ? &row->st : &row->note;
		buf_add(to, value.data, value.len);
	}
	buf_release(&name);
	buf_release(&value);
	return ok;
}

/*
 * Check rows 0..n of a posted form against the milestones: each status
 * into dr->status, how many check-ins it makes into *want, the first
 * row that cannot be saved as it is into dr->bad and dr->msg (-1: none).
 * False after replying when the form is out of date or not ours.
 */
static bool check_rows(struct page *pg, const struct board *bd,
		       const struct posted_row *rows, size_t n,
		       struct draft *dr, size_t *want)
{
	size_t i;

	dr->bad = -1;
	for (i = 0; i < n; i++) {
		if (i >= bd->nr_ms || !(rows[i].seen & F_MS) ||
		    strcmp(bd->ms[i].p->id, rows[i].pid.data) ||
		    !span_is(bd->ms[i].name, rows[i].ms.data)) {
			page_fail(pg, 409, "Your milestones changed since the "
				  "page loaded. Reload it and check in again.");
			return false;
		}
		if ((dr->status[i] = status_of(rows[i].st.data)) < 0) {
			page_fail(pg, 400, "That status is not one we offer.");
			return false;
		}
		*want += dr->status[i] != 0;
		if (dr->bad >= 0)
			continue;
		if (rows[i].note.err || rows[i].note.len > STORE_TEXT_MAX) {
			dr->msg = "A note is longer than 8 KB.";
			dr->bad = (long)i;
		} else if (!dr->status[i] && rows[i].note.len) {
			dr->msg = "A note needs a status: say where its "
				  "milestone stands, or clear the note.";
			dr->bad = (long)i;
		}
	}
	return true;
}

/* Save what the form says, each check-in on its own; false after
 * replying when the store refuses one. */
static bool save_rows(struct page *pg, const struct session *s,
		      const struct board *bd, const struct draft *dr,
		      size_t n, int *saved)
{
	struct checkin *c = calloc(1, sizeof(*c));
	size_t i;
	int r;

	if (!c) {
		page_store_failed(pg, STORE_ERR);
		return false;
	}
	for (i = 0; i < n; i++) {
		struct buf note = BUF_INIT;

		if (!dr->status[i])
			continue;
		memset(c, 0, sizeof(*c));
		c->user = pg->user.id;
		c->number = s->number;
		snprintf(c->prompt_id, sizeof(c->prompt_id), "%s",
			 bd->ms[i].p->id);
		snprintf(c->milestone, sizeof(c->milestone), "%.*s",
			 (int)bd->ms[i].name.n, bd->ms[i].name.s);
		c->status = dr->status[i];
		if (answer_normalize(PROMPT_TEXT, dr->note[i].data,
				     dr->note[i].len, &note) ||
		    note.len > STORE_TEXT_MAX) {
			buf_release(&note);
			continue;
		}
		r = store_checkin_add(pg->st, c, note.data);
		buf_release(&note);
		if (r == STORE_FULL) {
			/* Another save took the last places meanwhile. */
			page_fail(pg, 422, "This session keeps at most "
				  UI_STR(STORE_CHECKINS_MAX) " check-ins, so "
				  "the rest of this one was not saved.");
			free(c);
			return false;
		}
		if (r != STORE_OK) {
			page_store_failed(pg, r);
			free(c);
			return false;
		}
		++*saved;
	}
	free(c);
	return true;
}

/*
 * POST /s/N/checkins.  The form is read in one walk over the body (a
 * lookup per field would rescan a 1 MB body some 800 times), every row
 * is checked before any is saved, and a form that cannot be saved comes
 * back (422) with what was written in it.
 */
void ui_checkin_save(struct page *pg)
{
	const struct session *s;
	struct board bd = { 0 };
	struct draft dr = { 0 };
	struct posted_row *rows = NULL;
	struct ckin_tests ct = { 0 };
	char to[64], msg[200];
	size_t i, n = 0, want = 0;
	int saved = 0, refused;

	if (!(s = page_session(pg)) || !page_post_ok(pg))
		return;
	if (board_load(pg->st, s, pg->user.id, &bd) != STORE_OK ||
	    ckin_tests_load(pg, s, &bd.wb, &ct) != STORE_OK ||
	    !(dr.status = calloc(bd.nr_ms + 1, sizeof(*dr.status))) ||
	    !(dr.note = calloc(bd.nr_ms + 1, sizeof(*dr.note))) ||
	    !(rows = calloc(bd.nr_ms + 1, sizeof(*rows)))) {
		page_fail(pg, 503, "Not saved: your plan could not be read. "
			  "Try again in a moment.");
		goto out;
	}
	for (i = 0; i <= bd.nr_ms; i++) {
		buf_init(&rows[i].pid, STORE_ID_MAX);
		buf_init(&rows[i].ms, STORE_TEXT_MAX);
		buf_init(&rows[i].st, 16);
		buf_init(&rows[i].note, HTTP_MAX_BODY);
	}
	if (!read_form(pg, rows, bd.nr_ms)) {
		page_fail(pg, 400, "That form could not be read (a field is "
			  "not valid text). Nothing was saved.");
		goto out;
	}
	for (i = 0; i <= bd.nr_ms; i++)
		dr.note[i] = rows[i].note;  /* shown again as posted */
	/* The rows run from 0 to the first without a pid. */
	while (n <= bd.nr_ms && (rows[n].seen & F_PID))
		n++;
	bd.ct = &ct;
	if (!check_rows(pg, &bd, rows, n, &dr, &want) ||
	    (refused = ckin_tests_read(pg, &ct)) < 0)
		goto out;
	if (refused && dr.bad < 0) {
		dr.msg = ct.msg;
		dr.bad = 0;
	}
	if (dr.bad < 0 && bd.nr_ck + want > STORE_CHECKINS_MAX) {
		snprintf(msg, sizeof(msg), "This session keeps at most %d "
			 "check-ins and you have made %zu, so these %zu do not "
			 "fit.", STORE_CHECKINS_MAX, bd.nr_ck, want);
		dr.msg = msg;
		dr.bad = 0;
	}
	if (dr.bad >= 0) {
		char heading[200];

		pg->rs->status = 422;
		snprintf(heading, sizeof(heading), "Check-ins: session %d",
			 s->number);
		board_page(pg, &bd, heading, true, &dr);
		goto out;
	}
	if (!save_rows(pg, s, &bd, &dr, n, &saved) ||
	    ckin_tests_save(pg, s, &ct, &saved) != STORE_OK)
		goto out;
	snprintf(to, sizeof(to), "/s/%d/checkins%s", s->number,
		 saved ? "#ck-history" : "");
	response_redirect(pg->rs, to);
out:
	for (i = 0; rows && i <= bd.nr_ms; i++) {
		buf_release(&rows[i].pid);
		buf_release(&rows[i].ms);
		buf_release(&rows[i].st);
		buf_release(&rows[i].note);
	}
	free(rows);
	free(dr.note);
	free(dr.status);
	ckin_tests_release(&ct);
	board_release(&bd);
}
