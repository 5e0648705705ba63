/*
 * The iCalendar writer (core/ical.c): TEXT escaping, folding at 75
 * octets that never splits a UTF-8 sequence; and the time zones it is
 * written in (core/tz.c): names checked, offsets and wall-clock times
 * right on both sides of a daylight-saving change, gaps and repeats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/buf.h"
#include "core/ical.h"
#include "core/tz.h"

/* Every line of out (CRLF-ended) at most 75 octets, each continuation
 * starting with a space, no line break inside a UTF-8 sequence; the
 * unfolded text into `whole`. */
static void check_folded(const struct buf *out, struct buf *whole)
{
	const char *p = out->data, *end = out->data + out->len;
	bool first = true;

	while (p < end) {
		const char *eol = strstr(p, "\r\n");
		size_t n;

		assert_non_null(eol);
		n = (size_t)(eol - p);
		assert_true(n <= 75);
		if (!first) {
			assert_int_equal(p[0], ' ');
			p++, n--;
		}
		/* No line starts with a continuation byte. */
		if (n)
			assert_true(((unsigned char)p[0] & 0xc0) != 0x80);
		buf_add(whole, p, n);
		first = false;
		p = eol + 2;
	}
}

static void test_escape(void **state)
{
	struct buf out = BUF_INIT;
	struct ical w;
	const char t[] = "a;b,c\\d\ne\tf\001g";

	(void)state;
	ical_init(&w, &out);
	ical_text(&w, "SUMMARY", t, sizeof(t) - 1);
	ical_prop(&w, "DTSTART;TZID=Europe/Berlin", "20270328T090000");
	ical_release(&w);
	assert_false(out.err);
	assert_string_equal(out.data, "SUMMARY:a\\;b\\,c\\\\d\\ne fg\r\n"
			    "DTSTART;TZID=Europe/Berlin:20270328T090000\r\n");
	buf_release(&out);
}

/* A long line of 2-, 3- and 4-byte characters at every offset: each
 * folded line within 75 octets, no sequence split, nothing lost. */
static void test_fold_multibyte(void **state)
{
	static const char *const ch[] = { "é", "€", "𝄞", "a" };

	(void)state;
	for (size_t shift = 0; shift < 4; shift++)
		for (size_t k = 0; k < 4; k++) {
			struct buf text = BUF_INIT, out = BUF_INIT;
			struct buf whole = BUF_INIT;
			struct ical w;

			for (size_t i = 0; i < shift; i++)
				buf_adds(&text, "x");
			for (size_t i = 0; i < 60; i++)
				buf_adds(&text, ch[(k + i) % 4]);
			ical_init(&w, &out);
			ical_text(&w, "DESCRIPTION", text.data, text.len);
			ical_release(&w);
			check_folded(&out, &whole);
			assert_int_equal(whole.len, strlen("DESCRIPTION:") +
					 text.len);
			assert_memory_equal(whole.data + 12, text.data,
					    text.len);
			buf_release(&text);
			buf_release(&out);
			buf_release(&whole);
		}
}

/* Exactly 75 octets stay one line; 76 fold after the 75th. */
static void test_fold_edges(void **state)
{
	struct buf out = BUF_INIT;
	char v[80];

	(void)state;
	memset(v, 'x', sizeof(v));
	ical_fold(&out, v, 75);
	assert_int_equal(out.len, 77);
	buf_reset(&out);
	ical_fold(&out, v, 76);
	assert_int_equal(out.len, 75 + 2 + 1 + 1 + 2);
	assert_memory_equal(out.data + 75, "\r\n x\r\n", 6);
	buf_release(&out);
}

static void test_tz_names(void **state)
{
	struct tz z;

	(void)state;
	assert_true(tz_name_ok("Europe/Berlin"));
	assert_true(tz_name_ok("America/Argentina/Buenos_Aires"));
	assert_true(tz_name_ok("Etc/GMT+5"));
	assert_true(tz_name_ok("UTC"));
	assert_false(tz_name_ok(""));
	assert_false(tz_name_ok("/etc/passwd"));
	assert_false(tz_name_ok("Europe/../../etc/passwd"));
	assert_false(tz_name_ok("Europe//Berlin"));
	assert_false(tz_name_ok("Europe/"));
	assert_false(tz_name_ok("right/Europe/Berlin"));
	assert_false(tz_name_ok("Europe/Ber lin"));
	assert_false(tz_name_ok(".hidden"));
	assert_int_equal(tz_load("Europe/Nowhere", &z), -1);
	assert_int_equal(tz_load("../../etc/passwd", &z), -1);
	/* A file that is there but not a zone. */
	assert_int_equal(tz_load("zone1970.tab", &z), -1);
	assert_int_equal(tz_load("UTC", &z), 0);
	assert_int_equal(tz_at(&z, 1800000000)->off, 0);
	tz_release(&z);
}

/* 2027-03-28 is the last Sunday of March: Berlin goes from CET (+1) to
 * CEST (+2) at 01:00 UTC; back on 2027-10-31 at 01:00 UTC. */
#define MAR27_0900 1806138000   /* 2027-03-27 09:00 as if UTC */
#define DAY 86400

static void test_tz_berlin(void **state)
{
	struct tz z;
	int64_t gap = MAR27_0900 + DAY - 9 * 3600 + 2 * 3600 + 1800;

	(void)state;
	assert_int_equal(tz_load("Europe/Berlin", &z), 0);
	/* 09:00 on both sides of the change. */
	assert_int_equal(tz_utc_of(&z, MAR27_0900), MAR27_0900 - 3600);
	assert_int_equal(tz_utc_of(&z, MAR27_0900 + 2 * DAY),
			 MAR27_0900 + 2 * DAY - 7200);
	assert_string_equal(tz_at(&z, MAR27_0900)->abbr, "CET");
	assert_string_equal(tz_at(&z, MAR27_0900 + 2 * DAY)->abbr, "CEST");
	assert_true(tz_at(&z, MAR27_0900 + 2 * DAY)->isdst);
	/* 02:30 on the 28th does not exist: read with the old offset it
	 * is 01:30 UTC, 03:30 CEST. */
	assert_int_equal(tz_utc_of(&z, gap), gap - 3600);
	/* 02:30 on 2027-10-31 happens twice: the first (CEST). */
	assert_int_equal(tz_utc_of(&z, 1824949800), 1824949800 - 7200);
	tz_release(&z);
}

static int nr_seen;
static void on_trans(void *ctx, int64_t at, const struct tz_type *before,
		     const struct tz_type *after)
{
	(void)ctx;
	if (nr_seen++ == 0) {
		assert_int_equal(at, MAR27_0900 + DAY - 8 * 3600);
		assert_int_equal(before->off, 3600);
		assert_int_equal(after->off, 7200);
	}
}

static void test_tz_transitions(void **state)
{
	struct tz z;

	(void)state;
	assert_int_equal(tz_load("Europe/Berlin", &z), 0);
	nr_seen = 0;
	tz_transitions(&z, MAR27_0900, MAR27_0900 + 300 * DAY, on_trans,
		       NULL);
	assert_int_equal(nr_seen, 2);
	tz_release(&z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_fold_multibyte),
		cmocka_unit_test(test_fold_edges),
		cmocka_unit_test(test_tz_names),
		cmocka_unit_test(test_tz_berlin),
		cmocka_unit_test(test_tz_transitions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
