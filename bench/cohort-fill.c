/*
 * cohort-fill: a full cohort for bench/cohort.sh, written straight
 * through the store (not part of the app; linked with its objects like
 * tests/export/fill.c):
 *
 *   cohort-fill DB FACILITATOR_EMAIL SESSION.md N
 *
 * makes a cohort for the session with the facilitator (who signed up over
 * HTTP) and N participants with every prompt of every exercise answered,
 * most readings done, most plans shared with the cohort, partners and a
 * few check-ins on their milestones.  The participants never log in, so
 * they get no password hash (argon2 for each would be the slow part).
 * Prints the cohort's id.
 */
#include "model/answer.h"
#include "core/buf.h"
#include "model/session.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A sentence or two per text answer, so the plans are of a real size. */
static const char *const prose[] = {
	"Find out whether a linear probe on the residual stream picks up "
	"the feature before the model states it, and write it up so that "
	"someone can repeat it in an afternoon.",
	"Two evenings a week, with a fixed slot on Saturday morning; the "
	"compute is a rented GPU for a few hours at a time, and the code "
	"lives on GitHub from the first day.",
	"I would like a short weekly message from a partner in the cohort "
	"asking what I shipped, and one pair session when I am stuck.",
};

/* The generated answer of each prompt, by index, for ref columns. */
struct made {
	const struct prompt *p;
	char *value;
};

static const char *ref_line(const struct made *m, size_t n,
			    const struct session *s, const char *ref, size_t r,
			    size_t *len)
{
	char name[64];
	const struct prompt *p;
	const char *v = NULL, *cur;
	struct span line;
	size_t i, k = 0;

	snprintf(name, sizeof(name), "%.*s", (int)strcspn(ref, "/"), ref);
	p = session_named_prompt(s, name);
	for (i = 0; p && i < n; i++)
		if (m[i].p == p)
			v = m[i].value;
	for (cur = v; cur && answer_next(&cur, &line); k++)
		if (k == r) {
			struct span c = answer_cell(line, 0);

			*len = c.n;
			return c.s;
		}
	*len = 0;
	return "";
}

/* Rows a table should have: one per item of rows_from, else 3 or min. */
static size_t table_rows(const struct made *m, size_t n,
			 const struct session *s, const struct prompt *p)
{
	const struct prompt *from = p->rows_from ?
		session_named_prompt(s, p->rows_from) : NULL;
	size_t i;

	for (i = 0; from && i < n; i++)
		if (m[i].p == from)
			return answer_count(m[i].value);
	if (p->kind == PROMPT_ROUNDS)
		return 4;
	return p->min_items > 3 ? (size_t)p->min_items : 3;
}

static void cell(struct buf *b, const struct made *m, size_t n,
		 const struct session *s, const struct prompt *p, size_t r,
		 size_t c, int start, size_t who)
{
	const struct column *col = &p->columns[c];
	const char *ref;
	size_t len;

	switch (col->type) {
	case COL_DATE:
		answer_put_date(b, start + 5 + 7 * (int)r);
		break;
	case COL_HOURS:
		buf_addf(b, "%zu", r % 3 + 2);
		break;
	case COL_NUMBER:
		buf_addf(b, "%zu", r + 2);
		break;
	case COL_SCALE:
		buf_addf(b, "%zu", (r + who) % 4);
		break;
	case COL_MARK:
		buf_adds(b, r ? "" : "yes");
		break;
	case COL_CHOICE:
		if (col->nr_options)
			buf_adds(b, col->options[r % col->nr_options]);
		break;
	case COL_REF:
		ref = ref_line(m, n, s, col->ref, r, &len);
		buf_add(b, ref, len);
		break;
	default:
		buf_addf(b, "Step %zu of %s: read, try it on a small model, "
			 "note what broke", r + 1, prompt_label(p));
	}
}

static void answer(struct buf *b, const struct made *m, size_t n,
		   const struct session *s, const struct prompt *p,
		   int start, size_t who)
{
	size_t rows, i, c;

	switch (p->kind) {
	case PROMPT_TEXT:
		buf_addf(b, "%s\n\n%s", prose[who % 3], prose[(who + 1) % 3]);
		return;
	case PROMPT_SPRINT:
		answer_put_date(b, start);
		buf_adds(b, "\t4\t5");
		return;
	case PROMPT_TABLE:
	case PROMPT_ROUNDS:
		rows = table_rows(m, n, s, p);
		for (i = 0; i < rows; i++) {
			for (c = 0; c < p->nr_columns; c++) {
				if (c)
					buf_addc(b, '\t');
				cell(b, m, n, s, p, i, c, start, who);
			}
			buf_addc(b, '\n');
		}
		return;
	default:
		for (i = 0; i < p->nr_options && i < 3; i++)
			buf_addf(b, "%s\n", p->options[i]);
		rows = p->min_items > 3 ? (size_t)p->min_items : 3;
		if (p->max_items && rows + i > (size_t)p->max_items)
			rows = (size_t)p->max_items > i ?
			       (size_t)p->max_items - i : 0;
		for (c = 0; c < rows; c++)
			buf_addf(b, "%s, idea %zu for participant %zu\n",
				 prompt_label(p), c + 1, who + 1);
	}
}

