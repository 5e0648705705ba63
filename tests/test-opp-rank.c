/*
 * Unit tests for "for your plan" (src/model/opp-rank.c): a hand-built
 * board ranked for a hand-built plan, the order and the reasons worked
 * out by hand below; ties; the role rule's tolerance; the person's caps;
 * the top K against a full sort of a large random board, fed in any
 * order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"
#include "model/opp-rank.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define TODAY 20000

/* id, agendas, roles, remote, deadline (days from TODAY; 0: none) */
#define OPP(i, a, r, rem, d) { .id = i, .title = (char *)"Opening " #i, \
	.organisation = (char *)"Org", .url = (char *)"https://x.org/" #i, \
	.kind = (char *)"job", .location = (char *)"", .agendas = (char *)a, \
	.roles = (char *)r, .remote = rem, .deadline = (d) ? TODAY + (d) : 0 }

static const struct opportunity board[] = {
	/* interpretability 30, evaluations 30, research engineer 20 = 80 */
	OPP(1, "interpretability\nevaluations", "Research engineer", 0, 40),
	/* interpretability 30, research-engineer 20, remote 5, in 3 days
	 * 5 = 60 */
	OPP(2, "interpretability", "research-engineer", 1, 3),
	/* governance (the profile's) 30; "policy researcher" is not in
	 * "policy or governance researcher" = 30, no deadline */
	OPP(3, "governance", "Policy researcher", 0, 0),
	/* remote and soon, but nothing shared: not ranked */
	OPP(4, "agent-foundations", "Research scientist", 1, 2),
	/* evaluations 30, "engineer" in "research engineer" 20 = 50 */
	OPP(5, "evaluations", "Engineer", 0, 20),
	/* interpretability 30, remote 5, in 3 days 5 = 40: ties with 7 by
	 * deadline too, so by id */
	OPP(6, "interpretability", "", 1, 3),
	OPP(7, "evaluations", "", 1, 3),
	/* evaluations 30, tomorrow 5 = 35 */
	OPP(8, "evaluations", "", 0, 1),
	/* evaluations 30 in a month: before 3 (30, no deadline) */
	OPP(9, "evaluations", "", 0, 30),
	/* field builder, in the profile's roles, 20 */
	OPP(10, "", "Field builder", 0, 60),
	/* two roles of the career plan 40, no deadline: after 6 and 7 */
	OPP(11, "", "Grantmaker\nResearch engineer\ngrantmaker", 0, 0),
};

static const long long expected[] = { 1, 2, 5, 6, 7, 11, 8, 9, 3, 10 };

static void plan(struct opp_me *me)
{
	opp_me_init(me);
	opp_me_agendas(me, "interpretability\nevaluations", OPP_FROM_PROJECT);
	opp_me_roles(me, "Research engineer\nGrantmaker\nPolicy or governance "
		     "researcher", OPP_FROM_CAREER);
	opp_me_agendas(me, "governance", OPP_FROM_PROFILE);
	opp_me_roles(me, "Field-builder or community organiser",
		     OPP_FROM_PROFILE);
}

/* The top k of the board fed in order, or backwards. */
static struct opp_top *rank(const struct opp_me *me, size_t k, int back)
{
	struct opp_top *t = malloc(sizeof(*t));

	assert_non_null(t);
	opp_top_init(t, me, TODAY, k);
	for (size_t i = 0; i < N(board); i++)
		opp_top_offer(t, &board[back ? N(board) - 1 - i : i]);
	return t;
}

static void test_order(void **state)
{
	struct opp_me me;

	(void)state;
	plan(&me);
	for (int back = 0; back < 2; back++) {
		struct opp_top *t = rank(&me, 10, back);

		assert_int_equal(t->n, N(expected));
		for (size_t i = 0; i < t->n; i++)
			assert_int_equal(opp_top_get(t, i)->o.id, expected[i]);
		assert_int_equal(opp_top_get(t, 0)->s.score, 80);
		assert_int_equal(opp_top_get(t, 1)->s.score, 60);
		assert_null(opp_top_get(t, t->n));
		free(t);
		/* the best 3 are the same 3, whatever came first */
		t = rank(&me, 3, back);
		assert_int_equal(t->n, 3);
		for (size_t i = 0; i < 3; i++)
			assert_int_equal(opp_top_get(t, i)->o.id, expected[i]);
		free(t);
	}
}

/* The reasons of opening `id` in words. */
static void why_is(const struct opp_top *t, long long id, const char *want)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < t->n; i++) {
		const struct opp_ranked *r = opp_top_get(t, i);

		if (r->o.id != id)
			continue;
		opp_why(&b, &r->s, NULL);
		assert_string_equal(b.data, want);
		buf_release(&b);
		return;
	}
	fail_msg("opening %lld not ranked", id);
}

