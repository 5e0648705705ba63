/*
 * Unit tests for matching (src/model/match.c): a hand-built population
 * whose ranking and reasons are worked out by hand below, the rules of
 * eligibility, symmetry, time-zone overlap, profile caps, and the cost
 * on a large population.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define LIST(...) (const char *const[]){ __VA_ARGS__ }, \
	N(((const char *const[]){ __VA_ARGS__ }))
#define NONE NULL, 0

/*
 * Me: works on interpretability and evaluations, aims at research
 * engineering, offers C and technical writing, wants Python and PyTorch,
 * lives at UTC+1, looks for a partner and for a mentor.
 */
static const struct match_profile me = {
	1, LIST("interpretability", "evaluations"), LIST("Research engineer"),
	LIST("C", "Technical writing"), LIST("Python", "PyTorch"),
	60, MATCH_OPEN_PARTNER | MATCH_OPEN_MENTEE, 0, 0,
};

enum { ME, ADA, BO, CY, DI, ED, FA, GI, POP };

static const struct match_profile pop[POP] = {
	/* me again: never my own suggestion */
	[ME] = { 1, LIST("interpretability", "evaluations"),
		 LIST("Research engineer"), LIST("C", "Technical writing"),
		 LIST("Python", "PyTorch"), 60,
		 MATCH_OPEN_PARTNER | MATCH_OPEN_MENTEE, 0, 0 },
	/* 2 agendas 60, role 10, offers Python 20, wants my writing 20,
	 * partner 10, UTC+0: 13 h shared, 26 = 146 */
	[ADA] = { 2, LIST("interpretability", "evaluations", "governance"),
		  LIST("research engineer"), LIST(" python ", "Statistics"),
		  LIST("technical WRITING"), 0, MATCH_OPEN_PARTNER, 0, 0 },
	/* evaluations 30, offers PyTorch 20, mentors with 1 place 25,
	 * UTC-8: 5 h shared, 10 = 85 */
	[BO] = { 3, LIST("evaluations"), NONE, LIST("PyTorch"), NONE, -480,
		 MATCH_OPEN_MENTOR, 2, 1 },
	/* a mentor with no place left, not looking for a partner: shares
	 * interpretability and my day, but nothing to do together */
	[CY] = { 4, LIST("interpretability"), NONE, LIST("Python"), NONE, 60,
		 MATCH_OPEN_MENTOR, 1, 1 },
	/* a partner in my time zone with nothing in common: time zones
	 * alone make no suggestion */
	[DI] = { 5, LIST("governance"), LIST("Grantmaker"), LIST("Law"),
		 NONE, 60, MATCH_OPEN_PARTNER, 0, 0 },
	/* interpretability 30, Python 20, partner 10, UTC+9: 6 h, 12 = 72 */
	[ED] = { 60, LIST("interpretability"), NONE, LIST("Python"), NONE,
		 540, MATCH_OPEN_PARTNER, 0, 0 },
	/* the same at UTC+5:30: 9.5 h, 19 = 79 */
	[FA] = { 7, LIST("interpretability"), NONE, LIST("Python"), NONE,
		 330, MATCH_OPEN_PARTNER, 0, 0 },
	/* Ed's twin, 72 too: the lower id ranks first, whatever the order */
	[GI] = { 16, LIST("interpretability"), NONE, LIST("Python"), NONE,
		 540, MATCH_OPEN_PARTNER, 0, 0 },
};

static void reason_is(const struct match_result *r, size_t i,
		      enum match_reason_kind kind, const char *what, int n,
		      int points)
{
	assert_true(i < r->nr_reasons);
	if (r->reasons[i].kind != kind)
		print_error("reason %zu is %s, want %s\n", i,
			    match_reason_name(r->reasons[i].kind),
			    match_reason_name(kind));
	assert_int_equal(r->reasons[i].kind, kind);
	if (what)
		assert_string_equal(r->reasons[i].what, what);
	else
		assert_null(r->reasons[i].what);
	assert_int_equal(r->reasons[i].n, n);
	assert_int_equal(r->reasons[i].points, points);
}