static int fail(struct store *st, const char *what)
{
	fprintf(stderr, "cohort-fill: %s: %s\n", what, store_errmsg(st));
	return 1;
}

int main(int argc, char **argv)
{
	struct session s = { 0 };
	struct import_error err;
	struct buf src = BUF_INIT, raw = BUF_INIT, val = BUF_INIT;
	struct store *st;
	struct user fac, u;
	struct cohort c = { 0 };
	struct made *m;
	char e[256], chunk[4096];
	size_t n, np = 0, who, i, j, k;
	int start, count;
	FILE *f;

	if (argc != 5 || (count = atoi(argv[4])) < 1) {
		fputs("usage: cohort-fill DB FACILITATOR_EMAIL SESSION.md N\n",
		      stderr);
		return 2;
	}
	if (!(f = fopen(argv[3], "rb")))
		return perror(argv[3]), 1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&src, chunk, n);
	fclose(f);
	if (session_parse(src.data, src.len, &s, &err))
		return fprintf(stderr, "%s\n", err.msg), 1;
	if (store_open(argv[1], &st, e, sizeof(e)) != STORE_OK)
		return fprintf(stderr, "%s\n", e), 1;
	if (store_user_by_email(st, argv[2], &fac) != STORE_OK)
		return fail(st, "no facilitator");
	if (session_sync_ids(st, &s) != STORE_OK)
		return fail(st, "session ids");
	for (i = 0; i < s.nr_exercises; i++)
		np += s.exercises[i].nr_prompts;
	m = calloc(np, sizeof(*m));
	/* A sprint that started ten days ago: running, check-ins due. */
	start = answer_today() - 10;

	snprintf(c.name, sizeof(c.name), "Benchmark cohort");
	c.number = s.number;
	c.created_by = fac.id;
	if (store_cohort_add(st, &c) != STORE_OK ||
	    store_member_put(st, c.id, fac.id, ROLE_FACILITATOR) != STORE_OK)
		return fail(st, "cohort");

	for (who = 0; who < (size_t)count; who++) {
		memset(&u, 0, sizeof(u));
		snprintf(u.email, sizeof(u.email), "p%zu@bench.example.org",
			 who + 1);
		snprintf(u.name, sizeof(u.name), "Participant %zu Ünal", who + 1);
		snprintf(u.pwhash, sizeof(u.pwhash), "!");
		if (store_user_add(st, &u) != STORE_OK ||
		    store_member_put(st, c.id, u.id, ROLE_PARTICIPANT) != STORE_OK)
			return fail(st, "participant");
		for (i = 0; i < s.nr_readings; i++)
			if ((i + who) % 5 &&
			    store_reading_done_put(st, u.id, s.number,
						   s.readings[i].id, 1) != STORE_OK)
				return fail(st, "reading");
		k = 0;
		for (i = 0; i < s.nr_exercises; i++) {
			const struct exercise *ex = &s.exercises[i];
			struct share sh = { .user = u.id, .number = s.number };

			for (j = 0; j < ex->nr_prompts; j++, k++) {
				const struct prompt *p = &ex->prompts[j];

				buf_reset(&raw);
				buf_reset(&val);
				answer(&raw, m, k, &s, p, start, who);
				if (answer_normalize(p->kind, raw.data, raw.len,
						     &val) ||
				    store_answer_put(st, u.id, s.number, p->id,
						     val.data, val.len) !=
				    STORE_OK)
					return fail(st, p->id);
				free(m[k].value);
				m[k].p = p;
				m[k].value = strdup(val.data);
				/* The first milestone gets a check-in from
				 * two participants in three. */
				if (p->budget && p->nr_columns && who % 3) {
					struct checkin ck = {
						.user = u.id, .number = s.number,
						.status = CHECKIN_ON_TRACK };
					struct span row, first;
					const char *cur = val.data;

					answer_next(&cur, &row);
					first = answer_cell(row, 0);
					snprintf(ck.prompt_id, sizeof(ck.prompt_id),
						 "%s", p->id);
					snprintf(ck.milestone, sizeof(ck.milestone),
						 "%.*s", (int)first.n, first.s);
					if (store_checkin_add(st, &ck, "Going "
							      "fine.") != STORE_OK)
						return fail(st, "checkin");
				}
			}
			snprintf(sh.exercise_id, sizeof(sh.exercise_id), "%s",
				 ex->id);
			sh.mode = (who + i) % 4 ? SHARE_COHORT : SHARE_PRIVATE;
			if (store_share_put(st, &sh) != STORE_OK)
				return fail(st, "share");
		}
		/* Each backs the next, asked and accepted. */
		if (who && (store_partner_act(st, c.id, u.id - 1, u.id,
					      u.id - 1, PARTNER_REQUEST,
					      NULL) != STORE_OK ||
			    store_partner_act(st, c.id, u.id - 1, u.id, u.id,
					      PARTNER_ACCEPT, NULL) != STORE_OK))
			return fail(st, "partner");
	}
	printf("%lld\n", (long long)c.id);
	for (k = 0; k < np; k++)
		free(m[k].value);
	free(m);
	store_close(st);
	session_release(&s);
	buf_release(&src);
	buf_release(&raw);
	buf_release(&val);
	return 0;
}
