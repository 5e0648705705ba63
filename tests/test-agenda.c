/*
 * Unit tests for the research-agenda catalog: the importer
 * (src/import/agenda.c), the model's rules and JSON (src/model/agenda.c),
 * and the shipped catalog content/agendas.md.  Run from the repository
 * root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "session-util.h"
#include "core/buf.h"
#include "export/export.h"
#include "import/agenda.h"
#include "model/agenda.h"
#include "model/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CATALOG "content/agendas.md"
#define SESSION7 "content/session-07.md"

/* A small catalog that parses, for the error cases to break. */
#define HEAD "# Research agendas\n\n"
#define GOOD_AGENDA(title) \
	"## " title "\n\nWhat it is.\n\n### Links\n\n" \
	"- [A paper](https://example.org/a) - a note\n\n" \
	"### Roles\n\n- Research engineer\n\n"

static void parse_catalog_ok(const char *src, size_t len,
			     struct agenda_catalog *c)
{
	struct import_error err;
	int r = agenda_catalog_parse(src, len, c, &err);

	if (r)
		print_error("unexpected catalog error: %s\n", err.msg);
	assert_int_equal(r, 0);
}

static void parse_shipped(struct agenda_catalog *c)
{
	size_t len;
	char *src = slurp(CATALOG, &len);

	assert_non_null(src);
	assert_true(agenda_catalog_sniff(src, len));
	parse_catalog_ok(src, len, c);
	free(src);
}

/* Parsing must fail on `line` with a message containing `problem`, and
 * leave the catalog empty. */
static void fails_at(const char *src, size_t len, int line,
		     const char *problem)
{
	struct agenda_catalog c;
	struct import_error err;
	char want[32];

	memset(&c, 0x5a, sizeof(c));
	assert_int_equal(agenda_catalog_parse(src, len, &c, &err), -1);
	if (err.line != line || !strstr(err.msg, problem))
		print_error("got line %d \"%s\", want line %d \"%s\"\n",
			    err.line, err.msg, line, problem);
	assert_int_equal(err.line, line);
	assert_non_null(strstr(err.msg, problem));
	if (line > 0) {
		snprintf(want, sizeof(want), "line %d: ", line);
		assert_true(!strncmp(err.msg, want, strlen(want)));
	}
	assert_null(c.agendas);
	assert_int_equal(c.nr_agendas, 0);
	assert_null(c.title);
}

static void fails(const char *src, int line, const char *problem)
{
	fails_at(src, strlen(src), line, problem);
}

/* ---- the shipped catalog ---- */

static void test_shipped_complete(void **state)
{
	struct agenda_catalog c;
	size_t i, j;

	(void)state;
	parse_shipped(&c);
	assert_string_equal(c.title, "Research agendas");
	assert_non_null(c.intro);
	assert_true(c.nr_agendas >= 12);
	for (i = 0; i < c.nr_agendas; i++) {
		const struct agenda *a = &c.agendas[i];

		assert_true(agenda_id_valid(a->id));
		assert_true(strlen(a->description) >= 200);
		assert_true(a->nr_links >= 1);
		assert_true(a->nr_roles >= 1);
		/* the issue asks for both, though the format allows none */
		assert_true(a->nr_ideas >= 1);
		assert_true(a->nr_fit_tests >= 1);
		for (j = 0; j < a->nr_links; j++) {
			assert_null(agenda_url_problem(a->links[j].url,
						       strlen(a->links[j].url)));
			assert_null(strstr(a->links[j].url, "example."));
		}
		for (j = 0; j < i; j++)
			assert_string_not_equal(a->id, c.agendas[j].id);
		assert_ptr_equal(agenda_find(&c, a->id), a);
	}
	assert_null(agenda_find(&c, "no-such-agenda"));
	agenda_catalog_release(&c);
}

