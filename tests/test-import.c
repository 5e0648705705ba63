/*
 * Unit tests for the session importer (src/import/md*.c), the model's JSON
 * (src/session.c) and stable ids (src/session-sync.c).  Run from the
 * repository root: fixtures are read from tests/fixtures/.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "session-util.h"
#include "core/buf.h"
#include "model/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURE "tests/fixtures/session-03-reward-misspecification.md"
#define EDITED "tests/fixtures/session-03-edited.md"
/* The course's own session 7 guide lives beside the repository, not in it
 * (its text is not ours to copy); ALIGNPLAN_SEED names it elsewhere. */
#define SEED_NAME "shared/seed/session-07-contributing-to-ai-alignment.md"
static const char *const seed_paths[] = { "../" SEED_NAME, "/work/" SEED_NAME };

static void parse_file(const char *path, struct session *s)
{
	size_t len;
	char *src = slurp(path, &len);

	assert_non_null(src);
	parse_ok(src, len, s);
	free(src);
}

/* Parse must fail on line `line` with a message naming the problem. */
static void parse_fails(const char *src, size_t len, int line,
			const char *problem)
{
	struct session s;
	struct import_error err;
	char want[32];

	memset(&s, 0x5a, sizeof(s));
	assert_int_equal(session_parse(src, len, &s, &err), -1);
	if (err.line != line || !strstr(err.msg, problem))
		print_error("got \"%s\", want \"%s\"\n", err.msg, problem);
	assert_int_equal(err.line, line);
	assert_non_null(strstr(err.msg, problem));
	if (line > 0) {
		snprintf(want, sizeof(want), "line %d: ", line);
		assert_non_null(strstr(err.msg, want));
	}
	/* out is left empty: nothing to release */
	assert_null(s.title);
	assert_int_equal(s.nr_readings, 0);
	assert_int_equal(s.nr_exercises, 0);
	assert_null(s.exercises);
	session_release(&s);
}

static const struct prompt *prompt_at(const struct session *s, size_t ex,
				      size_t i)
{
	assert_true(ex < s->nr_exercises);
	assert_true(i < s->exercises[ex].nr_prompts);
	return &s->exercises[ex].prompts[i];
}

/* ---- the fixture, construct by construct ---- */

static void test_title_subtitle(void **state)
{
	struct session s;

	(void)state;
	parse_file(FIXTURE, &s);
	assert_int_equal(s.number, 3);
	assert_string_equal(s.course, "Alignment Foundations");
	assert_string_equal(s.title, "Reward misspecification");
	assert_string_equal(s.subtitle,
			    "When the number we optimise is not the thing we want");
	session_release(&s);
}

