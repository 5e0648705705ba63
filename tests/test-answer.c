/* Unit tests for answer.c: answer normal form and the cell readers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "model/answer.h"
#include "core/buf.h"

static void norm_is(enum prompt_kind kind, const char *in, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(answer_normalize(kind, in, strlen(in), &b), 0);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

static struct span sp(const char *s)
{
	return (struct span){ s, strlen(s) };
}

static void test_normal_text(void **state)
{
	(void)state;
	norm_is(PROMPT_TEXT, "", "");
	norm_is(PROMPT_TEXT, "\n\n  \n", "");
	/* CRLF and CR end lines; trailing blanks go, leading spaces stay,
	 * inner blank lines stay, blank lines at the ends go. */
	norm_is(PROMPT_TEXT, "\r\n  one  \r\n\r\n\rtwo\t\n\n",
		"  one\n\n\ntwo");
	/* Control characters are dropped; tabs become spaces. */
	norm_is(PROMPT_TEXT, "a\x01" "b\x7f\tc", "ab c");
	norm_is(PROMPT_TEXT, "<script>&amp; \xf0\x9f\x99\x82",
		"<script>&amp; \xf0\x9f\x99\x82");
}

static void test_normal_items(void **state)
{
	(void)state;
	norm_is(PROMPT_LIST, "  one \n\n\n two\r\n\t\n", "one\ntwo");
	norm_is(PROMPT_CHECKLIST, "a\tb", "a b");
	norm_is(PROMPT_RANKED, "\n\nx\n", "x");
}

static void test_normal_rows(void **state)
{
	(void)state;
	norm_is(PROMPT_TABLE, " a \t b \t \t\n\t\t\n\tc\n", "a\tb\n\tc");
	norm_is(PROMPT_ROUNDS, "x\t\ty\n", "x\t\ty");
	norm_is(PROMPT_SPRINT, "2026-12-01\t4\t6", "2026-12-01\t4\t6");
}

static void test_rejects_bad_utf8(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(answer_normalize(PROMPT_TEXT, "a\xff", 2, &b), -1);
	assert_int_equal(b.len, 0);
	assert_int_equal(answer_normalize(PROMPT_TEXT, "\xc3", 1, &b), -1);
	buf_release(&b);
}

static void test_lines_and_cells(void **state)
{
	const char *v = "one\n\nthree", *cur = v;
	struct span l, c;

	(void)state;
	assert_true(answer_next(&cur, &l));
	assert_int_equal(l.n, 3);
	assert_true(answer_next(&cur, &l));
	assert_int_equal(l.n, 0);
	assert_true(answer_next(&cur, &l));
	assert_memory_equal(l.s, "three", 5);
	assert_false(answer_next(&cur, &l));
	assert_int_equal(answer_count(v), 2);
	assert_int_equal(answer_count(NULL), 0);
	assert_true(answer_has_line(v, "three", 5));
	assert_false(answer_has_line(v, "thre", 4));

	c = answer_cell(sp("a\t\tc"), 0);
	assert_int_equal(c.n, 1);
	c = answer_cell(sp("a\t\tc"), 1);
	assert_int_equal(c.n, 0);
	c = answer_cell(sp("a\t\tc"), 2);
	assert_memory_equal(c.s, "c", 1);
	c = answer_cell(sp("a\t\tc"), 7);
	assert_int_equal(c.n, 0);
}

static void test_dates(void **state)
{
	struct buf b = BUF_INIT;
	int d;

	(void)state;
	assert_true(answer_date(sp("1970-01-01"), &d));
	assert_int_equal(d, 0);
	assert_true(answer_date(sp("2024-02-29"), &d));
	answer_put_date(&b, d);
	assert_string_equal(b.data, "2024-02-29");
	assert_true(answer_date(sp("2026-12-31"), &d));
	buf_reset(&b);
	answer_put_date(&b, d + 1);
	assert_string_equal(b.data, "2027-01-01");
	assert_false(answer_date(sp("2026-02-29"), &d));
	assert_false(answer_date(sp("2026-13-01"), &d));
	assert_false(answer_date(sp("2026-1-01"), &d));
	assert_false(answer_date(sp("next week"), &d));
	assert_false(answer_date(sp(""), &d));
	buf_release(&b);
}

static void test_hours_scale_mark(void **state)
{
	double h;

	(void)state;
	assert_true(answer_hours(sp("4"), &h));
	assert_true(h == 4.0);
	assert_true(answer_hours(sp(" 2,5 h"), &h));
	assert_true(h == 2.5);
	assert_false(answer_hours(sp("-1"), &h));
	assert_false(answer_hours(sp("lots"), &h));
	assert_false(answer_hours(sp(""), &h));
	assert_false(answer_hours(sp("99999"), &h));

	assert_int_equal(answer_scale(sp("well")), 3);
	assert_int_equal(answer_scale(sp("Not at all")), 0);
	assert_int_equal(answer_scale(sp("2")), 2);
	assert_int_equal(answer_scale(sp("")), -1);
	assert_int_equal(answer_scale(sp("great")), -1);
	assert_true(answer_mark(sp("yes")));
	assert_false(answer_mark(sp(" ")));
}

static void test_sprint_defaults(void **state)
{
	struct sprint sp_;
	int d;

	(void)state;
	answer_sprint(NULL, 20000, &sp_);
	assert_int_equal(sp_.start, 20000);
	assert_int_equal(sp_.weeks, 4);
	assert_true(sp_.hours_week == 4.0);
	assert_int_equal(sprint_end(&sp_), 20027);
	answer_sprint("2026-12-01\t6\t10", 20000, &sp_);
	assert_true(answer_date(sp("2026-12-01"), &d));
	assert_int_equal(sp_.start, d);
	assert_int_equal(sp_.weeks, 6);
	assert_true(sp_.hours_week == 10.0);
	/* Nonsense falls back to the defaults, cell by cell. */
	answer_sprint("soon\t0\t-3", 20000, &sp_);
	assert_int_equal(sp_.start, 20000);
	assert_int_equal(sp_.weeks, 4);
	assert_true(sp_.hours_week == 4.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal_text),
		cmocka_unit_test(test_normal_items),
		cmocka_unit_test(test_normal_rows),
		cmocka_unit_test(test_rejects_bad_utf8),
		cmocka_unit_test(test_lines_and_cells),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_hours_scale_mark),
		cmocka_unit_test(test_sprint_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
