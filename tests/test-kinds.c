/*
 * Unit tests for the table of field kinds (src/model/kinds/kind.h).
 * They walk the table, so a new kind is tested by adding its row and a
 * sample answer below (the test fails, naming the kind, until it has
 * one):
 *
 *   - every row fills every slot, and its name is the annotation's word
 *     and the JSON's;
 *   - the annotation keys cols=, rows= and budget= are taken exactly by
 *     the kinds whose flags say so;
 *   - every kind round-trips: its control, submitted as a browser would
 *     (form-submit.h), reads back through kind_read_form() as the same
 *     normal form; that answer exported as Markdown and imported again
 *     is the same answer; and an untouched empty control is no answer;
 *   - every kind renders in every output: the page's view, the HTML
 *     export (in full and in its summary), the docx, the Markdown, the
 *     CSV (which reads back whole) and the checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/form.h"
#include "export/export.h"
#include "form-submit.h"
#include "model/coach.h"
#include "model/kinds/kind.h"
#include "model/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* The columns a kind that takes cols= is given here, one of each type
 * but ref (which the round trip of rows= and ref() in test-app covers). */
#define COLS "Step | When:date | Hours:hours | Count:number | Fit:scale | " \
	     "Done:mark | Area:choice(alpha;beta)"

/* An answer of each kind, in normal form, with two words that must show
 * in every output ("Quokka", "Zebra") and HTML and Markdown specials
 * that must come back as typed.  The checklist's first line picks the
 * option the session offers (OPTIONS). */
static const struct sample {
	const char *kind, *value;
} samples[] = {
	{ "text", "Quokka <b>&amp;</b> *stars* [x](y)\n\n  Zebra, indented" },
	{ "list", "Quokka <b>&amp;</b> one\n# Zebra two\n- three" },
	{ "checklist", "Option one\nQuokka own\nZebra <b>&</b>" },
	{ "ranked", "Zebra third\nQuokka <first>\n1. second" },
	{ "table", "Quokka <b>&</b>\t2026-12-04\t6.5\t3\tpartly\tyes\tbeta\n"
		   "Zebra | pipe\t2026-12-10\t2\t\t\t\talpha\n"
		   "\t\t1" },
	{ "rounds", "Quokka round\t\t\t\tnot at all\n"
		    "Zebra round\t2026-12-31\t\t4\t\tyes" },
	{ "sprint", "2026-12-01\t4\t5" },
	{ "agendas", "quokka\nzebra-two" },
};
#define OPTIONS "  - Option [one](https://example.org)\n  - Option two\n"
#define DAY 20788   /* 2026-12-01, "today" */

static const char *sample_of(size_t k)
{
	for (size_t i = 0; i < sizeof(samples) / sizeof(*samples); i++)
		if (!strcmp(samples[i].kind, kinds[k]->name))
			return samples[i].value;
	print_error("kind '%s' has no sample in tests/test-kinds.c\n",
		    kinds[k]->name);
	fail();
	return NULL;
}

/* The words every output must show of kind k's sample. */
static const char *const *words_of(size_t k)
{
	static const char *const sprint[] = { "2026-12-01", NULL };
	static const char *const others[] = { "Quokka", "Zebra", NULL };
	static const char *const agendas[] = { "quokka", "zebra", NULL };

	return k == PROMPT_SPRINT ? sprint : k == PROMPT_AGENDAS ? agendas :
	       others;
}

/* ---- a session with one prompt of kind k ---- */

struct one {
	struct session s;
	const struct prompt *p;
	const char *value;     /* the participant's answer to p */
};

static const char *one_get(void *ctx, const char *id)
{
	struct one *o = ctx;

	return !strcmp(id, o->p->id) ? o->value : NULL;
}

/* "# ...\n- Sprint <!-- alignplan: sprint name=s -->\n- Question <!--
 * alignplan: KIND name=q required EXTRA -->": a sprint first, for
 * budget=; options under the question when the kind picks them. */
static void one_source(struct buf *src, size_t k, const char *extra)
{
	const struct kind *kd = kinds[k];

	buf_adds(src, "# Session 9: Kinds\n\n# Exercises\n\n## The one\n\n"
		 "- When <!-- alignplan: sprint name=when -->\n");
	buf_addf(src, "- A question <!-- alignplan: %s name=q required",
		 kd->name);
	if (kd->flags & KIND_COLS)
		buf_adds(src, " cols=\"" COLS "\"");
	buf_addf(src, "%s -->\n", extra);
	if (kd->flags & KIND_PICKS)
		buf_adds(src, OPTIONS);
}

static int one_parse(struct one *o, size_t k, const char *extra,
		     struct import_error *err)
{
	struct buf src = BUF_INIT;
	int r;

	one_source(&src, k, extra);
	memset(o, 0, sizeof(*o));
	r = session_parse(src.data, src.len, &o->s, err);
	buf_release(&src);
	if (!r) {
		o->p = session_named_prompt(&o->s, "q");
		assert_non_null(o->p);
	}
	return r;
}