/* The course's main areas and every direction session 7 names. */
static void test_shipped_covers_the_course(void **state)
{
	static const char *const ids[] = {
		"interpretability", "developmental-interpretability",
		"scalable-oversight", "human-feedback", "evaluations",
		"ai-control", "model-organisms", "adversarial-robustness",
		"agent-foundations", "cooperative-ai", "shard-theory",
		"technical-moral-philosophy", "alternative-training",
		"governance", "forecasting",
	};
	struct agenda_catalog c;
	size_t i;

	(void)state;
	parse_shipped(&c);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		if (!agenda_find(&c, ids[i]))
			print_error("no agenda '%s'\n", ids[i]);
		assert_non_null(agenda_find(&c, ids[i]));
	}
	agenda_catalog_release(&c);
}

/* Does some agenda link to `url` (an arXiv PDF counting as its abstract)? */
static int catalog_links_to(const struct agenda_catalog *c, const char *url,
			    size_t n)
{
	char want[512];
	size_t i, j;

	if (n >= sizeof(want))
		return 0;
	if (n > 26 && !strncmp(url, "https://arxiv.org/pdf/", 22) &&
	    !strncmp(url + n - 4, ".pdf", 4))
		snprintf(want, sizeof(want), "https://arxiv.org/abs/%.*s",
			 (int)(n - 26), url + 22);
	else
		snprintf(want, sizeof(want), "%.*s", (int)n, url);
	for (i = 0; i < c->nr_agendas; i++)
		for (j = 0; j < c->agendas[i].nr_links; j++)
			if (!strcmp(c->agendas[i].links[j].url, want))
				return 1;
	return 0;
}

/* Each research direction the session 7 reading "What we didn't cover"
 * points to is linked from some agenda. */
static void test_shipped_links_session7_directions(void **state)
{
	struct agenda_catalog c;
	struct session s;
	const struct reading *r = NULL;
	const char *p;
	size_t len, i, found = 0;
	char *src = slurp(SESSION7, &len);

	(void)state;
	assert_non_null(src);
	parse_ok(src, len, &s);
	parse_shipped(&c);
	for (i = 0; i < s.nr_readings; i++)
		if (strstr(s.readings[i].title, "didn"))
			r = &s.readings[i];
	assert_non_null(r);
	for (p = r->summary; (p = strstr(p, "](")); found++) {
		size_t n;

		p += 2;
		n = strcspn(p, ")");
		if (!catalog_links_to(&c, p, n))
			print_error("no agenda links to %.*s\n", (int)n, p);
		assert_true(catalog_links_to(&c, p, n));
	}
	assert_true(found >= 10);
	agenda_catalog_release(&c);
	session_release(&s);
	free(src);
}

/* Every agenda names a role that session 7's roles prompt offers, so a
 * participant's career plan meets the catalog. */
static void test_shipped_roles_meet_session7(void **state)
{
	struct agenda_catalog c;
	struct session s;
	const struct prompt *roles;
	size_t len, i, j;
	char *src = slurp(SESSION7, &len);

	(void)state;
	assert_non_null(src);
	parse_ok(src, len, &s);
	roles = session_named_prompt(&s, "roles");
	assert_non_null(roles);
	assert_true(roles->nr_options >= 5);
	parse_shipped(&c);
	for (i = 0; i < c.nr_agendas; i++) {
		int meets = 0;

		for (j = 0; j < roles->nr_options; j++)
			meets |= agenda_has_role(&c.agendas[i],
						 roles->options[j]);
		if (!meets)
			print_error("'%s' has no role of session 7\n",
				    c.agendas[i].id);
		assert_true(meets);
	}
	agenda_catalog_release(&c);
	session_release(&s);
	free(src);
}

/* ---- what one agenda holds ---- */

