/*
 * The CSV writer: RFC 4180 quoting, CRLF records, the UTF-8 byte order
 * mark, and formula cells defused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"

#define BOM "\xEF\xBB\xBF"

static void row_of(struct buf *b, const char *const *cells, size_t n)
{
	struct csv c;

	csv_init(&c, b);
	for (size_t i = 0; i < n; i++)
		csv_field(&c, cells[i]);
	csv_end_row(&c);
}

static void test_plain(void **state)
{
	struct buf b = BUF_INIT;
	const char *cells[] = { "cohort", "Ada Lövelace", "", "e1-roles" };

	(void)state;
	row_of(&b, cells, 4);
	assert_string_equal(b.data, BOM "cohort,Ada Lövelace,,e1-roles\r\n");
	buf_release(&b);
}

static void test_quoting(void **state)
{
	struct buf b = BUF_INIT;
	const char *cells[] = { "a,b", "say \"hi\"", "two\nlines", "cr\rhere",
				"\"", "tab\tinside" };

	(void)state;
	row_of(&b, cells, 6);
	assert_string_equal(b.data, BOM "\"a,b\",\"say \"\"hi\"\"\","
			    "\"two\nlines\",\"cr\rhere\",\"\"\"\","
			    "tab\tinside\r\n");
	buf_release(&b);
}

static void test_formulas(void **state)
{
	struct buf b = BUF_INIT;
	const char *cells[] = { "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)",
				"=HYPERLINK(\"x\",\"y\")", "a=b", "\tx" };

	(void)state;
	row_of(&b, cells, 7);
	assert_string_equal(b.data, BOM "'=cmd|' /C calc'!A0,'+1,'-2,"
			    "'@SUM(A1),\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\","
			    "a=b,'\tx\r\n");
	buf_release(&b);
}

static void test_rows_and_ints(void **state)
{
	struct buf b = BUF_INIT;
	struct csv c;

	(void)state;
	csv_init(&c, &b);
	csv_field_int(&c, -3);
	csv_field(&c, NULL);
	csv_field_int(&c, 42);
	csv_end_row(&c);
	csv_fieldn(&c, "abcdef", 3);
	csv_end_row(&c);
	assert_string_equal(b.data, BOM "-3,,42\r\nabc\r\n");
	assert_int_equal(b.err, 0);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_formulas),
		cmocka_unit_test(test_rows_and_ints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