/* ---- the table itself ---- */

static void test_every_slot(void **state)
{
	(void)state;
	assert_int_equal(KIND_COUNT, PROMPT_KINDS);
	for (size_t k = 0; k < KIND_COUNT; k++) {
		const struct kind *kd = kinds[k];

		assert_non_null(kd);
		assert_ptr_equal(kind_get((enum prompt_kind)k), kd);
		assert_int_equal(kind_lookup(kd->name, strlen(kd->name)),
				 (int)k);
		assert_string_equal(prompt_kind_name((enum prompt_kind)k),
				    kd->name);
		assert_non_null(kd->one);
		assert_non_null(kd->many);
		assert_non_null(kd->control);
		assert_non_null(kd->posted);
		assert_non_null(kd->check);
		assert_non_null(kd->view);
		assert_non_null(kd->html);
		assert_non_null(kd->brief);
		assert_non_null(kd->docx);
		assert_non_null(kd->markdown);
		assert_non_null(kd->csv);
		/* Columns belong to rows. */
		if ((kd->flags & KIND_COLS) || kd->nr_columns)
			assert_int_equal(kd->shape, KIND_ROWS);
		sample_of(k);
	}
	assert_int_equal(kind_lookup("tabel", 5), -1);
}

/* cols=, rows= and budget= are taken exactly by the kinds that say so;
 * a kind with columns needs cols=. */
static void test_annotation_keys(void **state)
{
	static const struct {
		unsigned flag;
		const char *extra;
	} keys[] = {
		{ KIND_ROWS_FROM, " rows=when" },
		{ KIND_BUDGET, " budget=when" },
	};
	struct import_error err;
	struct buf src = BUF_INIT;
	struct one o;

	(void)state;
	for (size_t k = 0; k < KIND_COUNT; k++) {
		const struct kind *kd = kinds[k];

		for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
			int r = one_parse(&o, k, keys[i].extra, &err);

			if (r && (kd->flags & keys[i].flag))
				print_error("%s%s: %s\n", kd->name,
					    keys[i].extra, err.msg);
			assert_int_equal(r, (kd->flags & keys[i].flag) ? 0 : -1);
			if (!r)
				session_release(&o.s);
			else
				assert_non_null(strstr(err.msg, "is for the "
						       "kinds"));
		}
		/* cols= on a kind without columns, none on one with */
		buf_reset(&src);
		buf_addf(&src, "# T\n## Exercises\n### E\n- Q <!-- alignplan: "
			 "%s%s -->\n", kd->name, kd->flags & KIND_COLS ? "" :
			 " cols=\"A\"");
		assert_int_equal(session_parse(src.data, src.len, &o.s, &err),
				 -1);
		assert_non_null(strstr(err.msg, "cols="));
		/* the fixed columns come with the kind */
		assert_int_equal(one_parse(&o, k, "", &err), 0);
		if (kd->nr_columns) {
			assert_int_equal(o.p->nr_columns, kd->nr_columns);
			for (size_t c = 0; c < kd->nr_columns; c++)
				assert_string_equal(o.p->columns[c].label,
						    kd->columns[c].label);
		}
		assert_int_equal(o.p->kind, (int)k);
		session_release(&o.s);
	}
	buf_release(&src);
}

/* ---- the round trip ---- */

/* The control for `value`, submitted, read back as a normal form. */
static char *control_round_trip(const struct one *o, const char *value)
{
	const struct kind_ctx ctx = {
		&o->s, one_get, (void *)o, DAY, NULL, NULL,
	};
	struct buf html = BUF_INIT, body = BUF_INIT, raw = BUF_INIT,
		   out = BUF_INIT;
	struct form f;

	kind_of(o->p)->control(&html, &ctx, o->p, value);
	assert_false(html.err);
	form_submit(html.data, &body);
	/* Parsed once, as the router parses a post. */
	assert_int_equal(form_parse(&f, body.data, body.len), 0);
	assert_int_equal(kind_read_form(o->p, &f, (size_t)1 << 20, &raw,
					&out), 0);
	form_release(&f);
	buf_release(&html);
	buf_release(&body);
	buf_release(&raw);
	return buf_detach(&out, NULL);
}

