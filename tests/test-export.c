/*
 * Unit tests for the exporters (src/export-*.c) and the XML writer
 * (src/xml.c).  Run from the repository root.
 *
 * The Markdown round trip is a property test: random answers full of
 * Markdown and HTML specials are normalised, exported, parsed back and
 * must come back byte for byte.  The seed of a failing set is printed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "session-util.h"
#include "model/answer.h"
#include "core/buf.h"
#include "model/coach.h"
#include "export/export.h"
#include "model/session.h"
#include "core/xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define SESSION7 "content/session-07.md"
#define PLAIN "tests/fixtures/session-03-reward-misspecification.md"
#define ROUNDS 150   /* random answer sets per session */

/* A session with every kind of field, declared by annotations. */
static const char annotated[] =
	"# Session 9: Plans\n\n"
	"# Exercises\n\n"
	"## Plan the sprint\n\n"
	"Spend ~30 minutes on this exercise.\n\n"
	"- Sprint dates <!-- alignplan: sprint name=sprint -->\n"
	"- What will you deliver? <!-- alignplan: text name=deliverable "
	"required -->\n"
	"- Which 3-5 roles could you see yourself in? <!-- alignplan: list "
	"name=roles min=3 max=5 -->\n"
	"- Which goals, for example: <!-- alignplan: checklist name=goals -->\n"
	"  - Build a skill\n"
	"  - Write in public\n"
	"- Put the roles in order <!-- alignplan: ranked rows=roles -->\n"
	"- Milestones <!-- alignplan: table name=milestones budget=sprint "
	"min=1 cols=\"Milestone:text:required | By when:date:required | "
	"Hours:hours:required\" -->\n"
	"- Pre-mortem <!-- alignplan: rounds name=risks cols=\"Risk | "
	"Prevention | Likely:scale\" -->\n";

/* ---- answers held in memory ---- */

struct answers {
	const char *id[1000];
	char *value[1000];
	size_t n;
};

static const char *get(void *ctx, const char *id)
{
	struct answers *a = ctx;

	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->id[i], id))
			return a->value[i];
	return NULL;
}

static void answers_release(struct answers *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->value[i]);
	a->n = 0;
}

static void put(struct answers *a, const char *id, enum prompt_kind kind,
		const char *raw, size_t len)
{
	struct buf b = BUF_INIT;

	assert_int_equal(answer_normalize(kind, raw, len, &b), 0);
	assert_false(b.err);
	a->id[a->n] = id;
	a->value[a->n++] = buf_detach(&b, NULL);
}

static struct plan_doc doc(const struct session *s, struct answers *a)
{
	return (struct plan_doc){ .s = s, .get = get, .ctx = a,
				  .author = "Ada <Lovelace> & Co",
				  .today = 20790, .stamp = 1796300000 };
}

/* ---- md_escape ---- */

static void test_md_escape(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	md_escape(&b, "  *a* <b>&amp; 1.", strlen("  *a* <b>&amp; 1."), 1);
	assert_string_equal(b.data,
			    "&#32;&#32;\\*a\\* \\<b\\>\\&amp\\; 1\\.");
	buf_reset(&b);
	md_escape(&b, " x\ty", 4, 0);
	assert_string_equal(b.data, " x&#9;y");
	buf_release(&b);
}

/* ---- random answers ---- */

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t pick(size_t n)
{
	return (size_t)(next() % n);
}

static const char *const pieces[] = {
	"*", "_", "[", "]", "(", ")", "#", ">", "|", "\\", "`", "~", "<", "&",
	"!", "**bold**", "_em_", "`code`", "<script>alert(1)</script>",
	"&amp;", "&#32;", "&lt;", "&#x41;", "\xf0\x9f\x98\x80", "caf\xc3\xa9",
	"- ", "1. ", "+ ", "---", "===", "[x] ", "[ ] ", "You could ", "Tip: ",
	"Note ", "www.example.com", "http://example.org/a_b", "a@b.org",
	"$x$", "<!-- c -->", "-->", "]]>", "[t](http://x)", "![i](y)",
	"\\*", "{", "}", ":", "By when: ", "    ", " ", "word", "plan",
	"milestone", "\xe2\x80\x94", "\xc2\xa0", "'", "\"", "^", "=", "%",
	"@", "?", "/", ".", ",", ";",
};

static void random_line(struct buf *b)
{
	size_t i, n = 1 + pick(8);

	if (!pick(4))    /* leading spaces */
		buf_addf(b, "%*s", (int)(1 + pick(5)), "");
	if (!pick(60)) {  /* a very long line */
		for (i = 0; i < 5000; i++)
			buf_addc(b, "ab*_ <&#"[pick(8)]);
		return;
	}
	for (i = 0; i < n; i++)
		buf_adds(b, pieces[pick(sizeof(pieces) / sizeof(*pieces))]);
}

