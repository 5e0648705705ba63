/*
 * The per-thread render memo: a copy is found only for the exact key it
 * was kept under, and a later key in the same slot replaces it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/buf.h"
#include "core/memo.h"

static const int page_a, page_b;    /* two things rendered */

static void test_exact_key_only(void **state)
{
	struct memo_key k = { &page_a, 7, 20000, "roles\0x", 7 };
	struct memo_key other;
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(memo_copy(&k, &b), 0);
	memo_put(&k, "<p>kept</p>", 11);
	assert_int_equal(memo_copy(&k, &b), 1);
	assert_string_equal(b.data, "<p>kept</p>");

	/* Any part of the key that differs is a miss. */
	other = k, other.what = &page_b;
	assert_int_equal(memo_copy(&other, &b), 0);
	other = k, other.user = 8;
	assert_int_equal(memo_copy(&other, &b), 0);
	other = k, other.day = 20001;
	assert_int_equal(memo_copy(&other, &b), 0);
	other = k, other.inputs = "roles\0y";
	assert_int_equal(memo_copy(&other, &b), 0);
	other = k, other.len = 6;
	assert_int_equal(memo_copy(&other, &b), 0);
	assert_string_equal(b.data, "<p>kept</p>");     /* nothing added */

	/* A new render for the same page replaces the old one. */
	k.inputs = "roles\0z";
	memo_put(&k, "<p>new</p>", 10);
	buf_reset(&b);
	assert_int_equal(memo_copy(&k, &b), 1);
	assert_string_equal(b.data, "<p>new</p>");
	k.inputs = "roles\0x";
	assert_int_equal(memo_copy(&k, &b), 0);

	memo_clear();
	k.inputs = "roles\0z";
	assert_int_equal(memo_copy(&k, &b), 0);
	buf_release(&b);
}

static void test_empty_inputs_and_page(void **state)
{
	struct memo_key k = { &page_b, 1, 1, "", 0 };
	struct buf b = BUF_INIT;

	(void)state;
	memo_put(&k, "", 0);
	assert_int_equal(memo_copy(&k, &b), 1);
	assert_int_equal(b.len, 0);
	/* Too big to keep: nothing is found afterwards. */
	{
		static char big[MEMO_INPUTS_MAX + 2];

		memset(big, 'x', sizeof(big) - 1);
		k.what = &page_a;
		memo_put(&k, big, sizeof(big) - 1);
		assert_int_equal(memo_copy(&k, &b), 0);
		k.inputs = big;
		k.len = sizeof(big) - 1;
		memo_put(&k, "<p>", 3);
		assert_int_equal(memo_copy(&k, &b), 0);
	}
	memo_clear();
	memo_clear();       /* twice is harmless */
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_key_only),
		cmocka_unit_test(test_empty_inputs_and_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
