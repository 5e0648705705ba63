/*
 * message.c: one outgoing mail as RFC 5322 bytes (see message.h).  Header
 * values are squeezed to one line and written as ASCII words or RFC 2047
 * encoded-words; both body parts go out in quoted-printable, so every line
 * is short and 7-bit whatever the text holds.
 */
#include "mail/message.h"

#include "core/buf.h"
#include "core/form.h"
#include "core/html.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* RFC 5322 2.1.1: a line SHOULD stay within 78 bytes. */
#define LINE_SOFT 78
/* Bytes per encoded-word: 39 make 52 of base64, and "=?UTF-8?B?...?=" 64,
 * so a word fits after "Subject: " and any continuation. */
#define EW_BYTES 39

void mail_date(struct buf *b, time_t t)
{
	static const char day[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu",
					"Fri", "Sat" };
	static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
					 "Jun", "Jul", "Aug", "Sep", "Oct",
					 "Nov", "Dec" };
	struct tm tm;

	if (!gmtime_r(&t, &tm) || tm.tm_wday < 0 || tm.tm_wday > 6 ||
	    tm.tm_mon < 0 || tm.tm_mon > 11) {
		b->err = 1;
		return;
	}
	buf_addf(b, "%s, %02d %s %04d %02d:%02d:%02d +0000", day[tm.tm_wday],
		 tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
}

/* A header being written: where its current line stands. */
struct hdr {
	struct buf *b;
	size_t col;
};

static void hdr_start(struct hdr *h, struct buf *b, const char *name)
{
	h->b = b;
	buf_adds(b, name);
	buf_addc(b, ':');
	h->col = strlen(name) + 1;
}

/* One unbreakable token, after a space or, when it would pass the line's
 * length, a fold (CRLF and a space: RFC 5322's folding white space). */
static void hdr_token(struct hdr *h, const char *s, size_t n)
{
	if (h->col + 1 + n > LINE_SOFT && h->col > 1) {
		buf_add(h->b, "\r\n ", 3);
		h->col = 1;
	} else {
		buf_addc(h->b, ' ');
		h->col++;
	}
	buf_add(h->b, s, n);
	h->col += n;
}

static void hdr_end(struct hdr *h)
{
	buf_add(h->b, "\r\n", 2);
}

/* RFC 2047 encoded-words for s[0..n), each a whole number of UTF-8
 * characters (5, rule 3). */
static void hdr_encoded(struct hdr *h, const char *s, size_t n)
{
	char word[16 + EW_BYTES * 2];
	size_t k, off = 0;

	while (off < n) {
		k = n - off < EW_BYTES ? n - off : EW_BYTES;
		while (k < n - off && k > 1 &&
		       ((unsigned char)s[off + k] & 0xc0) == 0x80)
			k--;
		memcpy(word, "=?UTF-8?B?", 10);
		sodium_bin2base64(word + 10, sizeof(word) - 12,
				  (const unsigned char *)s + off, k,
				  sodium_base64_VARIANT_ORIGINAL);
		strcat(word, "?=");
		hdr_token(h, word, strlen(word));
		off += k;
	}
}

/* `s` with every run of control characters and blanks turned into one
 * space, and none at either end: a header value can hold no CR or LF. */
static void squeeze(struct buf *out, const char *s)
{
	int blank = 0;

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c == 0x7f) {
			blank = out->len > 0;
			continue;
		}
		if (blank)
			buf_addc(out, ' ');
		blank = 0;
		buf_addc(out, (char)c);
	}
}

/* RFC 5322 3.2.3's atext, without the locale's say. */
static int atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* Can a value go out as it is: printable ASCII in words short enough to
 * fold between, and nothing a reader would take for an encoded-word?
 * With `phrase`, also only atext (RFC 5322 3.2.3), as in a display name. */
