/*
 * exercise.c: an exercise page — a field per prompt (fields.c), the
 * checks panel (coach.h) with each prompt's checks again under its field,
 * and timers where the session asks for them — and the save of its
 * answers.
 *
 * One form carries every prompt, so a plain POST with JavaScript off saves
 * them all.  app.js autosaves one prompt at a time by posting the same
 * fields for just that prompt's fieldset, and gets back JSON with the
 * checks panel and each prompt's checks re-rendered.  The field names
 * are described at the top of fields.c; every answer is stored in
 * answer normal form (answer.h).
 */
#include "web/pages/exercise.h"

#include "core/html.h"
#include "core/json.h"
#include "core/memo.h"
#include "model/answer.h"
#include "model/coach.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/fragments.h"
#include "web/widgets/fields-post.h"
#include "web/widgets/fields.h"
#include "web/widgets/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A failed save to show next to its prompt, with the text that was sent,
 * so nothing a participant typed is lost. */
struct rejected {
	const char *prompt_id;
	const char *msg;
	struct buf value;
};

/* The check's mark: a word and a symbol, so pass or not is never told
 * by colour alone. */
static void check_mark(struct buf *b, const struct check *k)
{
	html(b, "<span class=\"mark\">%s</span> ",
	     k->pass ? "✓ Done:" : "✗ To do:");
}

/* The check's title, named with the field's short name when the
 * session gave one and the title does not start with it already. */
static void check_title(struct buf *b, const struct check *k)
{
	const char *label = k->prompt->label;

	if (label && strncmp(k->title, label, strlen(label)))
		html(b, "%s: ", label);
	html(b, "%s", k->title);
}

/* The checks of one exercise as a panel: each with its mark, a link to
 * its field, and the detail.  It can be folded away; app.js swaps in a
 * new one after each autosave.  c is NULL when the checks could not be
 * run. */
static void checks_panel(struct buf *b, const struct checks *c)
{
	size_t i;

	if (!c) {
		html_raw(b, "<p class=\"note\">The checks could not be run "
			 "just now.</p>");
		return;
	}
	if (!c->n)
		return;
	html(b, "<details class=\"checks-panel\" open><summary><h2 "
	     "id=\"checks-title\">Checks</h2> <span class=\"summary\" "
	     "data-passed=\"%d\" data-total=\"%d\">%d of %d pass</span>"
	     "</summary><ul class=\"checks\">", c->passed, (int)c->n,
	     c->passed, (int)c->n);
	for (i = 0; i < c->n; i++) {
		const struct check *k = &c->v[i];

		html(b, "<li class=\"check %s\">", k->pass ? "pass" : "fail");
		check_mark(b, k);
		html(b, "<a href=\"#p-%s\">", k->prompt->id);
		check_title(b, k);
		html(b, "</a> <span class=\"detail\">%s</span></li>",
		     k->detail);
	}
	html_raw(b, "</ul></details>");
}

/*
 * The checks that concern prompt p, inside its fieldset: the panel at
 * the top is far away when one edits a table 3,000 px further down, and
 * here a check is seen to turn from "To do" to "Done" as one types.  The
 * box is there even when empty, for app.js to fill after an autosave.
 */
static void prompt_checks(struct buf *b, const struct checks *c,
			  const struct prompt *p)
{
	size_t i;
	bool any = false;

	html(b, "<div class=\"prompt-checks\" id=\"pc-%s\">", p->id);
	for (i = 0; c && i < c->n; i++) {
		const struct check *k = &c->v[i];

		if (k->prompt != p)
			continue;
		if (!any)
			html_raw(b, "<ul class=\"checks\" aria-label=\"Checks "
				 "on this prompt\">");
		any = true;
		html(b, "<li class=\"check %s\">", k->pass ? "pass" : "fail");
		check_mark(b, k);
		check_title(b, k);
		html(b, " <span class=\"detail\">%s</span></li>", k->detail);
	}
	html_raw(b, any ? "</ul></div>" : "</div>");
}

/* Everything between the flash messages and the form's save button:
 * progress, checks, instructions and a field per prompt.  It is made from
 * the session, the answers, the day and what was rejected, nothing else,
 * which is what lets exercise_memo() keep it. */
