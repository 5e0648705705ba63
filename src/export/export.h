#ifndef EXPORT_H
#define EXPORT_H

#include "model/answer.h"
#include "model/session.h"
#include "store/store.h"

#include <stddef.h>

struct buf;

/*
 * Exports of a participant's plan: one exercise, or the whole workbook.
 * Every user-written byte goes through the escaping writer of the format
 * (html.h for HTML, xml.h for the docx, md_escape for Markdown, the
 * RFC 5545 TEXT escaper for .ics).
 */
/* One tracked cheap test (store.h) with its texts. */
struct doc_ctest {
	const struct ctest *t;
	const char *test, *note;
};

struct plan_doc {
	const struct session *s;
	const struct exercise *only;  /* NULL: every exercise */
	answer_get_fn *get;           /* the participant's answers */
	void *ctx;
	answer_get_fn *note;          /* their notes on readings, by reading
				       * id; NULL: none (Markdown only) */
	void *note_ctx;
	const char *author;           /* shown on the title page; may be NULL */
	long long owner;              /* whose plan (user id): keeps calendar
				       * UIDs apart between people; 0 unknown */
	int today;                    /* day number (answer_today()) */
	long long stamp;              /* unix time of the export (ics DTSTAMP) */
	const struct doc_ctest *tests;  /* the cheap-test tracker, oldest
					 * first; shown with the career plan
					 * (the exercise of the "tests"
					 * prompt) or the whole workbook */
	size_t nr_tests;
};

/* Each appends the document to `out` and returns 0, or -1 on failure
 * (out of memory, or libzip failed for the docx). */
int export_markdown(const struct plan_doc *d, struct buf *out);
int export_html(const struct plan_doc *d, struct buf *out);
int export_ics(const struct plan_doc *d, struct buf *out);
int export_docx(const struct plan_doc *d, struct buf *out);

/* Append `n` bytes of user text as Markdown that reads back as exactly
 * that text: every ASCII punctuation character backslash-escaped; spaces
 * at the start (`at_start`) and tabs written as character references.
 * The one place that writes user text into Markdown. */
void md_escape(struct buf *b, const char *s, size_t n, int at_start);

#endif
