/* libFuzzer harness: mail_compose() on arbitrary text.  The input, split
 * at NUL bytes, gives the subject, the display names, the text, a link and
 * the unsubscribe URL.  Whatever it holds, a message that is composed has
 * CRLF lines of 7-bit bytes within 78 bytes (a long unsubscribe URL's own
 * line within 998), each header once and no other (no injection), and an
 * HTML part whose tags are only ours (no markup from the text). */
#include "core/buf.h"
#include "mail/message.h"

#include <sodium.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const headers[] = {
	"Date:", "From:", "To:", "Subject:", "Message-ID:", "MIME-Version:",
	"List-Unsubscribe:", "List-Unsubscribe-Post:", "Content-Type:",
};
#define NHEADERS (sizeof(headers) / sizeof(headers[0]))

static void check_lines(const char *s, size_t len)
{
	const char *p = s, *end = s + len, *nl;
	unsigned seen[NHEADERS] = { 0 };
	int in_head = 1;
	size_t i;

	for (; p < end; p = nl + 2) {
		nl = memchr(p, '\r', (size_t)(end - p));
		if (!nl || nl + 1 >= end || nl[1] != '\n')
			__builtin_trap();	/* a line not ended by CRLF */
		if ((size_t)(nl - p) > 78 &&
		    !((size_t)(nl - p) <= 998 && !strncmp(p, " <https://", 10)))
			__builtin_trap();
		for (const char *q = p; q < nl; q++)
			if ((*q < ' ' && *q != '\t') || *q > '~')
				__builtin_trap();
		if (nl == p)
			in_head = 0;
		if (!in_head || nl == p || *p == ' ')
			continue;
		for (i = 0; i < NHEADERS; i++)
			if (!strncmp(p, headers[i], strlen(headers[i])))
				break;
		if (i == NHEADERS || seen[i]++)
			__builtin_trap();	/* a header we did not write */
	}
}

/* The HTML part, decoded: every tag is one html_part() writes. */
static void check_html(const char *msg)
{
	static const char *const ok[] = { "!DOCTYPE html>", "html ", "head>",
		"meta ", "title>", "body>", "p>", "br>", "a ", "hr>", "small>",
		"/" };
	/* Unique: quoted-printable writes the text's '=' as "=3D". */
	const char *p = strstr(msg, "Content-Type: text/html; charset=utf-8"), *e;
	struct buf h;
	size_t i;

	if (!p || !(p = strstr(p, "\r\n\r\n")) || !(e = strstr(p, "\r\n--=_ap")))
		__builtin_trap();
	buf_init(&h, 1 << 24);
	for (p += 4; p < e; p++) {
		if (*p == '=' && p[1] == '\r') {
			p += 2;
		} else if (*p == '=') {
			char hex[3] = { p[1], p[2], 0 };

			buf_addc(&h, (char)strtol(hex, NULL, 16));
			p += 2;
		} else
			buf_addc(&h, *p);
	}
	for (p = h.data; (p = strchr(p, '<')); p++) {
		for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
			if (!strncmp(p + 1, ok[i], strlen(ok[i])))
				break;
		if (i == sizeof(ok) / sizeof(ok[0]))
			__builtin_trap();
	}
	buf_release(&h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	char *z = malloc(size + 8), *f[7], msgid[MAIL_MSGID_SIZE], err[200];
	struct mail_link link;
	struct mail_msg m = { .from_addr = "noreply@plan.example.org",
			      .to_addr = "ada@example.org", .date = 1798761599 };
	struct buf out;
	size_t i, k = 0;

	if (!ready && sodium_init() < 0)
		return 0;
	ready = 1;
	if (!z)
		return 0;
	memcpy(z, data, size);
	memset(z + size, 0, 8);
	for (i = 0; i < 7; i++) {
		f[i] = z + k;
		k += strlen(z + k) + (k < size);
		if (k > size)
			k = size;
	}
	m.subject = f[0], m.from_name = f[1], m.to_name = f[2], m.text = f[3];
	link.label = f[4], link.url = f[5];
	m.links = &link, m.nlinks = *f[5] ? 1 : 0;
	m.unsubscribe = *f[6] ? f[6] : NULL;
	buf_init(&out, MAIL_MESSAGE_MAX);
	if (!mail_compose(&out, &m, msgid, err, sizeof(err))) {
		check_lines(out.data, out.len);
		check_html(out.data);
	} else if (out.len)
		__builtin_trap();	/* a refusal writes nothing */
	buf_release(&out);
	free(z);
	return 0;
}