static void exercise_body(struct buf *b, const struct session *s,
			  const struct exercise *e, struct workbook *wb,
			  const struct rejected *rej, int today)
{
	const char *group = NULL;
	struct progress p;
	struct field_ctx fc = { s, workbook_get, wb, today };
	struct checks c = { 0 };
	bool ran;
	size_t i;

	ran = !coach_run(s, e, workbook_get, wb, today, &c);
	workbook_progress(wb, s, e, &p);
	progress_bar(b, &p, "exercise-progress");
	html_raw(b, "<div id=\"checks\">");
	checks_panel(b, ran ? &c : NULL);
	html_raw(b, "</div><p id=\"checks-live\" class=\"vh\" "
		 "aria-live=\"polite\"></p>");
	html(b, "<p class=\"plan-link\"><a href=\"/s/%d/plan\">Your plans"
	     "</a>: every exercise of this session on one page, with "
	     "downloads.</p>", s->number);
	if (e->instructions) {
		html_raw(b, "<div class=\"instructions\">");
		fragment_markdown(b, e->instructions, 0);
		html_raw(b, "</div>");
	}
	html(b, "<form method=\"post\" action=\"/s/%d/e/", s->number);
	html_url(b, e->id);
	html_raw(b, "\" class=\"answers\" data-autosave novalidate>");
	for (i = 0; i < e->nr_prompts; i++) {
		const struct prompt *pr = &e->prompts[i];
		const struct wb_answer *a = workbook_answer(wb, pr->id);
		const char *g = pr->group ? pr->group : "Prompts";
		const struct rejected *r = rej && !strcmp(rej->prompt_id, pr->id)
					   ? rej : NULL;

		if (!group || strcmp(group, g)) {
			html_raw(b, "<h2 class=\"group\">");
			fragment_markdown(b, g, 1);
			html_raw(b, "</h2>");
			group = g;
		}
		/* The same for everyone: rendered once when the session
		 * loaded. */
		if (fragment_prompt_head(b, pr))
			ui_prompt_head(b, pr);
		html(b, "<div class=\"field\" id=\"f-%s\">", pr->id);
		ui_field(b, &fc, pr, r ? r->value.data : a ? a->value : NULL);
		html_raw(b, "</div>");
		prompt_checks(b, ran ? &c : NULL, pr);
		if (r)
			html(b, "<p class=\"status error\" role=\"status\" "
			     "aria-live=\"polite\">%s</p>", r->msg);
		else
			html_raw(b, "<p class=\"status\" role=\"status\" "
				 "aria-live=\"polite\"></p>");
		html_raw(b, "</fieldset>");
	}
	checks_release(&c);
}

/* exercise_body() for the stored answers, copied from this thread's memo
 * when the exercise, the person, the day and every answer of the session
 * are what they were when it was last rendered (a reload, a second tab). */
static void exercise_memo(struct buf *b, const struct page *pg,
			  const struct session *s, const struct exercise *e,
			  struct workbook *wb)
{
	struct buf inputs;
	struct memo_key k = { e, pg->user.id, answer_today(), NULL, 0 };
	size_t i, start = b->len, want = 0;

	buf_init(&inputs, MEMO_INPUTS_MAX);
	/* Sized once: doubled up from 64 bytes it took the heap's lock at
	 * each step (keep_freed_memory() in serve.c). */
	for (i = 0; i < wb->nr_answers; i++)
		want += strlen(wb->answers[i].id) + 1 +
			sizeof(wb->answers[i].len) + wb->answers[i].len;
	buf_reserve(&inputs, want);
	for (i = 0; i < wb->nr_answers; i++) {
		const struct wb_answer *a = &wb->answers[i];

		buf_add(&inputs, a->id, strlen(a->id) + 1);
		buf_add(&inputs, &a->len, sizeof(a->len));
		buf_add(&inputs, a->value, a->len);
	}
	k.inputs = inputs.data;
	k.len = inputs.len;
	if (inputs.err || !memo_copy(&k, b)) {
		exercise_body(b, s, e, wb, NULL, k.day);
		if (!inputs.err && !b->err)
			memo_put(&k, b->data + start, b->len - start);
	}
	buf_release(&inputs);
}

