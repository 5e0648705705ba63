/*
 * The plan charts: what they draw, counted in the SVG text, and that a
 * participant's text is escaped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "model/answer.h"
#include "core/buf.h"
#include "export/svg.h"

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static struct column ms_cols[] = {
	{ .label = "Milestone", .type = COL_TEXT },
	{ .label = "By when", .type = COL_DATE },
	{ .label = "Hours", .type = COL_HOURS },
};

static const struct prompt milestones = {
	.id = "e2-milestones", .kind = PROMPT_TABLE, .budget = "sprint",
	.columns = ms_cols, .nr_columns = 3,
};

static int day(const char *ymd)
{
	int d = 0;

	assert_true(answer_date((struct span){ ymd, strlen(ymd) }, &d));
	return d;
}

/* The sprint 2026-12-01 .. 2026-12-28, four weeks of 4 hours. */
static struct sprint sprint4(void)
{
	return (struct sprint){ day("2026-12-01"), 4, 4.0 };
}

/* Everything the chart writes must be well-formed enough to count: one
 * svg, with role and label, closed. */
static void well_formed(const char *s)
{
	assert_int_equal(count(s, "<svg "), 1);
	assert_int_equal(count(s, "</svg>"), 1);
	assert_non_null(strstr(s, "role=\"img\""));
	assert_non_null(strstr(s, "aria-label=\""));
	assert_int_equal(count(s, "<title>"), count(s, "</title>"));
	assert_int_equal(count(s, "<text"), count(s, "</text>"));
	assert_int_equal(count(s, "<g>") + count(s, "<g "), count(s, "</g>"));
	/* No markup of ours went through the escaper by mistake. */
	assert_null(strstr(s, "=&quot;"));
}

static void test_timeline(void **state)
{
	struct sprint sp = sprint4();
	struct buf b = BUF_INIT;

	(void)state;
	svg_timeline(&b, &milestones,
		     "Read the papers\t2026-12-04\t6\n"
		     "First probe\t2026-12-15\t5\n"
		     "Write up\t2027-01-10\t4\n"
		     "No date yet\t\t1", &sp);
	well_formed(b.data);
	assert_int_equal(count(b.data, "class=\"tick\""), 5);  /* 4 weeks */
	assert_int_equal(count(b.data, "<circle class=\"ms\""), 2);
	assert_int_equal(count(b.data, "class=\"ms late\""), 1);
	assert_int_equal(count(b.data, "class=\"ms early\""), 0);
	/* The late one is drawn past the end and says so in words. */
	assert_non_null(strstr(b.data, ">Late: Write up · 2027-01-10 · 4 h<"));
	assert_non_null(strstr(b.data, "M"));
	{
		const char *p = strstr(b.data, "class=\"ms late\" d=\"M");
		int x = 0;

		assert_non_null(p);
		assert_int_equal(sscanf(p, "class=\"ms late\" d=\"M%d", &x), 1);
		assert_true(x > 500);   /* TL_X1, the sprint's last day */
	}
	assert_non_null(strstr(b.data, "1 without a date"));
	assert_non_null(strstr(b.data, "Week 4"));
	assert_null(strstr(b.data, "Week 5"));
	assert_non_null(strstr(b.data, ">2026-12-01<"));
	assert_non_null(strstr(b.data, ">2026-12-28<"));
	/* 16 hours: 6 + 5 + 4 + 1 = 16 planned, none over. */
	assert_non_null(strstr(b.data, "Hours: 16 planned of 16 budgeted "
			       "(4 weeks × 4 h) — 0 h to spare"));
	assert_null(strstr(b.data, "class=\"over\""));
	assert_non_null(strstr(b.data, "1 late, 0 before the start, "
			       "1 without a date"));
	buf_release(&b);
}

static void test_timeline_over_budget_and_early(void **state)
{
	struct sprint sp = { day("2026-12-01"), 2, 3.5 };
	struct buf b = BUF_INIT;

	(void)state;
	svg_timeline(&b, &milestones,
		     "Too soon\t2026-11-20\t2,5\n"
		     "Big step\t2026-12-10\t6", &sp);
	well_formed(b.data);
	assert_int_equal(count(b.data, "class=\"tick\""), 3);
	assert_int_equal(count(b.data, "class=\"ms early\""), 1);
	assert_non_null(strstr(b.data, ">Early: Too soon · 2026-11-20 · 2.5 h"));
	/* 8.5 planned of 7: the excess is drawn and stated. */
	assert_non_null(strstr(b.data, "Hours: 8.5 planned of 7 budgeted"));
	assert_non_null(strstr(b.data, ">1.5 h over budget</tspan>"));
	assert_int_equal(count(b.data, "<rect class=\"over\""), 1);
	assert_non_null(strstr(b.data, "over budget."));  /* in the label */
	buf_release(&b);
}

