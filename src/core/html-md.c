/*
 * html-md.c: render session Markdown as HTML with an allowlist.
 *
 * md4c's own HTML renderer passes <script> and javascript: links straight
 * through, so pages use this instead: every piece of text goes through the
 * escaping writer, links keep only safe schemes and raw HTML is shown as
 * text, except for a handful of harmless inline tags.
 */
#include "core/html.h"

#include "core/buf.h"

#include <md4c.h>
#include <string.h>
#include <strings.h>

struct render {
	struct buf *b;
	int inline_only;
	int paragraphs;
	int in_image;           /* image alt text is shown as plain text */
	int link_open[8];       /* per nesting level: did we emit <a>? */
	int link_depth;
};

static int safe_href(const char *s, size_t n)
{
	size_t colon;

	if (url_is_web(s, n))
		return 1;
	/* Relative: no scheme, i.e. no ':' before the first '/', '?' or '#'. */
	for (colon = 0; colon < n && !strchr("/?#:", s[colon]); colon++)
		;
	return colon == n || s[colon] != ':';
}


static int enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;

	switch (type) {
	case MD_BLOCK_P:
		if (r->inline_only) {
			if (r->paragraphs++)
				html_raw(r->b, "<br>");
		} else
			html_raw(r->b, "<p>");
		break;
	case MD_BLOCK_QUOTE: html_raw(r->b, "<blockquote>"); break;
	case MD_BLOCK_UL: html_raw(r->b, "<ul>"); break;
	case MD_BLOCK_OL: html_raw(r->b, "<ol>"); break;
	case MD_BLOCK_LI: {
		MD_BLOCK_LI_DETAIL *li = detail;

		html_raw(r->b, "<li>");
		if (li->is_task)
			html_raw(r->b, li->task_mark == ' ' ? "&#9744; " : "&#9745; ");
		break;
	}
	case MD_BLOCK_HR: html_raw(r->b, "<hr>"); break;
	case MD_BLOCK_H: html_raw(r->b, "<p class=\"md-h\"><strong>"); break;
	case MD_BLOCK_CODE: html_raw(r->b, "<pre><code>"); break;
	case MD_BLOCK_HTML: html_raw(r->b, "<pre>"); break;
	case MD_BLOCK_TABLE: html_raw(r->b, "<table>"); break;
	case MD_BLOCK_THEAD: html_raw(r->b, "<thead>"); break;
	case MD_BLOCK_TBODY: html_raw(r->b, "<tbody>"); break;
	case MD_BLOCK_TR: html_raw(r->b, "<tr>"); break;
	case MD_BLOCK_TH: html_raw(r->b, "<th>"); break;
	case MD_BLOCK_TD: html_raw(r->b, "<td>"); break;
	default: break;
	}
	return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;

	(void)detail;
	switch (type) {
	case MD_BLOCK_P:
		if (!r->inline_only)
			html_raw(r->b, "</p>");
		break;
	case MD_BLOCK_QUOTE: html_raw(r->b, "</blockquote>"); break;
	case MD_BLOCK_UL: html_raw(r->b, "</ul>"); break;
	case MD_BLOCK_OL: html_raw(r->b, "</ol>"); break;
	case MD_BLOCK_LI: html_raw(r->b, "</li>"); break;
	case MD_BLOCK_H: html_raw(r->b, "</strong></p>"); break;
	case MD_BLOCK_CODE: html_raw(r->b, "</code></pre>"); break;
	case MD_BLOCK_HTML: html_raw(r->b, "</pre>"); break;
	case MD_BLOCK_TABLE: html_raw(r->b, "</table>"); break;
	case MD_BLOCK_THEAD: html_raw(r->b, "</thead>"); break;
	case MD_BLOCK_TBODY: html_raw(r->b, "</tbody>"); break;
	case MD_BLOCK_TR: html_raw(r->b, "</tr>"); break;
	case MD_BLOCK_TH: html_raw(r->b, "</th>"); break;
	case MD_BLOCK_TD: html_raw(r->b, "</td>"); break;
	default: break;
	}
	return 0;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;

	if (r->in_image)
		return 0;
	switch (type) {
	case MD_SPAN_EM: html_raw(r->b, "<em>"); break;
	case MD_SPAN_STRONG: html_raw(r->b, "<strong>"); break;
	case MD_SPAN_CODE: html_raw(r->b, "<code>"); break;
	case MD_SPAN_DEL: html_raw(r->b, "<del>"); break;
	case MD_SPAN_U: html_raw(r->b, "<u>"); break;
	case MD_SPAN_IMG: r->in_image = 1; break;
	case MD_SPAN_A: {
		MD_SPAN_A_DETAIL *a = detail;
		int open = safe_href(a->href.text, a->href.size);

		if (open) {
			html_raw(r->b, "<a href=\"");
			html_hrefn(r->b, a->href.text, a->href.size);
			html_raw(r->b, "\">");
		}
		if (r->link_depth < 8)
			r->link_open[r->link_depth] = open;
		r->link_depth++;
		break;
	}
	default: break;
	}
	return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;

	(void)detail;
	if (type == MD_SPAN_IMG) {
		r->in_image = 0;
		return 0;
	}
	if (r->in_image)
		return 0;
	switch (type) {
	case MD_SPAN_EM: html_raw(r->b, "</em>"); break;
	case MD_SPAN_STRONG: html_raw(r->b, "</strong>"); break;
	case MD_SPAN_CODE: html_raw(r->b, "</code>"); break;
	case MD_SPAN_DEL: html_raw(r->b, "</del>"); break;
	case MD_SPAN_U: html_raw(r->b, "</u>"); break;
	case MD_SPAN_A:
		if (r->link_depth > 0 && --r->link_depth < 8 &&
		    r->link_open[r->link_depth])
			html_raw(r->b, "</a>");
		break;
	default: break;
	}
	return 0;
}

