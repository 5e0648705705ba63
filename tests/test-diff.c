/*
 * Line diff: runs of equal, removed and added lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "model/diff.h"

/* The diff written as one letter and a line count per run: "=2 -1 +1". */
static void shape(const char *a, const char *b, const char *want)
{
	struct diff d;
	struct buf out = BUF_INIT;
	size_t i;

	assert_int_equal(diff_lines(a, strlen(a), b, strlen(b), &d), 0);
	for (i = 0; i < d.nr_runs; i++)
		buf_addf(&out, "%s%c%zu", i ? " " : "",
			 "=-+"[d.runs[i].op], d.runs[i].n);
	if (strcmp(out.data, want))
		fail_msg("diff(\"%s\", \"%s\") = \"%s\", want \"%s\"", a, b,
			 out.data, want);
	buf_release(&out);
	diff_release(&d);
}

static void test_shapes(void **state)
{
	(void)state;
	shape("", "", "");
	shape("a\nb", "a\nb", "=2");
	shape("", "one\ntwo", "+2");
	shape("one\ntwo", "", "-2");
	shape("a\nb\nc", "a\nB\nc", "=1 -1 +1 =1");
	shape("a\nb\nc", "a\nc", "=1 -1 =1");
	shape("a\nc", "a\nb\nc", "=1 +1 =1");
	shape("x\na\nb\nc", "a\nb\nc\ny", "-1 =3 +1");
	/* A trailing LF starts no line; blank lines inside count. */
	shape("a\n", "a", "=1");
	shape("a\n\nb", "a\nb", "=1 -1 =1");
	/* Lines moved: the longest common part stays equal. */
	shape("1\n2\n3\n4", "3\n4\n1\n2", "-2 =2 +2");
}

/* The runs point at the right lines of each side. */
static void test_lines(void **state)
{
	static const char a[] = "keep\nold line\nend";
	static const char b[] = "keep\nnew line\nmore\nend";
	const struct span *l;
	struct diff d;

	(void)state;
	assert_int_equal(diff_lines(a, strlen(a), b, strlen(b), &d), 0);
	assert_int_equal(d.nr_runs, 4);
	assert_int_equal(d.runs[1].op, DIFF_REMOVED);
	l = diff_run_lines(&d, &d.runs[1]);
	assert_int_equal(l->n, strlen("old line"));
	assert_memory_equal(l->s, "old line", l->n);
	assert_int_equal(d.runs[2].op, DIFF_ADDED);
	assert_int_equal(d.runs[2].n, 2);
	l = diff_run_lines(&d, &d.runs[2]);
	assert_memory_equal(l[0].s, "new line", l[0].n);
	assert_memory_equal(l[1].s, "more", l[1].n);
	l = diff_run_lines(&d, &d.runs[3]);
	assert_memory_equal(l->s, "end", 3);
	assert_false(d.fallback);
	diff_release(&d);
}

/* Over DIFF_MAX_LINES changed lines: all removed, then all added, with
 * the shared first and last lines still equal. */
static void test_cap(void **state)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct diff d;
	int i;

	(void)state;
	buf_adds(&a, "head\n");
	buf_adds(&b, "head\n");
	for (i = 0; i < DIFF_MAX_LINES + 1; i++) {
		buf_addf(&a, "a%d\n", i);
		buf_addf(&b, "%s%d\n", i % 2 ? "a" : "b", i);
	}
	buf_adds(&a, "tail");
	buf_adds(&b, "tail");
	assert_int_equal(diff_lines(a.data, a.len, b.data, b.len, &d), 0);
	assert_true(d.fallback);
	assert_int_equal(d.nr_runs, 4);
	assert_int_equal(d.runs[0].op, DIFF_EQUAL);
	assert_int_equal(d.runs[1].op, DIFF_REMOVED);
	assert_int_equal(d.runs[1].n, DIFF_MAX_LINES + 1);
	assert_int_equal(d.runs[2].op, DIFF_ADDED);
	assert_int_equal(d.runs[2].n, DIFF_MAX_LINES + 1);
	assert_int_equal(d.runs[3].op, DIFF_EQUAL);
	diff_release(&d);

	/* Exactly at the cap it is still a real diff. */
	buf_reset(&a);
	buf_reset(&b);
	for (i = 0; i < DIFF_MAX_LINES; i++) {
		buf_addf(&a, "a%d\n", i);
		buf_addf(&b, "%s%d\n", i == 1000 ? "b" : "a", i);
	}
	assert_int_equal(diff_lines(a.data, a.len, b.data, b.len, &d), 0);
	assert_false(d.fallback);
	assert_int_equal(d.nr_runs, 4);
	assert_int_equal(d.runs[1].n, 1);
	diff_release(&d);
	buf_release(&a);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
