/*
 * export-docx.c: the plan as a Word document, built in memory with libzip.
 *
 * The package is the smallest Word and LibreOffice open without
 * complaint: [Content_Types].xml, _rels/.rels, word/document.xml,
 * word/styles.xml (Title, Heading1-3, a table style) and the document's
 * rels, on an A4 page.  Lists are paragraphs starting with "• " (or
 * "1. " for ranked answers) and a hanging indent, not numbering.xml: one
 * part fewer, and it reads the same in every viewer.  Every string goes
 * through xml() from xml.h.  The course's own words that carry links (a
 * question, a picked option) are read with md4c and keep their http(s)
 * and mailto links as hyperlinks, each a relationship of the document.
 */
#include "export/export.h"

#include "core/buf.h"
#include "core/html.h"
#include "model/coach.h"
#include "export/plan.h"
#include "core/xml.h"

#include <md4c.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define TEXT_WIDTH 9638  /* A4 (11906 twips) less 2 cm margins */

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
	"content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/"
	"vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"</Types>";

static const char package_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	"2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
	"officeDocument/2006/relationships/officeDocument\" "
	"Target=\"word/document.xml\"/></Relationships>";

/* The document's relationships: its styles, then one per hyperlink
 * (rIdL1, rIdL2, ...), added as the document is written. */
