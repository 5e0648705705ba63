/*
 * Outgoing mail: the RFC 5322 date, headers folded and RFC 2047-encoded
 * with CR/LF squeezed out (header injection), quoted-printable lines,
 * addresses, and whole messages: their headers, short 7-bit CRLF lines,
 * the HTML part escaped, bad input refused with nothing written.  SMTP
 * itself: its configuration (no credentials in the URL, a private
 * credentials file) and how a failure is classed.  Delivery to a real
 * server is tests/cli-mail.sh's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "mail/message.h"
#include "mail/smtp.h"

/* ---- decoders, to read back what the writers wrote ---- */

/* The value of a header written by mail_header(): unfolded, and its
 * encoded-words decoded (the whitespace between two of them dropped). */
static void header_value(const char *h, struct buf *out)
{
	const char *p = strchr(h, ':') + 1;
	int prev_ew = 0;

	while (*p && !(p[0] == '\r' && p[1] == '\n' && p[2] != ' ')) {
		const char *ws = p;

		while (*p == ' ' || *p == '\r' || *p == '\n')
			p++;
		if (!strncmp(p, "=?UTF-8?B?", 10)) {
			const char *e = strstr(p + 10, "?=");
			unsigned char bin[64];
			size_t n;

			assert_non_null(e);
			assert_int_equal(sodium_base642bin(bin, sizeof(bin),
				p + 10, (size_t)(e - p - 10), NULL, &n, NULL,
				sodium_base64_VARIANT_ORIGINAL), 0);
			/* Each word holds whole characters (RFC 2047 5.3). */
			assert_true(n > 0 && (bin[0] & 0xc0) != 0x80);
			if (ws != p && !prev_ew && out->len)
				buf_addc(out, ' ');
			buf_add(out, bin, n);
			p = e + 2;
			prev_ew = 1;
			continue;
		}
		if (ws != p && out->len)
			buf_addc(out, ' ');
		while (*p && *p != ' ' && *p != '\r')
			buf_addc(out, *p++);
		prev_ew = 0;
	}
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ?
	       c - 'A' + 10 : -1;
}

/* Quoted-printable back to bytes; CRLF becomes "\n".  Fails the test on
 * an escape that is not "=" and two upper-case hex digits. */
static void qp_decode(const char *s, size_t n, struct buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '=' && i + 2 < n && s[i + 1] == '\r' &&
		    s[i + 2] == '\n') {
			i += 2;
		} else if (s[i] == '=') {
			assert_true(i + 2 < n);
			assert_true(hexval(s[i + 1]) >= 0 &&
				    hexval(s[i + 2]) >= 0);
			buf_addc(out, (char)(hexval(s[i + 1]) * 16 +
					     hexval(s[i + 2])));
			i += 2;
		} else if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') {
			buf_addc(out, '\n');
			i++;
		} else
			buf_addc(out, s[i]);
	}
}

/* Every line of `s` ends in CRLF, holds only 7-bit printable bytes (and
 * tabs) and is at most `max` bytes long. */
static void assert_lines(const char *s, size_t max)
{
	const char *p = s, *nl;

	while (*p) {
		nl = strstr(p, "\r\n");
		assert_non_null(nl);
		if ((size_t)(nl - p) > max)
			fail_msg("a line of %zu bytes: %.80s", (size_t)(nl - p),
				 p);
		for (; p < nl; p++)
			if (!((*p >= ' ' && *p <= '~') || *p == '\t'))
				fail_msg("byte 0x%02x in a line",
					 (unsigned char)*p);
		p = nl + 2;
	}
}

/* ---- the writers ---- */

static void test_date(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	mail_date(&b, 0);
	assert_string_equal(b.data, "Thu, 01 Jan 1970 00:00:00 +0000");
	buf_reset(&b);
	mail_date(&b, 1709210096);	/* a leap day */
	assert_string_equal(b.data, "Thu, 29 Feb 2024 12:34:56 +0000");
	buf_reset(&b);
	mail_date(&b, 1798761599);
	assert_string_equal(b.data, "Thu, 31 Dec 2026 23:59:59 +0000");
	buf_release(&b);
}