static void exercise_page(struct page *pg, const struct session *s,
			  const struct exercise *e, struct workbook *wb,
			  const struct rejected *rej)
{
	struct buf *b = &pg->rs->body;

	page_begin(pg, e->title);
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d\">Session %d: %s</a></p>"
	     "<h1>%s</h1>", s->number, s->number, s->title, e->title);
	if (e->minutes || e->optional) {
		html_raw(b, "<p class=\"meta\">");
		if (e->minutes)
			html(b, "Suggested time: about %d minutes. ", e->minutes);
		if (e->optional)
			html_raw(b, "This exercise is optional.");
		html_raw(b, "</p>");
	}
	if (!rej && strstr(pg->rq->query, "saved=1"))
		html_raw(b, "<p class=\"flash\" role=\"status\">Your answers "
			 "were saved.</p>");
	if (rej) {
		html(b, "<p class=\"error\" role=\"alert\">Not everything was "
		     "saved: %s The text you sent is still in the form "
		     "below.</p>", rej->msg);
		exercise_body(b, s, e, wb, rej, answer_today());
	} else
		exercise_memo(b, pg, s, e, wb);
	page_csrf_field(pg);
	html_raw(b, "<div class=\"row\"><button type=\"submit\">Save answers"
		 "</button><span class=\"status\" role=\"status\" "
		 "aria-live=\"polite\"></span></div></form>");
	page_end(pg);
}

void ui_exercise(struct page *pg)
{
	const struct session *s;
	const struct exercise *e;
	struct workbook wb;

	if (!(e = page_exercise(pg, &s)) ||
	    !page_workbook(pg, s, WB_ANSWERS, &wb))
		return;
	exercise_page(pg, s, e, &wb, NULL);
	workbook_release(&wb);
}


static const struct prompt *find_prompt(const struct exercise *e,
					const char *id)
{
	size_t i;

	for (i = 0; i < e->nr_prompts; i++)
		if (!strcmp(e->prompts[i].id, id))
			return &e->prompts[i];
	return NULL;
}

/* Does q take its rows or choices from the prompt called `name`? */
static bool depends_on(const struct prompt *q, const char *name)
{
	size_t i, n = strlen(name);

	if (q->rows_from && !strcmp(q->rows_from, name))
		return true;
	for (i = 0; i < q->nr_columns; i++) {
		const char *r = q->columns[i].ref;

		if (r && !strncmp(r, name, n) && (!r[n] || r[n] == '/'))
			return true;
	}
	return false;
}

/* Mark the prompts this post names, in one walk over the body (at most
 * as many as the exercise has). */
static void posted_prompts(struct page *pg, const struct exercise *e,
			   bool *posted, struct buf *tmp)
{
	size_t pos = 0, seen = 0;
	const struct prompt *p;

	while (seen++ < e->nr_prompts &&
	       page_field_next(pg, "p", &pos, tmp) >= 0)
		if ((p = find_prompt(e, tmp->data)))
			posted[p - e->prompts] = true;
}

/* Was a prompt q depends on part of this post? */
static bool source_posted(const struct exercise *e, const bool *posted,
			  const struct prompt *q)
{
	size_t i;

	for (i = 0; i < e->nr_prompts; i++)
		if (posted[i] && e->prompts[i].name &&
		    depends_on(q, e->prompts[i].name))
			return true;
	return false;
}

/* The checks panel and each prompt's own checks (for the boxes in the
 * fieldsets), as members of the autosave reply; html is scratch. */
static void autosave_checks(struct jw *j, const struct session *s,
			    const struct exercise *e, struct workbook *wb,
			    int today, struct buf *html)
{
	struct checks c = { 0 };
	bool ran;
	size_t i;

	ran = !coach_run(s, e, workbook_get, wb, today, &c);
	buf_reset(html);
	checks_panel(html, ran ? &c : NULL);
	if (!html->err)
		jw_str(j, "checks", html->data);
	jw_open(j, "prompt_checks", '{');
	for (i = 0; i < e->nr_prompts; i++) {
		buf_reset(html);
		prompt_checks(html, ran ? &c : NULL, &e->prompts[i]);
		jw_str(j, e->prompts[i].id, html->err ? "" : html->data);
	}
	jw_close(j, '}');
	checks_release(&c);
}