static void test_reasons(void **state)
{
	struct opp_me me;
	struct opp_top *t;

	(void)state;
	plan(&me);
	t = rank(&me, 10, 1);
	why_is(t, 1, "On interpretability and evaluations, which your project "
	       "plan picks (+60); for research engineer, a role in your "
	       "career plan (+20).");
	why_is(t, 2, "On interpretability, which your project plan picks "
	       "(+30); for research-engineer, a role in your career plan "
	       "(+20); remote (+5); the deadline is in 3 days (+5).");
	why_is(t, 3, "On governance, which your profile picks (+30).");
	why_is(t, 5, "On evaluations, which your project plan picks (+30); "
	       "for engineer, a role in your career plan (+20).");
	why_is(t, 8, "On evaluations, which your project plan picks (+30); "
	       "the deadline is tomorrow (+5).");
	why_is(t, 10, "For field builder, a role in your profile (+20).");
	why_is(t, 11, "For grantmaker and research engineer, roles in your "
	       "career plan (+40).");
	/* every point has its reason */
	for (size_t i = 0; i < t->n; i++) {
		const struct opp_ranked *r = opp_top_get(t, i);
		int sum = 0;

		for (size_t j = 0; j < r->s.nr_reasons; j++)
			sum += r->s.reasons[j].points;
		assert_int_equal(sum, r->s.score);
		assert_true(r->s.eligible);
	}
	free(t);
}

/* The store's narrow walk: only what scoring reads; the winners are
 * then given whole, in any order, and keep their place and reasons. */
static void test_fill(void **state)
{
	struct opp_top *t = malloc(sizeof(*t));
	struct opp_me me;
	struct buf b = BUF_INIT;

	(void)state;
	assert_non_null(t);
	plan(&me);
	opp_top_init(t, &me, TODAY, 3);
	for (size_t i = 0; i < N(board); i++) {
		struct opportunity o = board[i];

		o.title = o.organisation = o.url = o.kind = o.location = NULL;
		opp_top_offer(t, &o);
	}
	assert_int_equal(t->n, 3);
	assert_string_equal(opp_top_get(t, 0)->o.url, "");
	for (size_t i = N(board); i-- > 0;)
		assert_int_equal(opp_top_fill(t, &board[i]),
				 board[i].id == 1 || board[i].id == 2 ||
				 board[i].id == 5);
	for (size_t i = 0; i < 3; i++) {
		const struct opp_ranked *r = opp_top_get(t, i);

		assert_int_equal(r->o.id, expected[i]);
		assert_string_equal(r->o.url, board[expected[i] - 1].url);
	}
	opp_why(&b, &opp_top_get(t, 1)->s, NULL);
	assert_string_equal(b.data, "On interpretability, which your project "
			    "plan picks (+30); for research-engineer, a role "
			    "in your career plan (+20); remote (+5); the "
			    "deadline is in 3 days (+5).");
	buf_release(&b);
	free(t);
}

/* An agenda in the plan and the profile says both; catalog titles. */
static void test_sources_and_titles(void **state)
{
	static const struct opportunity o = OPP(1, "interpretability\n"
						"evaluations", "", 0, 0);
	struct agenda ag[] = { { .id = (char *)"interpretability",
				 .title = (char *)"Interpretability" } };
	struct agenda_catalog c = { .agendas = ag, .nr_agendas = 1 };
	struct opp_me me;
	struct opp_score s;
	struct buf b = BUF_INIT;

	(void)state;
	opp_me_init(&me);
	opp_me_agendas(&me, "interpretability", OPP_FROM_PROJECT);
	opp_me_agendas(&me, "evaluations\ninterpretability", OPP_FROM_PROFILE);
	opp_me_agendas(&me, "interpretability", OPP_FROM_CAREER);
	assert_int_equal(me.nr_agendas, 2);
	assert_int_equal(opp_score(&me, &o, TODAY, &s), 60);
	opp_why(&b, &s, &c);
	assert_string_equal(b.data, "On Interpretability, which your career "
			    "plan, your project plan and your profile pick "
			    "(+30); on evaluations, which your profile picks "
			    "(+30).");
	buf_release(&b);
}

/* Does an opening for `role` match the plan line `line`? */
static int role_matches(const char *line, const char *role)
{
	struct opportunity o = OPP(1, "", role, 0, 0);
	struct opp_me me;
	struct opp_score s;

	opp_me_init(&me);
	opp_me_roles(&me, line, OPP_FROM_CAREER);
	opp_score(&me, &o, TODAY, &s);
	return s.eligible;
}