static int sum_points(const struct match_result *r)
{
	size_t i;
	int sum = 0;

	for (i = 0; i < r->nr_reasons; i++)
		sum += r->reasons[i].points;
	return sum;
}

static void test_ranking(void **state)
{
	struct match_result out[MATCH_MAX_SUGGESTIONS];
	static const long long want[] = { 2, 3, 7, 16, 60 };
	static const int scores[] = { 146, 85, 79, 72, 72 };
	size_t n, i;

	(void)state;
	n = match_suggest(&me, pop, POP, out, MATCH_MAX_SUGGESTIONS);
	assert_int_equal(n, N(want));
	for (i = 0; i < n; i++) {
		if (out[i].who->id != want[i])
			print_error("rank %zu: id %lld, want %lld\n", i,
				    out[i].who->id, want[i]);
		assert_int_equal(out[i].who->id, want[i]);
		assert_int_equal(out[i].score, scores[i]);
		assert_int_equal(sum_points(&out[i]), out[i].score);
		assert_true(out[i].eligible);
	}
	/* fewer asked: the best ones, in the same order */
	assert_int_equal(match_suggest(&me, pop, POP, out, 2), 2);
	assert_int_equal(out[0].who->id, 2);
	assert_int_equal(out[1].who->id, 3);
	assert_int_equal(match_suggest(&me, pop, POP, out, 0), 0);
	assert_int_equal(match_suggest(&me, pop, 0, out, 5), 0);
}

/* "You both work on interpretability; she offers Python, which you want;
 * 13 h of shared daytime": every reason, in order, with its points. */
static void test_reasons(void **state)
{
	struct match_result r;

	(void)state;
	assert_int_equal(match_score(&me, &pop[ADA], &r), 146);
	assert_int_equal(r.nr_reasons, 7);
	reason_is(&r, 0, MATCH_SHARED_AGENDA, "interpretability", 0, 30);
	reason_is(&r, 1, MATCH_SHARED_AGENDA, "evaluations", 0, 30);
	reason_is(&r, 2, MATCH_SHARED_ROLE, "Research engineer", 0, 10);
	reason_is(&r, 3, MATCH_THEY_OFFER, "Python", 0, 20);
	reason_is(&r, 4, MATCH_YOU_OFFER, "Technical writing", 0, 20);
	reason_is(&r, 5, MATCH_PARTNER, NULL, 0, 10);
	reason_is(&r, 6, MATCH_DAYTIME, NULL, 780, 26);

	assert_int_equal(match_score(&me, &pop[BO], &r), 85);
	assert_int_equal(r.nr_reasons, 4);
	reason_is(&r, 0, MATCH_SHARED_AGENDA, "evaluations", 0, 30);
	reason_is(&r, 1, MATCH_THEY_OFFER, "PyTorch", 0, 20);
	reason_is(&r, 2, MATCH_THEY_MENTOR, NULL, 1, 25);
	reason_is(&r, 3, MATCH_DAYTIME, NULL, 300, 10);

	/* Bo's side of it: I want what Bo mentors in */
	assert_int_equal(match_score(&pop[BO], &me, &r), 85);
	reason_is(&r, 1, MATCH_YOU_OFFER, "PyTorch", 0, 20);
	reason_is(&r, 2, MATCH_YOU_MENTOR, NULL, 1, 25);
	assert_true(r.eligible);

	assert_string_equal(match_reason_name(MATCH_THEY_OFFER), "they-offer");
	assert_string_equal(match_reason_name(MATCH_DAYTIME), "daytime");
}