/* The fields whose rows or choices come from a prompt of this post
 * (roles typed: the cheap-test rows follow), as the member "fields";
 * none when no such field. */
static void autosave_fields(struct page *pg, struct jw *j,
			    const struct session *s, const struct exercise *e,
			    struct workbook *wb, int today, struct buf *html)
{
	struct field_ctx fc = { s, workbook_get, wb, today };
	bool *posted = calloc(e->nr_prompts + 1, sizeof(*posted)), any = false;
	size_t i;

	if (!posted)
		return;
	posted_prompts(pg, e, posted, html);
	for (i = 0; i < e->nr_prompts; i++) {
		const struct prompt *q = &e->prompts[i];

		if (!source_posted(e, posted, q))
			continue;
		buf_reset(html);
		ui_field(html, &fc, q, workbook_get(wb, q->id));
		if (html->err)
			continue;
		if (!any)
			jw_open(j, "fields", '{');
		any = true;
		jw_str(j, q->id, html->data);
	}
	if (any)
		jw_close(j, '}');
	free(posted);
}

/*
 * The autosave reply: when it was saved, the checks panel and the
 * progress bar as they are now (wb: the answers read back with the save),
 * and the fields that draw on a prompt just saved, for app.js to swap in.
 */
static void autosaved(struct page *pg, const struct session *s,
		      const struct exercise *e, struct workbook *wb)
{
	struct buf *b = &pg->rs->body;
	struct buf html = BUF_INIT;
	struct progress prog;
	struct jw j = { .b = b, .first = 1, .compact = 1 };
	int today = answer_today();

	pg->rs->content_type = "application/json";
	jw_open(&j, NULL, '{');
	jw_int(&j, "saved", (long long)time(NULL));
	if (!wb->oom) {
		autosave_checks(&j, s, e, wb, today, &html);
		/* The bar as the page would draw it now: the answers are
		 * loaded already, so it costs one pass over the prompts. */
		buf_reset(&html);
		workbook_progress(wb, s, e, &prog);
		progress_bar(&html, &prog, "exercise-progress");
		if (!html.err)
			jw_str(&j, "progress", html.data);
		autosave_fields(pg, &j, s, e, wb, today, &html);
	}
	jw_close(&j, '}');
	buf_addc(b, '\n');
	buf_release(&html);
}

/* The answers a post carries, each checked and in normal form before
 * any is saved; the first that failed, to show again with what was
 * typed. */
struct post {
	struct answer_put *puts;    /* .len is the value's end in `all`
				     * until post_read() is done */
	size_t n;
	struct buf all;             /* the values, one after another */
	struct rejected rej;
};

static const char *field_problem(int r)
{
	return r == FIELD_TOO_LONG ?
	       "This answer is longer than 64 KB, so it was not saved. "
	       "Shorten it and save again." :
	       r == FIELD_TOO_MANY ?
	       "This answer has more than " UI_STR(ANSWER_MAX_ITEMS)
	       " items or rows, so it was not saved. Remove some and save "
	       "again." :
	       "This answer is not valid UTF-8 text, so it was not saved.";
}

/* How many prompts the post names, each one of the exercise's: at most
 * as many as the exercise has, so a post cannot make us walk its fields
 * without end.  0 after replying 400, and nothing is saved. */
static size_t post_count(struct page *pg, const struct exercise *e,
			 struct buf *pid)
{
	size_t pos = 0, seen = 0;
	long n;

	while ((n = page_field_next(pg, "p", &pos, pid)) >= 0) {
		if (++seen > e->nr_prompts) {
			page_fail(pg, 400, "That form names more prompts than "
				  "the exercise has. Nothing was saved.");
			return 0;
		}
		if (!find_prompt(e, pid->data)) {
			page_fail(pg, 400, "That prompt is not part of this "
				  "exercise (was the session re-imported?). "
				  "Nothing was saved: copy your answer, then "
				  "reload the page.");
			return 0;
		}
	}
	if (n == -2 || !seen) {
		page_fail(pg, 400, "Nothing to save: the form was empty or "
			  "malformed.");
		return 0;
	}
	return seen;
}