static void test_role_rule(void **state)
{
	(void)state;
	assert_true(role_matches("Research engineer", "research engineer"));
	assert_true(role_matches("RESEARCH   ENGINEER ", "Research engineer"));
	assert_true(role_matches("I want to be a research-engineer at a lab",
				 "Research Engineer"));
	assert_true(role_matches("ML research engineers", "research engineer"));
	assert_true(role_matches("Communicator or writer", "Writer"));
	assert_true(role_matches("Ingénieur de recherche",
				 "ingénieur de recherche"));
	assert_false(role_matches("research engineering", "research engineer"));
	assert_false(role_matches("engineer", "Research engineer"));
	assert_false(role_matches("researcher", "research"));
	assert_false(role_matches("Policy or governance researcher",
				  "Policy researcher"));
	assert_false(role_matches("", "Writer"));
	assert_false(role_matches("Writer", " - "));
}

static void test_caps(void **state)
{
	struct buf lines = BUF_INIT;
	struct opp_me me;
	char long_line[400];

	(void)state;
	opp_me_init(&me);
	for (int i = 0; i < 30; i++)
		buf_addf(&lines, "agenda-%c%c\n", 'a' + i / 26, 'a' + i % 26);
	buf_adds(&lines, "Not an id\n\n  \n");
	opp_me_agendas(&me, lines.data, OPP_FROM_PROJECT);
	assert_int_equal(me.nr_agendas, OPP_RANK_MAX_AGENDAS);
	assert_string_equal(me.agendas[0], "agenda-aa");
	opp_me_roles(&me, lines.data, OPP_FROM_CAREER);
	assert_int_equal(me.nr_roles, OPP_RANK_MAX_ROLES);
	assert_string_equal(me.roles[0], "agenda aa");
	buf_release(&lines);
	/* a long line: its first OPP_RANK_ROLE_MAX bytes */
	opp_me_init(&me);
	memset(long_line, 'x', sizeof(long_line) - 1);
	long_line[sizeof(long_line) - 1] = '\0';
	opp_me_roles(&me, long_line, OPP_FROM_CAREER);
	assert_int_equal(strlen(me.roles[0]), OPP_RANK_ROLE_MAX);
	/* k is capped */
	{
		struct opp_top *t = malloc(sizeof(*t));

		assert_non_null(t);
		opp_top_init(t, &me, TODAY, 1000);
		assert_int_equal(t->k, OPP_RANK_MAX_TOP);
		opp_top_init(t, &me, TODAY, 0);
		opp_top_offer(t, &board[0]);
		assert_int_equal(t->n, 0);
		free(t);
	}
}

/* ---- the top K against a full sort ---- */

struct scored {
	int score, deadline;
	long long id;
};

static int by_rank(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	unsigned dx = x->deadline ? (unsigned)x->deadline : ~0u;
	unsigned dy = y->deadline ? (unsigned)y->deadline : ~0u;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void test_top_k_random(void **state)
{
	static const char *const agendas[] = {
		"interpretability", "evaluations", "governance", "control",
		"interpretability\nevaluations", "",
	};
	static const char *const roles[] = {
		"Research engineer", "Grantmaker", "Founder", "", "Operations",
	};
	enum { NR = 20000 };
	struct opportunity *v = calloc(NR, sizeof(*v));
	struct scored *all = calloc(NR, sizeof(*all));
	struct opp_top *t = malloc(sizeof(*t));
	struct opp_score s;
	struct opp_me me;
	size_t n = 0;

	(void)state;
	assert_true(v && all && t);
	plan(&me);
	srand(7);
	for (size_t i = 0; i < NR; i++) {
		int order = rand() % 2;

		/* ids not in walk order: ties must not depend on it */
		v[i] = (struct opportunity)OPP(0, agendas[rand() % 6],
					       roles[rand() % 5],
					       rand() % 2, rand() % 40);
		v[i].id = order ? (long long)(NR - i) : (long long)(NR + i);
		if (opp_score(&me, &v[i], TODAY, &s), s.eligible)
			all[n++] = (struct scored){ s.score, v[i].deadline,
						    v[i].id };
	}
	qsort(all, n, sizeof(*all), by_rank);
	opp_top_init(t, &me, TODAY, OPP_RANK_MAX_TOP);
	for (size_t i = 0; i < NR; i++)
		opp_top_offer(t, &v[i]);
	assert_int_equal(t->n, OPP_RANK_MAX_TOP);
	for (size_t i = 0; i < t->n; i++) {
		assert_int_equal(opp_top_get(t, i)->o.id, all[i].id);
		assert_int_equal(opp_top_get(t, i)->s.score, all[i].score);
	}
	free(v);
	free(all);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_sources_and_titles),
		cmocka_unit_test(test_role_rule),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_top_k_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