static int plain_ok(const char *s, int phrase)
{
	size_t word = 0;

	if (strstr(s, "=?"))
		return 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < ' ' || c > '~')
			return 0;
		if (phrase && c != ' ' && !atext(c))
			return 0;
		word = c == ' ' ? 0 : word + 1;
		if (word > LINE_SOFT - 8)
			return 0;
	}
	return 1;
}

/* A squeezed value: as words, or as encoded-words. */
static void hdr_text(struct hdr *h, const char *v, int phrase)
{
	const char *p = v;
	size_t n;

	if (!plain_ok(v, phrase)) {
		hdr_encoded(h, v, strlen(v));
		return;
	}
	while (*p) {
		n = strcspn(p, " ");
		hdr_token(h, p, n);
		p += n;
		if (*p)
			p++;
	}
}

void mail_header(struct buf *b, const char *name, const char *value)
{
	struct buf v = BUF_INIT;
	struct hdr h;

	squeeze(&v, value);
	hdr_start(&h, b, name);
	hdr_text(&h, v.data, 0);
	hdr_end(&h);
	if (v.err)
		b->err = 1;
	buf_release(&v);
}

/* "Name: display name <addr>", the name optional. */
static void header_addr(struct buf *b, const char *hname, const char *name,
			const char *addr)
{
	struct buf v = BUF_INIT, a = BUF_INIT;
	struct hdr h;

	squeeze(&v, name);
	hdr_start(&h, b, hname);
	if (v.len)
		hdr_text(&h, v.data, 1);
	buf_addf(&a, "<%s>", addr);
	hdr_token(&h, a.data, a.len);
	hdr_end(&h);
	if (v.err || a.err)
		b->err = 1;
	buf_release(&v);
	buf_release(&a);
}

void mail_qp(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, col = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int eol, plain;

		if (c == '\n' || (c == '\r' && i + 1 < n && s[i + 1] == '\n')) {
			i += c == '\r';
			buf_add(b, "\r\n", 2);
			col = 0;
			continue;
		}
		eol = i + 1 == n || s[i + 1] == '\n' ||
		      (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n');
		plain = (c > ' ' && c < 0x7f && c != '=') ||
			((c == ' ' || c == '\t') && !eol);
		/* A soft break leaves room for its '=' within 76 bytes. */
		if (col + (plain ? 1 : 3) > 75) {
			buf_add(b, "=\r\n", 3);
			col = 0;
		}
		/* A leading '.' confuses broken relays, "From " mbox files. */
		if (col == 0 && (c == '.' || (c == 'F' && n - i >= 5 &&
					      !memcmp(s + i, "From ", 5))))
			plain = 0;
		if (plain) {
			buf_addc(b, (char)c);
			col++;
		} else {
			char e[3] = { '=', hex[c >> 4], hex[c & 15] };

			buf_add(b, e, 3);
			col += 3;
		}
	}
}

/* A dot-atom of atext, 1 to 64 bytes, "@", a host name of LDH labels. */
int mail_addr_ok(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL, *p;
	size_t label = 0;

	if (!at || at == s || at - s > 64 || strlen(s) > MAIL_ADDR_MAX ||
	    !at[1] || s[0] == '.' || at[-1] == '.')
		return 0;
	for (p = s; p < at; p++)
		if (!(atext((unsigned char)*p) ||
		      (*p == '.' && p[1] != '.')))
			return 0;
	for (p = at + 1; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '.') {
			if (!label || p[-1] == '-' || !p[1])
				return 0;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '-') {
			if ((!label && c == '-') || ++label > 63)
				return 0;
		} else
			return 0;
	}
	return p[-1] != '-';
}

/* An absolute http(s) URL of printable ASCII that fits a header line and
 * cannot close the angle brackets around it. */
static int url_ok(const char *u, int https_only)
{
	const char *p;

	if (!strncmp(u, "https://", 8))
		p = u + 8;
	else if (!https_only && !strncmp(u, "http://", 7))
		p = u + 7;
	else
		return 0;
	if (!*p || *p == '/' || strlen(u) > MAIL_URL_MAX)
		return 0;
	for (; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("<>\"\\", *p))
			return 0;
	return 1;
}