static void test_header_plain(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	mail_header(&b, "Subject", "  A comment   on your plan ");
	assert_string_equal(b.data, "Subject: A comment on your plan\r\n");
	buf_release(&b);
}

/* CR, LF and every other control character become a space: the value
 * stays one header, whatever it tries to start. */
static void test_header_injection(void **state)
{
	const char *tries[] = {
		"Hi\r\nBcc: evil@example.org",
		"Hi\nBcc: evil@example.org",
		"Hi\rBcc: evil@example.org",
		"Hi\r\n\r\n<html>body</html>",
		"Hi\x0b\x0c\x1b\x7f\tBcc: evil@example.org",
		"Hï\r\nBcc: evil@example.org",
	};
	struct buf b = BUF_INIT, v = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		buf_reset(&b);
		buf_reset(&v);
		mail_header(&b, "Subject", tries[i]);
		assert_lines(b.data, 78);
		/* One header: every later line is a continuation. */
		for (const char *p = strstr(b.data, "\r\n"); p[2];
		     p = strstr(p + 2, "\r\n"))
			assert_int_equal(p[2], ' ');
		assert_null(strstr(b.data, "\r\nBcc"));
		header_value(b.data, &v);
		assert_null(strchr(v.data, '\n'));
		assert_null(strchr(v.data, '\r'));
	}
	buf_reset(&b);
	mail_header(&b, "Subject", tries[0]);
	assert_string_equal(b.data, "Subject: Hi Bcc: evil@example.org\r\n");
	buf_release(&b);
	buf_release(&v);
}

static void roundtrip_header(const char *value, const char *want_prefix)
{
	struct buf b = BUF_INIT, v = BUF_INIT;

	mail_header(&b, "Subject", value);
	if (want_prefix && strncmp(b.data, want_prefix, strlen(want_prefix)))
		fail_msg("%s: got %.60s", value, b.data);
	assert_lines(b.data, 78);
	header_value(b.data, &v);
	assert_string_equal(v.data, value);
	buf_release(&b);
	buf_release(&v);
}

static void test_header_encoded(void **state)
{
	struct buf big = BUF_INIT, words = BUF_INIT;
	int i;

	(void)state;
	roundtrip_header("Ünïcödé — 計画 🙂 ok", "Subject: =?UTF-8?B?");
	/* ASCII a reader would decode is encoded itself. */
	roundtrip_header("see =?UTF-8?B?SGk=?= here", "Subject: =?UTF-8?B?");
	/* 400 bytes of two-, three- and four-byte characters: folded,
	 * no line over 78, no character split between words. */
	for (i = 0; big.len + 9 <= MAIL_SUBJECT_MAX; i++)
		buf_adds(&big, i % 3 == 0 ? "é" : i % 3 == 1 ? "計" : "🙂");
	roundtrip_header(big.data, "Subject: =?UTF-8?B?");
	/* Long ASCII folds between its words and stays plain. */
	for (i = 0; i < 40; i++)
		buf_addf(&words, "%sword%d", i ? " " : "", i);
	roundtrip_header(words.data, "Subject: word0 word1");
	/* One word too long to fold goes encoded. */
	buf_reset(&words);
	for (i = 0; i < 120; i++)
		buf_addc(&words, 'x');
	roundtrip_header(words.data, "Subject: =?UTF-8?B?");
	buf_release(&big);
	buf_release(&words);
}

static void assert_qp(const char *in, const char *want)
{
	struct buf b = BUF_INIT, d = BUF_INIT;
	char *norm = xstrdup(in), *r, *w;

	mail_qp(&b, in, strlen(in));
	if (want)
		assert_string_equal(b.data, want);
	buf_adds(&d, b.data);
	buf_adds(&d, "\r\n");
	assert_lines(d.data, 76);
	buf_reset(&d);
	qp_decode(b.data, b.len, &d);
	/* What comes back is the input with its CRLFs as "\n". */
	for (r = w = norm; *r; r++)
		if (!(r[0] == '\r' && r[1] == '\n'))
			*w++ = *r;
	*w = '\0';
	assert_string_equal(d.data, norm);
	free(norm);
	buf_release(&b);
	buf_release(&d);
}

