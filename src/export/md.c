/*
 * export-md.c: the workbook as a session file with the participant's
 * answers nested under each prompt (docs/plans.md, "Answers in
 * Markdown"), so importing it gives back the same prompts and answers.
 *
 * Course text the importer stored as canonical Markdown (instructions,
 * prompt text, hints, summaries) is written back as it is; everything
 * stored as plain text (titles, groups) and every answer goes through
 * md_escape(); options are written as the course wrote them.
 */
#include "export/export.h"

#include "core/buf.h"
#include "export/plan.h"
#include "import/cues.h"

#include <string.h>

/* ASCII punctuation: 1 = backslash-escape; 2 = character reference. */
static const unsigned char md_special[256] = {
	['!'] = 1, ['"'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1,
	['\''] = 1, ['('] = 1, [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1,
	['-'] = 1, ['.'] = 1, ['/'] = 1, [':'] = 1, [';'] = 1, ['<'] = 1,
	['='] = 1, ['>'] = 1, ['?'] = 1, ['@'] = 1, ['['] = 1, ['\\'] = 1,
	[']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['{'] = 1, ['|'] = 1,
	['}'] = 1, ['~'] = 1, ['\t'] = 2, ['\r'] = 2, ['\n'] = 2,
};

void md_escape(struct buf *b, const char *s, size_t n, int at_start)
{
	const char *end = s + n, *run = s;

	for (; s < end; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == ' ' && at_start) {
			buf_add(b, run, (size_t)(s - run));
			buf_adds(b, "&#32;");
			run = s + 1;
			continue;
		}
		at_start = 0;
		if (md_special[c] == 2) {
			buf_add(b, run, (size_t)(s - run));
			buf_addf(b, "&#%d;", c);
			run = s + 1;
		} else if (md_special[c]) {
			buf_add(b, run, (size_t)(s - run));
			buf_addc(b, '\\');
			run = s;
		}
	}
	buf_add(b, run, (size_t)(end - run));
}

static void md_text(struct buf *b, const char *s)
{
	if (s)
		md_escape(b, s, strlen(s), 0);
}

/* Canonical Markdown from the course, each line after the first indented
 * by `indent` spaces (blank lines stay blank). */
static void put_indented(struct buf *b, const char *md, int indent)
{
	const char *p = md, *nl;

	for (;;) {
		nl = strchr(p, '\n');
		buf_add(b, p, nl ? (size_t)(nl - p) : strlen(p));
		if (!nl)
			break;
		buf_addc(b, '\n');
		p = nl + 1;
		if (*p && *p != '\n')
			buf_addf(b, "%*s", indent, "");
	}
}

/* Would an answer item read as an option or as guidance on import? */
static int needs_tick(int options, struct span line)
{
	char tmp[64];
	size_t i = 0, n;

	if (options)
		return 1;
	while (i < line.n && line.s[i] == ' ')
		i++;
	n = line.n - i < sizeof(tmp) - 1 ? line.n - i : sizeof(tmp) - 1;
	memcpy(tmp, line.s + i, n);
	tmp[n] = '\0';
	return is_guidance(tmp);
}

/* One answer item at two spaces: "&#32;" stands for an empty line. */
static void put_item(struct buf *b, int options, struct span s)
{
	buf_adds(b, needs_tick(options, s) ? "  - [x] " : "  - ");
	if (s.n)
		md_escape(b, s.s, s.n, 1);
	else
		buf_adds(b, "&#32;");
	buf_addc(b, '\n');
}

/* The kind's primitives (model/kinds/kind.h): an answer item, and a
 * "Label: value" item under it. */
struct md_out {
	struct buf *b;
	int options;        /* the prompt offers options: tick every item */
};

static void out_item(void *ctx, struct span text)
{
	struct md_out *o = ctx;

	put_item(o->b, o->options, text);
}

static void out_cell(void *ctx, const char *label, struct span text)
{
	struct md_out *o = ctx;

	buf_adds(o->b, "    - ");
	md_text(o->b, label);
	buf_adds(o->b, ": ");
	md_escape(o->b, text.s, text.n, 0);
	buf_addc(o->b, '\n');
}

static void put_answer(struct buf *b, const struct prompt *p,
		       const char *value)
{
	struct md_out o = {
		b, p->nr_options || leads_to_options(p->plain),
	};
	const struct kind_md w = {
		.ctx = &o, .item = out_item, .cell = out_cell,
	};

	kind_of(p)->markdown(&w, p, value);
}

static void put_prompt(struct buf *b, const struct plan_doc *d,
		       const struct exercise *e, const struct prompt *p,
		       char bullet)
{
	const char *v = doc_has(d, e) ? doc_answer(d, p) : NULL;

	buf_addf(b, "%c ", bullet);
	put_indented(b, p->text ? p->text : "", 2);
	if (p->annotation)
		buf_addf(b, " <!-- alignplan: %s -->", p->annotation);
	buf_addc(b, '\n');
	/* Options as the course wrote them, links kept: they read back as
	 * the same plain text. */
	for (size_t i = 0; i < p->nr_options; i++) {
		buf_adds(b, "  - ");
		if (p->options_md && p->options_md[i])
			put_indented(b, p->options_md[i], 4);
		else
			md_text(b, p->options[i]);
		buf_addc(b, '\n');
	}
	if (p->hint) {
		buf_adds(b, "  ");
		put_indented(b, p->hint, 2);
		buf_addc(b, '\n');
	}
	if (v)
		put_answer(b, p, v);
}

static void put_exercise(struct buf *b, const struct plan_doc *d,
			 const struct exercise *e)
{
	const char *group = NULL;
	char bullet = '-';
	int in_list = 0;

	buf_adds(b, "## ");
	md_text(b, e->title);
	if (e->optional)
		buf_adds(b, " \\(optional\\)");
	buf_adds(b, "\n\n");
	if (e->instructions && *e->instructions)
		buf_addf(b, "%s\n\n", e->instructions);
	for (size_t i = 0; i < e->nr_prompts; i++) {
		const struct prompt *p = &e->prompts[i];

		if (!in_list || (p->group && (!group ||
					      strcmp(p->group, group))) ||
		    (!p->group && group)) {
			if (in_list)
				buf_addc(b, '\n');
			if (p->group) {
				size_t n = strlen(p->group);

				/* A paragraph ending in ':' just before the
				 * list names its group, whatever named it in
				 * the course's file. */
				md_text(b, p->group);
				buf_adds(b, n && p->group[n - 1] == ':' ?
					 "\n\n" : "\\:\n\n");
			} else if (in_list) {
				/* A new list without a lead-in. */
				bullet = bullet == '-' ? '*' : '-';
			}
			group = p->group;
			in_list = 1;
		}
		put_prompt(b, d, e, p, bullet);
	}
	if (in_list)
		buf_addc(b, '\n');
}

/* A participant's note, one paragraph a line, escaped: the importer
 * reads it back as these lines (import/md-readings.c). */
static void put_note(struct buf *b, const char *note)
{
	struct span line;
	const char *cur = note;

	while (answer_next(&cur, &line)) {
		if (line.n)
			md_escape(b, line.s, line.n, 1);
		else
			buf_adds(b, "&#32;");
		buf_adds(b, "\n\n");
	}
}

static void put_reading(struct buf *b, const struct plan_doc *d,
			const struct reading *r)
{
	const char *note = d->note ? d->note(d->note_ctx, r->id) : NULL;

	buf_adds(b, "## ");
	if (r->optional)
		buf_adds(b, "\\(optional\\) ");
	if (r->kind) {
		buf_addc(b, '[');
		md_text(b, r->kind);
		buf_adds(b, "] ");
	}
	if (r->url) {
		buf_adds(b, "[**");
		md_text(b, r->title);
		buf_adds(b, "**](");
		for (const char *u = r->url; *u; u++) {
			if (strchr(" ()<>\\", *u) || (unsigned char)*u < 0x20)
				buf_addf(b, "%%%02X", (unsigned char)*u);
			else
				buf_addc(b, *u);
		}
		buf_addc(b, ')');
	} else {
		buf_adds(b, "**");
		md_text(b, r->title);
		buf_adds(b, "**");
	}
	if (r->author) {
		buf_adds(b, " by ");
		md_text(b, r->author);
	}
	if (r->year)
		buf_addf(b, " (%d)", r->year);
	if (r->minutes)
		buf_addf(b, " (%d mins)", r->minutes);
	buf_adds(b, "\n\n");
	if (r->summary) {
		buf_adds(b, "> ");
		for (const char *p = r->summary; *p; p++) {
			buf_addc(b, *p);
			if (*p == '\n')
				buf_adds(b, p[1] == '\n' ? ">" : "> ");
		}
		buf_adds(b, "\n\n");
	}
	if (r->notes && *r->notes)
		buf_addf(b, "%s\n\n", r->notes);
	if (note && *note)
		put_note(b, note);
}

static void md_ctest(void *ctx, const char *idea, const char *test)
{
	struct buf *b = ctx;

	buf_adds(b, "- ");
	md_escape(b, idea, strlen(idea), 1);
	if (*test) {
		buf_adds(b, ": ");
		md_text(b, test);
	}
	buf_addc(b, '\n');
}

static void md_ctest_field(void *ctx, const char *label, const char *v)
{
	struct buf *b = ctx;

	buf_adds(b, "  - ");
	md_text(b, label);
	buf_adds(b, ": ");
	md_text(b, v);
	buf_addc(b, '\n');
}

/* The tracked cheap tests: a section of their own after the exercises,
 * which an import keeps as text and takes no answer from. */
static void put_ctests(struct buf *b, const struct plan_doc *d)
{
	const struct doc_ctests_out w = { b, md_ctest, md_ctest_field };

	if (!doc_ctests(d, NULL))
		return;
	buf_adds(b, "# " DOC_CTESTS_TITLE "\n\n");
	md_text(b, DOC_CTESTS_INTRO);
	buf_adds(b, "\n\n");
	doc_ctests(d, &w);
	buf_addc(b, '\n');
}

int export_markdown(const struct plan_doc *d, struct buf *out)
{
	const struct session *s = d->s;
	size_t i;

	buf_adds(out, "# ");
	if (s->course) {
		md_text(out, s->course);
		buf_adds(out, ": ");
	}
	if (s->number)
		buf_addf(out, "Session %d%s", s->number,
			 s->course ? " - " : ": ");
	md_text(out, s->title);
	buf_adds(out, "\n\n");
	if (s->subtitle) {
		buf_adds(out, "> ");
		md_text(out, s->subtitle);
		buf_adds(out, "\n\n");
	}
	if (s->nr_objectives) {
		buf_adds(out, "# Focus\n\n");
		for (i = 0; i < s->nr_objectives; i++) {
			buf_adds(out, "- ");
			put_indented(out, s->objectives[i], 2);
			buf_addc(out, '\n');
		}
		buf_addc(out, '\n');
	}
	if (s->nr_readings) {
		buf_adds(out, "# Resources\n\n");
		for (i = 0; i < s->nr_readings; i++)
			put_reading(out, d, &s->readings[i]);
	}
	if (s->nr_exercises) {
		buf_adds(out, "# Exercises\n\n");
		for (i = 0; i < s->nr_exercises; i++)
			put_exercise(out, d, &s->exercises[i]);
	}
	put_ctests(out, d);
	if ((s->thoughts && *s->thoughts) || doc_reflection(d))
		buf_adds(out, "# Thoughts\n\n");
	if (s->thoughts && *s->thoughts)
		buf_addf(out, "%s\n\n", s->thoughts);
	/* The reflections as a text prompt's answer, under the item the
	 * importer reads them from (session.h, REFLECTION_TEXT). */
	if (doc_reflection(d)) {
		buf_adds(out, "- " REFLECTION_TEXT "\n");
		put_answer(out, s->reflection, doc_reflection(d));
	}
	buf_rtrim(out);
	buf_addc(out, '\n');
	return out->err ? -1 : 0;
}