/* UTF-8 text within `max` bytes (NULL passes when `optional`). */
static int text_ok(const char *s, size_t max, int optional)
{
	size_t n;

	if (!s)
		return optional;
	n = strlen(s);
	return n <= max && utf8_valid(s, n);
}

static const char *check(const struct mail_msg *m)
{
	struct buf v = BUF_INIT;
	size_t i;
	int empty;

	if (!mail_addr_ok(m->from_addr))
		return "the From address is not plain ASCII local@domain "
		       "(up to 254 bytes)";
	if (!mail_addr_ok(m->to_addr))
		return "the To address is not plain ASCII local@domain "
		       "(up to 254 bytes)";
	if (!text_ok(m->from_name, MAIL_NAME_MAX, 1) ||
	    !text_ok(m->to_name, MAIL_NAME_MAX, 1))
		return "a display name is not UTF-8 of up to 200 bytes";
	if (!text_ok(m->subject, MAIL_SUBJECT_MAX, 0))
		return "the subject is not UTF-8 of up to 400 bytes";
	squeeze(&v, m->subject);
	empty = !v.len;
	buf_release(&v);
	if (empty)
		return "the subject is empty";
	if (!text_ok(m->text, MAIL_BODY_MAX, 0))
		return "the text is not UTF-8 of up to 256 KiB";
	if (m->nlinks > MAIL_LINKS_MAX || (m->nlinks && !m->links))
		return "more than 50 links";
	for (i = 0; i < m->nlinks; i++) {
		if (!text_ok(m->links[i].label, MAIL_NAME_MAX, 0) ||
		    !*m->links[i].label)
			return "a link's label is not UTF-8 of 1 to 200 bytes";
		if (!m->links[i].url || !url_ok(m->links[i].url, 0))
			return "a link is not an http(s) URL of printable "
			       "ASCII (up to 900 bytes)";
	}
	if (m->unsubscribe && !url_ok(m->unsubscribe, 1))
		return "the unsubscribe link is not an https URL of "
		       "printable ASCII (up to 900 bytes)";
	return NULL;
}

static void random_hex(char *out, size_t bytes)
{
	unsigned char r[32];

	randombytes_buf(r, bytes);
	sodium_bin2hex(out, bytes * 2 + 1, r, bytes);
}

/* The text part: the text, each link as its label and URL on a line of
 * their own, and how to unsubscribe.  Returns the length of the text
 * alone, for html_part(). */
static size_t text_part(struct buf *b, const struct mail_msg *m)
{
	const char *p;
	size_t i, n;

	/* Lines end in "\n" here; mail_qp() makes them CRLF. */
	for (p = m->text; *p; p++)
		if (*p != '\r')
			buf_addc(b, *p);
		else if (p[1] != '\n')
			buf_addc(b, '\n');
	buf_rtrim(b);
	buf_addc(b, '\n');
	n = b->len;
	for (i = 0; i < m->nlinks; i++)
		buf_addf(b, "\n%s:\n%s\n", m->links[i].label, m->links[i].url);
	if (m->unsubscribe)
		buf_addf(b, "\n-- \nTo stop these emails: %s\n",
			 m->unsubscribe);
	return n;
}

/* The text as HTML paragraphs: blank lines part them, other line breaks
 * become <br>.  `t` is the text part's body, whose lines end in "\n". */
static void html_paragraphs(struct buf *b, const char *t, size_t n)
{
	const char *p = t, *end = t + n, *nl;
	int open = 0;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (p + strspn(p, " \t") >= nl) {
			if (open)
				html(b, "</p>\n");
			open = 0;
			continue;
		}
		html(b, open ? "<br>\n" : "<p>");
		html_txtn(b, p, (size_t)(nl - p));
		open = 1;
	}
	if (open)
		html(b, "</p>\n");
}