static void test_round_trip(void **state)
{
	(void)state;
	for (size_t k = 0; k < KIND_COUNT; k++) {
		struct buf norm = BUF_INIT, md = BUF_INIT;
		const char *v = sample_of(k);
		struct session back = { 0 };
		const struct prompt *q;
		struct import_error err;
		struct one o;
		char *got;

		assert_int_equal(one_parse(&o, k, "", &err), 0);
		o.value = v;
		/* The sample is in normal form. */
		assert_int_equal(answer_normalize(o.p->kind, v, strlen(v),
						  &norm), 0);
		assert_string_equal(norm.data, v);
		/* posted form -> normal form */
		got = control_round_trip(&o, v);
		if (strcmp(got, v))
			print_error("%s: posted back as \"%s\"\n",
				    kinds[k]->name, got);
		assert_string_equal(got, v);
		free(got);
		got = control_round_trip(&o, NULL);
		assert_string_equal(got, "");
		free(got);
		/* normal form -> Markdown -> import -> the same answer */
		{
			struct plan_doc d = {
				.s = &o.s, .get = one_get, .ctx = &o,
				.today = DAY,
			};

			assert_int_equal(export_markdown(&d, &md), 0);
		}
		assert_int_equal(session_parse(md.data, md.len, &back, &err),
				 0);
		q = session_named_prompt(&back, "q");
		assert_non_null(q);
		assert_int_equal(q->kind, (int)k);
		assert_non_null(q->answer);
		assert_string_equal(q->answer, v);
		session_release(&back);
		session_release(&o.s);
		buf_release(&norm);
		buf_release(&md);
	}
}

/* ---- every output ---- */

static char *docx_document(const struct buf *docx)
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
	assert_int_equal(zip_stat(za, "word/document.xml", 0, &st), 0);
	data = calloc(1, st.size + 1);
	f = zip_fopen(za, "word/document.xml", 0);
	assert_non_null(data);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_close(za);
	zip_error_fini(&ze);
	return data;
}

/* Every word of kind k in `out` (the first only, in a summary, which
 * may show a text's first line alone; escaped, in Markdown), and no
 * unescaped "<b>". */
static void shows(size_t k, const char *what, const char *out, bool all)
{
	struct buf w = BUF_INIT;

	for (const char *const *word = words_of(k);
	     *word && (all || word == words_of(k)); word++) {
		buf_reset(&w);
		if (!strcmp(what, "Markdown"))
			md_escape(&w, *word, strlen(*word), 0);
		else
			buf_adds(&w, *word);
		if (!strstr(out, w.data)) {
			print_error("%s: '%s' not in its %s:\n%s\n",
				    kinds[k]->name, w.data, what, out);
			fail();
		}
	}
	buf_release(&w);
	assert_null(strstr(out, "<b>"));
}

/* The first CSV field of a document: its text, unquoted. */
static char *csv_first(const char *s)
{
	struct buf b = BUF_INIT;

	if (!strncmp(s, "\xef\xbb\xbf", 3))
		s += 3;
	if (*s != '"') {
		buf_add(&b, s, strcspn(s, ",\r\n"));
		return buf_detach(&b, NULL);
	}
	for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
		if (*s == '"')
			s++;
		buf_addc(&b, *s);
	}
	return buf_detach(&b, NULL);
}

static void test_every_output(void **state)
{
	(void)state;
	for (size_t k = 0; k < KIND_COUNT; k++) {
		const char *v = sample_of(k);
		const struct kind_ctx ctx = { .today = DAY };
		struct buf b = BUF_INIT;
		struct checks c = { 0 };
		struct import_error err;
		struct plan_doc d = { 0 };
		struct one o;
		struct csv w;
		char *s;

		assert_int_equal(one_parse(&o, k, "", &err), 0);
		o.value = v;
		d = (struct plan_doc){
			.s = &o.s, .get = one_get, .ctx = &o, .today = DAY,
		};

		kinds[k]->view(&b, &ctx, o.p, v);
		shows(k, "view", b.data, true);
		buf_reset(&b);
		kinds[k]->brief(&b, o.p, v, DAY);
		shows(k, "summary line", b.data, false);
		buf_reset(&b);
		/* The summary holds it (required), the answers in full too. */
		assert_int_equal(export_html(&d, &b), 0);
		s = strstr(b.data, "Your answers in full");
		assert_non_null(s);
		shows(k, "HTML export", s, true);
		*s = '\0';
		shows(k, "HTML export's summary", b.data, false);
		buf_reset(&b);
		assert_int_equal(export_docx(&d, &b), 0);
		s = docx_document(&b);
		shows(k, "docx", s, true);
		free(s);
		buf_reset(&b);
		assert_int_equal(export_markdown(&d, &b), 0);
		shows(k, "Markdown", b.data, true);
		buf_reset(&b);
		csv_init(&w, &b);
		kinds[k]->csv(&w, o.p, v, strlen(v));
		csv_end_row(&w);
		s = csv_first(b.data);
		assert_string_equal(s, v);
		free(s);
		/* The checks run; "required" is among them, and passes. */
		assert_int_equal(coach_run(&o.s, NULL, one_get, &o, DAY, &c), 0);
		for (size_t i = 0; i < c.n; i++)
			if (c.v[i].prompt == o.p &&
			    !strcmp(c.v[i].kind, "required"))
				assert_true(c.v[i].pass);
		checks_release(&c);
		buf_release(&b);
		session_release(&o.s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_slot),
		cmocka_unit_test(test_annotation_keys),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_every_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