static void test_qp(void **state)
{
	struct buf big = BUF_INIT;
	int i;

	(void)state;
	assert_qp("a=b", "a=3Db");
	assert_qp("end \nnext\t\r\nlast ", "end=20\r\nnext=09\r\nlast=20");
	assert_qp("café", "caf=C3=A9");
	assert_qp(".\n.x", "=2E\r\n=2Ex");
	assert_qp("From me\nFrom", "=46rom me\r\nFrom");
	assert_qp("\x1b[31m\r", "=1B[31m=0D");
	/* Long lines get soft breaks, never inside an escape. */
	for (i = 0; i < 300; i++)
		buf_adds(&big, i % 7 ? "x" : "é=");
	buf_addc(&big, '\n');
	for (i = 0; i < 5000; i++)
		buf_addc(&big, "ab "[i % 3]);
	assert_qp(big.data, NULL);
	buf_release(&big);
}

static void test_addresses(void **state)
{
	const char *good[] = {
		"ada@example.org", "a.b+c@x-y.example.org", "o'brien@localhost",
		"x@a1.b2",
	};
	const char *bad[] = {
		"", "@x", "a@", "a@@b", "a b@x", "a@x\r\nBcc: y@z", "<a@x>",
		"a@-x.org", "a@x-.org", "a..b@x", ".a@x", "a.@x", "ü@x.org",
		"a@x..org", "a@x.", "a@x_y.org", "a@[127.0.0.1]", "a\"b@x",
		"a,b@x", "a@x.org>", NULL,
	};
	char local[80], longaddr[300];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!mail_addr_ok(good[i]))
			fail_msg("refused %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (mail_addr_ok(bad[i]))
			fail_msg("took %s", bad[i]);
	memset(local, 'a', 65);
	snprintf(local + 65, sizeof(local) - 65, "@x.org");
	assert_false(mail_addr_ok(local));
	memset(longaddr, 'b', sizeof(longaddr));
	memcpy(longaddr, "a@", 2);
	for (i = 8; i < 260; i += 60)
		longaddr[i] = '.';
	longaddr[255] = '\0';
	assert_false(mail_addr_ok(longaddr));
	longaddr[254] = '\0';
	assert_true(mail_addr_ok(longaddr));
}

/* ---- whole messages ---- */

static const struct mail_link links[] = {
	{ "Read the <comment>", "https://plan.example.org/s/7/plan?c=1&d=2#c1" },
	{ "Your plan", "http://localhost:8080/s/7/plan" },
};

static struct mail_msg sample(void)
{
	struct mail_msg m = {
		.from_name = "alignplan", .from_addr = "noreply@plan.example.org",
		.to_name = "Ada Lovelace", .to_addr = "ada@example.org",
		.subject = "Grace commented on your plan",
		.text = "Grace wrote:\r\n\r\nIs the milestone <b>realistic</b>?"
			"\r\n& \"when\"\n\nThanks",
		.links = links, .nlinks = 2,
		.unsubscribe = "https://plan.example.org/unsubscribe/abc123",
		.date = 1798761599,
	};
	return m;
}

/* The one header `name` in message `msg` (its first line); fails the test
 * when it is missing or there twice. */
static const char *header(const char *msg, const char *name)
{
	const char *end = strstr(msg, "\r\n\r\n"), *p = msg, *found = NULL;
	size_t n = strlen(name);

	assert_non_null(end);
	for (; p && p < end; p = strstr(p, "\r\n"), p = p ? p + 2 : p)
		if (!strncmp(p, name, n) && p[n] == ':') {
			if (found)
				fail_msg("two %s headers", name);
			found = p;
		}
	if (!found)
		fail_msg("no %s header", name);
	return found;
}

static void assert_header(const char *msg, const char *line)
{
	char name[64];
	const char *h;

	snprintf(name, sizeof(name), "%.*s", (int)strcspn(line, ":"), line);
	h = header(msg, name);
	if (strncmp(h, line, strlen(line)) || strncmp(h + strlen(line),
						      "\r\n", 2))
		fail_msg("want %s, got %.100s", line, h);
}

