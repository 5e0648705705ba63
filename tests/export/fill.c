/*
 * fill: answer every prompt of a stored session for one user, straight
 * through the store (tests/export.sh and bench/export.sh; not part of the
 * app).  Writes what it stored as JSON, for the checkers:
 *
 *   fill DB EMAIL SESSION.md MILESTONES OUT.json
 *
 * {"answers": {"prompt id": "answer", ...},
 *  "milestones": [{"summary": "...", "date": "YYYY-MM-DD"}, ...]}
 */
#include "model/answer.h"
#include "core/buf.h"
#include "core/json.h"
#include "model/session.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define START "2026-12-01"   /* the sprint's first day */

static void cellf(struct buf *b, const struct prompt *p, size_t k,
		  size_t r, size_t c, int start)
{
	const struct column *col = &p->columns[c];

	switch (col->type) {
	case COL_DATE:
		answer_put_date(b, start + (int)r);
		break;
	case COL_HOURS:
		buf_addf(b, "%zu.5", r % 3 + 1);
		break;
	case COL_NUMBER:
		buf_addf(b, "%zu", r + 2);
		break;
	case COL_SCALE:
		buf_addf(b, "%zu", (r + 2) % 4);
		break;
	case COL_MARK:
		buf_adds(b, r ? "" : "yes");
		break;
	case COL_CHOICE:
		if (col->nr_options)
			buf_adds(b, col->options[r % col->nr_options]);
		break;
	default:
		buf_addf(b, "P%zur%zuc%zu", k, r + 1, c + 1);
	}
}

static void answer(struct buf *b, const struct prompt *p, size_t k,
		   int milestones, int start)
{
	size_t rows, i;

	switch (p->kind) {
	case PROMPT_TEXT:
		buf_addf(b, "P%zu <script>alert(1)</script> & \"quotes\" "
			 "it's \xe2\x9c\x93 fine\n\n  P%zu second paragraph", k,
			 k);
		return;
	case PROMPT_SPRINT:
		buf_adds(b, START "\t4\t5");
		return;
	case PROMPT_TABLE:
	case PROMPT_ROUNDS:
		rows = p->budget ? (size_t)milestones :
		       p->min_items > 3 ? (size_t)p->min_items : 3;
		for (i = 0; i < rows; i++) {
			for (size_t c = 0; c < p->nr_columns; c++) {
				if (c)
					buf_addc(b, '\t');
				cellf(b, p, k, i, c, start);
			}
			buf_addc(b, '\n');
		}
		return;
	default:
		for (i = 0; i < p->nr_options && i < 2; i++)
			buf_addf(b, "%s\n", p->options[i]);
		rows = p->min_items > 3 ? (size_t)p->min_items : 3;
		for (i = 0; i < rows; i++)
			buf_addf(b, "P%zu item %zu *x* [y]\n", k, i + 1);
	}
}

/* Two tracked cheap tests, one with markup in every text (export.sh
 * finds them in the PDF, the HTML and the Markdown). */
static int add_ctests(struct store *st, int64_t user, int number)
{
	struct ctest a = { .user = user, .number = number,
			   .idea = "Research engineer",
			   .status = CTEST_SUPPORTED,
			   .date = "2027-03-27", .hours_planned = 200,
			   .hours_spent = 125, .conf_before = 40,
			   .conf_after = 80,
			   .uncertainty = "Can I debug <ML> code & enjoy it?" };
	struct ctest b = { .user = user, .number = number,
			   .idea = "Policy <b>researcher</b>",
			   .status = CTEST_PLANNED, .hours_planned = -1,
			   .hours_spent = -1, .conf_before = 60,
			   .conf_after = -1 };

	return store_ctest_add(st, &a, "Reproduce a paper's *result*",
			       "Loved it; 3 bugs & a <script>") != STORE_OK ||
	       store_ctest_add(st, &b, "Write a memo", "") != STORE_OK;
}

int main(int argc, char **argv)
{
	struct session s = { 0 };
	struct import_error err;
	struct buf src = BUF_INIT, raw = BUF_INIT, val = BUF_INIT,
		   js = BUF_INIT, ms = BUF_INIT;
	struct store *st;
	struct user u;
	char e[256], chunk[4096];
	FILE *f;
	size_t n, k = 0;
	int start, milestones;

	if (argc != 6) {
		fputs("usage: fill DB EMAIL SESSION.md MILESTONES OUT.json\n",
		      stderr);
		return 2;
	}
	milestones = atoi(argv[4]);
	answer_date((struct span){ START, 10 }, &start);
	if (!(f = fopen(argv[3], "rb")))
		return perror(argv[3]), 1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&src, chunk, n);
	fclose(f);
	if (session_parse(src.data, src.len, &s, &err))
		return fprintf(stderr, "%s\n", err.msg), 1;
	if (store_open(argv[1], &st, e, sizeof(e)) != STORE_OK)
		return fprintf(stderr, "%s\n", e), 1;
	if (store_user_by_email(st, argv[2], &u) != STORE_OK ||
	    session_sync_ids(st, &s) != STORE_OK)
		return fprintf(stderr, "no user or session\n"), 1;
	buf_adds(&js, "{\"answers\": {");
	for (size_t i = 0; i < s.nr_exercises; i++)
		for (size_t j = 0; j < s.exercises[i].nr_prompts; j++, k++) {
			const struct prompt *p = &s.exercises[i].prompts[j];
			const char *cur;
			struct span line;
			int dc = -1;

			buf_reset(&raw);
			buf_reset(&val);
			answer(&raw, p, k, milestones, start);
			if (answer_normalize(p->kind, raw.data, raw.len, &val) ||
			    store_answer_put(st, u.id, s.number, p->id,
					     val.data, val.len) != STORE_OK)
				return fprintf(stderr, "%s: not saved\n",
					       p->id), 1;
			buf_adds(&js, k ? ",\n  " : "\n  ");
			json_str(&js, p->id);
			buf_adds(&js, ": ");
			json_str(&js, val.data);
			for (size_t c = 0; p->budget && c < p->nr_columns; c++)
				if (p->columns[c].type == COL_DATE && dc < 0)
					dc = (int)c;
			for (cur = val.data; dc >= 0 && answer_next(&cur, &line);) {
				struct span a = answer_cell(line, 0);
				struct span d = answer_cell(line, (size_t)dc);
				char *t1 = xstrndup(a.s, a.n), *t2 = xstrndup(d.s, d.n);

				buf_adds(&ms, ms.len ? ",\n  " : "\n  ");
				buf_adds(&ms, "{\"summary\": ");
				json_str(&ms, t1);
				buf_adds(&ms, ", \"date\": ");
				json_str(&ms, t2);
				buf_adds(&ms, "}");
				free(t1);
				free(t2);
			}
		}
	if (add_ctests(st, u.id, s.number))
		return fprintf(stderr, "cheap tests: not saved\n"), 1;
	buf_addf(&js, "},\n\"milestones\": [%s]}\n", ms.data);
	if (!(f = fopen(argv[5], "w")) || fwrite(js.data, 1, js.len, f) != js.len ||
	    fclose(f))
		return perror(argv[5]), 1;
	printf("filled %zu prompts of session %d\n", k, s.number);
	store_close(st);
	session_release(&s);
	buf_release(&src);
	buf_release(&raw);
	buf_release(&val);
	buf_release(&js);
	buf_release(&ms);
	return 0;
}
