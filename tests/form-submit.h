/*
 * form-submit.h: what a browser posts for a piece of rendered HTML, for
 * tests that round-trip a field (control -> post -> answer) without
 * knowing its field names: every named <input> (a checkbox or radio only
 * when checked), <textarea> and <select> (its selected option, else the
 * first), in document order, urlencoded.  Only the markup our html()
 * writes is understood: double-quoted attributes, & < > " ' escaped.
 */
#ifndef FORM_SUBMIT_H
#define FORM_SUBMIT_H

#include "core/buf.h"

#include <stdbool.h>
#include <string.h>

/* Undo html()'s escaping of s[0..n) into out. */
static inline void fs_unescape(struct buf *out, const char *s, size_t n)
{
	static const struct { const char *ent; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' },
	};

	for (size_t i = 0; i < n; i++) {
		size_t k, done = 0;

		for (k = 0; s[i] == '&' && k < sizeof(ents) / sizeof(*ents);
		     k++) {
			size_t l = strlen(ents[k].ent);

			if (i + l <= n && !memcmp(s + i, ents[k].ent, l)) {
				buf_addc(out, ents[k].c);
				i += l - 1;
				done = 1;
				break;
			}
		}
		if (!done)
			buf_addc(out, s[i]);
	}
}

/* The value of attribute `name` in the tag [tag, end), unescaped into
 * out; false when the tag has none.  A bare attribute gives "". */
static inline bool fs_attr(const char *tag, const char *end,
			   const char *name, struct buf *out)
{
	size_t n = strlen(name);

	buf_reset(out);
	for (const char *p = tag + 1; p + n < end; p++) {
		if (p[-1] != ' ' || strncmp(p, name, n))
			continue;
		if (p[n] == '=' && p[n + 1] == '"') {
			const char *v = p + n + 2, *q = memchr(v, '"',
							       (size_t)(end - v));

			if (q) {
				fs_unescape(out, v, (size_t)(q - v));
				return true;
			}
		} else if (p[n] == ' ' || p[n] == '>') {
			return true;
		}
	}
	return false;
}

static inline void fs_urlencode(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-_.~", c))
			buf_addc(b, (char)c);
		else if (c == ' ')
			buf_addc(b, '+');
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

static inline void fs_pair(struct buf *body, const struct buf *name,
			   const struct buf *value)
{
	if (body->len)
		buf_addc(body, '&');
	fs_urlencode(body, name->data, name->len);
	buf_addc(body, '=');
	fs_urlencode(body, value->data, value->len);
}

/* Append to `body` what submitting the controls in `html` posts. */
static inline void form_submit(const char *html, struct buf *body)
{
	struct buf name = BUF_INIT, value = BUF_INIT, type = BUF_INIT,
		   tmp = BUF_INIT;
	const char *p = html;

	while ((p = strchr(p, '<'))) {
		const char *end = strchr(p, '>');

		if (!end)
			break;
		end++;
		if (!strncmp(p, "<input ", 7) &&
		    fs_attr(p, end, "name", &name)) {
			fs_attr(p, end, "type", &type);
			if (strcmp(type.data, "checkbox") &&
			    strcmp(type.data, "radio"))
				;
			else if (!fs_attr(p, end, "checked", &tmp)) {
				p = end;
				continue;
			}
			if (!fs_attr(p, end, "value", &value) &&
			    !strcmp(type.data, "checkbox"))
				buf_adds(&value, "on");
			fs_pair(body, &name, &value);
		} else if (!strncmp(p, "<textarea ", 10) &&
			   fs_attr(p, end, "name", &name)) {
			const char *close = strstr(end, "</textarea>");

			buf_reset(&value);
			if (close)
				fs_unescape(&value, end, (size_t)(close - end));
			fs_pair(body, &name, &value);
		} else if (!strncmp(p, "<select ", 8) &&
			   fs_attr(p, end, "name", &name)) {
			const char *close = strstr(end, "</select>"), *o;
			bool first = true, chosen = false;

			buf_reset(&value);
			for (o = end; close && (o = strstr(o, "<option ")) &&
				      o < close; o++) {
				const char *oe = strchr(o, '>') + 1;

				if (fs_attr(o, oe, "selected", &tmp) || first) {
					if (chosen)
						continue;
					fs_attr(o, oe, "value", &value);
					chosen = fs_attr(o, oe, "selected",
							 &tmp);
				}
				first = false;
			}
			fs_pair(body, &name, &value);
		}
		p = end;
	}
	buf_release(&name);
	buf_release(&value);
	buf_release(&type);
	buf_release(&tmp);
}

#endif