/* The decoded body of the part of type `type`. */
static void part_of(const char *msg, const char *type, struct buf *out)
{
	char head[128];
	const char *p, *e;

	snprintf(head, sizeof(head), "Content-Type: %s; charset=utf-8\r\n"
		 "Content-Transfer-Encoding: quoted-printable\r\n\r\n", type);
	p = strstr(msg, head);
	assert_non_null(p);
	p += strlen(head);
	e = strstr(p, "\r\n--=_ap");
	assert_non_null(e);
	qp_decode(p, (size_t)(e - p), out);
}

static void compose_ok(const struct mail_msg *m, struct buf *b, char *id)
{
	char err[200] = "";

	buf_reset(b);
	if (mail_compose(b, m, id, err, sizeof(err)))
		fail_msg("refused: %s", err);
}

static void test_compose_headers(void **state)
{
	struct mail_msg m = sample();
	struct buf b = BUF_INIT, b2 = BUF_INIT;
	char id[MAIL_MSGID_SIZE], id2[MAIL_MSGID_SIZE], want[400];
	const char *ct;

	(void)state;
	compose_ok(&m, &b, id);
	assert_lines(b.data, 78);
	assert_header(b.data, "Date: Thu, 31 Dec 2026 23:59:59 +0000");
	assert_header(b.data, "From: alignplan <noreply@plan.example.org>");
	assert_header(b.data, "To: Ada Lovelace <ada@example.org>");
	assert_header(b.data, "Subject: Grace commented on your plan");
	assert_header(b.data, "MIME-Version: 1.0");
	assert_header(b.data, "List-Unsubscribe: "
		      "<https://plan.example.org/unsubscribe/abc123>");
	assert_header(b.data, "List-Unsubscribe-Post: "
		      "List-Unsubscribe=One-Click");
	assert_int_equal(strlen(id), 1 + 32 + 1 + 16 + 1);
	assert_true(id[0] == '<' && id[33] == '@');
	assert_string_equal(id + 34, "plan.example.org>");
	snprintf(want, sizeof(want), "Message-ID: %s", id);
	assert_header(b.data, want);
	ct = header(b.data, "Content-Type");
	assert_true(!strncmp(ct, "Content-Type: multipart/alternative;\r\n"
			     " boundary=\"=_ap", 53));
	/* Another message: another Message-ID, another boundary. */
	compose_ok(&m, &b2, id2);
	assert_string_not_equal(id, id2);
	assert_memory_not_equal(ct + 40, header(b2.data, "Content-Type") + 40,
				48);
	/* A URL at its cap gets a line of its own, within 998 bytes. */
	buf_reset(&b2);
	buf_adds(&b2, "https://plan.example.org/u/");
	while (b2.len < MAIL_URL_MAX)
		buf_addc(&b2, 'x');
	m.unsubscribe = xstrdup(b2.data);
	compose_ok(&m, &b, id);
	assert_lines(b.data, 998);
	snprintf(want, sizeof(want), "List-Unsubscribe:\r\n <%.40s", b2.data);
	assert_int_equal(strncmp(header(b.data, "List-Unsubscribe"), want,
				 strlen(want)), 0);
	free((char *)m.unsubscribe);
	/* Without an unsubscribe link, neither List- header. */
	m.unsubscribe = NULL;
	compose_ok(&m, &b, id);
	assert_null(strstr(b.data, "List-Unsubscribe"));
	buf_release(&b);
	buf_release(&b2);
}

/* The text goes to both parts: as it is in text/plain, escaped in
 * text/html, where links go through html_href. */