static void test_not_eligible(void **state)
{
	struct match_result r;

	(void)state;
	/* full mentor: shared agenda and day, no purpose */
	assert_int_equal(match_score(&me, &pop[CY], &r), 30 + 20 + 28);
	assert_false(r.eligible);
	/* purpose and day, nothing shared */
	assert_int_equal(match_score(&me, &pop[DI], &r), 10 + 28);
	assert_false(r.eligible);
	/* myself, as another record with my id */
	match_score(&me, &pop[ME], &r);
	assert_false(r.eligible);
	match_score(&me, &me, &r);
	assert_false(r.eligible);
	/* a mentor with capacity 0 is no mentor */
	{
		struct match_profile m = pop[BO];

		m.mentor_capacity = 0;
		m.mentees = 0;
		match_score(&me, &m, &r);
		assert_false(r.eligible);
		m.mentees = 5;
		m.mentor_capacity = 3;
		match_score(&me, &m, &r);
		assert_false(r.eligible);
	}
}

/* The same item twice, or in another case, counts once. */
static void test_duplicates_and_case(void **state)
{
	const struct match_profile a = {
		10, LIST("control", "control"), LIST("Grantmaker", " grantmaker"),
		NONE, LIST("Python", "PYTHON", "python "), 0,
		MATCH_OPEN_PARTNER, 0, 0,
	};
	const struct match_profile b = {
		11, LIST("control", "Control"), LIST("GRANTMAKER"),
		LIST("python", "Python"), NONE, 0, MATCH_OPEN_PARTNER, 0, 0,
	};
	struct match_result r;

	(void)state;
	/* agenda ids are exact: "Control" is another id */
	assert_int_equal(match_score(&a, &b, &r),
			 30 + 10 + 20 + 10 + 2 * 14);
	reason_is(&r, 0, MATCH_SHARED_AGENDA, "control", 0, 30);
	reason_is(&r, 1, MATCH_SHARED_ROLE, "Grantmaker", 0, 10);
	reason_is(&r, 2, MATCH_THEY_OFFER, "Python", 0, 20);
	assert_int_equal(match_score(&b, &a, &r), 30 + 10 + 20 + 10 + 2 * 14);
}

static void test_symmetric(void **state)
{
	struct match_result r1, r2;
	size_t i, j;

	(void)state;
	for (i = 0; i < POP; i++)
		for (j = 0; j < POP; j++) {
			match_score(&pop[i], &pop[j], &r1);
			match_score(&pop[j], &pop[i], &r2);
			assert_int_equal(r1.score, r2.score);
			assert_int_equal(r1.eligible, r2.eligible);
			assert_int_equal(r1.nr_reasons, r2.nr_reasons);
		}
}