static void random_answer(const struct prompt *p, struct buf *b)
{
	size_t lines = 1 + pick(p->kind == PROMPT_SPRINT ? 1 : 6);

	for (size_t l = 0; l < lines; l++) {
		if (l)
			buf_adds(b, pick(8) ? "\n" : "\r\n");
		if (p->kind == PROMPT_TEXT && !pick(5)) {
			buf_adds(b, "\n");   /* blank lines in text */
			continue;
		}
		if (p->kind == PROMPT_CHECKLIST && p->nr_options && pick(2)) {
			buf_adds(b, p->options[pick(p->nr_options)]);
			continue;
		}
		if (p->kind == PROMPT_TABLE || p->kind == PROMPT_ROUNDS ||
		    p->kind == PROMPT_SPRINT) {
			size_t cols = 1 + pick(p->nr_columns ? p->nr_columns : 1);

			for (size_t c = 0; c < cols; c++) {
				if (c)
					buf_addc(b, '\t');
				if (pick(5))
					random_line(b);
			}
			continue;
		}
		random_line(b);
	}
}

static void show(const char *what, const char *s)
{
	print_error("%s: ", what);
	if (!s) {
		print_error("(null)\n");
		return;
	}
	for (; *s; s++)
		if (*s == '\n')
			print_error("\\n");
		else if (*s == '\t')
			print_error("\\t");
		else
			print_error("%c", *s);
	print_error("\n");
}

static void same_str(const char *what, const char *a, const char *b)
{
	if (a == b || (a && b && !strcmp(a, b)))
		return;
	print_error("%s differs after the round trip:\n", what);
	show("was", a);
	show("now", b);
	fail();
}

/* The export writes the whole session back, not only the answers. */
static void same_session(const struct session *a, const struct session *b)
{
	same_str("title", a->title, b->title);
	same_str("course", a->course, b->course);
	same_str("subtitle", a->subtitle, b->subtitle);
	same_str("thoughts", a->thoughts, b->thoughts);
	assert_int_equal(a->number, b->number);
	assert_int_equal(a->nr_objectives, b->nr_objectives);
	for (size_t i = 0; i < a->nr_objectives; i++)
		same_str("objective", a->objectives[i], b->objectives[i]);
	assert_int_equal(a->nr_readings, b->nr_readings);
	for (size_t i = 0; i < a->nr_readings; i++) {
		const struct reading *r = &a->readings[i], *q = &b->readings[i];

		same_str("reading id", r->id, q->id);
		same_str("reading url", r->url, q->url);
		same_str("reading author", r->author, q->author);
		same_str("reading kind", r->kind, q->kind);
		same_str("reading summary", r->summary, q->summary);
		same_str("reading notes", r->notes, q->notes);
		assert_int_equal(r->year, q->year);
		assert_int_equal(r->minutes, q->minutes);
		assert_int_equal(r->optional, q->optional);
	}
	for (size_t i = 0; i < a->nr_exercises; i++) {
		const struct exercise *e = &a->exercises[i];
		const struct exercise *f = &b->exercises[i];

		same_str("exercise title", e->title, f->title);
		same_str("instructions", e->instructions, f->instructions);
		assert_int_equal(e->optional, f->optional);
		assert_int_equal(e->minutes, f->minutes);
		for (size_t j = 0; j < e->nr_prompts && j < f->nr_prompts; j++) {
			const struct prompt *p = &e->prompts[j];
			const struct prompt *q = &f->prompts[j];

			same_str("prompt text", p->text, q->text);
			same_str("group", p->group, q->group);
			same_str("hint", p->hint, q->hint);
			same_str("annotation", p->annotation, q->annotation);
			assert_int_equal(p->optional, q->optional);
			assert_int_equal(p->timer_minutes, q->timer_minutes);
			assert_int_equal(p->min_items, q->min_items);
			assert_int_equal(p->max_items, q->max_items);
			assert_int_equal(p->nr_options, q->nr_options);
			assert_int_equal(p->nr_columns, q->nr_columns);
		}
	}
}

