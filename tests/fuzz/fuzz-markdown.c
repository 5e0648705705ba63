/* libFuzzer harness: the allowlist Markdown renderer must never emit a
 * tag outside its list, nor a link a browser would run, whatever the
 * input. */
#include "core/buf.h"
#include "core/html.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The scheme a browser reads from an href value as our writer emits it:
 * entities decoded, leading blanks and controls skipped, tabs and newlines
 * dropped (the URL standard's order). Empty when the link is relative.
 */
static void href_scheme(const char *v, size_t n, char *out, size_t cap)
{
	size_t i = 0, o = 0;

	while (i < n && (unsigned char)v[i] <= ' ')
		i++;
	while (i < n && o + 1 < cap) {
		char c = v[i++];

		if (c == '&') {  /* &amp; &lt; &gt; &quot; &#39; and the like */
			const char *semi = memchr(v + i, ';', n - i);
			if (!semi)
				break;
			if (v[i] != '#')
				c = '?';
			else if (v[i + 1] == 'x' || v[i + 1] == 'X')
				c = (char)strtol(v + i + 2, NULL, 16);
			else
				c = (char)strtol(v + i + 1, NULL, 10);
			i = (size_t)(semi - v) + 1;
		}
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':') {
			out[o] = '\0';
			return;
		}
		if (!isalnum((unsigned char)c) && c != '+' && c != '-' && c != '.')
			break;
		out[o++] = c;
	}
	out[0] = '\0';
}

static int links_safe(const char *html)
{
	const char *p = html;

	while ((p = strstr(p, "href=\"")) != NULL) {
		const char *v = p + 6, *end = strchr(v, '"');
		char scheme[32];

		if (!end)
			return 0;
		href_scheme(v, (size_t)(end - v), scheme, sizeof(scheme));
		if (*scheme && strcasecmp(scheme, "http") &&
		    strcasecmp(scheme, "https") && strcasecmp(scheme, "mailto"))
			return 0;
		p = end;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT;
	char *md = xstrndup((const char *)data, size);

	if (!md)
		return 0;
	html_markdown(&out, md, size & 1);
	if (strstr(out.data, "<script") || strstr(out.data, "<img") ||
	    !links_safe(out.data))
		abort();
	buf_release(&out);
	free(md);
	return 0;
}