static void test_compose_parts(void **state)
{
	struct mail_msg m = sample();
	struct buf b = BUF_INIT, t = BUF_INIT, h = BUF_INIT;
	char id[MAIL_MSGID_SIZE];

	(void)state;
	compose_ok(&m, &b, id);
	part_of(b.data, "text/plain", &t);
	assert_string_equal(t.data,
		"Grace wrote:\n\nIs the milestone <b>realistic</b>?\n"
		"& \"when\"\n\nThanks\n"
		"\nRead the <comment>:\n"
		"https://plan.example.org/s/7/plan?c=1&d=2#c1\n"
		"\nYour plan:\nhttp://localhost:8080/s/7/plan\n"
		"\n-- \nTo stop these emails: "
		"https://plan.example.org/unsubscribe/abc123\n");
	part_of(b.data, "text/html", &h);
	assert_non_null(strstr(h.data, "<title>Grace commented on your "
			       "plan</title>"));
	assert_non_null(strstr(h.data,
		"<p>Grace wrote:</p>\n<p>Is the milestone &lt;b&gt;realistic"
		"&lt;/b&gt;?<br>\n&amp; &quot;when&quot;</p>\n"
		"<p>Thanks</p>\n"));
	assert_non_null(strstr(h.data,
		"<p><a href=\"https://plan.example.org/s/7/plan?c=1&amp;d=2#c1"
		"\">Read the &lt;comment&gt;</a></p>"));
	assert_non_null(strstr(h.data, "<a href=\"https://plan.example.org/"
			       "unsubscribe/abc123\">Stop these emails</a>"));
	assert_null(strstr(h.data, "<b>"));
	assert_null(strstr(h.data, "<comment>"));
	buf_release(&b);
	buf_release(&t);
	buf_release(&h);
}

/* User text in every header cannot add one; long and non-ASCII text
 * comes through with short lines. */
static void test_compose_hostile_text(void **state)
{
	struct mail_msg m = sample();
	struct buf b = BUF_INIT, v = BUF_INIT, body = BUF_INIT, t = BUF_INIT;
	char id[MAIL_MSGID_SIZE];
	int i;

	(void)state;
	m.subject = "Re: plan\r\nBcc: everyone@example.org\r\n\r\nfake body";
	m.to_name = "Ada\r\nBcc: x@example.org";
	m.from_name = "Grâce \"the reviewer\" <grace@evil.example>";
	for (i = 0; i < 3000; i++)
		buf_adds(&body, i % 50 ? "é" : "\nword ");
	buf_adds(&body, "\n");
	for (i = 0; i < 2000; i++)
		buf_addc(&body, 'x');
	m.text = body.data;
	compose_ok(&m, &b, id);
	assert_lines(b.data, 78);
	assert_null(strstr(b.data, "\r\nBcc"));
	assert_null(strstr(b.data, "\r\nfake"));
	header_value(header(b.data, "Subject"), &v);
	assert_string_equal(v.data,
		"Re: plan Bcc: everyone@example.org fake body");
	buf_reset(&v);
	header_value(header(b.data, "From"), &v);
	assert_string_equal(v.data, "Grâce \"the reviewer\" "
			    "<grace@evil.example> <noreply@plan.example.org>");
	/* The name is encoded whole, so its "<...>" is no address. */
	assert_non_null(strstr(header(b.data, "From"), "=?UTF-8?B?"));
	assert_null(strstr(header(b.data, "From"), "<grace"));
	part_of(b.data, "text/plain", &t);
	assert_int_equal(strncmp(t.data, body.data, body.len), 0);
	buf_release(&b);
	buf_release(&v);
	buf_release(&body);
	buf_release(&t);
}

static void assert_refused(const struct mail_msg *m, const char *why)
{
	struct buf b = BUF_INIT;
	char id[MAIL_MSGID_SIZE], err[200] = "";

	buf_adds(&b, "kept");
	assert_int_equal(mail_compose(&b, m, id, err, sizeof(err)), -1);
	if (!strstr(err, why))
		fail_msg("want \"%s\", got \"%s\"", why, err);
	assert_string_equal(b.data, "kept");
	assert_int_equal(b.err, 0);
	buf_release(&b);
}

