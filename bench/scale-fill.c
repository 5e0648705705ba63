/*
 * scale-fill: the database of bench/scale.sh, written through the store's
 * API (not part of the app; linked with its objects like cohort-fill.c):
 *
 *   scale-fill DB NUMBER USERS COHORTS ANSWERS
 *
 * For the stored session NUMBER: USERS participants (no password hash:
 * they never log in), COHORTS cohorts sharing them out (each made by its
 * first member, who facilitates it), and about ANSWERS stored answers
 * counting their history: every participant answers every prompt of the
 * session, then saves it again in rounds more than STORE_VERSION_GAP
 * apart (the store's clock moved on), each round a new version.  The
 * writes are the API's own (store_user_add, store_cohort_add,
 * store_member_put, store_answers_put), a thousand participants to a
 * store_batch() transaction.  Prints the counts made.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 1000
#define T0 ((int64_t)1767225600)        /* 2026-01-01 */

struct fill {
	int number;
	long users, cohorts, rounds;
	char (*prompts)[STORE_ID_MAX + 1];
	size_t nr_prompts;
	long first, last;       /* this batch: participants [first, last) */
	int64_t *ids;           /* every participant's id, by index */
	long long answers;      /* out: answers and versions made */
};

static int on_prompt(void *ctx, const char *id, const char *text,
		     int archived)
{
	struct fill *f = ctx;

	(void)text;
	if (archived)
		return 0;
	f->prompts = realloc(f->prompts, (f->nr_prompts + 1) *
			     sizeof(*f->prompts));
	if (!f->prompts)
		return -1;
	snprintf(f->prompts[f->nr_prompts++], STORE_ID_MAX + 1, "%s", id);
	return 0;
}

/* The participants [first, last), each with every prompt answered. */
static int users_batch(struct store *st, void *ctx)
{
	struct fill *f = ctx;
	struct answer_put *v = calloc(f->nr_prompts, sizeof(*v));
	char (*text)[96] = calloc(f->nr_prompts, sizeof(*text));
	long i;
	size_t p;
	int ret = v && text ? STORE_OK : STORE_ERR;

	for (i = f->first; ret == STORE_OK && i < f->last; i++) {
		struct user u = { .pwhash = "-" };

		snprintf(u.email, sizeof(u.email), "u%ld@scale.example.org", i);
		snprintf(u.name, sizeof(u.name), "Participant %ld", i);
		store_set_clock(st, T0 + i % 86400);
		if ((ret = store_user_add(st, &u)) != STORE_OK)
			break;
		f->ids[i] = u.id;
		for (p = 0; p < f->nr_prompts; p++) {
			snprintf(text[p], sizeof(text[p]), "Participant %ld's"
				 " first answer to %s", i, f->prompts[p]);
			v[p] = (struct answer_put){ f->prompts[p], text[p],
						    strlen(text[p]) };
		}
		ret = store_answers_put(st, u.id, f->number, v,
					f->nr_prompts, NULL, NULL);
		f->answers += 2 * (long long)f->nr_prompts;
	}
	free(v);
	free(text);
	return ret;
}

/* Round r for the participants [first, last): a new version of each. */
static int round_batch(struct store *st, void *ctx)
{
	struct fill *f = ctx;
	struct answer_put *v = calloc(f->nr_prompts, sizeof(*v));
	char (*text)[96] = calloc(f->nr_prompts, sizeof(*text));
	long i;
	size_t p;
	int ret = v && text ? STORE_OK : STORE_ERR;

	for (i = f->first; ret == STORE_OK && i < f->last; i++) {
		for (p = 0; p < f->nr_prompts; p++) {
			snprintf(text[p], sizeof(text[p]), "Participant %ld's"
				 " answer to %s, round %ld", i, f->prompts[p],
				 f->rounds);
			v[p] = (struct answer_put){ f->prompts[p], text[p],
						    strlen(text[p]) };
		}
		ret = store_answers_put(st, f->ids[i], f->number, v,
					f->nr_prompts, NULL, NULL);
		f->answers += (long long)f->nr_prompts;
	}
	free(v);
	free(text);
	return ret;
}

/* Cohorts [first, last) of the COHORTS, each with its share of people. */
static int cohorts_batch(struct store *st, void *ctx)
{
	struct fill *f = ctx;
	long c, i, per = f->users / f->cohorts;
	int ret = STORE_OK;

	for (c = f->first; ret == STORE_OK && c < f->last; c++) {
		struct cohort co = { .number = f->number };

		snprintf(co.name, sizeof(co.name), "Cohort %ld", c);
		co.created_by = f->ids[c * per];
		if ((ret = store_cohort_add(st, &co)) != STORE_OK)
			break;
		for (i = c * per + 1; ret == STORE_OK && i < (c + 1) * per; i++)
			ret = store_member_put(st, co.id, f->ids[i],
					       ROLE_PARTICIPANT);
	}
	return ret;
}

static int run(struct store *st, store_batch_fn *fn, struct fill *f, long n,
	       const char *what)
{
	long at;
	int ret;

	for (at = 0; at < n; at += BATCH) {
		f->first = at;
		f->last = at + BATCH < n ? at + BATCH : n;
		if ((ret = store_batch(st, fn, f)) != STORE_OK) {
			fprintf(stderr, "scale-fill: %s %ld: %s\n", what, at,
				store_errmsg(st));
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct fill f = { 0 };
	struct store *st;
	long long want;
	char err[256];
	long r;

	if (argc != 6) {
		fputs("usage: scale-fill DB NUMBER USERS COHORTS ANSWERS\n",
		      stderr);
		return 2;
	}
	f.number = atoi(argv[2]);
	f.users = atol(argv[3]);
	f.cohorts = atol(argv[4]);
	want = atoll(argv[5]);
	if (f.users < 1 || f.cohorts < 1 || f.cohorts > f.users)
		return fputs("scale-fill: bad counts\n", stderr), 2;
	if (store_open(argv[1], &st, err, sizeof(err)) != STORE_OK)
		return fprintf(stderr, "scale-fill: %s\n", err), 1;
	if (store_prompt_list(st, f.number, on_prompt, &f) != STORE_OK ||
	    !f.nr_prompts)
		return fprintf(stderr, "scale-fill: session %d has no prompts"
			       "\n", f.number), 1;
	f.ids = calloc((size_t)f.users, sizeof(*f.ids));
	if (!f.ids)
		return 1;
	/* Rows per round: one version per prompt per participant; the
	 * first round also makes the answers themselves. */
	store_set_uncapped(st, 1);
	if (run(st, users_batch, &f, f.users, "participant"))
		return 1;
	if (run(st, cohorts_batch, &f, f.cohorts, "cohort"))
		return 1;
	for (r = 1; f.answers + (long long)f.users * (long long)f.nr_prompts
	     <= want; r++) {
		f.rounds = r;
		store_set_clock(st, T0 + 86400 + r * 3 * STORE_VERSION_GAP);
		if (run(st, round_batch, &f, f.users, "round"))
			return 1;
	}
	printf("participants %ld, cohorts %ld, prompts %zu, rounds %ld,"
	       " answers with history %lld\n", f.users, f.cohorts,
	       f.nr_prompts, f.rounds + 1, f.answers);
	store_close(st);
	free(f.ids);
	free(f.prompts);
	return 0;
}