static void test_parts(void **state)
{
	static const char src[] =
		"<!-- alignplan: agendas -->\n"                          /* 1 */
		"# Research agendas: test edition\n"                      /* 2 */
		"\n"
		"Intro with a [link](https://example.org/i).\n"          /* 4 */
		"\n"
		"## What's next? *AI* & you\n"                            /* 6 */
		"\n"
		"First paragraph.\n"                                      /* 8 */
		"\n"
		"------\n"
		"\n"
		"Second, **bold**.\n"                                     /* 12 */
		"\n"
		"### Key links:\n"
		"\n"
		"- [**Paper** one](https://example.org/1) \xe2\x80\x94 by A (2020)\n"
		"- [ ](http://example.org/2)\n"                           /* 17 */
		"- <https://example.org/3>\n"
		"\n"
		"### Related roles\n"
		"\n"
		"- Research engineer\n"
		"- research ENGINEER\n"                                   /* 23 */
		"- Grantmaker\n"
		"\n"
		"### Project ideas\n"
		"\n"
		"1. One idea\n"
		"   - with a nested hint\n"
		"2. Two\n"
		"\n"
		"### Test your fit\n"
		"\n"
		"- Try it\n"
		"<!-- a comment between items -->\n"
		"\n"
		"### Description\n"
		"\n"
		"More description.\n"
		"\n"
		"## Control <!-- alignplan: id=ai-control -->\n"          /* 41 */
		"\n"
		"Text.\n"
		"\n"
		"### Links\n"
		"\n"
		"- [x](https://example.org/x)\n"
		"\n"
		"### Roles\n"
		"\n"
		"- Research scientist\n";
	struct agenda_catalog c;
	const struct agenda *a;

	(void)state;
	assert_true(agenda_catalog_sniff(src, sizeof(src) - 1));
	parse_catalog_ok(src, sizeof(src) - 1, &c);
	assert_string_equal(c.title, "Research agendas: test edition");
	assert_string_equal(c.intro,
			    "Intro with a [link](https://example.org/i).");
	assert_int_equal(c.nr_agendas, 2);
	a = &c.agendas[0];
	assert_string_equal(a->id, "whats-next-ai-you");
	assert_string_equal(a->title, "What's next? AI & you");
	assert_int_equal(a->line, 6);
	assert_string_equal(a->description, "First paragraph.\n\n"
			    "Second, **bold**.\n\nMore description.");
	assert_int_equal(a->nr_links, 3);
	assert_string_equal(a->links[0].title, "Paper one");
	assert_string_equal(a->links[0].url, "https://example.org/1");
	assert_string_equal(a->links[0].note, "by A (2020)");
	assert_int_equal(a->links[0].line, 16);
	assert_string_equal(a->links[1].title, "http://example.org/2");
	assert_null(a->links[1].note);
	assert_int_equal(a->links[1].line, 17);
	assert_string_equal(a->links[2].url, "https://example.org/3");
	assert_int_equal(a->nr_roles, 2);   /* the same role once */
	assert_string_equal(a->roles[0], "Research engineer");
	assert_string_equal(a->roles[1], "Grantmaker");
	assert_true(agenda_has_role(a, "GRANTMAKER"));
	assert_false(agenda_has_role(a, "Grant"));
	assert_int_equal(a->nr_ideas, 2);
	assert_string_equal(a->ideas[0], "One idea\n- with a nested hint");
	assert_string_equal(a->ideas[1], "Two");
	assert_int_equal(a->nr_fit_tests, 1);
	assert_string_equal(a->fit_tests[0], "Try it");
	assert_string_equal(c.agendas[1].id, "ai-control");
	assert_string_equal(c.agendas[1].title, "Control");
	assert_int_equal(c.agendas[1].line, 41);
	agenda_catalog_release(&c);
}

static void test_slug_cut(void **state)
{
	static const char src[] = HEAD GOOD_AGENDA(
		"Alpha beta gamma delta epsilon zeta eta theta iota");
	struct agenda_catalog c;

	(void)state;
	parse_catalog_ok(src, sizeof(src) - 1, &c);
	/* at most 40 bytes, cut where a word ends */
	assert_string_equal(c.agendas[0].id,
			    "alpha-beta-gamma-delta-epsilon-zeta-eta");
	agenda_catalog_release(&c);
}

/* ---- errors, each with its line ---- */

static void test_error_missing_parts(void **state)
{
	(void)state;
	fails(HEAD "## Lonely\n\n### Links\n\n- [a](https://a.org)\n\n"
	      "### Roles\n\n- Grantmaker\n", 3, "'Lonely' has no description");
	fails(HEAD GOOD_AGENDA("One") "## Two\n\nText.\n\n### Roles\n\n"
	      "- Grantmaker\n", 15, "'Two' has no links");
	fails(HEAD "## One\n\nText.\n\n### Links\n\n- [a](https://a.org)\n",
	      3, "'One' has no related roles");
	/* the last agenda is checked too, and empty items are no roles */
	fails(HEAD GOOD_AGENDA("One") "## Two\n\nText.\n\n### Links\n\n"
	      "- [a](https://a.org)\n\n### Roles\n\n-\n", 15,
	      "no related roles");
}