/* An entity is copied as-is only when it is well formed: it then cannot
 * open a tag or an attribute. */
static int plain_entity(const char *s, size_t n)
{
	size_t i;

	if (n < 3 || n > 12 || s[0] != '&' || s[n - 1] != ';')
		return 0;
	for (i = 1; i < n - 1; i++)
		if (!(s[i] == '#' || (s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
	return 1;
}

static int allowed_tag(const char *s, size_t n)
{
	static const char *const ok[] = { "<u>", "</u>", "<br>", "<br/>",
					  "<br />", "<sub>", "</sub>", "<sup>",
					  "</sup>", "<mark>", "</mark>" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (n == strlen(ok[i]) && !strncasecmp(s, ok[i], n))
			return 1;
	return 0;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *userdata)
{
	struct render *r = userdata;

	switch (type) {
	case MD_TEXT_NULLCHAR: html_raw(r->b, "\xEF\xBF\xBD"); break;
	case MD_TEXT_BR: html_raw(r->b, r->in_image ? " " : "<br>"); break;
	case MD_TEXT_SOFTBR: html_raw(r->b, "\n"); break;
	case MD_TEXT_ENTITY:
		if (plain_entity(s, n))
			buf_add(r->b, s, n);
		else
			html_txtn(r->b, s, n);
		break;
	case MD_TEXT_HTML:
		if (!r->in_image && allowed_tag(s, n))
			buf_add(r->b, s, n);
		else
			html_txtn(r->b, s, n);
		break;
	default: html_txtn(r->b, s, n); break;
	}
	return 0;
}

void html_markdown(struct buf *b, const char *md, int inline_only)
{
	struct render r = { .b = b, .inline_only = inline_only };
	MD_PARSER p = {
		.flags = MD_DIALECT_GITHUB | MD_FLAG_LATEXMATHSPANS,
		.enter_block = enter_block,
		.leave_block = leave_block,
		.enter_span = enter_span,
		.leave_span = leave_span,
		.text = text,
	};

	if (md && md_parse(md, (MD_SIZE)strlen(md), &p, &r) != 0)
		html_txt(b, md);  /* cannot happen for our own text; be safe */
}
