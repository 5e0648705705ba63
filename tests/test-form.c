/* Unit tests for the untrusted-input parsers in form.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/buf.h"
#include "core/form.h"

#include <stdio.h>
#include <stdlib.h>

static long get(const char *body, const char *name, unsigned nth,
		struct buf *out)
{
	return form_get(body, strlen(body), name, nth, out);
}

static void test_form_fields(void **state)
{
	struct buf v = BUF_INIT;
	const char *body = "csrf=ab&p=e1-x&a.e1-x=hello+w%C3%B6rld%21&p=e1-y&"
			   "l.e1-y=one&l.e1-y=&l.e1-y=two&flag";

	(void)state;
	assert_int_equal(get(body, "csrf", 0, &v), 2);
	assert_string_equal(v.data, "ab");
	assert_true(get(body, "a.e1-x", 0, &v) > 0);
	assert_string_equal(v.data, "hello w\xc3\xb6rld!");
	assert_int_equal(get(body, "p", 1, &v), 4);
	assert_string_equal(v.data, "e1-y");
	assert_int_equal(get(body, "l.e1-y", 1, &v), 0);
	assert_int_equal(get(body, "l.e1-y", 2, &v), 3);
	assert_int_equal(get(body, "l.e1-y", 3, &v), -1);
	assert_int_equal(get(body, "flag", 0, &v), 0);
	assert_int_equal(get(body, "missing", 0, &v), -1);
	assert_int_equal(get("a%2Eb=1", "a.b", 0, &v), 1);
	buf_release(&v);
}

static void test_form_next_walks_once(void **state)
{
	struct buf v = BUF_INIT;
	const char *body = "l.x=a&p=1&l.x=b&l.x=&l.x=c";
	size_t pos = 0;

	(void)state;
	assert_int_equal(form_next(body, strlen(body), &pos, "l.x", &v), 1);
	assert_string_equal(v.data, "a");
	assert_int_equal(form_next(body, strlen(body), &pos, "l.x", &v), 1);
	assert_string_equal(v.data, "b");
	assert_int_equal(form_next(body, strlen(body), &pos, "l.x", &v), 0);
	assert_int_equal(form_next(body, strlen(body), &pos, "l.x", &v), 1);
	assert_string_equal(v.data, "c");
	assert_int_equal(pos, strlen(body));
	assert_int_equal(form_next(body, strlen(body), &pos, "l.x", &v), -1);
	buf_release(&v);
}

/* form_pair: every field in order, names and values decoded. */
static void test_form_pair(void **state)
{
	struct buf k, v = BUF_INIT;
	const char *body = "pid.0=e1-x&note%2E0=a+b%21&flag&=empty&bad=%zz&"
			   "%zz=1&long.name=2&last=";
	size_t pos = 0, len = strlen(body);

	(void)state;
	buf_init(&k, 8);
	assert_int_equal(form_pair(body, len, &pos, &k, &v), 4);
	assert_string_equal(k.data, "pid.0");
	assert_string_equal(v.data, "e1-x");
	assert_int_equal(form_pair(body, len, &pos, &k, &v), 4);
	assert_string_equal(k.data, "note.0");
	assert_string_equal(v.data, "a b!");
	assert_int_equal(form_pair(body, len, &pos, &k, &v), 0);
	assert_string_equal(k.data, "flag");
	assert_int_equal(form_pair(body, len, &pos, &k, &v), 5);
	assert_string_equal(k.data, "");
	/* A bad value: the name is still given, so a caller knows whose. */
	assert_int_equal(form_pair(body, len, &pos, &k, &v), -2);
	assert_string_equal(k.data, "bad");
	/* A bad name, or one past the name buffer's cap: no name. */
	assert_int_equal(form_pair(body, len, &pos, &k, &v), -2);
	assert_string_equal(k.data, "");
	assert_int_equal(form_pair(body, len, &pos, &k, &v), -2);
	assert_string_equal(k.data, "");
	assert_int_equal(form_pair(body, len, &pos, &k, &v), 0);
	assert_string_equal(k.data, "last");
	assert_int_equal(pos, len);
	assert_int_equal(form_pair(body, len, &pos, &k, &v), -1);
	assert_int_equal(form_pair("", 0, &pos, &k, &v), -1);
	buf_release(&k);
	buf_release(&v);
}