static void test_error_duplicate_id(void **state)
{
	(void)state;
	fails(HEAD GOOD_AGENDA("Control") GOOD_AGENDA("control!"), 15,
	      "agenda id 'control' is already used on line 3");
	fails(HEAD GOOD_AGENDA("Control") GOOD_AGENDA(
		      "AI control <!-- alignplan: id=control -->"), 15,
	      "'control' is already used on line 3");
	fails(HEAD GOOD_AGENDA("Good <!-- alignplan: id=Not_Valid -->"), 3,
	      "'Not_Valid' is not an agenda id");
	fails(HEAD GOOD_AGENDA("Good <!-- alignplan: colour=red -->"), 3,
	      "unknown word 'colour=red'");
	fails(HEAD GOOD_AGENDA("\xf0\x9f\x94\xac"), 3, "needs an id");
}

static void test_error_urls(void **state)
{
	(void)state;
	/* in a link item, in the description, in a note, in the intro */
	fails(HEAD "## A\n\nText.\n\n### Links\n\n- [ok](https://a.org)\n"
	      "- [bad](javascript:alert(1))\n\n### Roles\n\n- R\n", 10,
	      "link 'javascript:alert(1)': only http and https");
	fails(HEAD "## A\n\nSee [here](/relative/page).\n", 5,
	      "not a full address");
	fails(HEAD "## A\n\nText.\n\n### Links\n\n- [ok](https://a.org) "
	      "and [mail](mailto:a@b.org)\n", 9, "only http and https");
	fails(HEAD "Intro ![img](data:image/png;base64,AAAA)\n\n"
	      GOOD_AGENDA("A"), 3, "only http and https");
	fails(HEAD "## A\n\n[x](https:///nohost)\n", 5, "has no host");
	fails(HEAD "## A\n\n[x](ftp://a.org/f)\n", 5, "only http and https");
}

static void test_error_structure(void **state)
{
	(void)state;
	fails("Just text.\n", 1, "no title");
	fails("## Not a title\n", 1, "first heading must be the catalog's title");
	fails(HEAD "Only an intro.\n", 1, "no agendas");
	fails(HEAD GOOD_AGENDA("A") "# Again\n", 15, "a second title");
	fails(HEAD "### Links\n", 3, "comes before the first agenda");
	fails(HEAD GOOD_AGENDA("A") "### Funding\n", 15,
	      "'### Funding' is not a part of an agenda");
	fails(HEAD GOOD_AGENDA("A") "#### Deeper\n", 15, "a heading of level 4");
	fails(HEAD "## A\n\nText.\n\n### Links\n\nSome prose.\n", 9,
	      "write a list");
	fails(HEAD "## A\n\nText.\n\n### Links\n\n- see [a](https://a.org)\n",
	      9, "starts with its link");
	fails(HEAD "## A\n\nText.\n\n### Links\n\n- [a](https://a.org)\n\n"
	      "### Roles\n\n- Engineer\n  - nested\n", 13,
	      "a role is one line of text");
}

static void test_error_input(void **state)
{
	static const char bad_utf8[] = HEAD "## A\n\nBad \xff byte.\n";
	static const char nul[] = HEAD "## A\n\nA \0 byte.\n";
	struct buf b = BUF_INIT;
	int i;

	(void)state;
	fails_at(bad_utf8, sizeof(bad_utf8) - 1, 5, "not valid UTF-8");
	fails_at(nul, sizeof(nul) - 1, 5, "NUL byte");
	/* oversize: refused before parsing, from the size alone */
	buf_adds(&b, HEAD);
	while (b.len <= AGENDA_MAX_BYTES)
		buf_adds(&b, "Padding padding padding padding padding.\n");
	fails_at(b.data, b.len, 0, "the limit is 1048576");
	/* deep nesting comes from the Markdown tree, with its line */
	buf_reset(&b);
	buf_adds(&b, HEAD "## A\n\n");
	for (i = 0; i < 40; i++)
		buf_adds(&b, "> ");
	buf_adds(&b, "deep\n");
	fails_at(b.data, b.len, 5, "nested deeper than");
	buf_release(&b);
}