/* Read each prompt the post names into ps (room for `seen`); -1 after
 * replying when memory ran out. */
static int post_read(struct page *pg, const struct exercise *e, size_t seen,
		     struct buf *pid, struct post *ps)
{
	struct buf value, raw;
	size_t pos = 0, i;
	int r;

	if (!(ps->puts = calloc(seen, sizeof(*ps->puts)))) {
		page_store_failed(pg, STORE_ERR);
		return -1;
	}
	buf_init(&value, ANSWER_MAX);
	buf_init(&raw, HTTP_MAX_BODY);
	while (page_field_next(pg, "p", &pos, pid) >= 0) {
		const struct prompt *p = find_prompt(e, pid->data);

		buf_reset(&raw);
		buf_reset(&value);
		if ((r = ui_field_posted(p, &pg->form, &raw, &value))) {
			if (!ps->rej.prompt_id) {
				ps->rej.prompt_id = p->id;
				ps->rej.msg = field_problem(r);
				buf_add(&ps->rej.value, raw.data, raw.len);
			}
			continue;
		}
		buf_add(&ps->all, value.data, value.len);
		ps->puts[ps->n].prompt_id = p->id;
		ps->puts[ps->n++].len = ps->all.len;
	}
	buf_release(&value);
	buf_release(&raw);
	if (ps->all.err) {
		page_store_failed(pg, STORE_ERR);
		return -1;
	}
	/* The addresses, now that `all` has stopped growing. */
	for (i = ps->n; i-- > 0;) {
		size_t start = i ? ps->puts[i - 1].len : 0;

		ps->puts[i].value = ps->all.data + start;
		ps->puts[i].len -= start;
	}
	return 0;
}

/* Save what passed, and reply: the autosave's JSON, 303 back to the
 * page, or (422) the page again with the refused answer as typed. */
static void post_save(struct page *pg, const struct session *s,
		      const struct exercise *e, struct post *ps)
{
	struct workbook wb;
	char to[160];
	int r;

	if (pg->rq->autosave && !ps->rej.prompt_id) {
		r = workbook_save(pg->st, pg->user.id, s->number, ps->puts,
				  ps->n, &wb);
		if (r != STORE_OK) {
			page_store_failed(pg, r);
			return;
		}
		autosaved(pg, s, e, &wb);
		workbook_release(&wb);
		return;
	}
	r = ps->n ? store_answers_put(pg->st, pg->user.id, s->number,
				      ps->puts, ps->n, NULL, NULL) : STORE_OK;
	if (r != STORE_OK) {
		page_store_failed(pg, r);
	} else if (!ps->rej.prompt_id) {
		snprintf(to, sizeof(to), "/s/%d/e/%s?saved=1", s->number,
			 e->id);
		page_saved(pg, to);
	} else if (pg->rq->autosave ||
		   workbook_load(pg->st, pg->user.id, s->number, WB_ANSWERS,
				 &wb) != STORE_OK) {
		page_fail(pg, 422, ps->rej.msg);
	} else {
		pg->rs->status = 422;
		exercise_page(pg, s, e, &wb, &ps->rej);
		workbook_release(&wb);
	}
}

/*
 * Save the posted prompts of an exercise: each one is checked and put in
 * answer normal form, then all that pass are saved in one transaction.
 * The first that fails is shown again with what was typed (422).
 */
void ui_exercise_save(struct page *pg)
{
	const struct session *s;
	const struct exercise *e;
	struct post ps = { .all = BUF_INIT };
	struct buf pid;
	size_t seen;

	if (!(e = page_exercise(pg, &s)) || !page_post_ok(pg))
		return;
	buf_init(&pid, 128);
	buf_init(&ps.rej.value, HTTP_MAX_BODY);
	if ((seen = post_count(pg, e, &pid)) &&
	    !post_read(pg, e, seen, &pid, &ps))
		post_save(pg, s, e, &ps);
	free(ps.puts);
	buf_release(&pid);
	buf_release(&ps.all);
	buf_release(&ps.rej.value);
}