static void test_daytime(void **state)
{
	static const struct {
		int a, b, minutes;
	} cases[] = {
		{ 0, 0, 840 },
		{ 60, 0, 780 },
		{ 60, -480, 300 },      /* Berlin and California: 5 h */
		{ 60, 540, 360 },       /* Berlin and Tokyo */
		{ 330, 0, 510 },        /* India's half hour */
		{ 0, 720, 240 },        /* twelve hours apart: evening and morning */
		{ 840, -720, 720 },     /* a day and two hours: two hours */
		{ -720, -720, 840 },
		{ 0, 600, 240 },
		{ 0, -600, 240 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		int got = match_daytime_overlap(cases[i].a, cases[i].b);

		if (got != cases[i].minutes)
			print_error("%d/%d: %d\n", cases[i].a, cases[i].b, got);
		assert_int_equal(got, cases[i].minutes);
		assert_int_equal(match_daytime_overlap(cases[i].b, cases[i].a),
				 cases[i].minutes);
	}
}

static void test_profile_problem(void **state)
{
	struct match_profile p = pop[ADA];
	const char *const many[MATCH_MAX_AGENDAS + 1] = {
		"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k",
	};
	const char *const blank[] = { "ok", "  " };

	(void)state;
	assert_null(match_profile_problem(&me));
	assert_null(match_profile_problem(&p));
	p.agendas = many;
	p.nr_agendas = N(many);
	assert_non_null(match_profile_problem(&p));
	p.nr_agendas = MATCH_MAX_AGENDAS;
	assert_null(match_profile_problem(&p));
	p.offers = blank;
	p.nr_offers = 2;
	assert_non_null(match_profile_problem(&p));
	p = pop[ADA];
	p.wants = NULL;
	assert_non_null(match_profile_problem(&p));
	p = pop[ADA];
	p.utc_offset = 841;
	assert_non_null(match_profile_problem(&p));
	p.utc_offset = -721;
	assert_non_null(match_profile_problem(&p));
	p.utc_offset = 0;
	p.mentees = -1;
	assert_non_null(match_profile_problem(&p));
}

/* A long list is looked at only as far as its cap. */
static void test_caps_in_scoring(void **state)
{
	const char *long_list[MATCH_MAX_AGENDAS + 5];
	char names[MATCH_MAX_AGENDAS + 5][8];
	struct match_profile a = pop[ADA], b = pop[ADA];
	struct match_result r;
	size_t i;

	(void)state;
	for (i = 0; i < N(long_list); i++) {
		snprintf(names[i], sizeof(names[i]), "a%zu", i);
		long_list[i] = names[i];
	}
	a.agendas = b.agendas = long_list;
	a.nr_agendas = b.nr_agendas = N(long_list);
	a.id = 100;
	match_score(&a, &b, &r);
	assert_int_equal(r.reasons[MATCH_MAX_AGENDAS].kind, MATCH_SHARED_ROLE);
	assert_true(r.nr_reasons <= MATCH_MAX_REASONS);
}

/*
 * A population of 200,000 (a little over the scale benchmark's 100k
 * users): one query scores each once.  The time is printed, for the
 * record; the test is that half the population takes about half as long
 * (linear, not quadratic), with room for a noisy machine.
 */
static double seconds(const struct match_profile *p, size_t n,
		      struct match_result *out, size_t *found)
{
	struct timespec t0, t1;
	double best = 1e9;
	int round;

	for (round = 0; round < 3; round++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		*found = match_suggest(&me, p, n, out, 20);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double s = (double)(t1.tv_sec - t0.tv_sec) +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (s < best)
			best = s;
	}
	return best;
}

static void test_linear_cost(void **state)
{
	static const char *const agendas[] = {
		"interpretability", "evaluations", "governance", "control",
		"cooperative-ai", "model-organisms",
	};
	static const char *const skills[] = {
		"Python", "PyTorch", "C", "Law", "Statistics", "Writing",
	};
	const size_t n = 200000;
	struct match_profile *p = calloc(n, sizeof(*p));
	struct match_result *out = calloc(20, sizeof(*out));
	size_t i, found_half, found_all;
	double half, all;

	(void)state;
	assert_non_null(p);
	assert_non_null(out);
	for (i = 0; i < n; i++) {
		p[i].id = (long long)i + 100;
		p[i].agendas = agendas + i % 5;
		p[i].nr_agendas = 2;
		p[i].offers = skills + i % 4;
		p[i].nr_offers = 3;
		p[i].wants = skills + (i / 7) % 5;
		p[i].nr_wants = 2;
		p[i].utc_offset = (int)(i % 27) * 60 - 720;
		p[i].open = (unsigned)(i % 8);
		p[i].mentor_capacity = (int)(i % 3);
	}
	half = seconds(p, n / 2, out, &found_half);
	all = seconds(p, n, out, &found_all);
	print_message("match_suggest: %zu profiles in %.1f ms (%.0f ns each), "
		      "%zu in %.1f ms\n", n, all * 1e3, all * 1e9 / (double)n,
		      n / 2, half * 1e3);
	assert_int_equal(found_all, 20);
	assert_int_equal(found_half, 20);
	for (i = 1; i < found_all; i++)
		assert_true(out[i - 1].score >= out[i].score);
	assert_true(all < 4 * half + 0.01);
	free(p);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranking),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_not_eligible),
		cmocka_unit_test(test_duplicates_and_case),
		cmocka_unit_test(test_symmetric),
		cmocka_unit_test(test_daytime),
		cmocka_unit_test(test_profile_problem),
		cmocka_unit_test(test_caps_in_scoring),
		cmocka_unit_test(test_linear_cost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