static void test_title_forms(void **state)
{
	static const struct {
		const char *src;
		int number;
		const char *course, *title;
	} cases[] = {
		{ "# Session 7: Careers\n", 7, NULL, "Careers" },
		{ "## Week 3 - Interpretability\n", 3, NULL, "Interpretability" },
		{ "# A plain title\n", 0, NULL, "A plain title" },
		{ "intro\n\n### Course X: Session 12 — Governance\n", 12,
		  "Course X", "Governance" },
		{ "Setext title\n============\n", 0, NULL, "Setext title" },
		{ "\xef\xbb\xbf# With a BOM\n", 0, NULL, "With a BOM" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct session s;

		parse_ok(cases[i].src, strlen(cases[i].src), &s);
		assert_int_equal(s.number, cases[i].number);
		if (cases[i].course)
			assert_string_equal(s.course, cases[i].course);
		else
			assert_null(s.course);
		assert_string_equal(s.title, cases[i].title);
		assert_null(s.subtitle);
		assert_int_equal(s.nr_objectives + s.nr_readings +
				 s.nr_exercises, 0);
		assert_null(s.thoughts);
		session_release(&s);
	}
}

static void test_objectives(void **state)
{
	struct session s;

	(void)state;
	parse_file(FIXTURE, &s);
	/* the lead-in "... able to:" is not an objective */
	assert_int_equal(s.nr_objectives, 3);
	assert_string_equal(s.objectives[0],
			    "Explain what **specification gaming** is, with an example");
	assert_string_equal(s.objectives[2], "Sketch one mitigation & its limits");
	session_release(&s);
}

static void test_readings(void **state)
{
	struct session s;
	const struct reading *r;

	(void)state;
	parse_file(FIXTURE, &s);
	assert_int_equal(s.nr_readings, 5);

	r = &s.readings[0];
	assert_string_equal(r->id, "specification-gaming-the-flip-side-of-ai");
	assert_string_equal(r->title,
			    "Specification gaming: the flip side of AI ingenuity");
	assert_string_equal(r->url, "https://example.org/spec-gaming?a=1&b=2");
	assert_string_equal(r->author, "Victoria Krakovna et al.");
	assert_int_equal(r->year, 2020);
	assert_null(r->kind);
	assert_int_equal(r->line, 21);

	r = &s.readings[1];   /* [Video] before, no author, no year */
	assert_string_equal(r->title, "Reward hacking explained");
	assert_string_equal(r->kind, "Video");
	assert_null(r->author);
	assert_int_equal(r->year, 0);

	r = &s.readings[2];   /* (Paper) after, "- Author, Year" */
	assert_string_equal(r->title, "Goodhart's law in reinforcement learning");
	assert_string_equal(r->kind, "Paper");
	assert_string_equal(r->author, "Jane Doe");
	assert_int_equal(r->year, 2022);

	r = &s.readings[3];   /* no bold, no year */
	assert_string_equal(r->title, "Concrete problems in AI safety");
	assert_string_equal(r->author, "Dario Amodei");
	assert_int_equal(r->year, 0);
	assert_null(r->summary);

	r = &s.readings[4];   /* empty section */
	assert_string_equal(r->id, "empty-reading");
	assert_null(r->summary);
	assert_null(r->notes);
	session_release(&s);
}

static void test_summary_and_notes(void **state)
{
	struct session s;
	const struct reading *r;

	(void)state;
	parse_file(FIXTURE, &s);
	r = &s.readings[0];
	assert_string_equal(r->summary,
			    "A catalogue of agents that satisfied the letter of "
			    "their objective and missed its spirit.");
	/* <u> tags dropped, text kept; highlight, math, image survive */
	assert_non_null(strstr(r->notes, "Why it matters *(for my project)*:"));
	assert_null(strstr(r->notes, "<u>"));
	assert_non_null(strstr(r->notes, "$r(s, a)$"));
	assert_non_null(strstr(r->notes, "==Remember this=="));
	assert_non_null(strstr(r->notes,
			       "![A boat circling for points](https://example.org/boat.png)"));
	/* a deeper heading belongs to the reading's notes */
	assert_non_null(strstr(r->notes, "\n\n#### My notes\n\n"));
	assert_non_null(strstr(r->notes,
			       "- Boat race agent loops for points\n"
			       "  - never finishes the race\n"
			       "- See also `reward_fn` in the code"));
	/* only the first quote is the summary */
	r = &s.readings[2];
	assert_string_equal(r->summary,
			    "Why stronger optimisation makes a proxy worse.");
	assert_string_equal(r->notes,
			    "Read the first two sections only.\n\n"
			    "> A second quote is part of the notes, not the summary.");
	session_release(&s);
}

static void test_exercises(void **state)
{
	struct session s;
	const struct exercise *e;

	(void)state;
	parse_file(FIXTURE, &s);
	assert_int_equal(s.nr_exercises, 3);
	e = &s.exercises[0];
	assert_string_equal(e->id, "spot-the-proxy");
	assert_false(e->optional);
	assert_int_equal(e->minutes, 20);
	assert_int_equal(e->nr_prompts, 8);
	/* the group lead-in is not part of the instructions */
	assert_string_equal(e->instructions,
			    "Spend ~20 minutes on this exercise. Work alone first, "
			    "then compare with a peer.\n\n"
			    "Share your answers in the cohort document when you "
			    "are done.");
	e = &s.exercises[1];
	assert_string_equal(e->title, "Red-team your reward");
	assert_true(e->optional);
	assert_null(e->instructions);
	e = &s.exercises[2];
	assert_string_equal(e->title, "Reading group");
	assert_true(e->optional);
	assert_int_equal(e->nr_prompts, 0);
	session_release(&s);
}

static void test_prompt_cues(void **state)
{
	struct session s;
	const struct prompt *p;

	(void)state;
	parse_file(FIXTURE, &s);

	p = prompt_at(&s, 0, 0);   /* "3–5" with an en dash */
	assert_int_equal(p->kind, PROMPT_LIST);
	assert_int_equal(p->min_items, 3);
	assert_int_equal(p->max_items, 5);
	assert_int_equal(p->line, 57);

	p = prompt_at(&s, 0, 1);   /* timer and "at least 8" */
	assert_int_equal(p->timer_minutes, 10);
	assert_int_equal(p->minutes, 0);
	assert_int_equal(p->kind, PROMPT_LIST);
	assert_int_equal(p->min_items, 8);
	assert_int_equal(p->max_items, 0);

	p = prompt_at(&s, 0, 6);   /* "two ways" */
	assert_int_equal(p->kind, PROMPT_LIST);
	assert_int_equal(p->min_items, 2);
	assert_int_equal(p->max_items, 2);

	p = prompt_at(&s, 0, 7);   /* a duration, not a timer */
	assert_int_equal(p->minutes, 15);
	assert_int_equal(p->timer_minutes, 0);
	assert_int_equal(p->kind, PROMPT_TEXT);

	p = prompt_at(&s, 1, 0);   /* "Repeat this a few times" */
	assert_int_equal(p->kind, PROMPT_LIST);
	assert_int_equal(p->min_items, 2);
	session_release(&s);
}

static void test_prompt_nested(void **state)
{
	struct session s;
	const struct prompt *p;

	(void)state;
	parse_file(FIXTURE, &s);

	/* guidance goes to the hint, the rest is a participant's answer */
	p = prompt_at(&s, 0, 0);
	assert_string_equal(p->hint,
			    "- You could look at metrics from your own workplace.");
	assert_string_equal(p->answer,
			    "Clicks as a proxy for reader satisfaction\n"
			    "Lines of code as a proxy for progress");

	/* options: bold removed; a ticked task item is the answer */
	p = prompt_at(&s, 0, 2);
	assert_int_equal(p->kind, PROMPT_CHECKLIST);
	assert_int_equal(p->nr_options, 3);
	assert_string_equal(p->options[0], "Understand reward design");
	assert_string_equal(p->options[1], "Build a toy environment");
	assert_string_equal(p->options[2], "Write a short explainer");
	assert_string_equal(p->answer, "Build a toy environment");
	assert_null(p->hint);

	/* a text prompt's single nested item is its answer */
	p = prompt_at(&s, 0, 3);
	assert_int_equal(p->kind, PROMPT_TEXT);
	assert_string_equal(p->answer,
			    "At work, the support team closed tickets early "
			    "to hit a target.");

	p = prompt_at(&s, 0, 4);
	assert_null(p->answer);
	assert_null(p->hint);
	assert_int_equal(p->nr_options, 0);

	/* a loose item with two paragraphs is one prompt; "Consider" hint */
	p = prompt_at(&s, 1, 1);
	assert_string_equal(p->text,
			    "How could you close the loophole, or at least "
			    "notice it quickly?");
	assert_string_equal(p->hint, "- Consider logging every episode's return.");
	assert_null(p->answer);
	session_release(&s);
}

static void test_groups(void **state)
{
	struct session s;
	const struct prompt *p;

	(void)state;
	parse_file(FIXTURE, &s);
	p = prompt_at(&s, 0, 0);
	assert_null(p->group);
	assert_false(p->optional);
	p = prompt_at(&s, 0, 6);
	assert_string_equal(p->group, "Optional extras");
	assert_true(p->optional);
	p = prompt_at(&s, 0, 7);
	assert_string_equal(p->group, "Optional extras");
	assert_true(p->optional);
	/* a deeper heading inside an exercise is the group */
	p = prompt_at(&s, 1, 0);
	assert_string_equal(p->group, "Round one");
	assert_false(p->optional);
	session_release(&s);
}

static void test_thoughts(void **state)
{
	struct session s;

	(void)state;
	parse_file(FIXTURE, &s);
	assert_string_equal(s.thoughts,
			    "Proxies are everywhere; the interesting question is "
			    "how far they bend under pressure.\n\n"
			    "##### Later\n\nRevisit after session 4.");
	session_release(&s);
}

static void test_ids(void **state)
{
	struct session a, b;
	size_t i, j;

	(void)state;
	parse_file(FIXTURE, &a);
	parse_file(FIXTURE, &b);
	assert_string_equal(prompt_at(&a, 0, 0)->id, "e1-what-are-3-5-examples-of");
	assert_string_equal(prompt_at(&a, 0, 4)->id, "e1-what-else");
	assert_string_equal(prompt_at(&a, 0, 5)->id, "e1-what-else-2");
	assert_string_equal(prompt_at(&a, 1, 0)->id,
			    "e2-imagine-your-agent-found-a-loophole");
	assert_string_equal(a.exercises[1].id, "red-team-your-reward");
	/* same text, same ids; all distinct; slugs are short and clean */
	for (i = 0; i < a.nr_exercises; i++) {
		for (j = 0; j < a.exercises[i].nr_prompts; j++) {
			const char *id = a.exercises[i].prompts[j].id;
			const struct exercise *ex = NULL;

			assert_string_equal(id, b.exercises[i].prompts[j].id);
			assert_ptr_equal(session_find_prompt(&a, id, &ex),
					 &a.exercises[i].prompts[j]);
			assert_ptr_equal(ex, &a.exercises[i]);
			assert_true(strlen(id) <= 4 + 40 + 3);
			assert_int_equal(strspn(id, "abcdefghijklmnopqrstuvwxyz"
						"0123456789-"), strlen(id));
		}
	}
	for (i = 0; i < a.nr_readings; i++)
		assert_true(strlen(a.readings[i].id) <= 40);
	assert_null(session_find_prompt(&a, "e9-nope", NULL));
	session_release(&a);
	session_release(&b);
}

static void test_adopt_ids(void **state)
{
	struct session old, s;
	const char *ids[64], *texts[64];
	size_t n = 0, i, j;

	(void)state;
	parse_file(FIXTURE, &old);
	for (i = 0; i < old.nr_exercises; i++)
		for (j = 0; j < old.exercises[i].nr_prompts; j++) {
			assert_true(n < 64);
			ids[n] = old.exercises[i].prompts[j].id;
			texts[n++] = old.exercises[i].prompts[j].text;
		}
	parse_file(EDITED, &s);
	assert_int_equal(s.nr_exercises, 1);
	assert_int_equal(s.exercises[0].nr_prompts, 3);
	/* reworded: a new slug before adoption */
	assert_string_equal(prompt_at(&s, 0, 0)->id,
			    "e1-give-3-5-examples-of-proxies");
	assert_string_equal(prompt_at(&s, 0, 1)->id,
			    "e1-which-of-these-goals-matters-most");
	session_adopt_ids(&s, ids, texts, n);
	assert_string_equal(prompt_at(&s, 0, 0)->id, "e1-what-are-3-5-examples-of");
	assert_string_equal(prompt_at(&s, 0, 1)->id,
			    "e1-which-of-these-goals-matters-most");
	assert_string_equal(prompt_at(&s, 0, 2)->id, "e1-describe-a-time-you-saw-a");
	session_release(&s);

	/* a reworded prompt whose first words changed keeps its old id */
	{
		static const char src[] =
			"# Session 3 - X\n## Exercises\n### Spot the proxy\n"
			"- Name 3-5 examples of proxies that organisations "
			"optimise instead of what they want?\n"
			"- A completely new question about something else\n";
		const char *old_ids[] = { "e1-what-are-3-5-examples-of",
					  "e2-what-are-3-5-examples-of" };
		const char *old_texts[] = {
			texts[0],
			texts[0],   /* other exercise: never matched */
		};

		parse_ok(src, sizeof(src) - 1, &s);
		assert_string_equal(prompt_at(&s, 0, 0)->id,
				    "e1-name-3-5-examples-of-proxies");
		session_adopt_ids(&s, old_ids, old_texts, 2);
		assert_string_equal(prompt_at(&s, 0, 0)->id,
				    "e1-what-are-3-5-examples-of");
		/* below the 0.5 overlap threshold: keeps its own id (slugs
		 * are cut at a word boundary before 40 characters) */
		assert_string_equal(prompt_at(&s, 0, 1)->id,
				    "e1-a-completely-new-question-about");
		session_adopt_ids(&s, NULL, NULL, 0);
		session_release(&s);
	}
	session_release(&old);
}

static void test_heading_levels_and_list_readings(void **state)
{
	static const char src[] =
		"### Module 2: Deep\n"
		"#### Goals\n"
		"Understand the thing.\n\n"
		"Practise the other thing.\n"
		"#### Core readings\n"
		"- [Paper one](https://a.example/1) by Ann (1999)\n"
		"  > Summary one\n"
		"- Not a reading, no link\n"
		"#### Activities\n"
		"##### Warm-up\n"
		"1. First?\n"
		"2. Second?\n"
		"#### Notes\n"
		"Some thoughts.\n";
	struct session s;

	(void)state;
	parse_ok(src, sizeof(src) - 1, &s);
	assert_int_equal(s.number, 2);
	assert_string_equal(s.title, "Deep");
	assert_int_equal(s.nr_objectives, 2);
	assert_string_equal(s.objectives[1], "Practise the other thing.");
	assert_int_equal(s.nr_readings, 1);
	assert_string_equal(s.readings[0].title, "Paper one");
	assert_string_equal(s.readings[0].author, "Ann");
	assert_int_equal(s.readings[0].year, 1999);
	assert_string_equal(s.readings[0].summary, "Summary one");
	assert_int_equal(s.nr_exercises, 1);
	assert_string_equal(s.exercises[0].title, "Warm-up");
	assert_int_equal(s.exercises[0].nr_prompts, 2);
	assert_string_equal(prompt_at(&s, 0, 1)->text, "Second?");
	assert_int_equal(prompt_at(&s, 0, 1)->line, 13);
	assert_string_equal(s.thoughts, "Some thoughts.");
	session_release(&s);
}

static void test_markdown_canonical(void **state)
{
	static const char src[] =
		"# T\n## Thoughts\n"
		"A *b* **c** `d` [e](http://x.example/a%20b \"t\") &lt;tag&gt; "
		"snake_case 2 * 3\n"
		"line two<br>three\n\n"
		"+ one\n"
		"    + two\n\n"
		"> quoted\n>\n> more\n\n"
		"```c\nint x;\n```\n";
	struct session s;

	(void)state;
	parse_ok(src, sizeof(src) - 1, &s);
	assert_string_equal(s.thoughts,
			    "A *b* **c** `d` [e](http://x.example/a%20b) \\<tag> "
			    "snake_case 2 \\* 3 line two three\n\n"
			    "- one\n  - two\n\n"
			    "> quoted\n>\n> more\n\n"
			    "```c\nint x;\n```");
	session_release(&s);
}

static void test_json(void **state)
{
	struct session s;
	struct buf b = BUF_INIT;

	(void)state;
	parse_file(FIXTURE, &s);
	session_to_json(&s, &b);
	assert_false(b.err);
	assert_true(!strncmp(b.data, "{\n  \"number\": 3,\n  \"course\": ", 29));
	assert_true(b.len > 2 && !strcmp(b.data + b.len - 2, "}\n"));
	assert_non_null(strstr(b.data, "\"year\": null"));
	assert_non_null(strstr(b.data, "\"kind\": \"checklist\""));
	assert_non_null(strstr(b.data, "\"max_items\": null"));
	assert_non_null(strstr(b.data, "\"min_items\": 3,\n"
			       "          \"max_items\": 5,"));
	assert_non_null(strstr(b.data, "\"options\": [\n"
			       "            \"Understand reward design\","));
	assert_non_null(strstr(b.data, "\"options\": [],"));
	assert_non_null(strstr(b.data, "\"thoughts\": \"Proxies"));
	assert_string_equal(prompt_kind_name(PROMPT_TEXT), "text");
	assert_string_equal(prompt_kind_name(PROMPT_LIST), "list");
	assert_string_equal(prompt_kind_name(PROMPT_CHECKLIST), "checklist");
	buf_release(&b);
	session_release(&s);

	/* an empty session still prints every key */
	parse_ok("# Only a title\n", 15, &s);
	session_to_json(&s, &b);
	assert_non_null(strstr(b.data, "\"readings\": [],\n"
			       "  \"exercises_intro\": null,\n"
			       "  \"exercises\": [],\n"
			       "  \"resources_intro\": null,\n"
			       "  \"resources\": [],\n  \"sections\": [],\n"
			       "  \"thoughts\": null\n}\n"));
	buf_release(&b);
	session_release(&s);
}

/* ---- annotations and typed answers (docs/plans.md) ---- */

#define S08 "tests/fixtures/session-08-annotated-workbook.md"
#define S07 "content/session-07.md"

static const struct prompt *named(const struct session *s, const char *name)
{
	const struct prompt *p = session_named_prompt(s, name);

	if (!p)
		print_error("no prompt named %s\n", name);
	assert_non_null(p);
	return p;
}

static void assert_column(const struct column *c, const char *label,
			  enum column_type type, bool required, const char *ref)
{
	assert_string_equal(c->label, label);
	assert_int_equal(c->type, type);
	assert_int_equal(c->required, required);
	if (ref)
		assert_string_equal(c->ref, ref);
	else
		assert_null(c->ref);
}

static void test_annotations(void **state)
{
	struct session s;
	const struct prompt *p;

	(void)state;
	parse_file(S08, &s);

	p = prompt_at(&s, 0, 0);
	assert_string_equal(p->id, "e1-data");
	assert_string_equal(p->name, "data");
	assert_string_equal(p->label, "Datasets");
	assert_string_equal(prompt_label(p), "Datasets");
	assert_int_equal(p->kind, PROMPT_CHECKLIST);
	assert_int_equal(p->min_items, 1);
	assert_int_equal(p->max_items, 3);
	assert_false(p->required);
	assert_int_equal(p->line, 9);
	/* the comment is gone from the text, kept raw in annotation */
	assert_string_equal(p->text, "Which datasets could you use? Tick those "
			    "you will try.");
	assert_string_equal(p->plain, p->text);
	assert_string_equal(p->annotation, "checklist name=data min=1 max=3 "
			    "label=\"Datasets\"");
	/* a declared checklist: unticked items are options, guidance hint */
	assert_int_equal(p->nr_options, 2);
	assert_string_equal(p->options[0], "Toy arithmetic");
	assert_string_equal(p->options[1], "Short stories");
	assert_string_equal(p->hint, "- Try the smallest one first.");
	assert_int_equal(p->nr_columns, 0);

	p = prompt_at(&s, 0, 1);
	assert_int_equal(p->kind, PROMPT_RANKED);
	assert_string_equal(p->rows_from, "data");

	/* "four things" is a cue; the annotation does not override it */
	p = named(&s, "confounds");
	assert_int_equal(p->kind, PROMPT_LIST);
	assert_int_equal(p->min_items, 4);
	assert_int_equal(p->max_items, 4);

	/* a comment on a line of its own is an HTML block: same result,
	 * line breaks in it made spaces, nothing left in the hint */
	p = named(&s, "summary");
	assert_int_equal(p->kind, PROMPT_TEXT);
	assert_true(p->required);
	assert_string_equal(p->label, "Summary");
	assert_string_equal(p->annotation,
			    "text name=summary required label=\"Summary\"");
	assert_string_equal(p->text, "Describe the study in a few lines.");
	assert_null(p->hint);

	p = named(&s, "runs");
	assert_int_equal(p->kind, PROMPT_TABLE);
	assert_string_equal(p->budget, "window");
	assert_int_equal(p->min_items, 2);
	assert_int_equal(p->max_items, 0);
	assert_int_equal(p->nr_columns, 7);
	assert_column(&p->columns[0], "Run", COL_TEXT, true, NULL);
	assert_column(&p->columns[1], "Start", COL_DATE, true, NULL);
	assert_column(&p->columns[2], "Hours", COL_HOURS, false, NULL);
	assert_column(&p->columns[3], "Setting", COL_CHOICE, false, NULL);
	assert_true(p->columns[3].all);
	assert_false(p->columns[3].one);
	assert_int_equal(p->columns[3].nr_options, 2);
	assert_string_equal(p->columns[3].options[0], "small");
	assert_string_equal(p->columns[3].options[1], "large");
	assert_column(&p->columns[4], "Check", COL_REF, false, "data");
	assert_column(&p->columns[5], "Best", COL_MARK, false, NULL);
	assert_true(p->columns[5].one);
	assert_false(p->columns[5].all);
	assert_column(&p->columns[6], "Fit", COL_SCALE, false, NULL);

	/* a sprint has its fixed columns */
	p = named(&s, "window");
	assert_int_equal(p->kind, PROMPT_SPRINT);
	assert_int_equal(p->nr_columns, 3);
	assert_column(&p->columns[0], "Start", COL_DATE, false, NULL);
	assert_column(&p->columns[1], "Weeks", COL_NUMBER, false, NULL);
	assert_column(&p->columns[2], "Hours a week", COL_HOURS, false, NULL);
	assert_int_equal(p->min_items + p->max_items, 0);

	/* "Repeat a few times" gives 2; min=3 overrides it */
	p = named(&s, "risks");
	assert_int_equal(p->kind, PROMPT_ROUNDS);
	assert_int_equal(p->min_items, 3);
	assert_column(&p->columns[1], "Follow-up", COL_REF, false, "runs/Run");

	/* without annotations: the cues, as before */
	p = prompt_at(&s, 1, 0);
	assert_string_equal(p->id, "e2-what-are-2-4-ways-to");
	assert_int_equal(p->kind, PROMPT_LIST);
	assert_null(p->name);
	assert_null(p->label);
	assert_null(p->annotation);
	assert_string_equal(prompt_label(p), p->plain);
	assert_int_equal(prompt_at(&s, 1, 1)->kind, PROMPT_TEXT);
	assert_null(session_named_prompt(&s, "nope"));
	session_release(&s);
}

static void test_typed_answers(void **state)
{
	struct session s;

	(void)state;
	parse_file(S08, &s);
	/* ticked items: escapes resolved */
	assert_string_equal(named(&s, "data")->answer,
			    "Short stories\nMy own *scraped* set");
	assert_string_equal(named(&s, "order")->answer,
			    "My own *scraped* set\nShort stories");
	/* items are trimmed; a ticked item that reads like guidance is an
	 * answer; emoji and entities */
	assert_string_equal(named(&s, "confounds")->answer,
			    "Prompt length (long vs. short)\n"
			    "Leading spaces kept? No: items are trimmed\n"
			    "Note: this one reads like guidance\n"
			    "\xf0\x9f\x8e\x89 emoji & ampersand & entity");
	/* text: one item one line, "&#32;" an empty line, leading spaces
	 * kept, a soft break one space */
	assert_string_equal(named(&s, "summary")->answer,
			    "First line with `ticks` and #hash\n"
			    "\n"
			    "  Indented third line\n"
			    "A line broken over two source lines");
	/* rows: "Label: value" sub-items by label; an empty first cell;
	 * unknown labels ignored; a tab in a cell is a space */
	assert_string_equal(named(&s, "runs")->answer,
			    "Baseline on toy data\t2026-12-01\t2.5\tsmall\t\tyes\n"
			    "\t2026-12-08\t\tlarge\n"
			    "Try again with the tab inside\t\t1");
	assert_string_equal(named(&s, "window")->answer, "2026-11-30\t3\t6");
	assert_string_equal(named(&s, "risks")->answer,
			    "The GPU quota runs out\tBaseline on toy data");
	assert_string_equal(prompt_at(&s, 1, 0)->answer, "Loss on held-out data");
	assert_null(prompt_at(&s, 1, 1)->answer);
	session_release(&s);
}

/* Small sessions with one annotated prompt: the answer it gives. */
static void test_answer_encoding(void **state)
{
	static const struct {
		const char *annotation, *items, *answer;
	} cases[] = {
		/* every ASCII punctuation escaped, as the exporter writes */
		{ "list", "  - a\\!\\\"\\#\\$\\%\\&\\'\\(\\)\\*\\+\\,\\-\\.\\/\n",
		  "a!\"#$%&'()*+,-./" },
		{ "list", "  - \\:\\;\\<\\=\\>\\?\\@\\[\\\\\\]\\^\\_\\`\\{\\|\\}\\~\n",
		  ":;<=>?@[\\]^_`{|}~" },
		/* what would be Markdown stays text */
		{ "list", "  - \\- not a list\n  - 1\\. not a number\n"
		  "  - \\[x\\] not ticked\n  - \\<b\\>not a tag\\</b\\>\n",
		  "- not a list\n1. not a number\n[x] not ticked\n<b>not a tag</b>" },
		/* internal spaces kept, not squeezed */
		{ "text", "  - a  b&#32;&#32;c\n", "a  b  c" },
		{ "text", "  - &#32;\n  - x\n  - &#32;\n  - &#32;\n  - y\n  - &#32;\n",
		  "x\n\n\ny" },
		/* a ticked item is an answer even under a checklist */
		{ "checklist", "  - [x] You could say this\n  - Offered\n",
		  "You could say this" },
		/* sub-items of a list item are further lines */
		{ "list", "  - one\n    - one a\n  - two\n", "one\none a\ntwo" },
		/* rows: labels in any order; first cell from a label when the
		 * item's own is empty; first given wins */
		{ "table cols=\"A | B | C:date\"",
		  "  - x\n    - C: 2026\\-01\\-02\n    - B: b1\n    - B: b2\n"
		  "  - &#32;\n    - A: from label\n    - b: case\n",
		  "x\tb1\t2026-01-02\nfrom label\tcase" },
		/* a row whose cells are all empty is dropped */
		{ "table cols=\"A | B\"", "  - &#32;\n    - B: &#32;\n  - y\n", "y" },
		{ "sprint", "  - &#32;\n    - Weeks: 6\n", "\t6" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct buf src = BUF_INIT;
		struct session s;

		buf_addf(&src, "# T\n## Exercises\n### E\n- Prompt "
			 "<!-- alignplan: %s -->\n%s", cases[i].annotation,
			 cases[i].items);
		parse_ok(src.data, src.len, &s);
		if (!prompt_at(&s, 0, 0)->answer ||
		    strcmp(prompt_at(&s, 0, 0)->answer, cases[i].answer))
			print_error("case %zu\n", i);
		assert_string_equal(prompt_at(&s, 0, 0)->answer,
				    cases[i].answer);
		session_release(&s);
		buf_release(&src);
	}
}

static void test_annotation_errors(void **state)
{
	static const struct {
		const char *annotation, *msg;
	} cases[] = {
		{ "tabel", "annotation: unknown kind 'tabel'" },
		{ "list requried", "annotation: unknown key 'requried'" },
		{ "list size=3", "annotation: unknown key 'size'" },
		{ "list table", "annotation: two kinds" },
		{ "table cols=\"A | B:dat\"",
		  "annotation: unknown column type 'dat'" },
		{ "table cols=\"A:text:sometimes\"",
		  "annotation: unknown column flag 'sometimes'" },
		{ "table cols=\"A:text:one\"", "flag 'one' is for mark" },
		{ "table cols=\"A:choice(a;b\"", "unclosed or unmatched parenthesis" },
		{ "table cols=\"A:choice(a;;b)\"", "empty option" },
		{ "table cols=\"A:date(x)\"", "takes no (...)" },
		{ "table cols=\"A:choice\"", "choice needs its options" },
		{ "table cols=\"A | a\"", "two columns are labelled 'a'" },
		{ "table cols=\" | B\"", "a column has no label" },
		{ "list label=\"Roles", "annotation: unclosed quote after label=" },
		{ "list label=\"a\"b", "a space must follow the closing quote" },
		{ "list cols=\"A\"", "annotation: cols= is for the kinds table" },
		{ "sprint cols=\"A\"", "cols= is for the kinds table" },
		{ "table", "a table needs cols=" },
		{ "list rows=first", "rows= is for the kinds table" },
		{ "list budget=first", "budget= is for the kinds table" },
		{ "list min=x", "min=x is not a whole number" },
		{ "list min=3 max=2", "max=2 is less than min=3" },
		{ "list max=99999", "is more than 1000" },
		{ "list min=1 min=2", "min= given twice" },
		{ "list name=Big", "name=Big: a name is lowercase" },
		{ "list name=first", "annotation: name=first is already used on line 4" },
		{ "table rows=nope cols=\"A\"",
		  "annotation: rows=nope names no prompt of this session" },
		{ "table name=me rows=me cols=\"A\"", "names this prompt itself" },
		{ "table budget=nope cols=\"A\"", "budget=nope names no prompt" },
		{ "table budget=first cols=\"A\"",
		  "budget=first names a text, not a sprint" },
		{ "table cols=\"A:ref(nope)\"", "ref(nope) names no prompt" },
		{ "table cols=\"A:ref(first/B)\"",
		  "ref(first/B): prompt 'first' has no column 'B'" },
		{ "list -- x", "not read as an HTML comment" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct buf src = BUF_INIT;

		buf_addf(&src, "# T\n## Exercises\n### E\n"
			 "- First <!-- alignplan: text name=first -->\n"
			 "- Second\n"
			 "  - You could start here.\n"
			 "- Third <!-- alignplan: %s -->\n",
			 cases[i].annotation);
		parse_fails(src.data, src.len, 7, cases[i].msg);
		buf_release(&src);
	}
	/* the line is the comment's, also on a line of its own */
	{
		static const char two_lines[] =
			"# T\n## Exercises\n### E\n- First\n\n"
			"  <!-- alignplan: list\n  min=1 nope=2 -->\n";
		static const char unclosed[] =
			"# T\n## Exercises\n### E\n- First\n"
			"  <!-- alignplan: list min=1\n";

		parse_fails(two_lines, sizeof(two_lines) - 1, 6,
			    "annotation: unknown key 'nope'");
		parse_fails(unclosed, sizeof(unclosed) - 1, 5,
			    "no closing '-->'");
	}
	/* a name referred to before it is declared is fine */
	{
		static const char src[] =
			"# T\n## Exercises\n### E\n"
			"- A <!-- alignplan: ranked rows=later -->\n"
			"- B <!-- alignplan: list name=later -->\n";
		struct session s;

		parse_ok(src, sizeof(src) - 1, &s);
		assert_string_equal(prompt_at(&s, 0, 0)->rows_from, "later");
		session_release(&s);
	}
}

/* A declared name is the id: a slug never takes it, and re-imports do
 * not swap it for an old id. */
static void test_named_ids(void **state)
{
	static const char src[] =
		"# Session 2: T\n## Exercises\n### E\n"
		"- Roles\n"
		"- Which roles? <!-- alignplan: list name=roles -->\n"
		"### F\n"
		"- Roles <!-- alignplan: list name=more-roles -->\n";
	const char *old_ids[] = { "e1-which-roles" };
	const char *old_texts[] = { "Which roles?" };
	struct session s;

	(void)state;
	parse_ok(src, sizeof(src) - 1, &s);
	assert_string_equal(prompt_at(&s, 0, 0)->id, "e1-roles-2");
	assert_string_equal(prompt_at(&s, 0, 1)->id, "e1-roles");
	assert_string_equal(prompt_at(&s, 1, 0)->id, "e2-more-roles");
	session_adopt_ids(&s, old_ids, old_texts, 1);
	assert_string_equal(prompt_at(&s, 0, 1)->id, "e1-roles");
	session_release(&s);
}

static void test_annotation_json(void **state)
{
	struct session s;
	struct buf b = BUF_INIT;

	(void)state;
	parse_file(S08, &s);
	session_to_json(&s, &b);
	assert_false(b.err);
	assert_non_null(strstr(b.data,
		"\"kind\": \"table\",\n"
		"          \"name\": \"runs\",\n"
		"          \"label\": \"Runs\",\n"
		"          \"optional\": false,\n"
		"          \"required\": false,\n"));
	assert_non_null(strstr(b.data,
		"\"rows_from\": null,\n"
		"          \"budget\": \"window\",\n"));
	assert_non_null(strstr(b.data,
		"            {\n"
		"              \"label\": \"Setting\",\n"
		"              \"type\": \"choice\",\n"
		"              \"required\": false,\n"
		"              \"all\": true,\n"
		"              \"one\": false,\n"
		"              \"options\": [\n"
		"                \"small\",\n"
		"                \"large\"\n"
		"              ],\n"
		"              \"ref\": null\n"
		"            },\n"));
	assert_non_null(strstr(b.data, "\"ref\": \"runs/Run\""));
	assert_non_null(strstr(b.data, "\"kind\": \"sprint\""));
	assert_non_null(strstr(b.data, "\"kind\": \"rounds\""));
	assert_non_null(strstr(b.data, "\"kind\": \"ranked\""));
	assert_non_null(strstr(b.data, "\"annotation\": \"sprint name=window "
			       "label=\\\"Window\\\"\""));
	assert_non_null(strstr(b.data, "\"columns\": [],\n"));
	assert_non_null(strstr(b.data, "\"annotation\": null,\n"));
	buf_release(&b);
	session_release(&s);
}

/* Our session 7: the names, kinds and columns the pages and checks use. */
static void test_session07_content(void **state)
{
	static const struct {
		const char *name;
		enum prompt_kind kind;
		const char *label;
		int min, max;
	} want[] = {
		{ "roles", PROMPT_CHECKLIST, "Roles", 3, 5 },
		{ "excited", PROMPT_RANKED, "Most exciting", 0, 0 },
		{ "tests", PROMPT_TABLE, "Cheap tests", 0, 0 },
		{ "uncertainties", PROMPT_TABLE, "Uncertainties", 0, 0 },
		{ "assets", PROMPT_LIST, "Career capital", 10, 0 },
		{ "likes", PROMPT_TABLE, "Likes and dislikes", 0, 0 },
		{ "past-job", PROMPT_TABLE, "A past job you enjoyed", 0, 0 },
		{ "goals-next", PROMPT_TEXT, "Goals", 0, 0 },
		{ "skills", PROMPT_TABLE, "Rare and valuable skills", 0, 0 },
		{ "goals", PROMPT_CHECKLIST, "Goals", 0, 0 },
		{ "areas", PROMPT_LIST, "Research areas", 0, 0 },
		{ "agendas", PROMPT_AGENDAS, "Agendas", 0, 0 },
		{ "questions", PROMPT_LIST, "Questions", 0, 0 },
		{ "existing", PROMPT_TEXT, "Existing work", 0, 0 },
		{ "ways", PROMPT_TABLE, "Ways to find answers", 3, 3 },
		{ "deliverable", PROMPT_TEXT, "Deliverable", 0, 0 },
		{ "fit", PROMPT_TABLE, "Fit with goals", 0, 0 },
		{ "alternatives", PROMPT_LIST, "Alternatives", 0, 0 },
		{ "sprint", PROMPT_SPRINT, "Sprint", 0, 0 },
		{ "milestones", PROMPT_TABLE, "Milestones", 2, 0 },
		{ "premortem", PROMPT_ROUNDS, "Pre-mortem", 3, 0 },
		{ "support", PROMPT_TEXT, "Support", 0, 0 },
	};
	struct session s;
	const struct prompt *p;
	size_t i, j, k = 0;

	(void)state;
	parse_file(S07, &s);
	assert_int_equal(s.number, 7);
	assert_string_equal(s.title, "Contributing to AI Alignment");
	assert_int_equal(s.nr_exercises, 2);
	assert_int_equal(s.exercises[0].nr_prompts +
			 s.exercises[1].nr_prompts,
			 sizeof(want) / sizeof(*want));
	/* every prompt annotated, in this order, with its id from the name */
	for (i = 0; i < s.nr_exercises; i++)
		for (j = 0; j < s.exercises[i].nr_prompts; j++, k++) {
			char id[64];

			p = &s.exercises[i].prompts[j];
			snprintf(id, sizeof(id), "e%zu-%s", i + 1, want[k].name);
			assert_string_equal(p->name, want[k].name);
			assert_string_equal(p->id, id);
			assert_int_equal(p->kind, want[k].kind);
			assert_string_equal(p->label, want[k].label);
			assert_int_equal(p->min_items, want[k].min);
			assert_int_equal(p->max_items, want[k].max);
			assert_null(p->answer);
			assert_null(strstr(p->text, "alignplan"));
		}

	/* the support request is declared, and only there */
	assert_ptr_equal(session_support_prompt(&s), named(&s, "support"));
	assert_false(named(&s, "deliverable")->support);

	p = named(&s, "roles");
	assert_true(p->nr_options >= 5);
	assert_non_null(p->hint);
	assert_non_null(strstr(p->hint, "You could"));
	p = named(&s, "excited");
	assert_string_equal(p->rows_from, "roles");
	p = named(&s, "tests");
	assert_string_equal(p->rows_from, "roles");
	assert_int_equal(p->nr_columns, 4);
	assert_column(&p->columns[0], "Role", COL_REF, false, "roles");
	assert_column(&p->columns[1], "Cheap test", COL_TEXT, true, NULL);
	assert_column(&p->columns[2], "Hours", COL_HOURS, false, NULL);
	assert_column(&p->columns[3], "By when", COL_DATE, false, NULL);
	p = named(&s, "uncertainties");
	assert_int_equal(p->nr_columns, 2);
	assert_column(&p->columns[0], "Uncertainty", COL_TEXT, true, NULL);
	assert_column(&p->columns[1], "Resolved by", COL_REF, true,
		      "tests/Cheap test");
	assert_int_equal(named(&s, "assets")->timer_minutes, 5);
	assert_true(named(&s, "assets")->optional);
	p = named(&s, "likes");
	assert_int_equal(p->nr_columns, 2);
	assert_column(&p->columns[0], "I enjoy", COL_TEXT, false, NULL);
	assert_column(&p->columns[1], "I dislike", COL_TEXT, false, NULL);
	/* A past job has a place of its own; the icebreaker's goals are
	 * said to be elsewhere (issue 15). */
	p = named(&s, "past-job");
	assert_int_equal(p->nr_columns, 2);
	assert_column(&p->columns[0], "Past job", COL_TEXT, false, NULL);
	assert_column(&p->columns[1], "Why you enjoyed it", COL_TEXT, false,
		      NULL);
	assert_true(p->optional);
	assert_non_null(named(&s, "goals-next")->hint);
	assert_non_null(strstr(named(&s, "goals-next")->hint, "your icebreaker "
			       "goals are in the notes you kept"));
	assert_null(named(&s, "goals-next")->answer);
	p = named(&s, "skills");
	assert_int_equal(p->nr_columns, 3);
	assert_column(&p->columns[0], "Skill", COL_TEXT, true, NULL);
	assert_column(&p->columns[1], "Paired with", COL_TEXT, false, NULL);
	assert_column(&p->columns[2], "Why it is rare and valuable", COL_TEXT,
		      false, NULL);
	assert_non_null(p->hint);

	assert_int_equal(named(&s, "goals")->nr_options, 5);
	assert_int_equal(named(&s, "questions")->timer_minutes, 5);
	assert_int_equal(named(&s, "alternatives")->timer_minutes, 5);
	p = named(&s, "ways");
	assert_int_equal(p->nr_columns, 2);
	assert_column(&p->columns[0], "Way", COL_TEXT, true, NULL);
	assert_column(&p->columns[1], "Simplest", COL_MARK, false, NULL);
	assert_true(p->columns[1].one);
	p = named(&s, "deliverable");
	assert_true(p->required);
	assert_non_null(p->hint);
	p = named(&s, "fit");
	assert_string_equal(p->rows_from, "goals");
	assert_int_equal(p->nr_columns, 3);
	assert_column(&p->columns[0], "Goal", COL_REF, false, "goals");
	assert_column(&p->columns[1], "How well it serves it", COL_SCALE, true,
		      NULL);
	assert_column(&p->columns[2], "Note", COL_TEXT, false, NULL);
	p = named(&s, "sprint");
	assert_int_equal(p->nr_columns, 3);
	assert_string_equal(p->columns[2].label, "Hours a week");
	p = named(&s, "milestones");
	assert_string_equal(p->budget, "sprint");
	assert_int_equal(p->nr_columns, 3);
	assert_column(&p->columns[0], "Milestone", COL_TEXT, true, NULL);
	assert_column(&p->columns[1], "By when", COL_DATE, true, NULL);
	assert_column(&p->columns[2], "Hours", COL_HOURS, true, NULL);
	p = named(&s, "premortem");
	assert_int_equal(p->nr_options, 4);   /* the risk areas, as bullets */
	assert_int_equal(p->nr_columns, 3);
	assert_column(&p->columns[0], "What went wrong", COL_TEXT, true, NULL);
	assert_column(&p->columns[1], "How to prevent it or learn sooner",
		      COL_TEXT, true, NULL);
	assert_column(&p->columns[2], "Risk area", COL_CHOICE, false, NULL);
	assert_true(p->columns[2].all);
	assert_int_equal(p->columns[2].nr_options, 4);
	assert_string_equal(p->columns[2].options[0], "Time");
	assert_string_equal(p->columns[2].options[1], "Compute or model access");
	assert_string_equal(p->columns[2].options[2], "Technical uncertainty");
	assert_string_equal(p->columns[2].options[3],
			    "Version control and backups");
	assert_true(named(&s, "support")->required);
	session_release(&s);
}

/* ---- bad input ---- */

static void test_bad_utf8(void **state)
{
	struct buf b = BUF_INIT;
	int i;

	(void)state;
	buf_adds(&b, "# Title\n");
	for (i = 2; i < 12; i++)
		buf_addf(&b, "line %d\n", i);
	buf_adds(&b, "bad \xff byte\n");
	parse_fails(b.data, b.len, 12, "not valid UTF-8 (byte 0xff)");
	buf_release(&b);

	parse_fails("# T\n\xc3", 5, 2, "not valid UTF-8 (byte 0xc3)");
	parse_fails("# T\n\xed\xa0\x80\n", 8, 2, "not valid UTF-8");  /* surrogate */
	parse_fails("# T\n\xc0\xaf\n", 7, 2, "not valid UTF-8");      /* overlong */
}

static void test_nul_byte(void **state)
{
	static const char src[] = "# Title\0 more";

	(void)state;
	parse_fails(src, sizeof(src) - 1, 1, "binary data (NUL byte)");
}

static void test_too_large(void **state)
{
	size_t len = (size_t)20 << 20;
	char *src = malloc(len);

	(void)state;
	assert_non_null(src);
	memset(src, 'a', len);
	memcpy(src, "# Big\n", 6);
	parse_fails(src, len, 0, "file is 20971520 bytes; the limit is 4194304");
	free(src);
}

static void test_deep_quotes(void **state)
{
	struct buf b = BUF_INIT;
	int i;

	(void)state;
	buf_adds(&b, "# Title\n\n");
	for (i = 0; i < 10000; i++)
		buf_addc(&b, '>');
	buf_adds(&b, " deep\n");
	parse_fails(b.data, b.len, 3, "nested deeper than 32 levels");
	buf_release(&b);
}

static void test_deep_lists(void **state)
{
	struct buf b = BUF_INIT;
	int i;

	(void)state;
	/* 10,000 levels on one line */
	buf_adds(&b, "# Title\n\n");
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "- ");
	buf_adds(&b, "deep\n");
	parse_fails(b.data, b.len, 3, "nested deeper than 32 levels");
	buf_reset(&b);

	/* one level per line, by indentation */
	buf_adds(&b, "# Title\n");
	for (i = 0; i < 10000 && !b.err; i++) {
		int k;

		for (k = 0; k < (i % 200) * 2; k++)
			buf_addc(&b, ' ');
		buf_adds(&b, "- item\n");
	}
	assert_false(b.err);
	/* item i is on line i + 2 and 1 + i deep: the 33rd level fails */
	parse_fails(b.data, b.len, 2 + 32, "nested deeper than 32 levels");
	buf_reset(&b);

	/* 32 levels are fine */
	buf_adds(&b, "# Title\n## Thoughts\n");
	for (i = 0; i < 32; i++)
		buf_adds(&b, "- ");
	buf_adds(&b, "ok\n");
	{
		struct session s;

		parse_ok(b.data, b.len, &s);
		assert_non_null(s.thoughts);
		session_release(&s);
	}
	buf_release(&b);

	/* many sibling items in a quote are not nesting */
	buf_adds(&b, "# Title\n\n");
	for (i = 0; i < 100; i++)
		buf_adds(&b, "> - item\n");
	{
		struct session s;

		parse_ok(b.data, b.len, &s);
		session_release(&s);
	}
	buf_release(&b);
}

/* Hostile but valid-looking input must stay cheap (the test would time
 * out otherwise) and hit the item limits. */
static void test_large_inputs(void **state)
{
	struct buf b = BUF_INIT;
	struct session s;
	struct import_error err;

	(void)state;
	buf_init(&b, IMPORT_MAX_BYTES);
	buf_adds(&b, "# T\n## Exercises\n### E\n");
	for (int i = 0; i < 1500; i++)
		buf_adds(&b, "- What else?\n");
	assert_false(b.err);
	assert_int_equal(session_parse(b.data, b.len, &s, &err), -1);
	assert_non_null(strstr(err.msg, "too many prompts (the limit is 1000)"));
	assert_int_equal(err.line, 4 + 1000);

	/* a million list items: refused before the tree gets large */
	buf_reset(&b);
	buf_adds(&b, "# T\n## Thoughts\n");
	while (!buf_adds(&b, "- a\n"))
		;
	b.err = 0;
	assert_int_equal(session_parse(b.data, b.len, &s, &err), -1);
	assert_non_null(strstr(err.msg, "too many paragraphs and list items"));
	assert_true(err.line > 40000 && err.line < 60000);

	/* a 4 MB title full of dashes and "(optional)" markers */
	buf_reset(&b);
	buf_adds(&b, "# T\n## Exercises\n### X");
	while (!buf_adds(&b, " \xe2\x80\x93 (optional)"))
		;
	b.err = 0;
	buf_rtrim(&b);
	parse_ok(b.data, b.len, &s);
	assert_int_equal(s.nr_exercises, 1);
	assert_true(s.exercises[0].optional);
	assert_true(strlen(s.exercises[0].id) <= 40);
	session_release(&s);

	/* a 4 MB prompt of cue-like words */
	buf_reset(&b);
	buf_adds(&b, "# T\n## Exercises\n### X\n- spend");
	while (!buf_adds(&b, " 2 hours 3-4 years at least"))
		;
	b.err = 0;
	parse_ok(b.data, b.len, &s);
	assert_int_equal(prompt_at(&s, 0, 0)->minutes, 120);
	session_release(&s);
	buf_release(&b);
}

static void test_no_title(void **state)
{
	static const char src[] = "Just a paragraph.\n\n- and a list\n";

	(void)state;
	parse_fails(src, sizeof(src) - 1, 1,
		    "no title: the file needs a '# Title' heading");
	parse_fails("", 0, 1, "no title");
	parse_fails("#\n\nbody\n", 8, 1, "no title");
}

/* ---- the real seed ---- */

static void test_seed(void **state)
{
	struct session s;
	const struct exercise *e;
	size_t len, i, j, timers = 0;
	char *src = getenv("ALIGNPLAN_SEED") ?
		    slurp(getenv("ALIGNPLAN_SEED"), &len) : NULL;

	(void)state;
	for (i = 0; !src && i < sizeof(seed_paths) / sizeof(*seed_paths); i++)
		src = slurp(seed_paths[i], &len);
	if (!src) {
		print_message("seed not found: set ALIGNPLAN_SEED\n");
		skip();
		return;
	}
	parse_ok(src, len, &s);
	free(src);
	assert_int_equal(s.number, 7);
	assert_string_equal(s.course, "AI Safety Fundamentals");
	assert_string_equal(s.title, "Contributing to AI Alignment");
	assert_string_equal(s.subtitle,
			    "A Guide to Careers & Projects in AI Alignment");
	assert_int_equal(s.nr_readings, 5);
	for (i = 0; i < s.nr_readings; i++) {
		assert_non_null(s.readings[i].author);
		assert_true(s.readings[i].year >= 2022);
		assert_non_null(s.readings[i].url);
	}
	assert_string_equal(s.readings[0].author, "Neel Nanda");
	assert_int_equal(s.readings[0].year, 2022);
	assert_string_equal(s.readings[1].author, "Charlie Rogers-Smith");
	assert_string_equal(s.readings[0].summary,
			    "Motivation article on doing over planning");
	assert_int_equal(s.nr_exercises, 2);
	assert_string_equal(s.exercises[0].title, "Make your career awesome");
	assert_string_equal(s.exercises[1].title, "Make your project awesome");
	for (i = 0; i < s.nr_exercises; i++)
		for (j = 0; j < s.exercises[i].nr_prompts; j++)
			if (s.exercises[i].prompts[j].timer_minutes == 5)
				timers++;
	assert_int_equal(timers, 3);

	e = &s.exercises[0];
	assert_int_equal(e->prompts[0].kind, PROMPT_LIST);
	assert_int_equal(e->prompts[0].min_items, 3);
	assert_int_equal(e->prompts[0].max_items, 5);
	assert_non_null(e->prompts[0].hint);
	assert_null(e->prompts[0].answer);
	assert_int_equal(e->prompts[3].min_items, 10);
	assert_int_equal(e->prompts[3].timer_minutes, 5);
	assert_true(e->prompts[3].optional);
	assert_string_equal(e->prompts[3].group, "Optional other prompts");
	/* a loose item split over two paragraphs is one prompt */
	assert_non_null(strstr(e->prompts[6].text,
			       "skills that are both rare and valuable."));

	e = &s.exercises[1];
	assert_int_equal(e->prompts[0].kind, PROMPT_CHECKLIST);
	assert_int_equal(e->prompts[0].nr_options, 5);
	assert_string_equal(e->prompts[0].options[0],
			    "Produce something that will enable you to "
			    "demonstrate your skills to future employers");
	session_release(&s);
}

/* ---- other sessions, written the ways real notes vary ---- */

#define S01 "tests/fixtures/session-01-ai-and-the-years-ahead.md"
#define S03 "tests/fixtures/session-03-rlhf.md"
#define S04 "tests/fixtures/session-04-scalable-oversight.md"
#define S05 "tests/fixtures/session-05-mech-interp.md"
#define S06 "tests/fixtures/session-06-technical-governance.md"

/* BOM, CRLF, H4 readings, "(15 mins)", "Further readings", "### 1. Title",
 * "1)" prompts, "(optional)" exercise */
static void test_session01(void **state)
{
	struct session s;
	const struct reading *r;
	const struct prompt *p;

	(void)state;
	parse_file(S01, &s);
	assert_int_equal(s.number, 1);
	assert_string_equal(s.course, "AI Safety Fundamentals");
	assert_string_equal(s.title, "AI and the years ahead");
	assert_int_equal(s.nr_objectives, 1);
	assert_int_equal(s.nr_readings, 6);
	r = &s.readings[0];
	assert_string_equal(r->author, "Richard Ngo");
	assert_int_equal(r->year, 2023);
	assert_int_equal(r->minutes, 15);
	assert_false(r->optional);
	assert_string_equal(r->notes,
			    "Key point for me: compute went up by ~10 orders "
			    "of magnitude.");
	r = &s.readings[2];
	assert_string_equal(r->kind, "Video");
	assert_string_equal(r->url, "https://www.youtube.com/watch?v=example&t=30s");
	r = &s.readings[5];   /* under "Further readings" */
	assert_true(r->optional);
	assert_string_equal(r->author, "Holden Karnofsky");
	assert_int_equal(r->year, 2021);
	assert_int_equal(r->minutes, 20);
	assert_true(s.readings[4].optional);
	assert_null(s.readings[4].summary);

	assert_int_equal(s.nr_exercises, 2);
	assert_string_equal(s.exercises[0].title, "Your own timeline");
	assert_string_equal(s.exercises[0].id, "your-own-timeline");
	assert_int_equal(s.exercises[0].minutes, 20);
	assert_int_equal(s.exercises[0].nr_prompts, 3);
	p = prompt_at(&s, 0, 0);
	assert_string_equal(p->answer, "2035, maybe 40% confident");
	p = prompt_at(&s, 0, 2);
	assert_int_equal(p->kind, PROMPT_LIST);
	assert_int_equal(p->min_items, 3);
	assert_int_equal(p->max_items, 3);
	assert_string_equal(s.exercises[1].title, "Spot the trend");
	assert_true(s.exercises[1].optional);
	assert_non_null(strstr(s.thoughts, "*little*"));
	session_release(&s);
}

/* H1 sections, tags before and after, "A, B and C", "(Author, Year)"
 * without a link, bold prompts, task items, "*Optional:*" */
static void test_session03_rlhf(void **state)
{
	struct session s;
	const struct reading *r;
	const struct prompt *p;

	(void)state;
	parse_file(S03, &s);
	assert_int_equal(s.number, 3);
	assert_null(s.course);
	assert_string_equal(s.subtitle,
			    "How we currently steer language models, and where "
			    "that breaks");
	assert_int_equal(s.nr_objectives, 3);
	assert_int_equal(s.nr_readings, 6);
	assert_string_equal(s.readings[0].author,
			    "Nathan Lambert, Louis Castricato, Leandro von Werra "
			    "and Alex Havrilla");
	assert_non_null(strstr(s.readings[0].notes, "![](img/rlhf-stages.png)"));
	assert_string_equal(s.readings[1].kind, "Paper");
	assert_string_equal(s.readings[2].author, "Stephen Casper et al.");
	r = &s.readings[3];
	assert_string_equal(r->title, "Reward models & preference learning");
	assert_string_equal(r->url, "https://example.org/podcast?ep=12&src=rss");
	assert_string_equal(r->kind, "Podcast");
	assert_int_equal(s.readings[4].year, 2022);   /* "(December 2022)" */
	assert_string_equal(s.readings[4].author,
			    "Yuntao Bai, Saurav Kadavath and Sandipan Kundu");
	r = &s.readings[5];   /* no link: "Title (Christiano et al., 2017)" */
	assert_string_equal(r->title,
			    "Deep reinforcement learning from human preferences");
	assert_string_equal(r->author, "Christiano et al.");
	assert_int_equal(r->year, 2017);
	assert_null(r->url);

	assert_int_equal(s.nr_exercises, 2);
	assert_int_equal(s.exercises[0].minutes, 15);   /* "~15 mins" */
	p = prompt_at(&s, 0, 1);
	assert_int_equal(p->kind, PROMPT_CHECKLIST);
	assert_int_equal(p->nr_options, 4);
	assert_string_equal(p->answer,
			    "Sycophancy (agreeing with whatever the user says)\n"
			    "Refusing harmless requests");
	assert_true(prompt_at(&s, 0, 2)->optional);
	assert_true(s.exercises[1].optional);
	assert_int_equal(s.exercises[1].minutes, 20);
	p = prompt_at(&s, 1, 0);
	assert_int_equal(p->min_items, 5);
	assert_string_equal(p->answer, "Prefer answers that admit uncertainty\n"
			    "Penalise made-up references");
	assert_int_equal(prompt_at(&s, 1, 1)->timer_minutes, 10);
	assert_true(prompt_at(&s, 1, 2)->optional);
	assert_non_null(strstr(s.thoughts, "Casper et al."));
	session_release(&s);
}

/* text before the title, H4 readings under H2, a bare URL and a link-less
 * reading, math and tables in notes, an empty heading, prompts written as
 * paragraphs (questions, and bold lines with their answers as a list) */
static void test_session04_paragraph_prompts(void **state)
{
	struct session s;
	const struct prompt *p;
	size_t i;

	(void)state;
	parse_file(S04, &s);
	assert_int_equal(s.number, 4);
	assert_string_equal(s.title, "Scalable oversight");
	assert_int_equal(s.nr_readings, 5);   /* the empty "####" is none */
	for (i = 0; i < s.nr_readings; i++)
		assert_true(strlen(s.readings[i].title) > 0);
	assert_string_equal(s.readings[1].author,
			    "Geoffrey Irving, Paul Christiano and Dario Amodei");
	assert_non_null(strstr(s.readings[1].notes, "| Debate | the transcript |"));
	assert_non_null(strstr(s.readings[1].notes, "\\geq 1 - \\epsilon"));
	assert_string_equal(s.readings[2].url,
			    "https://www.alignmentforum.org/posts/example/"
			    "iterated-amplification");
	assert_null(s.readings[3].url);
	assert_non_null(strstr(s.readings[4].notes, "```python\n"));

	assert_int_equal(s.nr_exercises, 3);
	/* questions as paragraphs, no list: each is a prompt */
	assert_string_equal(s.exercises[0].title, "Judge a debate");
	assert_int_equal(s.exercises[0].minutes, 25);
	assert_int_equal(s.exercises[0].nr_prompts, 3);
	assert_null(strstr(s.exercises[0].instructions, "?"));
	assert_string_equal(prompt_at(&s, 0, 1)->text,
			    "What was the single most convincing argument, and why?");
	assert_int_equal(prompt_at(&s, 0, 2)->line, 60);
	/* bold prompts; the list under the first is its answer */
	assert_int_equal(s.exercises[1].minutes, 10);   /* the timer */
	assert_int_equal(s.exercises[1].nr_prompts, 2);
	p = prompt_at(&s, 1, 0);
	assert_int_equal(p->kind, PROMPT_LIST);
	assert_int_equal(p->min_items, 3);
	assert_int_equal(p->max_items, 4);
	assert_string_equal(p->answer,
			    "Reviewing a legal contract in a language I don't speak\n"
			    "Checking a proof in algebraic topology\n"
			    "Auditing a large codebase for backdoors");
	assert_string_equal(prompt_at(&s, 1, 1)->plain,
			    "For one of them, how could you use the model itself "
			    "to help you check its answer?");
	assert_string_equal(s.exercises[1].instructions, "Set a 10-minute timer.");
	assert_true(s.exercises[2].optional);
	assert_int_equal(s.exercises[2].minutes, 10);
	assert_int_equal(s.exercises[2].nr_prompts, 2);
	assert_null(s.thoughts);
	session_release(&s);
}

/* emoji headings at H3, readings as a list (one without a link), "(45
 * mins)", "Exercise 1:" titles, "*Optional*" at the end, a lead-in with
 * the duration, <br> and an image */
static void test_session05_emoji_and_lists(void **state)
{
	struct session s;
	const struct reading *r;

	(void)state;
	parse_file(S05, &s);
	assert_int_equal(s.number, 5);
	assert_null(s.course);   /* not "🔬" */
	assert_string_equal(s.title, "Mechanistic interpretability");
	assert_int_equal(s.nr_objectives, 3);
	assert_string_equal(s.objectives[2],
			    "Try out a sparse autoencoder on a small model "
			    "(if you have time)");
	assert_int_equal(s.nr_readings, 5);
	r = &s.readings[1];
	assert_string_equal(r->author, "Elhage et al.");
	assert_int_equal(r->year, 2022);
	assert_int_equal(r->minutes, 45);
	assert_string_equal(r->notes,
			    "- My note: the phase diagrams are the best part");
	assert_string_equal(s.readings[2].kind, "Video");
	assert_string_equal(s.readings[2].title,
			    "A walkthrough of Towards Monosemanticity");
	r = &s.readings[4];   /* bold, no link; "Ask the facilitator" is none */
	assert_string_equal(r->title,
			    "A Mathematical Framework for Transformer Circuits");
	assert_string_equal(r->author, "Nelson Elhage et al.");
	assert_int_equal(r->year, 2021);
	assert_null(r->url);

	assert_int_equal(s.nr_exercises, 3);
	assert_string_equal(s.exercises[0].title, "Find a feature");
	assert_int_equal(s.exercises[0].minutes, 30);
	assert_int_equal(prompt_at(&s, 0, 1)->min_items, 3);
	assert_int_equal(prompt_at(&s, 0, 1)->max_items, 5);
	assert_string_equal(s.exercises[1].title, "Superposition by hand");
	assert_true(s.exercises[1].optional);
	assert_string_equal(prompt_at(&s, 1, 1)->hint,
			    "- Tip: think about the angles between the vectors.");
	assert_string_equal(s.exercises[2].title, "Reading group discussion");
	assert_int_equal(s.exercises[2].minutes, 10);
	assert_string_equal(prompt_at(&s, 2, 0)->group,
			    "Discuss with your group for (10 minutes)");
	assert_non_null(strstr(s.thoughts, "![my sketch](img/superposition-sketch.png)"));
	session_release(&s);
}

/* "## Focus:" then H5 sections and H6 readings, "Podcast:" before the
 * link, "(February 2024) [Paper]", "*(optional)*", an exercise section
 * without sub-headings, bold numbered prompts with "(~15 mins)" */
static void test_session06_heading_levels(void **state)
{
	struct session s;
	const struct reading *r;
	const struct prompt *p;

	(void)state;
	parse_file(S06, &s);
	assert_int_equal(s.number, 6);
	assert_string_equal(s.title, "Technical governance");
	assert_int_equal(s.nr_objectives, 1);
	assert_int_equal(s.nr_readings, 5);
	r = &s.readings[0];
	assert_string_equal(r->kind, "Podcast");
	assert_string_equal(r->author, "80,000 Hours");
	assert_int_equal(r->year, 2023);
	r = &s.readings[1];
	assert_string_equal(r->kind, "Paper");
	assert_int_equal(r->year, 2024);
	assert_string_equal(r->author,
			    "Girish Sastry, Lennart Heim, Haydn Belfield et al.");
	assert_string_equal(s.readings[2].author, "Toby Shevlane et al.");
	r = &s.readings[4];
	assert_true(r->optional);
	assert_string_equal(r->author, "Allan Dafoe");
	assert_int_equal(r->year, 2018);

	assert_int_equal(s.nr_exercises, 1);
	assert_int_equal(s.exercises[0].minutes, 40);
	assert_int_equal(s.exercises[0].nr_prompts, 4);
	p = prompt_at(&s, 0, 0);
	assert_int_equal(p->minutes, 15);
	/* one nested item, one line of plain text */
	assert_string_equal(p->answer,
			    "Proposal: compute thresholds for reporting "
			    "training runs\n"
			    "Verification: cloud providers report large jobs "
			    "(KYC for compute)");
	p = prompt_at(&s, 0, 2);
	assert_true(p->optional);
	assert_int_equal(p->min_items, 2);
	p = prompt_at(&s, 0, 3);
	assert_int_equal(p->kind, PROMPT_CHECKLIST);
	assert_string_equal(p->answer, "Licensing of frontier developers");
	assert_string_equal(s.thoughts,
			    "- Need to follow up on the \xe2\x80\x9chardware-enabled "
			    "mechanisms\xe2\x80\x9d idea.");
	session_release(&s);
}

/* Small cases of the same rules, one construct at a time. */
/* The first annotated prompt far down the session: the table of
 * annotation lines grows to reach it (a fuzzer found it written past). */
static void test_late_first_annotation(void **state)
{
	struct buf src = BUF_INIT;
	struct session s;
	struct import_error err;
	int i;

	(void)state;
	buf_adds(&src, "# T\n## Exercises\n### E\n");
	for (i = 0; i < 300; i++)
		buf_addf(&src, "- Prompt %d\n", i);
	buf_adds(&src, "- Last <!-- alignplan: list name=last -->\n");
	assert_int_equal(session_parse(src.data, src.len, &s, &err), 0);
	assert_int_equal(s.exercises[0].nr_prompts, 301);
	assert_string_equal(s.exercises[0].prompts[300].name, "last");
	session_release(&s);
	buf_release(&src);
}

static void test_robust_small(void **state)
{
	static const struct {
		const char *head;
		const char *title, *author;
		int year, minutes, optional;
		const char *kind;
	} heads[] = {
		{ "[T](http://x.example) by A (2020) (15 mins)", "T", "A", 2020, 15, 0, NULL },
		{ "[T](http://x.example) (~1 hour read)", "T", NULL, 0, 60, 0, NULL },
		{ "[T](http://x.example) (A, 2019)", "T", "A", 2019, 0, 0, NULL },
		{ "[T](http://x.example) by B (12 March 2021)", "T", "B", 2021, 0, 0, NULL },
		{ "[T](http://x.example) by B [optional]", "T", "B", 0, 0, 1, NULL },
		{ "Video: [T](http://x.example)", "T", NULL, 0, 0, 0, "Video" },
		{ "Optional: [T](http://x.example)", "T", NULL, 0, 0, 1, NULL },
		{ "T without a link (Doe, 2001)", "T without a link", "Doe", 2001, 0, 0, NULL },
		{ "[T](http://x.example) (15 apples)", "T", "(15 apples)", 0, 0, 0, NULL },
	};
	struct buf b = BUF_INIT;
	struct session s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		buf_reset(&b);
		buf_addf(&b, "# T\n## Readings\n### %s\n", heads[i].head);
		parse_ok(b.data, b.len, &s);
		assert_int_equal(s.nr_readings, 1);
		assert_string_equal(s.readings[0].title, heads[i].title);
		if (heads[i].author)
			assert_string_equal(s.readings[0].author, heads[i].author);
		else
			assert_null(s.readings[0].author);
		assert_int_equal(s.readings[0].year, heads[i].year);
		assert_int_equal(s.readings[0].minutes, heads[i].minutes);
		assert_int_equal(s.readings[0].optional, heads[i].optional);
		if (heads[i].kind)
			assert_string_equal(s.readings[0].kind, heads[i].kind);
		else
			assert_null(s.readings[0].kind);
		session_release(&s);
	}
	buf_release(&b);

	/* sub-sections of Resources; a section at the readings' level */
	{
		static const char src[] =
			"# Session 2: X\n# Resources\n## Core readings\n"
			"### [A](http://a.example)\n## Further readings\n"
			"### [B](http://b.example)\n## Exercises\n### E\n- Why?\n";

		parse_ok(src, sizeof(src) - 1, &s);
		assert_int_equal(s.nr_readings, 2);
		assert_false(s.readings[0].optional);
		assert_true(s.readings[1].optional);
		assert_int_equal(s.nr_exercises, 1);
		session_release(&s);
	}
	/* numbering that is part of the title stays */
	{
		static const char src[] =
			"# T\n## Exercises\n### 3 ways to fail\n- Why?\n"
			"### Exercise 2 \xe2\x80\x93 Rank them\n- How?\n";

		parse_ok(src, sizeof(src) - 1, &s);
		assert_string_equal(s.exercises[0].title, "3 ways to fail");
		assert_string_equal(s.exercises[1].title, "Rank them");
		session_release(&s);
	}
	/* a question before a list of prompts is instructions; a short bold
	 * line before one names their group */
	{
		static const char src[] =
			"# T\n## Exercises\n### E\n"
			"How might this shape your plans?\n\n"
			"**Round one**\n\n- What are 3 risks?\n- Which is worst?\n";
		const struct prompt *p;

		parse_ok(src, sizeof(src) - 1, &s);
		assert_int_equal(s.exercises[0].nr_prompts, 2);
		assert_string_equal(s.exercises[0].instructions,
				    "How might this shape your plans?");
		p = prompt_at(&s, 0, 0);
		assert_string_equal(p->group, "Round one");
		assert_int_equal(p->min_items, 3);
		session_release(&s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_title_subtitle),
		cmocka_unit_test(test_title_forms),
		cmocka_unit_test(test_objectives),
		cmocka_unit_test(test_readings),
		cmocka_unit_test(test_summary_and_notes),
		cmocka_unit_test(test_exercises),
		cmocka_unit_test(test_prompt_cues),
		cmocka_unit_test(test_prompt_nested),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_thoughts),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_adopt_ids),
		cmocka_unit_test(test_heading_levels_and_list_readings),
		cmocka_unit_test(test_markdown_canonical),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_annotations),
		cmocka_unit_test(test_typed_answers),
		cmocka_unit_test(test_answer_encoding),
		cmocka_unit_test(test_annotation_errors),
		cmocka_unit_test(test_named_ids),
		cmocka_unit_test(test_annotation_json),
		cmocka_unit_test(test_session07_content),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_deep_quotes),
		cmocka_unit_test(test_deep_lists),
		cmocka_unit_test(test_large_inputs),
		cmocka_unit_test(test_no_title),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_session01),
		cmocka_unit_test(test_session03_rlhf),
		cmocka_unit_test(test_session04_paragraph_prompts),
		cmocka_unit_test(test_session05_emoji_and_lists),
		cmocka_unit_test(test_session06_heading_levels),
		cmocka_unit_test(test_late_first_annotation),
		cmocka_unit_test(test_robust_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