static void test_escaping(void **state)
{
	struct sprint sp = sprint4();
	struct buf b = BUF_INIT;
	struct column cols[] = {
		{ .label = "<script>goal</script>", .type = COL_TEXT },
		{ .label = "Fit \"now\"", .type = COL_SCALE },
	};
	const struct prompt fit = { .id = "e2-fit", .kind = PROMPT_TABLE,
		.label = "<b>fit</b>", .columns = cols, .nr_columns = 2 };

	(void)state;
	svg_timeline(&b, &milestones,
		     "<script>alert(1)</script>\t2026-12-02\t1\n"
		     "a & b\t2026-12-03", &sp);
	assert_null(strstr(b.data, "<script"));
	assert_non_null(strstr(b.data, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(b.data, "a &amp; b"));
	buf_reset(&b);
	svg_heatmap(&b, &fit, "<script>x</script>\t3");
	assert_null(strstr(b.data, "<script"));
	assert_null(strstr(b.data, "<b>"));
	assert_non_null(strstr(b.data, "<title>&lt;b&gt;fit&lt;/b&gt;</title>"));
	assert_non_null(strstr(b.data, "&lt;script&gt;x&lt;/script&gt;"));
	assert_non_null(strstr(b.data, "Fit &quot;now&quot;"));
	buf_reset(&b);
	svg_completeness(&b, "<script>", 1, 2);
	assert_null(strstr(b.data, "<script"));
	assert_non_null(strstr(b.data, "aria-label=\"&lt;script&gt;: 1 of 2"));
	buf_release(&b);
}

static void test_heatmap(void **state)
{
	struct column cols[] = {
		{ .label = "Goal", .type = COL_TEXT },
		{ .label = "Fit", .type = COL_SCALE },
		{ .label = "Why", .type = COL_TEXT },
	};
	const struct prompt fit = { .id = "e2-fit", .kind = PROMPT_TABLE,
		.columns = cols, .nr_columns = 3 };
	struct buf b = BUF_INIT;

	(void)state;
	svg_heatmap(&b, &fit,
		    "Show employers\t3\tthe report\n"
		    "Learn a skill\t1\n"
		    "Hypotheses\tpartly\n"
		    "Move research\t0\n"
		    "Portfolio");
	well_formed(b.data);
	assert_int_equal(count(b.data, "<g class=\"hm-row\">"), 5);
	assert_int_equal(count(b.data, "<rect class=\"cell "), 5);
	assert_int_equal(count(b.data, "class=\"cell s3\""), 1);
	assert_int_equal(count(b.data, "class=\"cell s2\""), 1);
	assert_int_equal(count(b.data, "class=\"cell s1\""), 1);
	assert_int_equal(count(b.data, "class=\"cell s0\""), 1);
	assert_int_equal(count(b.data, "class=\"cell s9\""), 1);
	/* Each cell names its rating (plus the four in the legend). */
	assert_int_equal(count(b.data, ">well</text>"), 1);
	assert_int_equal(count(b.data, ">poorly</text>"), 1);
	assert_int_equal(count(b.data, ">not rated</text>"), 1);
	assert_int_equal(count(b.data, ">3 well</text>"), 1);
	assert_non_null(strstr(b.data, "5 rows rated on 1 column: 1 well, "
			       "1 partly, 1 poorly, 1 not at all, 1 not rated"));
	buf_release(&b);
}

static void test_completeness(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	svg_completeness(&b, "Make your project awesome", 3, 4);
	well_formed(b.data);
	assert_non_null(strstr(b.data, "aria-label=\"Make your project "
			       "awesome: 3 of 4 (75%)\""));
	assert_non_null(strstr(b.data, "class=\"done\" x=\"0\" y=\"4\" "
			       "width=\"180\""));   /* 3/4 of 240 */
	buf_reset(&b);
	svg_completeness(&b, "Empty", 0, 0);
	assert_non_null(strstr(b.data, ">0 of 0 (0%)<"));
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_timeline_over_budget_and_early),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_heatmap),
		cmocka_unit_test(test_completeness),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