static const char document_rels_head[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	"2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
	"officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>";

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/" \
	     "wordprocessingml/2006/main\""
#define R_NS "xmlns:r=\"http://schemas.openxmlformats.org/" \
	     "officeDocument/2006/relationships\""

struct rels {
	struct buf b;       /* the document's rels part, being written */
	int n;              /* hyperlinks so far */
};

static const char styles[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:styles " W_NS ">"
	"<w:docDefaults><w:rPrDefault><w:rPr>"
	"<w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:cs=\"Calibri\"/>"
	"<w:sz w:val=\"22\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" "
	"w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	"<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Title\">"
	"<w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:spacing w:after=\"240\"/></w:pPr>"
	"<w:rPr><w:b/><w:sz w:val=\"44\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\">"
	"<w:name w:val=\"Subtitle\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:rPr><w:i/><w:sz w:val=\"26\"/></w:rPr></w:style>"
	/* outlineLvl is 0-based; the ids double as level numbers below */
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\">"
	"<w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/>"
	"<w:outlineLvl w:val=\"0\"/></w:pPr>"
	"<w:rPr><w:b/><w:sz w:val=\"32\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading2\">"
	"<w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"80\"/>"
	"<w:outlineLvl w:val=\"1\"/></w:pPr>"
	"<w:rPr><w:b/><w:sz w:val=\"26\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading3\">"
	"<w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:spacing w:before=\"200\" w:after=\"60\"/>"
	"<w:outlineLvl w:val=\"2\"/></w:pPr>"
	"<w:rPr><w:b/><w:i/><w:sz w:val=\"23\"/></w:rPr></w:style>"
	"<w:style w:type=\"table\" w:styleId=\"PlanTable\">"
	"<w:name w:val=\"Plan Table\"/><w:tblPr>"
	"<w:tblBorders>"
	"<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	"<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	"<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	"<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	"<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	"<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	"</w:tblBorders><w:tblCellMar>"
	"<w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/>"
	"</w:tblCellMar></w:tblPr></w:style>"
	"</w:styles>";

/* A paragraph of one plain-text run; style may be NULL. */
static void para(struct buf *b, const char *style, const char *s, size_t n)
{
	xml_raw(b, "<w:p>");
	if (style)
		xml(b, "<w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", style);
	if (n) {
		xml_raw(b, "<w:r><w:t xml:space=\"preserve\">");
		xml_txtn(b, s, n);
		xml_raw(b, "</w:t></w:r>");
	}
	xml_raw(b, "</w:p>");
}

static void paras(struct buf *b, const char *style, const char *s)
{
	para(b, style, s, s ? strlen(s) : 0);
}

/* ---- the course's inline Markdown, links kept ---- */

struct runs {
	struct buf *b;
	struct rels *rels;
	int bold, italic, code;
	int link_depth, link_open[8];
};

static int runs_block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
	(void)type;
	(void)detail;
	(void)ctx;
	return 0;
}

static int runs_enter(MD_SPANTYPE type, void *detail, void *ctx)
{
	struct runs *r = ctx;

	switch (type) {
	case MD_SPAN_STRONG: r->bold++; break;
	case MD_SPAN_EM: r->italic++; break;
	case MD_SPAN_CODE: r->code++; break;
	case MD_SPAN_A: {
		MD_SPAN_A_DETAIL *a = detail;
		int open = !r->link_depth &&
			   url_is_web(a->href.text, a->href.size);

		if (open) {
			r->rels->n++;
			xml(&r->rels->b, "<Relationship Id=\"rIdL%d\" "
			    "Type=\"http://schemas.openxmlformats.org/"
			    "officeDocument/2006/relationships/hyperlink\" "
			    "Target=\"", r->rels->n);
			xml_txtn(&r->rels->b, a->href.text, a->href.size);
			xml_raw(&r->rels->b, "\" TargetMode=\"External\"/>");
			xml(r->b, "<w:hyperlink r:id=\"rIdL%d\">", r->rels->n);
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

static int runs_leave(MD_SPANTYPE type, void *detail, void *ctx)
{
	struct runs *r = ctx;

	(void)detail;
	switch (type) {
	case MD_SPAN_STRONG: r->bold--; break;
	case MD_SPAN_EM: r->italic--; break;
	case MD_SPAN_CODE: r->code--; break;
	case MD_SPAN_A:
		if (r->link_depth > 0 && --r->link_depth < 8 &&
		    r->link_open[r->link_depth])
			xml_raw(r->b, "</w:hyperlink>");
		break;
	default: break;
	}
	return 0;
}

static int runs_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ctx)
{
	struct runs *r = ctx;
	int link = r->link_depth && r->link_open[0];

	xml_raw(r->b, "<w:r>");
	if (r->bold || r->italic || r->code || link) {
		xml_raw(r->b, "<w:rPr>");
		if (r->code)
			xml_raw(r->b, "<w:rFonts w:ascii=\"Consolas\" "
				"w:hAnsi=\"Consolas\"/>");
		if (r->bold)
			xml_raw(r->b, "<w:b/>");
		if (r->italic)
			xml_raw(r->b, "<w:i/>");
		if (link)
			xml_raw(r->b, "<w:color w:val=\"1F5FBF\"/>"
				"<w:u w:val=\"single\"/>");
		xml_raw(r->b, "</w:rPr>");
	}
	xml_raw(r->b, "<w:t xml:space=\"preserve\">");
	if (type == MD_TEXT_SOFTBR || type == MD_TEXT_BR)
		xml_raw(r->b, " ");
	else if (type == MD_TEXT_NULLCHAR)
		xml_raw(r->b, "\xEF\xBF\xBD");
	else
		xml_txtn(r->b, s, n);
	xml_raw(r->b, "</w:t></w:r>");
	return 0;
}

/* Runs for inline Markdown written by the importer (canonical). */
static void md_runs(struct buf *b, struct rels *rels, const char *md)
{
	struct runs r = { .b = b, .rels = rels };
	MD_PARSER p = {
		.flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML,
		.enter_block = runs_block,
		.leave_block = runs_block,
		.enter_span = runs_enter,
		.leave_span = runs_leave,
		.text = runs_text,
	};

	if (md_parse(md, (MD_SIZE)strlen(md), &p, &r) != 0)
		xml(b, "<w:r><w:t xml:space=\"preserve\">%s</w:t></w:r>", md);
	/* A link md4c left open (it never does) would break the XML. */
	while (r.link_depth-- > 0)
		if (r.link_depth < 8 && r.link_open[r.link_depth])
			xml_raw(b, "</w:hyperlink>");
}

/* A paragraph of the course's inline Markdown; style may be NULL. */
static void md_para(struct buf *b, struct rels *rels, const char *style,
		    const char *md)
{
	xml_raw(b, "<w:p>");
	if (style)
		xml(b, "<w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", style);
	md_runs(b, rels, md);
	xml_raw(b, "</w:p>");
}

/* A list item: a marker, then the text, with a hanging indent. */
static void item(struct buf *b, const char *marker, struct span s)
{
	xml_raw(b, "<w:p><w:pPr><w:spacing w:after=\"40\"/>"
		"<w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr>"
		"<w:r><w:t xml:space=\"preserve\">");
	xml(b, "%s", marker);
	xml_txtn(b, s.s, s.n);
	xml_raw(b, "</w:t></w:r></w:p>");
}

static void note(struct buf *b, const char *s)
{
	xml(b, "<w:p><w:r><w:rPr><w:i/><w:color w:val=\"666666\"/></w:rPr>"
	    "<w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>", s);
}

static void cell(struct buf *b, size_t width, int header, struct span s)
{
	xml(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>"
	    "<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr>", (int)width);
	if (s.n) {
		xml_raw(b, "<w:r>");
		if (header)
			xml_raw(b, "<w:rPr><w:b/></w:rPr>");
		xml_raw(b, "<w:t xml:space=\"preserve\">");
		xml_txtn(b, s.s, s.n);
		xml_raw(b, "</w:t></w:r>");
	}
	xml_raw(b, "</w:p></w:tc>");
}

static void table(struct buf *b, const struct prompt *p, const char *value)
{
	size_t ncols = prompt_ncols(p, value), width = TEXT_WIDTH / ncols;
	const char *cur = value;
	struct span line;
	char tmp[24];

	xml_raw(b, "<w:tbl><w:tblPr><w:tblStyle w:val=\"PlanTable\"/>"
		"<w:tblW w:w=\"5000\" w:type=\"pct\"/>"
		"<w:tblLook w:val=\"04A0\" w:firstRow=\"1\"/></w:tblPr>"
		"<w:tblGrid>");
	for (size_t c = 0; c < ncols; c++)
		xml(b, "<w:gridCol w:w=\"%d\"/>", (int)width);
	xml_raw(b, "</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>");
	for (size_t c = 0; c < ncols; c++) {
		const char *l = col_label(p, c, tmp);

		cell(b, width, 1, (struct span){ l, strlen(l) });
	}
	xml_raw(b, "</w:tr>");
	while (answer_next(&cur, &line)) {
		xml_raw(b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
		for (size_t c = 0; c < ncols; c++)
			cell(b, width, 0, cell_shown(p, line, c));
		xml_raw(b, "</w:tr>");
	}
	/* Word wants a paragraph between a table and what follows. */
	xml_raw(b, "</w:tbl><w:p/>");
}

/* The kind's primitives (model/kinds/kind.h): what it writes, here in
 * WordprocessingML. */
struct docx_out {
	struct buf *b;
	struct rels *rels;
};

static void out_para(void *ctx, struct span text)
{
	struct docx_out *o = ctx;

	para(o->b, NULL, text.s, text.n);
}

static void out_item(void *ctx, const char *marker, struct span text,
		     const char *md)
{
	struct docx_out *o = ctx;

	if (!md) {
		item(o->b, marker, text);
		return;
	}
	/* A picked option as the course wrote it. */
	xml_raw(o->b, "<w:p><w:pPr><w:spacing w:after=\"40\"/>"
		"<w:ind w:left=\"360\" w:hanging=\"360\"/>"
		"</w:pPr><w:r><w:t xml:space=\"preserve\">");
	xml(o->b, "%s", marker);
	xml_raw(o->b, "</w:t></w:r>");
	md_runs(o->b, o->rels, md);
	xml_raw(o->b, "</w:p>");
}

static void out_table(void *ctx, const struct prompt *p, const char *value)
{
	struct docx_out *o = ctx;

	table(o->b, p, value);
}

static void answer(struct buf *b, struct rels *rels, const struct prompt *p,
		   const char *v)
{
	struct docx_out o = { b, rels };
	const struct kind_docx w = {
		.ctx = &o, .para = out_para, .item = out_item,
		.table = out_table,
	};

	if (!v) {
		note(b, "No answer yet.");
		return;
	}
	kind_of(p)->docx(&w, p, v);
}

static void checks(struct buf *b, const struct checks *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct check *k = &c->v[i];

		xml(b, "<w:p><w:pPr><w:spacing w:after=\"40\"/>"
		    "<w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr>"
		    "<w:r><w:rPr><w:b/><w:color w:val=\"%s\"/></w:rPr>"
		    "<w:t xml:space=\"preserve\">%s</w:t></w:r>"
		    "<w:r><w:t xml:space=\"preserve\">%s</w:t></w:r>",
		    k->pass ? "2E7D32" : "B71C1C",
		    k->pass ? "\xe2\x9c\x93 " : "\xe2\x9c\x97 ", k->title);
		if (*k->detail)
			xml(b, "<w:r><w:rPr><w:color w:val=\"555555\"/></w:rPr>"
			    "<w:t xml:space=\"preserve\"> \xe2\x80\x94 %s</w:t>"
			    "</w:r>", k->detail);
		xml_raw(b, "</w:p>");
	}
}

static void docx_ctest(void *ctx, const char *idea, const char *test)
{
	struct buf *b = ctx;

	xml_raw(b, "<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr>");
	xml(b, "<w:r><w:t xml:space=\"preserve\">%s%s%s</w:t></w:r></w:p>",
	    idea, *test ? ": " : "", test);
}

static void docx_ctest_field(void *ctx, const char *label, const char *v)
{
	struct buf *b = ctx;

	const char *nl;

	xml(b, "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">"
	    "%s: </w:t></w:r><w:r>", label);
	/* A result of several lines keeps them: a break between. */
	for (; (nl = strchr(v, '\n')); v = nl + 1) {
		xml_raw(b, "<w:t xml:space=\"preserve\">");
		xml_txtn(b, v, (size_t)(nl - v));
		xml_raw(b, "</w:t><w:br/>");
	}
	xml(b, "<w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>", v);
}

/* The tracked cheap tests, after the exercises. */
static void ctests(struct buf *b, const struct plan_doc *d)
{
	const struct doc_ctests_out w = { b, docx_ctest, docx_ctest_field };

	if (!doc_ctests(d, NULL))
		return;
	paras(b, "Heading1", DOC_CTESTS_TITLE);
	paras(b, NULL, DOC_CTESTS_INTRO);
	doc_ctests(d, &w);
}

static int document(const struct plan_doc *d, struct buf *b,
		    struct rels *rels)
{
	const struct session *s = d->s;
	struct buf date = BUF_INIT;
	int r = 0;

	xml_raw(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" "
		"standalone=\"yes\"?>\n<w:document " W_NS " " R_NS "><w:body>");
	paras(b, "Title", s->title);
	if (d->only)
		paras(b, "Subtitle", d->only->title);
	else if (s->subtitle)
		paras(b, "Subtitle", s->subtitle);
	answer_put_date(&date, d->today);
	if (s->course)
		xml(b, "<w:p><w:r><w:t xml:space=\"preserve\">%s, session "
		    "%d</w:t></w:r></w:p>", s->course, s->number);
	xml(b, "<w:p><w:r><w:t xml:space=\"preserve\">%s%s%s</w:t></w:r>"
	    "</w:p>", d->author ? d->author : "", d->author ? ", " : "",
	    date.data);
	buf_release(&date);

	for (size_t i = 0; i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];
		const char *group = NULL;
		struct checks c = { 0 };

		if (!doc_has(d, e))
			continue;
		paras(b, "Heading1", e->title);
		for (size_t j = 0; j < e->nr_prompts; j++) {
			const struct prompt *p = &e->prompts[j];

			if (p->group && (!group || strcmp(group, p->group)))
				paras(b, "Heading3", p->group);
			group = p->group;
			md_para(b, rels, "Heading2", p->text ? p->text :
				p->plain);
			answer(b, rels, p, doc_answer(d, p));
		}
		if (doc_checks(d, e, &c)) {
			r = -1;
		} else if (c.n) {
			paras(b, "Heading2", "Checks");
			xml(b, "<w:p><w:r><w:t>%d of %d checks pass.</w:t></w:r>"
			    "</w:p>", c.passed, (int)c.n);
			checks(b, &c);
		}
		checks_release(&c);
	}
	ctests(b, d);
	if (doc_reflection(d)) {
		paras(b, "Heading1", "Thoughts");
		answer(b, rels, s->reflection, doc_reflection(d));
	}
	xml_raw(b, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
		"<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" "
		"w:left=\"1134\" w:header=\"567\" w:footer=\"567\" "
		"w:gutter=\"0\"/></w:sectPr></w:body></w:document>");
	return r || b->err ? -1 : 0;
}

/* Add one part; the bytes must live until zip_close().  Small parts are
 * stored: zlib's set-up costs more than deflating them saves. */
static int add_part(zip_t *za, const char *name, const void *data,
		    size_t len, time_t mtime)
{
	zip_source_t *src = zip_source_buffer(za, data, len, 0);
	zip_int64_t idx;

	if (!src)
		return -1;
	idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return -1;
	}
	/* A fixed time (the export's) makes the same plan the same bytes. */
	if (zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0) ||
	    zip_set_file_compression(za, (zip_uint64_t)idx,
				     len > 4096 ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
				     1))
		return -1;
	return 0;
}

int export_docx(const struct plan_doc *d, struct buf *out)
{
	struct buf doc = BUF_INIT;
	struct rels rels = { BUF_INIT, 0 };
	zip_source_t *mem = NULL;
	zip_t *za = NULL;
	zip_error_t ze;
	zip_stat_t st;
	time_t mtime = d->stamp > 315532800 ? (time_t)d->stamp : 315532800;
	int r = -1;

	zip_error_init(&ze);
	buf_adds(&rels.b, document_rels_head);
	if (document(d, &doc, &rels))
		goto out;
	buf_adds(&rels.b, "</Relationships>");
	if (rels.b.err)
		goto out;
	mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!mem)
		goto out;
	za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	if (!za)
		goto out;
	zip_source_keep(mem);   /* zip_close() would free it otherwise */
	if (add_part(za, "[Content_Types].xml", content_types,
		     sizeof(content_types) - 1, mtime) ||
	    add_part(za, "_rels/.rels", package_rels,
		     sizeof(package_rels) - 1, mtime) ||
	    add_part(za, "word/document.xml", doc.data, doc.len, mtime) ||
	    add_part(za, "word/_rels/document.xml.rels", rels.b.data,
		     rels.b.len, mtime) ||
	    add_part(za, "word/styles.xml", styles, sizeof(styles) - 1,
		     mtime)) {
		zip_discard(za);
		za = NULL;
		goto out;
	}
	if (zip_close(za)) {
		zip_discard(za);
		za = NULL;
		goto out;
	}
	za = NULL;
	if (zip_source_stat(mem, &st) || !(st.valid & ZIP_STAT_SIZE) ||
	    zip_source_open(mem))
		goto out;
	if (!buf_reserve(out, st.size)) {
		zip_int64_t n = zip_source_read(mem, out->data + out->len,
						st.size);

		if (n == (zip_int64_t)st.size) {
			out->len += st.size;
			out->data[out->len] = '\0';
			r = 0;
		}
	}
	zip_source_close(mem);
out:
	if (mem)
		zip_source_free(mem);
	zip_error_fini(&ze);
	buf_release(&doc);
	buf_release(&rels.b);
	return r;
}