static void test_form_rejects_bad_input(void **state)
{
	struct buf v = BUF_INIT, small;

	(void)state;
	assert_int_equal(get("a=%zz", "a", 0, &v), -2);
	assert_int_equal(get("a=%4", "a", 0, &v), -2);
	assert_int_equal(get("a=%", "a", 0, &v), -2);
	assert_int_equal(get("a=%ff%fe", "a", 0, &v), -2);     /* not UTF-8 */
	assert_int_equal(get("a=%c0%af", "a", 0, &v), -2);     /* overlong */
	assert_int_equal(get("a=%ed%a0%80", "a", 0, &v), -2);  /* surrogate */
	buf_init(&small, 4);
	assert_int_equal(get("a=12345", "a", 0, &small), -2);  /* over cap */
	assert_true(small.err);
	buf_release(&small);
	buf_release(&v);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("plain", 5));
	assert_true(utf8_valid("\xe2\x80\x94 \xf0\x9f\x98\x80", 8));
	assert_false(utf8_valid("\xe2\x80", 2));
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));  /* > U+10FFFF */
	assert_false(utf8_valid("\x80", 1));
}

/* The whole-form check the router runs before any page reads a field. */
static void test_form_check(void **state)
{
	static const struct { const char *body; int want; } cases[] = {
		{ "", 0 },
		{ "csrf=ab&name=Tess+Ter&email=t%40example.org", 0 },
		{ "a=w%C3%B6rld&b=%E2%80%94&c=%F0%9F%98%80", 0 },
		{ "a=raw \xc3\xb6 bytes&flag&=&&", 0 },
		{ "a=%26%3D%25", 0 },             /* & = % as data */
		{ "name=%FF", FORM_BAD_UTF8 },
		{ "name=ok&email=x%FFy", FORM_BAD_UTF8 },
		{ "n%FFme=ok", FORM_BAD_UTF8 },   /* keys too */
		{ "a=\xff", FORM_BAD_UTF8 },      /* unencoded */
		{ "a=%C3", FORM_BAD_UTF8 },       /* cut at the end */
		{ "a=%C3&b=%B6", FORM_BAD_UTF8 }, /* or at a field's */
		{ "a=%C3=%B6", FORM_BAD_UTF8 },
		{ "a=%C0%AF", FORM_BAD_UTF8 },    /* overlong */
		{ "a=%ED%A0%80", FORM_BAD_UTF8 }, /* surrogate */
		{ "a=%F4%90%80%80", FORM_BAD_UTF8 },  /* past U+10FFFF */
		{ "a=%zz", FORM_BAD_ESCAPE },
		{ "a=100%", FORM_BAD_ESCAPE },
		{ "a=%4", FORM_BAD_ESCAPE },
		/* A bad escape does not hide bad UTF-8 after it. */
		{ "a=%zz&b=%FF", FORM_BAD_UTF8 },
		{ "a=%zz%FF", FORM_BAD_UTF8 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		int got = form_check(cases[i].body, strlen(cases[i].body));

		if (got != cases[i].want)
			fail_msg("form_check(\"%s\") = %d, want %d",
				 cases[i].body, got, cases[i].want);
	}
	/* Exactly the bodies whose fields form_get refuses as not UTF-8. */
	{
		struct buf v = BUF_INIT;

		assert_int_equal(get("name=%FF", "name", 0, &v), -2);
		assert_int_equal(get("a=%C3&b=%B6", "a", 0, &v), -2);
		assert_int_equal(get("a=%26%3D%25", "a", 0, &v), 3);
		buf_release(&v);
	}
}

static void test_text_line(void **state)
{
	static const struct { const char *s; int ok; } cases[] = {
		{ "Tess Ter", 1 },
		{ "Zoë Ō'Brien-Łukasz 山田", 1 },
		{ "emoji \xf0\x9f\x98\x80 fine", 1 },
		{ "", 1 },
		{ "tab\there", 0 },
		{ "new\nline", 0 },
		{ "cr\r", 0 },
		{ "bell\a", 0 },
		{ "del\x7f", 0 },
		{ "c1 \xc2\x85 next line", 0 },
		{ "c1 \xc2\x9f", 0 },
		{ "\xc2\xa0 no-break space is text", 1 },
		{ "line sep \xe2\x80\xa8", 0 },
		{ "rlo \xe2\x80\xae evil", 0 },
		{ "isolate \xe2\x81\xa6", 0 },
		{ "bad \xff", 0 },
		{ "cut \xc3", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		if (text_line_valid(cases[i].s, strlen(cases[i].s)) !=
		    cases[i].ok)
			fail_msg("text_line_valid(case %zu) is not %d", i,
				 cases[i].ok);
	/* A NUL inside the length is a control character too. */
	assert_false(text_line_valid("a\0b", 3));
}

static void test_cookies(void **state)
{
	char out[16];

	(void)state;
	assert_int_equal(cookie_get("a=1; ap_session=xyz; b=2", "ap_session",
				    out, sizeof(out)), 0);
	assert_string_equal(out, "xyz");
	assert_int_equal(cookie_get("xap_session=1", "ap_session", out,
				    sizeof(out)), -1);
	assert_int_equal(cookie_get("ap_session=0123456789abcdefXX",
				    "ap_session", out, sizeof(out)), -1);
	assert_int_equal(cookie_get("", "ap_session", out, sizeof(out)), -1);
}

/*
 * A parsed form answers as the scanning functions do on the same body:
 * the same lengths, values and positions for every name asked, and the
 * same pairs in order, whatever the body holds (fuzz-form.c tries more).
 */
static void same_answers(const char *body, size_t len)
{
	static const char *const names[] = {
		"a", "p", "a.b", "l.x", "", "csrf", "a b", "x&y",
	};
	struct buf v1 = BUF_INIT, v2 = BUF_INIT, k1, k2;
	struct form f;
	size_t p1, p2, i;
	long r1, r2;

	assert_int_equal(form_parse(&f, body, len), 0);
	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		for (unsigned nth = 0; nth < 4; nth++) {
			r1 = form_get(body, len, names[i], nth, &v1);
			r2 = form_field_get(&f, names[i], nth, &v2);
			assert_int_equal(r1, r2);
			if (r1 >= 0)
				assert_memory_equal(v1.data, v2.data, v1.len);
		}
		p1 = p2 = 0;
		do {
			r1 = form_next(body, len, &p1, names[i], &v1);
			r2 = form_field_next(&f, &p2, names[i], &v2);
			assert_int_equal(r1, r2);
			assert_int_equal(p1, p2);
		} while (r1 != -1);
	}
	for (size_t cap = 4; cap <= 256; cap *= 8) {
		buf_init(&k1, cap);
		buf_init(&k2, cap);
		p1 = p2 = 0;
		do {
			r1 = form_pair(body, len, &p1, &k1, &v1);
			r2 = form_field_pair(&f, &p2, &k2, &v2);
			assert_int_equal(r1, r2);
			assert_int_equal(p1, p2);
			assert_string_equal(k1.data, k2.data);
			if (r1 >= 0)
				assert_memory_equal(v1.data, v2.data, v1.len);
		} while (r1 != -1);
		buf_release(&k1);
		buf_release(&k2);
	}
	form_release(&f);
	buf_release(&v1);
	buf_release(&v2);
}

static void test_form_parsed_once(void **state)
{
	static const char *const bodies[] = {
		"", "a", "&", "a&", "&a", "&&", "a=1&a=2&&a=&a", "a=1&",
		"p=x&p=y&", "a=1&&", "a%2Eb=1&",
		"csrf=ab&p=e1-x&a.e1-x=hello+w%C3%B6rld%21&p=e1-y&flag",
		"a%2Eb=1&a.b=2&a+b=3&a%20b=4&a%zz=5&%=6&a%2=7",
		"l.x=a&p=1&l.x=b&l.x=&l.x=c&=x&==&a==b",
		"a=%zz&a=%FF&a=%C3%A9&a=100%25&x%26y=1",
		"pid.0=e1-x&note%2E0=a+b%21&flag&=empty&bad=%zz&%zz=1&"
		"long.name=2&last=",
	};
	struct buf big = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(bodies) / sizeof(*bodies); i++)
		same_answers(bodies[i], strlen(bodies[i]));
	/* Past the fields kept without allocating, escaped names too. */
	for (int i = 0; i < 3 * FORM_SMALL; i++)
		buf_addf(&big, "%sl.x=%d&a%%2Eb=%d&p", i ? "&" : "", i, i);
	assert_false(big.err);
	same_answers(big.data, big.len);
	buf_release(&big);
}

/* A body of more fields than a form takes is refused whole. */
static void test_form_too_many(void **state)
{
	size_t n = FORM_MAX_FIELDS;
	char *body = malloc(2 * n + 2);
	struct form f;
	struct buf v = BUF_INIT;

	(void)state;
	assert_non_null(body);
	memset(body, '&', 2 * n + 1);
	for (size_t i = 0; i < n; i++)
		body[2 * i] = 'a';
	/* n fields ("a&a&...a&"): taken; one more is not. */
	assert_int_equal(form_parse(&f, body, 2 * n), 0);
	assert_int_equal(f.n, n);
	assert_int_equal(form_field_get(&f, "a", (unsigned)n - 1, &v), 0);
	form_release(&f);
	body[2 * n] = 'a';
	assert_int_equal(form_parse(&f, body, 2 * n + 1), FORM_TOO_MANY);
	assert_int_equal(form_field_get(&f, "a", 0, &v), -1);
	form_release(&f);
	free(body);
	buf_release(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_fields),
		cmocka_unit_test(test_form_next_walks_once),
		cmocka_unit_test(test_form_pair),
		cmocka_unit_test(test_form_rejects_bad_input),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_form_check),
		cmocka_unit_test(test_text_line),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_form_parsed_once),
		cmocka_unit_test(test_form_too_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