/* Every list has a cap, and the error names the line past it. */
static void test_error_caps(void **state)
{
	struct buf b = BUF_INIT;
	size_t total;
	int i;

	(void)state;
	buf_adds(&b, HEAD);
	for (i = 0; i <= AGENDA_MAX_AGENDAS; i++)
		buf_addf(&b, "## Agenda %d\n\nText.\n\n### Links\n\n"
			 "- [a](https://a.org)\n\n### Roles\n\n- R\n\n", i);
	/* each agenda is 12 lines, the title 2 */
	fails_at(b.data, b.len, 3 + 12 * AGENDA_MAX_AGENDAS,
		 "too many agendas (the limit is 200)");

	buf_reset(&b);
	buf_adds(&b, HEAD "## A\n\nText.\n\n### Links\n\n");
	for (i = 0; i <= AGENDA_MAX_LINKS; i++)
		buf_addf(&b, "- [%d](https://a.org/%d)\n", i, i);
	fails_at(b.data, b.len, 9 + AGENDA_MAX_LINKS, "too many links in 'A'");

	buf_reset(&b);
	buf_adds(&b, HEAD "## A\n\nText.\n\n### Roles\n\n");
	for (i = 0; i <= AGENDA_MAX_ROLES; i++)
		buf_addf(&b, "- Role %d\n", i);
	fails_at(b.data, b.len, 9 + AGENDA_MAX_ROLES, "too many roles");

	buf_reset(&b);
	buf_adds(&b, HEAD "## A\n\nText.\n\n### Project ideas\n\n");
	for (i = 0; i <= AGENDA_MAX_IDEAS; i++)
		buf_addf(&b, "- Idea %d\n", i);
	fails_at(b.data, b.len, 9 + AGENDA_MAX_IDEAS, "too many project ideas");

	buf_reset(&b);
	buf_adds(&b, HEAD "## A\n\nText.\n\n### Test your fit\n\n");
	for (i = 0; i <= AGENDA_MAX_TESTS; i++)
		buf_addf(&b, "- Test %d\n", i);
	fails_at(b.data, b.len, 9 + AGENDA_MAX_TESTS, "too many fit tests");

	buf_reset(&b);
	buf_adds(&b, HEAD "## A\n\nText.\n\n### Roles\n\n- ");
	for (i = 0; i <= AGENDA_MAX_ITEM; i++)
		buf_addc(&b, 'r');
	buf_addc(&b, '\n');
	fails_at(b.data, b.len, 9, "this role is 1001 bytes");

	/* paragraphs of 40 bytes, two lines each; the description holds
	 * them one blank line apart: the first past 8192 bytes is named */
	buf_reset(&b);
	buf_adds(&b, HEAD "## A\n\n");
	for (i = 0, total = 0; total <= AGENDA_MAX_TEXT; i++) {
		buf_adds(&b, "Forty bytes of description, give or take\n\n");
		total += (i ? 2 : 0) + 40;
	}
	fails_at(b.data, b.len, 5 + 2 * (i - 1),
		 "the description is over 8192 bytes");
	buf_release(&b);
}

/* ---- recognising a catalog ---- */

static void test_sniff(void **state)
{
	static const struct {
		const char *src;
		int yes;
	} cases[] = {
		{ "<!-- alignplan: agendas -->\n# Anything\n", 1 },
		{ "\xef\xbb\xbf\n\n  <!--alignplan:agendas-->  \r\n", 1 },
		{ "# Research agendas\n", 1 },
		{ "# research AGENDAS: 2025 edition\n", 1 },
		{ "#   Research agendas \xe2\x80\x94 ours", 1 },
		{ "\n\n# Research agendas", 1 },
		{ "# Research agendashop\n", 0 },
		{ "## Research agendas\n", 0 },
		{ "#Research agendas\n", 0 },
		{ "<!-- alignplan: agendas extra -->\n", 0 },
		{ "<!-- alignplan: checklist -->\n", 0 },
		{ "# Session 7: Research agendas\n", 0 },
		{ "Text first\n# Research agendas\n", 0 },
		{ "", 0 },
	};
	size_t i, len;
	char *src;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (agenda_catalog_sniff(cases[i].src, strlen(cases[i].src)) !=
		    cases[i].yes)
			print_error("sniff case %zu\n", i);
		assert_int_equal(agenda_catalog_sniff(cases[i].src,
						      strlen(cases[i].src)),
				 cases[i].yes);
	}
	src = slurp(SESSION7, &len);
	assert_non_null(src);
	assert_false(agenda_catalog_sniff(src, len));
	free(src);
}