static void test_compose_refusals(void **state)
{
	struct mail_msg m;
	struct mail_link bad[] = { { "x", "javascript:alert(1)" } };
	struct mail_link quote[] = { { "x", "https://e.org/\"onclick=\"x" } };
	struct mail_link many[MAIL_LINKS_MAX + 1];
	struct buf big = BUF_INIT;
	size_t i;

	(void)state;
	m = sample(), m.from_addr = "noreply";
	assert_refused(&m, "From address");
	m = sample(), m.to_addr = "ada@example.org\r\nBcc: x@example.org";
	assert_refused(&m, "To address");
	m = sample(), m.to_addr = "ada@example.org>, <x@example.org";
	assert_refused(&m, "To address");
	m = sample(), m.subject = "bad \xff\xfe utf-8";
	assert_refused(&m, "subject is not UTF-8");
	m = sample(), m.subject = " \r\n\t";
	assert_refused(&m, "subject is empty");
	m = sample(), m.to_name = "\xc3";
	assert_refused(&m, "display name");
	m = sample(), m.links = bad;
	m.nlinks = 1;
	assert_refused(&m, "http(s) URL");
	m.links = quote;
	assert_refused(&m, "http(s) URL");
	m = sample(), m.unsubscribe = "http://plan.example.org/u/1";
	assert_refused(&m, "https URL");
	m = sample(), m.unsubscribe = "https://plan.example.org/u/1>\r\nX: y";
	assert_refused(&m, "https URL");
	for (i = 0; i <= MAIL_LINKS_MAX; i++)
		many[i] = links[0];
	m = sample(), m.links = many, m.nlinks = MAIL_LINKS_MAX + 1;
	assert_refused(&m, "more than 50 links");
	while (big.len <= MAIL_SUBJECT_MAX)
		buf_adds(&big, "subject ");
	m = sample(), m.subject = big.data;
	assert_refused(&m, "up to 400 bytes");
	while (big.len <= MAIL_BODY_MAX)
		buf_adds(&big, "a line of the body\n");
	m = sample(), m.text = big.data;
	assert_refused(&m, "256 KiB");
	buf_release(&big);
}

/* A buffer whose cap the message passes is left as it was. */
static void test_compose_cap(void **state)
{
	struct mail_msg m = sample();
	struct buf b;
	char id[MAIL_MSGID_SIZE], err[200];

	(void)state;
	buf_init(&b, 600);
	buf_adds(&b, "before");
	assert_int_equal(mail_compose(&b, &m, id, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "larger"));
	assert_string_equal(b.data, "before");
	assert_int_equal(b.err, 0);
	buf_release(&b);
}

/* ---- SMTP settings ---- */

static void config_ok(struct smtp *s, const char *url, const char *cred)
{
	char err[300] = "";

	if (smtp_config(s, url, cred, 0, err, sizeof(err)))
		fail_msg("%s refused: %s", url, err);
}

static void config_refused(const char *url, const char *cred, long timeout,
			   const char *why)
{
	struct smtp s;
	char err[300] = "";

	assert_int_equal(smtp_config(&s, url, cred, timeout, err,
				     sizeof(err)), -1);
	if (!strstr(err, why))
		fail_msg("%s: want \"%s\", got \"%s\"", url, why, err);
	assert_int_equal(s.login, 0);
}

static void test_smtp_url(void **state)
{
	const char *loop[] = { "smtp://127.0.0.1:2525", "smtp://localhost",
			       "smtp://[::1]:25/example.org",
			       "smtp://127.1.2.3" };
	const char *far[] = { "smtps://mail.example.org",
			      "smtp://127.example.org:587",
			      "smtp://10.0.0.1" };
	struct smtp s;
	size_t i;

	(void)state;
	unsetenv(SMTP_ENV_USER);
	unsetenv(SMTP_ENV_PASSWORD);
	for (i = 0; i < sizeof(loop) / sizeof(loop[0]); i++) {
		config_ok(&s, loop[i], NULL);
		assert_true(s.loopback);
		assert_false(s.login);
		assert_int_equal(s.timeout, SMTP_TIMEOUT_DEFAULT);
	}
	for (i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
		config_ok(&s, far[i], NULL);
		assert_false(s.loopback);
	}
	config_refused("smtp://ada:secret@127.0.0.1:25", NULL, 0,
		       "credentials in the URL");
	config_refused("smtps://ada@mail.example.org", NULL, 0,
		       "credentials in the URL");
	config_refused("smtp://;AUTH=PLAIN@mail.example.org", NULL, 0,
		       "credentials in the URL");
	config_refused("smtp://mail.example.org/?x=1", NULL, 0, "no query");
	config_refused("http://mail.example.org", NULL, 0, "smtp://");
	config_refused("mail.example.org", NULL, 0, "smtp://");
	config_refused("smtp://a b", NULL, 0, "not a URL");
	config_refused("smtp://localhost", NULL, 601, "1 to 600 seconds");
	config_refused("smtp://localhost", NULL, -1, "1 to 600 seconds");
}