static void round_trip(const char *src, size_t len, const char *name,
		       int rounds)
{
	struct session s = { 0 };

	parse_ok(src, len, &s);
	assert_true(s.nr_exercises > 0);
	{
		/* Without answers, the whole session comes back.  (With
		 * them, the importer also counts ticked picks of one's own
		 * as options.) */
		struct answers none = { .n = 0 };
		struct plan_doc d = doc(&s, &none);
		struct buf md = BUF_INIT;
		struct session back = { 0 };

		assert_int_equal(export_markdown(&d, &md), 0);
		parse_ok(md.data, md.len, &back);
		assert_int_equal(back.nr_exercises, s.nr_exercises);
		same_session(&s, &back);
		session_release(&back);
		buf_release(&md);
	}
	for (int round = 0; round < rounds; round++) {
		uint64_t seed = 0x9e3779b97f4a7c15ULL * (uint64_t)(round + 1);
		struct answers a = { .n = 0 };
		struct buf md = BUF_INIT, raw = BUF_INIT;
		struct session back = { 0 };
		struct plan_doc d = doc(&s, &a);

		rng = seed;
		for (size_t i = 0; i < s.nr_exercises; i++)
			for (size_t j = 0; j < s.exercises[i].nr_prompts; j++) {
				const struct prompt *p =
					&s.exercises[i].prompts[j];

				buf_reset(&raw);
				if (pick(6))
					random_answer(p, &raw);
				put(&a, p->id, p->kind, raw.data, raw.len);
			}
		assert_int_equal(export_markdown(&d, &md), 0);
		parse_ok(md.data, md.len, &back);
		assert_int_equal(back.nr_exercises, s.nr_exercises);
		for (size_t i = 0; i < s.nr_exercises; i++) {
			const struct exercise *e = &s.exercises[i];
			const struct exercise *f = &back.exercises[i];

			assert_string_equal(e->id, f->id);
			if (e->nr_prompts != f->nr_prompts)
				print_error("%s seed %#llx: exercise %s has %zu "
					    "prompts back, not %zu\n", name,
					    (unsigned long long)seed, e->id,
					    f->nr_prompts, e->nr_prompts);
			assert_int_equal(e->nr_prompts, f->nr_prompts);
			for (size_t j = 0; j < e->nr_prompts; j++) {
				const struct prompt *p = &e->prompts[j];
				const struct prompt *q = &f->prompts[j];
				const char *want = get(&a, p->id);

				assert_string_equal(p->id, q->id);
				assert_int_equal(p->kind, q->kind);
				if (!*want)
					want = NULL;
				if (want && q->answer &&
				    !strcmp(want, q->answer))
					continue;
				if (!want && !q->answer)
					continue;
				print_error("%s seed %#llx, prompt %s (%s):\n",
					    name, (unsigned long long)seed,
					    p->id, prompt_kind_name(p->kind));
				show("want", want);
				show("got ", q->answer);
				fail();
			}
		}
		session_release(&back);
		buf_release(&md);
		buf_release(&raw);
		answers_release(&a);
	}
	session_release(&s);
}

static void test_round_trip_session7(void **state)
{
	size_t len;
	char *src = slurp(SESSION7, &len);

	(void)state;
	assert_non_null(src);
	round_trip(src, len, SESSION7, ROUNDS);
	free(src);
}

/* The fixtures have no annotations; their prompts' kinds come from the
 * cues, and the prompts from how each course writes its notes. */
static void test_round_trip_plain(void **state)
{
	static const char *const fixtures[] = {
		PLAIN,
		"tests/fixtures/session-01-ai-and-the-years-ahead.md",
		"tests/fixtures/session-03-rlhf.md",
		"tests/fixtures/session-04-scalable-oversight.md",
		"tests/fixtures/session-05-mech-interp.md",
		"tests/fixtures/session-06-technical-governance.md",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(*fixtures); i++) {
		size_t len;
		char *src = slurp(fixtures[i], &len);

		assert_non_null(src);
		round_trip(src, len, fixtures[i], i ? ROUNDS / 5 : ROUNDS);
		free(src);
	}
}

static void test_round_trip_annotated(void **state)
{
	(void)state;
	round_trip(annotated, strlen(annotated), "annotated", ROUNDS);
}

