/*
 * export.c: a participant's plans as a download — GET
 * /s/<N>/export/<format>, format one of docx, md, html, ics, and an
 * optional ?e=<exercise id> for one plan instead of the whole workbook.
 * The documents themselves are written by export-*.c.
 */
#include "web/pages/export.h"

#include "export/export.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/courses.h"
#include "web/widgets/ctests.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct format {
	const char *name;
	const char *type;
	int (*write)(const struct plan_doc *d, struct buf *out);
} formats[] = {
	{ "docx", "application/vnd.openxmlformats-officedocument."
		  "wordprocessingml.document", export_docx },
	{ "md", "text/markdown; charset=utf-8", export_markdown },
	{ "html", "text/html; charset=utf-8", export_html },
	{ "ics", "text/calendar; charset=utf-8", export_ics },
};

static const struct format *format_of(const char *name)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++)
		if (!strcmp(formats[i].name, name))
			return &formats[i];
	return NULL;
}

/* A reading's note as an answer_get_fn, for the Markdown export (it
 * writes them back under their readings). */
static const char *note_get(void *wb, const char *reading_id)
{
	const struct wb_reading *r = workbook_reading(wb, reading_id);

	return r ? r->notes : NULL;
}

/* Write the document with the person's cheap tests (not in a calendar,
 * whose are in the feed); -1 on failure. */
static int with_ctests(struct page *pg, const struct format *f,
		       struct plan_doc *d)
{
	struct ctests c = { 0 };
	struct doc_ctest *v = NULL;
	int r = -1;

	if (f->write == export_ics)
		return f->write(d, &pg->rs->body);
	if (ctests_load(pg->st, pg->user.id, d->s->number, &c) != STORE_OK ||
	    !(v = calloc(c.n + 1, sizeof(*v))))
		goto out;
	for (size_t i = 0; i < c.n; i++)
		v[i] = (struct doc_ctest){ &c.v[i].t, c.v[i].test,
					   c.v[i].note };
	d->tests = v;
	d->nr_tests = c.n;
	r = f->write(d, &pg->rs->body);
out:
	free(v);
	ctests_release(&c);
	return r;
}

void ui_export(struct page *pg)
{
	int n = page_number_param(pg->rq->param[0]);
	const struct session *s = n < 0 ? NULL : course_get(n);
	const struct format *f = format_of(pg->rq->param[1]);
	struct plan_doc d = { 0 };
	struct buf id = BUF_INIT;
	struct workbook wb;
	int r;

	if (!s || !f) {
		page_fail(pg, 404, "There is no such export.");
		return;
	}
	d.s = s;
	if (form_get(pg->rq->query, strlen(pg->rq->query), "e", 0, &id) > 0) {
		for (size_t i = 0; i < s->nr_exercises; i++)
			if (!strcmp(s->exercises[i].id, id.data))
				d.only = &s->exercises[i];
		if (!d.only) {
			buf_release(&id);
			page_fail(pg, 404, "There is no such exercise.");
			return;
		}
	}
	if (!page_workbook(pg, s, WB_ALL, &wb)) {
		buf_release(&id);
		return;
	}
	d.get = workbook_get;
	d.ctx = &wb;
	d.note = note_get;
	d.note_ctx = &wb;
	d.author = pg->user.name[0] ? pg->user.name : pg->user.email;
	d.owner = pg->user.id;
	d.today = answer_today();
	d.stamp = (long long)time(NULL);
	r = with_ctests(pg, f, &d);
	workbook_release(&wb);
	if (r || pg->rs->body.err) {
		buf_release(&id);
		buf_reset(&pg->rs->body);
		page_fail(pg, 500, "The export could not be written.");
		return;
	}
	pg->rs->content_type = f->type;
	/* Only our own ASCII goes in the file name: the session number and
	 * an exercise id, which is a slug. */
	response_header(pg->rs, "Content-Disposition",
			"attachment; filename=\"session-%d%s%.60s.%s\"",
			s->number, d.only ? "-" : "", d.only ? d.only->id : "",
			f->name);
	buf_release(&id);
}