static void test_url_and_id_rules(void **state)
{
	static const struct {
		const char *url;
		const char *problem;   /* NULL: fine */
	} urls[] = {
		{ "https://example.org", NULL },
		{ "HTTP://example.org/a?b#c", NULL },
		{ "javascript:alert(1)", "only http and https" },
		{ "mailto:a@b.org", "only http and https" },
		{ "data:text/html,x", "only http and https" },
		{ "//example.org/x", "not a full address" },
		{ "example.org/a:b", "not a full address" },
		{ "https://", "no host" },
		{ "http:/x", "no host" },
		{ "https://a.org/with space", "spaces or control" },
		{ "https://a.org/\x01", "spaces or control" },
	};
	char long_url[AGENDA_MAX_URL + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		const char *why = agenda_url_problem(urls[i].url,
						     strlen(urls[i].url));

		if (!urls[i].problem)
			assert_null(why);
		else
			assert_non_null(why && strstr(why, urls[i].problem));
	}
	memset(long_url, 'a', sizeof(long_url));
	memcpy(long_url, "https://", 8);
	assert_non_null(agenda_url_problem(long_url, AGENDA_MAX_URL + 1));
	assert_null(agenda_url_problem(long_url, AGENDA_MAX_URL));

	assert_true(agenda_id_valid("model-organisms"));
	assert_true(agenda_id_valid("a1"));
	assert_false(agenda_id_valid(""));
	assert_false(agenda_id_valid(NULL));
	assert_false(agenda_id_valid("-a"));
	assert_false(agenda_id_valid("a-"));
	assert_false(agenda_id_valid("a--b"));
	assert_false(agenda_id_valid("A"));
	assert_false(agenda_id_valid("a_b"));
	assert_false(agenda_id_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

/* ---- round trip: catalog -> JSON, stable ---- */

/* The JSON without its "line" members (the only ones a re-layout moves). */
static char *json_no_lines(const struct agenda_catalog *c)
{
	struct buf j = BUF_INIT, out = BUF_INIT;
	const char *p;

	agenda_catalog_to_json(c, &j);
	assert_false(j.err);
	for (p = j.data; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);

		size_t sp = strspn(p, " ");

		if (strncmp(p + sp, "\"line\": ", 8))
			buf_add(&out, p, n);
		p += n;
	}
	buf_release(&j);
	return buf_detach(&out, NULL);
}

/* The catalog written back in the format of docs/agendas.md: plain text
 * escaped, Markdown as it is. */
static void write_catalog(struct buf *b, const struct agenda_catalog *c)
{
	size_t i, j;

	buf_adds(b, "<!-- alignplan: agendas -->\n# ");
	md_escape(b, c->title, strlen(c->title), 0);
	buf_addf(b, "\n\n%s\n\n", c->intro ? c->intro : "");
	for (i = 0; i < c->nr_agendas; i++) {
		const struct agenda *a = &c->agendas[i];

		buf_adds(b, "## ");
		md_escape(b, a->title, strlen(a->title), 0);
		buf_addf(b, " <!-- alignplan: id=%s -->\n\n%s\n\n### Links\n\n",
			 a->id, a->description);
		for (j = 0; j < a->nr_links; j++) {
			buf_adds(b, "- [");
			md_escape(b, a->links[j].title,
				  strlen(a->links[j].title), 0);
			buf_addf(b, "](%s)", a->links[j].url);
			if (a->links[j].note)
				buf_addf(b, " \xe2\x80\x94 %s", a->links[j].note);
			buf_addc(b, '\n');
		}
		buf_adds(b, "\n### Roles\n\n");
		for (j = 0; j < a->nr_roles; j++) {
			buf_adds(b, "- ");
			md_escape(b, a->roles[j], strlen(a->roles[j]), 0);
			buf_addc(b, '\n');
		}
		buf_adds(b, "\n### Project ideas\n\n");
		for (j = 0; j < a->nr_ideas; j++)
			buf_addf(b, "- %s\n", a->ideas[j]);
		buf_adds(b, "\n### Test your fit\n\n");
		for (j = 0; j < a->nr_fit_tests; j++)
			buf_addf(b, "- %s\n", a->fit_tests[j]);
		buf_addc(b, '\n');
	}
}

static void test_round_trip(void **state)
{
	struct agenda_catalog c1, c2, c3;
	struct buf md1 = BUF_INIT, md2 = BUF_INIT, j1 = BUF_INIT,
		j2 = BUF_INIT;
	char *a, *b;

	(void)state;
	parse_shipped(&c1);
	parse_shipped(&c2);
	/* the same file gives the same bytes */
	agenda_catalog_to_json(&c1, &j1);
	agenda_catalog_to_json(&c2, &j2);
	assert_false(j1.err);
	assert_string_equal(j1.data, j2.data);
	agenda_catalog_release(&c2);

	/* written back and read again: the same catalog, and the written
	 * form is a fixed point */
	write_catalog(&md1, &c1);
	assert_false(md1.err);
	parse_catalog_ok(md1.data, md1.len, &c2);
	a = json_no_lines(&c1);
	b = json_no_lines(&c2);
	assert_string_equal(a, b);
	write_catalog(&md2, &c2);
	assert_string_equal(md1.data, md2.data);
	parse_catalog_ok(md2.data, md2.len, &c3);
	buf_reset(&j1);
	buf_reset(&j2);
	agenda_catalog_to_json(&c2, &j1);
	agenda_catalog_to_json(&c3, &j2);
	assert_string_equal(j1.data, j2.data);
	free(a);
	free(b);
	buf_release(&md1);
	buf_release(&md2);
	buf_release(&j1);
	buf_release(&j2);
	agenda_catalog_release(&c1);
	agenda_catalog_release(&c2);
	agenda_catalog_release(&c3);
}

static void test_json_shape(void **state)
{
	static const char src[] = HEAD GOOD_AGENDA("A < B & \"q\"");
	struct agenda_catalog c;
	struct buf j = BUF_INIT;

	(void)state;
	parse_catalog_ok(src, sizeof(src) - 1, &c);
	agenda_catalog_to_json(&c, &j);
	assert_string_equal(j.data,
		"{\n"
		"  \"kind\": \"agenda-catalog\",\n"
		"  \"title\": \"Research agendas\",\n"
		"  \"intro\": null,\n"
		"  \"agendas\": [\n"
		"    {\n"
		"      \"id\": \"a-b-q\",\n"
		"      \"title\": \"A \\u003c B \\u0026 \\\"q\\\"\",\n"
		"      \"description\": \"What it is.\",\n"
		"      \"links\": [\n"
		"        {\n"
		"          \"title\": \"A paper\",\n"
		"          \"url\": \"https://example.org/a\",\n"
		"          \"note\": \"a note\",\n"
		"          \"line\": 9\n"
		"        }\n"
		"      ],\n"
		"      \"roles\": [\n"
		"        \"Research engineer\"\n"
		"      ],\n"
		"      \"project_ideas\": [],\n"
		"      \"fit_tests\": [],\n"
		"      \"line\": 3\n"
		"    }\n"
		"  ]\n"
		"}\n");
	buf_release(&j);
	agenda_catalog_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_complete),
		cmocka_unit_test(test_shipped_covers_the_course),
		cmocka_unit_test(test_shipped_links_session7_directions),
		cmocka_unit_test(test_shipped_roles_meet_session7),
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_slug_cut),
		cmocka_unit_test(test_error_missing_parts),
		cmocka_unit_test(test_error_duplicate_id),
		cmocka_unit_test(test_error_urls),
		cmocka_unit_test(test_error_structure),
		cmocka_unit_test(test_error_input),
		cmocka_unit_test(test_error_caps),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_url_and_id_rules),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_json_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