static char *zip_part(const struct buf *docx, const char *name)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_file_t *f;
	zip_stat_t st;
	char *data;

	zip_error_init(&ze);
	src = zip_source_buffer_create(docx->data, docx->len, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	assert_non_null(za);
	if (zip_stat(za, name, 0, &st)) {
		zip_close(za);
		zip_error_fini(&ze);
		return NULL;
	}
	data = calloc(1, st.size + 1);
	assert_non_null(data);
	f = zip_fopen(za, name, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_close(za);
	zip_error_fini(&ze);
	return data;
}

/* Links in a checklist's options (issue 15): the model keeps them next
 * to the plain text a pick stores; the Markdown export writes them (and
 * reads back the same options), the printable page links a picked one. */
static void test_option_links(void **state)
{
	static const char url[] = "https://www.cold-takes.com/learning-by-"
				  "writing/";
	const struct prompt *goals;
	struct session s = { 0 }, back = { 0 };
	struct answers a = { .n = 0 };
	struct buf out = BUF_INIT, want = BUF_INIT;
	struct plan_doc d;
	size_t len, i;
	char *src = slurp(SESSION7, &len);
	int linked = 0;

	(void)state;
	assert_non_null(src);
	parse_ok(src, len, &s);
	goals = session_named_prompt(&s, "goals");
	assert_non_null(goals);
	assert_non_null(goals->options_md);
	for (i = 0; i < goals->nr_options; i++) {
		assert_non_null(goals->options_md[i]);
		assert_null(strchr(goals->options[i], '['));
		linked += strstr(goals->options_md[i], url) != NULL;
	}
	assert_int_equal(linked, 1);
	assert_string_equal(goals->options[2], "Form your own hypotheses on "
			    "important questions about the alignment problem "
			    "or a particular research agenda");
	put(&a, goals->id, goals->kind, goals->options[2],
	    strlen(goals->options[2]));
	d = doc(&s, &a);
	assert_int_equal(export_markdown(&d, &out), 0);
	buf_addf(&want, "  - [Form your own hypotheses](%s) on", url);
	assert_non_null(strstr(out.data, want.data));
	parse_ok(out.data, out.len, &back);
	goals = session_named_prompt(&back, "goals");
	assert_non_null(strstr(goals->options_md[2], url));
	assert_string_equal(goals->options[2], session_named_prompt(&s,
			    "goals")->options[2]);
	buf_reset(&out);
	assert_int_equal(export_html(&d, &out), 0);
	buf_reset(&want);
	buf_addf(&want, "<li><a href=\"%s\"", url);
	assert_non_null(strstr(out.data, want.data));
	/* Word: a hyperlink, its target a relationship of the document. */
	buf_reset(&out);
	assert_int_equal(export_docx(&d, &out), 0);
	{
		char *doc = zip_part(&out, "word/document.xml");
		char *rels = zip_part(&out, "word/_rels/document.xml.rels");
		const char *h = strstr(doc, "Form your own hypotheses</w:t>");
		char rid[32], *rel;

		assert_non_null(h);
		while (h > doc && strncmp(h, "<w:hyperlink r:id=\"", 19))
			h--;
		assert_true(h > doc);
		snprintf(rid, sizeof(rid), "%.*s", (int)strcspn(h + 19, "\""),
			 h + 19);
		buf_reset(&want);
		buf_addf(&want, "Id=\"%s\" Type=\"http://schemas."
			 "openxmlformats.org/officeDocument/2006/"
			 "relationships/hyperlink\" Target=\"%s\" "
			 "TargetMode=\"External\"", rid, url);
		rel = strstr(rels, want.data);
		assert_non_null(rel);
		free(doc);
		free(rels);
	}
	buf_release(&out);
	buf_release(&want);
	answers_release(&a);
	session_release(&back);
	session_release(&s);
	free(src);
}

/* The reflections (the Thoughts section's box) round-trip through the
 * Markdown export, guidance-like lines and blank ones too, and leave the
 * course's Thoughts text as it was. */
static void test_reflection_round_trip(void **state)
{
	static const char mine[] = "You could say *this* <b>\n\n  Tip: a "
				   "second [line](x)";
	struct session s = { 0 }, back = { 0 };
	struct answers a = { .n = 0 };
	struct buf out = BUF_INIT;
	struct plan_doc d;
	size_t len;
	char *src = slurp(SESSION7, &len);

	(void)state;
	assert_non_null(src);
	parse_ok(src, len, &s);
	assert_non_null(s.reflection);
	assert_string_equal(s.reflection->id, "thoughts");
	put(&a, "thoughts", PROMPT_TEXT, mine, strlen(mine));
	d = doc(&s, &a);
	assert_int_equal(export_markdown(&d, &out), 0);
	parse_ok(out.data, out.len, &back);
	assert_non_null(back.reflection);
	assert_string_equal(back.reflection->answer, a.value[0]);
	assert_string_equal(back.thoughts, s.thoughts);
	buf_release(&out);
	answers_release(&a);
	session_release(&back);
	session_release(&s);
	free(src);
}

/* ---- markup and XSS corpus through every format ---- */

static const char *const corpus[] = {
	"<script>alert('x')</script>",
	"]]><![CDATA[ & \"quotes\" 'single'",
	"a\x01" "b\x0b" "c\x1f" "d\x7f" "e", /* controls (normalised away?) */
	"non-characters \xef\xbf\xbe and \xef\xbf\xbf end",
	"emoji \xf0\x9f\x9a\x80 & <b>bold</b> &amp; &#0; &#xD800;",
};

static void fill_corpus(const struct session *s, struct answers *a)
{
	struct buf raw = BUF_INIT;
	size_t k = 0;

	for (size_t i = 0; i < s->nr_exercises; i++)
		for (size_t j = 0; j < s->exercises[i].nr_prompts; j++) {
			const struct prompt *p = &s->exercises[i].prompts[j];
			const char *t = corpus[k++ % (sizeof(corpus) /
						      sizeof(*corpus))];

			buf_reset(&raw);
			if (p->kind == PROMPT_SPRINT)
				buf_adds(&raw, "2026-12-01\t4\t5");
			else if (p->kind == PROMPT_TABLE)
				buf_addf(&raw, "%s\t2026-12-04\t6\n"
					 "Read, think; write\\\t2026-12-11\t2.5",
					 t);
			else if (p->kind == PROMPT_ROUNDS)
				buf_addf(&raw, "%s\t%s\t1", t, t);
			else
				buf_addf(&raw, "%s\n%s", t, corpus[0]);
			put(a, p->id, p->kind, raw.data, raw.len);
		}
	buf_release(&raw);
}

/* Every '&' starts one of the five entities or a character reference. */
static void assert_entities_ok(const char *x)
{
	static const char *const ok[] = { "&amp;", "&lt;", "&gt;", "&quot;",
					  "&apos;", "&#" };

	for (const char *p = strchr(x, '&'); p; p = strchr(p + 1, '&')) {
		size_t i;

		for (i = 0; i < sizeof(ok) / sizeof(*ok); i++)
			if (!strncmp(p, ok[i], strlen(ok[i])))
				break;
		if (i == sizeof(ok) / sizeof(*ok))
			print_error("bare '&' at: %.30s\n", p);
		assert_true(i < sizeof(ok) / sizeof(*ok));
	}
}


static void test_docx_corpus(void **state)
{
	struct session s = { 0 };
	struct answers a = { .n = 0 };
	struct buf out = BUF_INIT;
	struct plan_doc d;
	char *x, *part;

	(void)state;
	parse_ok(annotated, strlen(annotated), &s);
	fill_corpus(&s, &a);
	d = doc(&s, &a);
	assert_int_equal(export_docx(&d, &out), 0);
	assert_memory_equal(out.data, "PK\x03\x04", 4);
	x = zip_part(&out, "word/document.xml");
	assert_non_null(x);
	assert_null(strstr(x, "<script"));
	assert_null(strstr(x, "]]>"));
	assert_non_null(strstr(x, "&lt;script&gt;alert(&apos;x&apos;)"
			       "&lt;/script&gt;"));
	assert_non_null(strstr(x, "]]&gt;&lt;![CDATA[ &amp; &quot;quotes"));
	assert_non_null(strstr(x, "emoji \xf0\x9f\x9a\x80 &amp; &lt;b&gt;"));
	assert_non_null(strstr(x, "Ada &lt;Lovelace&gt; &amp; Co"));
	assert_entities_ok(x);
	for (const unsigned char *p = (const unsigned char *)x; *p; p++)
		assert_true(*p >= 0x20 || *p == '\n' || *p == '\t' ||
			    *p == '\r');
	assert_null(strstr(x, "\xef\xbf\xbe"));
	assert_null(strstr(x, "\xef\xbf\xbf"));
	/* the milestone table: a real table with a header row, on A4 */
	assert_non_null(strstr(x, "<w:tbl>"));
	assert_non_null(strstr(x, "<w:tblHeader/>"));
	assert_non_null(strstr(x, "By when"));
	assert_non_null(strstr(x, ">poorly</w:t>"));   /* scale 1 */
	assert_non_null(strstr(x, "Read, think; write\\"));
	assert_non_null(strstr(x, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	assert_non_null(strstr(x, "<w:pStyle w:val=\"Heading1\"/>"));
	free(x);
	const char *const parts[] = { "[Content_Types].xml", "_rels/.rels",
				      "word/styles.xml",
				      "word/_rels/document.xml.rels" };
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
		part = zip_part(&out, parts[i]);
		assert_non_null(part);
		free(part);
	}
	buf_release(&out);
	answers_release(&a);
	session_release(&s);
}

static void test_html_corpus(void **state)
{
	struct session s = { 0 };
	struct answers a = { .n = 0 };
	struct buf out = BUF_INIT;
	struct plan_doc d;

	(void)state;
	parse_ok(annotated, strlen(annotated), &s);
	fill_corpus(&s, &a);
	d = doc(&s, &a);
	assert_int_equal(export_html(&d, &out), 0);
	assert_null(strstr(out.data, "<script"));
	assert_null(strstr(out.data, "<b>"));
	assert_non_null(strstr(out.data, "&lt;script&gt;"));
	assert_non_null(strstr(out.data, "<html lang=\"en\">"));
	assert_non_null(strstr(out.data, "<title>Plans"));
	assert_non_null(strstr(out.data, "@media print"));
	assert_non_null(strstr(out.data, "<th scope=\"col\">By when</th>"));
	assert_non_null(strstr(out.data, "<td>poorly</td>"));  /* scale 1 */
	/* the summary comes before the answers in full */
	assert_true(strstr(out.data, "id=\"summary\"") <
		    strstr(out.data, "id=\"answers\""));
	buf_release(&out);
	answers_release(&a);
	session_release(&s);
}

/* Between two marks of a document, as a new string. */
static char *between(const char *s, const char *from, const char *to)
{
	const char *a = strstr(s, from), *b;
	char *r;

	assert_non_null(a);
	b = strstr(a, to);
	assert_non_null(b);
	r = malloc((size_t)(b - a) + 1);
	assert_non_null(r);
	memcpy(r, a, (size_t)(b - a));
	r[b - a] = '\0';
	return r;
}

/* The one-page summary of session 7: a rows= table shows each item with
 * its answer, the sprint its whole shape, and checks read with labels. */
static void test_html_summary_session7(void **state)
{
	struct session s = { 0 };
	struct answers a = { .n = 0 };
	struct buf out = BUF_INIT;
	struct plan_doc d;
	size_t len;
	char *src = slurp(SESSION7, &len), *sum;
	static const struct {
		const char *id, *v;
	} ans[] = {
		{ "e1-roles", "Research engineer\nPolicy <analyst>\nGrantmaker" },
		{ "e1-tests", "Research engineer\tA MATS task\t10\n"
			      "Policy <analyst>\tWrite a memo & send it\n"
			      "Grantmaker" },
		{ "e2-sprint", "2027-01-04\t4\t5" },
		{ "e2-milestones", "Read papers\t2027-01-10\t6\n\t2027-01-20" },
		{ "e2-fit", "Build a skill\t1" },
	};

	(void)state;
	assert_non_null(src);
	parse_ok(src, len, &s);
	for (size_t i = 0; i < sizeof(ans) / sizeof(*ans); i++) {
		const struct prompt *p = session_find_prompt(&s, ans[i].id, NULL);

		assert_non_null(p);
		put(&a, p->id, p->kind, ans[i].v, strlen(ans[i].v));
	}
	d = doc(&s, &a);
	d.today = 20000;   /* the sprint's own start wins over today */
	assert_int_equal(export_html(&d, &out), 0);
	sum = between(out.data, "id=\"summary\"", "id=\"answers\"");
	assert_non_null(strstr(sum, "<dt>Cheap tests</dt><dd>Research engineer "
				    "\xe2\x80\x94 A MATS task \xc2\xb7 Policy "
				    "&lt;analyst&gt; \xe2\x80\x94 Write a memo "
				    "&amp; send it \xc2\xb7 Grantmaker</dd>"));
	assert_non_null(strstr(sum, "<dt>Sprint</dt><dd>4 weeks from "
				    "2027-01-04 to 2027-01-31, 5 h a week</dd>"));
	assert_non_null(strstr(sum, "<dt>Milestones</dt><dd>Read papers "
				    "\xe2\x80\x94 2027-01-10 \xc2\xb7 "
				    "2027-01-20</dd>"));
	/* checks are named by their field, as on the pages */
	assert_non_null(strstr(sum, "</span>Cheap tests: one for each role "
				    "\xe2\x80\x94 None yet for Grantmaker.</li>"));
	assert_non_null(strstr(sum, "</span>Sprint: start, weeks and hours a "
				    "week \xe2\x80\x94 Planned: 4 weeks from "
				    "2027-01-04 to 2027-01-31, 5 h a week.</li>"));
	free(sum);
	free(src);
	buf_release(&out);
	answers_release(&a);
	session_release(&s);
}

/* An empty sprint in the summary is "No answer yet", not the defaults
 * presented as the participant's plan. */
static void test_html_summary_empty_sprint(void **state)
{
	struct session s = { 0 };
	struct answers a = { .n = 0 };
	struct buf out = BUF_INIT;
	struct plan_doc d;
	char *sum;

	(void)state;
	parse_ok(annotated, strlen(annotated), &s);
	d = doc(&s, &a);
	assert_int_equal(export_html(&d, &out), 0);
	sum = between(out.data, "id=\"summary\"", "id=\"answers\"");
	assert_non_null(strstr(sum, "<dt>Sprint dates</dt><dd><span "
				    "class=\"none\">No answer yet.</span>"));
	free(sum);
	buf_release(&out);
	session_release(&s);
}

static void test_ics(void **state)
{
	struct session s = { 0 };
	struct answers a = { .n = 0 };
	struct buf out = BUF_INIT;
	struct plan_doc d;
	const char *p, *line;
	char long_ms[400];

	(void)state;
	parse_ok(annotated, strlen(annotated), &s);
	memset(long_ms, 0, sizeof(long_ms));
	for (int i = 0; i < 60; i++)   /* 2-byte chars across the fold */
		strcat(long_ms, i % 3 ? "\xc3\xa9" : "a, ");
	for (size_t j = 0; j < s.exercises[0].nr_prompts; j++) {
		const struct prompt *pr = &s.exercises[0].prompts[j];
		char row[1024];

		if (pr->kind != PROMPT_TABLE)
			continue;
		snprintf(row, sizeof(row),
			 "Read; the papers, all\\three\t2026-12-04\t6\n"
			 "No date\tsoon\t1\n%s\t2026-12-31\t2.5", long_ms);
		put(&a, pr->id, pr->kind, row, strlen(row));
	}
	d = doc(&s, &a);
	assert_int_equal(export_ics(&d, &out), 0);
	assert_true(!strncmp(out.data, "BEGIN:VCALENDAR\r\n", 17));
	assert_non_null(strstr(out.data,
			       "SUMMARY:Read\\; the papers\\, all\\\\three\r\n"));
	assert_non_null(strstr(out.data, "DTSTART;VALUE=DATE:20261204\r\n"));
	assert_non_null(strstr(out.data, "DTSTART;VALUE=DATE:20261231\r\n"));
	assert_non_null(strstr(out.data, "DTSTAMP:20261203T121320Z"));
	assert_non_null(strstr(out.data, "DESCRIPTION:Hours: 6\r\n"));
	assert_null(strstr(out.data, "SUMMARY:No date"));
	/* two events, and stable UIDs */
	p = strstr(out.data, "BEGIN:VEVENT");
	assert_non_null(p);
	p = strstr(p + 1, "BEGIN:VEVENT");
	assert_non_null(p);
	assert_null(strstr(p + 1, "BEGIN:VEVENT"));
	assert_non_null(strstr(out.data, "UID:"));
	/* every line ends in CRLF, is at most 75 octets and does not split
	 * a UTF-8 sequence at a fold */
	for (line = out.data; *line; ) {
		const char *crlf = strstr(line, "\r\n");

		assert_non_null(crlf);
		assert_true(crlf - line <= 75);
		assert_null(memchr(line, '\n', (size_t)(crlf - line)));
		if (crlf[2] == ' ')
			assert_true(((unsigned char)crlf[3] & 0xc0) != 0x80);
		line = crlf + 2;
	}
	buf_release(&out);
	answers_release(&a);
	session_release(&s);
}

/* The UID of the nth event (from 0) whose SUMMARY is `summary`. */
static void uid_of(const char *ics, const char *summary, int nth,
		   char uid[80])
{
	char want[120];
	const char *ev, *u;

	snprintf(want, sizeof(want), "SUMMARY:%s\r", summary);
	ev = strstr(ics, want);
	while (ev && nth--)
		ev = strstr(ev + 1, want);
	assert_non_null(ev);
	while (ev > ics && strncmp(ev, "BEGIN:VEVENT", 12))
		ev--;
	u = strstr(ev, "UID:");
	assert_non_null(u);
	assert_true(strcspn(u, "\r") < 80);
	snprintf(uid, 80, "%.*s", (int)strcspn(u, "\r"), u);
}

/* Calendar UIDs (issue 15): the same milestone keeps its UID when the
 * rows are reordered or its date moves; two people's milestones never
 * share one; two rows of the same name are two events. */
static void test_ics_uids(void **state)
{
	static const char *const rows[] = {
		"Read the papers\t2026-12-04\t6\nWrite it up\t2026-12-20\t8\n"
		"Write it up\t2026-12-24\t2",
		"Write it up\t2026-12-22\t8\nRead the papers\t2026-12-04\t6\n"
		"Write it up\t2026-12-24\t2",
	};
	char uid[4][3][80];
	struct session s = { 0 };

	(void)state;
	parse_ok(annotated, strlen(annotated), &s);
	for (int k = 0; k < 4; k++) {
		struct answers a = { .n = 0 };
		struct buf out = BUF_INIT;
		struct plan_doc d;

		for (size_t j = 0; j < s.exercises[0].nr_prompts; j++) {
			const struct prompt *pr = &s.exercises[0].prompts[j];

			if (pr->kind == PROMPT_TABLE)
				put(&a, pr->id, pr->kind, rows[k & 1],
				    strlen(rows[k & 1]));
		}
		d = doc(&s, &a);
		d.owner = k < 2 ? 41 : 42;
		assert_int_equal(export_ics(&d, &out), 0);
		uid_of(out.data, "Read the papers", 0, uid[k][0]);
		uid_of(out.data, "Write it up", 0, uid[k][1]);
		uid_of(out.data, "Write it up", 1, uid[k][2]);
		buf_release(&out);
		answers_release(&a);
	}
	/* Reordered, and a date moved: the same UIDs. */
	for (int m = 0; m < 3; m++)
		assert_string_equal(uid[0][m], uid[1][m]);
	/* Distinct within one plan, the same name twice included. */
	assert_string_not_equal(uid[0][0], uid[0][1]);
	assert_string_not_equal(uid[0][1], uid[0][2]);
	/* Another person with the same plan: other UIDs. */
	for (int m = 0; m < 3; m++)
		assert_string_not_equal(uid[0][m], uid[2][m]);
	assert_string_equal(uid[2][0], uid[3][0]);
	session_release(&s);
}

static void test_xml_writer(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	xml(&b, "<t a=\"%s\">%s</t>%d%%", "\"'<&>", "x\x01y\xff\xef\xbf\xbez",
	    -3);
	assert_string_equal(b.data, "<t a=\"&quot;&apos;&lt;&amp;&gt;\">"
			    "xy\xef\xbf\xbdz</t>-3%");
	buf_release(&b);
}

/* The cheap-test tracker in each format: its fields, user text escaped
 * (markup, quotes, controls), only with the career plan or the whole
 * workbook. */
static void test_ctests_in_exports(void **state)
{
	struct session s = { 0 };
	struct answers a = { .n = 0 };
	struct buf md = BUF_INIT, h = BUF_INIT, dx = BUF_INIT;
	const struct ctest t = { .idea = "Policy <b>\"x\"</b>",
				 .status = CTEST_REFUTED,
				 .date = "2027-03-27", .hours_planned = 55,
				 .hours_spent = 10, .conf_before = 60,
				 .conf_after = 25,
				 .uncertainty = "]]><![CDATA[ & 'q'" };
	const struct doc_ctest tests[] = {
		{ &t, "<script>alert(1)</script>", "Dull\x01 & slow\nsecond" },
	};
	struct plan_doc d;
	size_t len;
	char *src = slurp(SESSION7, &len), *xml;

	(void)state;
	assert_non_null(src);
	parse_ok(src, len, &s);
	d = doc(&s, &a);
	d.tests = tests;
	d.nr_tests = 1;
	assert_int_equal(export_markdown(&d, &md), 0);
	assert_non_null(strstr(md.data, "# Cheap tests tracked\n"));
	assert_non_null(strstr(md.data, "- Policy \\<b\\>\\\"x\\\"\\<\\/b\\>: "
			       "\\<script\\>alert\\(1\\)\\<\\/script\\>\n"));
	assert_non_null(strstr(md.data, "  - Hours planned: 5\\.5 h\n"));
	assert_non_null(strstr(md.data, "  - Confidence in fit after: 25 \\%"));
	assert_int_equal(export_html(&d, &h), 0);
	assert_non_null(strstr(h.data, "<h3>Policy &lt;b&gt;&quot;x&quot;"
			       "&lt;/b&gt;: &lt;script&gt;alert(1)&lt;/script"
			       "&gt;</h3>"));
	assert_non_null(strstr(h.data, "<strong>Hours spent:</strong> 1 h"));
	assert_non_null(strstr(h.data, "<strong>Status:</strong> Ran: "
			       "refuted"));
	assert_null(strstr(h.data, "<script>"));
	assert_int_equal(export_docx(&d, &dx), 0);
	xml = zip_part(&dx, "word/document.xml");
	assert_non_null(xml);
	assert_non_null(strstr(xml, "Confidence in fit before: </w:t></w:r>"
			       "<w:r><w:t xml:space=\"preserve\">60 %"));
	assert_non_null(strstr(xml, "]]&gt;&lt;![CDATA[ &amp; "));
	assert_non_null(strstr(xml, " slow</w:t><w:br/><w:t xml:space=\""
			       "preserve\">second</w:t>"));
	assert_null(strstr(xml, "<script>"));
	assert_null(strstr(xml, "\x01"));
	free(xml);
	/* The project plan alone has no tracker. */
	buf_reset(&md);
	for (size_t i = 0; i < s.nr_exercises; i++)
		if (!session_named_prompt(&s, "tests") ||
		    strcmp(s.exercises[i].id, "make-your-career-awesome"))
			d.only = &s.exercises[i];
	assert_int_equal(export_markdown(&d, &md), 0);
	assert_null(strstr(md.data, "Cheap tests tracked"));
	buf_release(&md);
	buf_release(&h);
	buf_release(&dx);
	session_release(&s);
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md_escape),
		cmocka_unit_test(test_xml_writer),
		cmocka_unit_test(test_round_trip_annotated),
		cmocka_unit_test(test_round_trip_session7),
		cmocka_unit_test(test_round_trip_plain),
		cmocka_unit_test(test_docx_corpus),
		cmocka_unit_test(test_html_corpus),
		cmocka_unit_test(test_html_summary_session7),
		cmocka_unit_test(test_html_summary_empty_sprint),
		cmocka_unit_test(test_ics),
		cmocka_unit_test(test_ics_uids),
		cmocka_unit_test(test_option_links),
		cmocka_unit_test(test_reflection_round_trip),
		cmocka_unit_test(test_ctests_in_exports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