static void write_file(const char *path, const char *data, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(data, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void test_smtp_login(void **state)
{
	char dir[] = "/tmp/test-mail-XXXXXX", path[64];
	struct smtp s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/login", dir);
	/* The environment: both or neither. */
	setenv(SMTP_ENV_USER, "ada", 1);
	config_refused("smtp://localhost", NULL, 0, "set both or neither");
	setenv(SMTP_ENV_PASSWORD, "env pw", 1);
	config_ok(&s, "smtp://localhost", NULL);
	assert_true(s.login);
	assert_string_equal(s.user, "ada");
	assert_string_equal(s.password, "env pw");
	smtp_release(&s);
	assert_false(s.login);
	assert_string_equal(s.password, "");
	/* A file only its owner reads; it wins over the environment. */
	write_file(path, "grace\r\nfile pw with spaces\n", 0600);
	config_ok(&s, "smtp://localhost", path);
	assert_string_equal(s.user, "grace");
	assert_string_equal(s.password, "file pw with spaces");
	smtp_release(&s);
	write_file(path, "grace\nfile pw", 0400);
	config_ok(&s, "smtp://localhost", path);
	assert_string_equal(s.password, "file pw");
	smtp_release(&s);
	write_file(path, "grace\nfile pw\n", 0640);
	config_refused("smtp://localhost", path, 0, "chmod 600");
	write_file(path, "grace\nfile pw\n", 0604);
	config_refused("smtp://localhost", path, 0, "chmod 600");
	write_file(path, "grace\n", 0600);
	config_refused("smtp://localhost", path, 0, "password on its second");
	write_file(path, "\nfile pw\n", 0600);
	config_refused("smtp://localhost", path, 0, "user on its first");
	config_refused("smtp://localhost", dir, 0, "not a regular file");
	unlink(path);
	config_refused("smtp://localhost", path, 0, "cannot open");
	rmdir(dir);
	unsetenv(SMTP_ENV_USER);
	unsetenv(SMTP_ENV_PASSWORD);
}

/* Only a 5xx to the message's own commands gives the message up. */
static void test_smtp_result(void **state)
{
	(void)state;
	assert_int_equal(smtp_result_of(CURLE_OK, 250, 1), SMTP_SENT);
	assert_int_equal(smtp_result_of(CURLE_COULDNT_CONNECT, 0, 0),
			 SMTP_RETRY);
	assert_int_equal(smtp_result_of(CURLE_OPERATION_TIMEDOUT, 250, 1),
			 SMTP_RETRY);
	assert_int_equal(smtp_result_of(CURLE_SEND_ERROR, 451, 1), SMTP_RETRY);
	assert_int_equal(smtp_result_of(CURLE_SEND_ERROR, 421, 1), SMTP_RETRY);
	assert_int_equal(smtp_result_of(CURLE_SEND_ERROR, 550, 1),
			 SMTP_REFUSED);
	assert_int_equal(smtp_result_of(CURLE_WEIRD_SERVER_REPLY, 554, 1),
			 SMTP_REFUSED);
	/* A greeting or a login refused: the settings, not the message. */
	assert_int_equal(smtp_result_of(CURLE_WEIRD_SERVER_REPLY, 554, 0),
			 SMTP_RETRY);
	assert_int_equal(smtp_result_of(CURLE_LOGIN_DENIED, 535, 0),
			 SMTP_RETRY);
	assert_int_equal(smtp_result_of(CURLE_SEND_ERROR, 530, 1), SMTP_RETRY);
	assert_int_equal(smtp_result_of(CURLE_USE_SSL_FAILED, 250, 0),
			 SMTP_RETRY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_header_plain),
		cmocka_unit_test(test_header_injection),
		cmocka_unit_test(test_header_encoded),
		cmocka_unit_test(test_qp),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_compose_headers),
		cmocka_unit_test(test_compose_parts),
		cmocka_unit_test(test_compose_hostile_text),
		cmocka_unit_test(test_compose_refusals),
		cmocka_unit_test(test_compose_cap),
		cmocka_unit_test(test_smtp_url),
		cmocka_unit_test(test_smtp_login),
		cmocka_unit_test(test_smtp_result),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