static void html_part(struct buf *b, const struct mail_msg *m,
		      const char *text, size_t n)
{
	struct buf title = BUF_INIT;
	size_t i;

	squeeze(&title, m->subject);
	html(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	     "<meta charset=\"utf-8\">\n<title>%s</title>\n</head>\n<body>\n",
	     title.data);
	if (title.err)
		b->err = 1;
	buf_release(&title);
	html_paragraphs(b, text, n);
	for (i = 0; i < m->nlinks; i++) {
		html(b, "<p><a href=\"");
		html_href(b, m->links[i].url);
		html(b, "\">%s</a></p>\n", m->links[i].label);
	}
	if (m->unsubscribe) {
		html(b, "<hr>\n<p><small><a href=\"");
		html_href(b, m->unsubscribe);
		html(b, "\">Stop these emails</a></small></p>\n");
	}
	html(b, "</body>\n</html>\n");
}

static void headers(struct buf *b, const struct mail_msg *m,
		    const char *msgid, const char *boundary)
{
	struct hdr h;

	buf_adds(b, "Date: ");
	mail_date(b, m->date);
	buf_adds(b, "\r\n");
	header_addr(b, "From", m->from_name, m->from_addr);
	header_addr(b, "To", m->to_name, m->to_addr);
	mail_header(b, "Subject", m->subject);
	buf_addf(b, "Message-ID: %s\r\nMIME-Version: 1.0\r\n", msgid);
	if (m->unsubscribe) {
		hdr_start(&h, b, "List-Unsubscribe");
		buf_adds(b, h.col + 3 + strlen(m->unsubscribe) > LINE_SOFT ?
			 "\r\n <" : " <");
		buf_addf(b, "%s>\r\n", m->unsubscribe);
		buf_adds(b, "List-Unsubscribe-Post: List-Unsubscribe=One-Click"
			 "\r\n");
	}
	buf_addf(b, "Content-Type: multipart/alternative;\r\n"
		 " boundary=\"%s\"\r\n\r\n", boundary);
}

static void part(struct buf *b, const char *boundary, const char *type,
		 const struct buf *body)
{
	buf_addf(b, "--%s\r\nContent-Type: %s; charset=utf-8\r\n"
		 "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
		 boundary, type);
	mail_qp(b, body->data, body->len);
	/* The CRLF before the next boundary belongs to the boundary. */
	buf_adds(b, "\r\n");
}

int mail_compose(struct buf *out, const struct mail_msg *m,
		 char msgid[MAIL_MSGID_SIZE], char *err, size_t errlen)
{
	struct buf text = BUF_INIT, page = BUF_INIT;
	/* "=_" cannot occur in quoted-printable: no part holds the boundary. */
	char boundary[4 + 32 + 1] = "=_ap", rnd[2 * 16 + 1];
	const char *why = out->err ? "the output buffer had failed" : check(m);
	size_t start = out->len, n;

	if (why) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	random_hex(rnd, 16);
	snprintf(msgid, MAIL_MSGID_SIZE, "<%s@%s>", rnd,
		 strchr(m->from_addr, '@') + 1);
	random_hex(rnd, 16);
	strcat(boundary, rnd);
	n = text_part(&text, m);
	html_part(&page, m, text.data, n);
	headers(out, m, msgid, boundary);
	buf_adds(out, "This is a message in MIME format: a text part and "
		 "an HTML part.\r\n\r\n");
	part(out, boundary, "text/plain", &text);
	part(out, boundary, "text/html", &page);
	buf_addf(out, "--%s--\r\n", boundary);
	why = text.err || page.err || out->err ?
	      "the message is larger than alignplan sends" : NULL;
	buf_release(&text);
	buf_release(&page);
	if (why) {
		out->len = start;
		if (out->alloc)
			out->data[start] = '\0';
		out->err = 0;
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	return 0;
}
