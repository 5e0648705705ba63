#ifndef MAIL_MESSAGE_H
#define MAIL_MESSAGE_H

#include <stddef.h>
#include <time.h>

struct buf;

/*
 * One outgoing mail, composed as the bytes of an RFC 5322 message: the
 * headers (Date, From, To, Subject, Message-ID, MIME-Version and, for a
 * mail one can stop, List-Unsubscribe with one click after RFC 8058) and a
 * multipart/alternative body with a text/plain and a text/html part, both
 * UTF-8 in quoted-printable, every line CRLF-ended and at most 78 bytes.
 *
 * The caller gives text, never markup or header syntax: the body is plain
 * text (paragraphs split by a blank line) that mail_compose() writes as is
 * into the text part and through html() into the HTML part; links are
 * (label, URL) pairs written with html_href(); header values have their
 * control characters (CR and LF among them) turned into spaces, so no
 * value can start a header of its own.  Nothing here reads the clock or
 * the network: the caller passes the date, smtp_send() (smtp.h) delivers.
 */

/* Caps on what a caller may pass: more is refused with a message. */
#define MAIL_ADDR_MAX 254		/* RFC 5321's path, less its brackets */
#define MAIL_NAME_MAX 200		/* a display name, in bytes */
#define MAIL_SUBJECT_MAX 400
#define MAIL_BODY_MAX (256 << 10)
#define MAIL_URL_MAX 900		/* fits a 998-byte header line */
#define MAIL_LINKS_MAX 50
#define MAIL_MESSAGE_MAX (4 << 20)	/* the composed bytes */
/* "<" 32 hex digits "@" a domain ">" and the NUL. */
#define MAIL_MSGID_SIZE (1 + 32 + 1 + MAIL_ADDR_MAX + 1 + 1)

struct mail_link {
	const char *label;	/* text, one line */
	const char *url;	/* http: or https: */
};

struct mail_msg {
	const char *from_name;	/* display name, or NULL */
	const char *from_addr;	/* local@domain, ASCII */
	const char *to_name;	/* display name, or NULL */
	const char *to_addr;
	const char *subject;	/* UTF-8 text */
	const char *text;	/* UTF-8 body text; "\n" or "\r\n" lines */
	const struct mail_link *links;	/* shown after the text, or NULL */
	size_t nlinks;
	/* An https URL that unsubscribes on a POST without logging in (RFC
	 * 8058), or NULL for a mail one cannot stop (a password reset). */
	const char *unsubscribe;
	time_t date;		/* the Date header: the caller's "now" */
};

/*
 * Compose `m` into `out` (appended; its cap should allow
 * MAIL_MESSAGE_MAX).  On success returns 0 and writes the new
 * Message-ID, angle brackets included, into `msgid`.  On bad input
 * (an address that is not plain local@domain, text that is not UTF-8,
 * a URL that is not http(s), a value over its cap) returns -1 with the
 * reason in `err`, and `out` holds nothing new.  Needs sodium_init().
 */
int mail_compose(struct buf *out, const struct mail_msg *m,
		 char msgid[MAIL_MSGID_SIZE], char *err, size_t errlen);

/*
 * The writers mail_compose() is made of, for its tests and for later
 * mail of another shape.
 *
 * mail_date: an RFC 5322 date-time in UTC ("Tue, 01 Dec 2026 09:05:00
 * +0000"), with English names whatever the locale.
 * mail_header: "Name: value" and CRLF, `value` (UTF-8) with its control
 * characters turned into spaces and runs of space squeezed; as it is when
 * it is plain ASCII, else as RFC 2047 encoded-words (B, UTF-8, never
 * splitting a character); folded so that no line passes 78 bytes.
 * mail_qp: `s` in quoted-printable (RFC 2045): lines of at most 76 bytes
 * with soft breaks, "\n" and "\r\n" become CRLF, trailing blanks, '=',
 * 8-bit bytes, a line-leading '.' and "From " are encoded.
 * mail_addr_ok: is `s` an address mail_compose() takes: ASCII
 * dot-atom "@" a host name, at most MAIL_ADDR_MAX bytes.
 */
void mail_date(struct buf *b, time_t t);
void mail_header(struct buf *b, const char *name, const char *value);
void mail_qp(struct buf *b, const char *s, size_t n);
int mail_addr_ok(const char *s);

#endif
