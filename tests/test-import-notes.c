/*
 * Unit tests for real notes (issue 11): the importer on session files
 * written the way people write them (tests/fixtures/notes-*.md, one per
 * construct), and the check that no text of any fixture is dropped.
 * Run from the repository root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "app-env.h"
#include "session-util.h"
#include "core/buf.h"
#include "export/export.h"
#include "import/notes.h"
#include "model/session.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX "tests/fixtures/"
#define SEED_NAME "shared/seed/session-07-contributing-to-ai-alignment.md"

static void parse_file(const char *path, struct session *s)
{
	size_t len;
	char *src = slurp(path, &len);

	if (!src)
		print_error("cannot read %s\n", path);
	assert_non_null(src);
	parse_ok(src, len, s);
	free(src);
}

static const struct reading *reading(const struct session *s, size_t i)
{
	assert_true(i < s->nr_readings);
	return &s->readings[i];
}

static const struct prompt *prompt(const struct session *s, size_t ex,
				   size_t i)
{
	assert_true(ex < s->nr_exercises);
	assert_true(i < s->exercises[ex].nr_prompts);
	return &s->exercises[ex].prompts[i];
}

static void assert_str_or_null(const char *got, const char *want)
{
	if (want)
		assert_string_equal(got ? got : "(null)", want);
	else
		assert_null(got);
}

static void assert_reading(const struct reading *r, const char *title,
			   const char *author, const char *kind,
			   const char *url)
{
	assert_string_equal(r->title, title);
	assert_str_or_null(r->author, author);
	assert_str_or_null(r->kind, kind);
	assert_str_or_null(r->url, url);
}

/* ---- 1. readings titled "Title - Author [Kind]" ---- */

static void test_reading_titles(void **state)
{
	struct session s;

	(void)state;
	parse_file(FIX "notes-reading-titles.md", &s);
	assert_int_equal(s.nr_readings, 10);
	assert_reading(reading(&s, 0), "Sparse Features in a Small Transformer",
		       "Kai Lindqvist", "Blog", NULL);
	/* the link's text holds it all */
	assert_reading(reading(&s, 1), "Why Auditing Is Difficult",
		       "Priya Natarajan", "Article", "https://example.org/auditing");
	assert_reading(reading(&s, 2), "Evaluations From Scratch",
		       "Tomas Okafor", "Video", NULL);
	assert_string_equal(reading(&s, 2)->notes,
			    "A recorded workshop; the second half is the useful part.");
	assert_reading(reading(&s, 3), "Reward Hacking Field Guide",
		       "Lena Marsh", "Podcast", "https://example.org/field-guide");
	/* "by Author (Year)" keeps working, at the last " by " */
	assert_reading(reading(&s, 4), "Toy Circuits, Explained by Hand",
		       "Dana Whitfield", NULL, NULL);
	assert_int_equal(reading(&s, 4)->year, 2021);
	/* a dash inside a title with nothing after it is the title's */
	assert_reading(reading(&s, 5), "Scalable Oversight - An Overview",
		       NULL, NULL, "https://example.org/overview");
	assert_reading(reading(&s, 6), "Interpretability - A Skeptic's Take",
		       "Omar Reyes", "Blog", NULL);
	assert_reading(reading(&s, 7), "Probes and Their Limits", "Ada Quist",
		       "Paper", NULL);
	/* as list items, under "Further readings" */
	assert_reading(reading(&s, 8), "Circuits in the Wild", "Mei Tanaka",
		       "Paper", NULL);
	assert_reading(reading(&s, 9), "Probing Without Tears", "Ari Benson",
		       "Tutorial", "https://example.org/probing");
	assert_true(reading(&s, 9)->optional);
	assert_false(reading(&s, 1)->optional);
	assert_string_equal(reading(&s, 0)->id,
			    "sparse-features-in-a-small-transformer");
	session_release(&s);
}

/* A title with a bracket that is no tag stays whole in a link's text. */
static void test_reading_title_brackets(void **state)
{
	static const char src[] =
		"# T\n\n## Readings\n\n"
		"### [Learning from Human Feedback (RLHF)](https://x.example)\n\n"
		"### Notes on [Chapter 3] - Kim Lee\n";
	struct session s;

	(void)state;
	parse_ok(src, strlen(src), &s);
	assert_int_equal(s.nr_readings, 2);
	assert_reading(reading(&s, 0), "Learning from Human Feedback (RLHF)",
		       NULL, NULL, "https://x.example");
	/* nothing peeled off the end: no byline to take apart */
	assert_reading(reading(&s, 1), "Notes on [Chapter 3] - Kim Lee", NULL,
		       NULL, NULL);
	session_release(&s);
}

/* ---- 2, 3. objectives and introductions ---- */

static void test_focus_intro(void **state)
{
	struct session s;

	(void)state;
	parse_file(FIX "notes-focus-intro.md", &s);
	assert_int_equal(s.nr_objectives, 3);
	assert_string_equal(s.objectives[0], "Describe two ways a capability "
			    "evaluation can miss a real ability");
	assert_string_equal(s.objectives[2], "Sketch an evaluation for one "
			    "capability you care about");
	assert_string_equal(s.objectives_intro,
			    "This session is about how we learn what a model can "
			    "do before it is deployed.\n\n"
			    "By the end you should be able to:\n\n"
			    "We will come back to these goals in week fourteen.");
	/* before the title, and between the subtitle and the first section */
	assert_string_equal(s.intro, "A draft: the facilitator may still move "
			    "things around.\n\nThis week leans on the readings "
			    "more than usual.");
	assert_string_equal(s.subtitle, "Finding out what a model can do "
			    "before anyone else does");
	/* a note before the first reading */
	assert_string_equal(s.readings_intro, "*Read the first two before the "
			    "session; the third is for the curious.*");
	assert_int_equal(s.nr_readings, 2);
	assert_null(reading(&s, 1)->notes);
	/* a section the importer does not know, kept whole */
	assert_int_equal(s.nr_others, 1);
	assert_string_equal(s.others[0].title, "Schedule");
	assert_non_null(strstr(s.others[0].text, "| Warm-up | 10 |"));
	assert_string_equal(s.exercises_intro, "Work in pairs if you can.");
	assert_int_equal(s.nr_exercises, 1);
	assert_int_equal(s.exercises[0].nr_prompts, 2);
	assert_string_equal(s.thoughts, "Bring one question to the next meeting.");
	session_release(&s);
}

/* Without a list, the paragraphs of Focus are the objectives still. */
static void test_focus_paragraphs(void **state)
{
	static const char src[] =
		"# T\n\n## Focus\n\nOne aim in a paragraph.\n\n"
		"> A quote about it.\n\nAnother aim.\n";
	struct session s;

	(void)state;
	parse_ok(src, strlen(src), &s);
	assert_int_equal(s.nr_objectives, 2);
	assert_string_equal(s.objectives[1], "Another aim.");
	assert_string_equal(s.objectives_intro, "> A quote about it.");
	session_release(&s);
}

/* ---- 4. a list of resources after the exercises ---- */

static void test_resources(void **state)
{
	struct session s;
	const struct resource *r;

	(void)state;
	parse_file(FIX "notes-resources.md", &s);
	assert_int_equal(s.nr_readings, 1);
	assert_int_equal(s.nr_exercises, 1);
	assert_int_equal(s.nr_resources, 4);
	assert_string_equal(s.resources_intro,
			    "A few extra links if you want to go deeper.");
	r = &s.resources[0];
	assert_string_equal(r->title, "PPO");
	assert_string_equal(r->text, "PPO - [[1]](https://a.example/ppo-paper), "
			    "[[2]](https://b.example/ppo-notes)");
	assert_int_equal(r->nr_links, 2);
	assert_string_equal(r->links[0].text, "[1]");
	assert_string_equal(r->links[0].url, "https://a.example/ppo-paper");
	assert_string_equal(r->links[1].url, "https://b.example/ppo-notes");
	assert_null(r->group);
	r = &s.resources[1];
	assert_string_equal(r->title, "Spinning Up in Deep RL");
	assert_int_equal(r->nr_links, 1);
	r = &s.resources[2];
	assert_string_equal(r->title, "Reward model overoptimisation");
	assert_int_equal(r->nr_links, 2);
	assert_string_equal(r->links[1].text, "talk");
	r = &s.resources[3];
	assert_string_equal(r->group, "Videos");
	assert_string_equal(r->links[0].url, "https://f.example/lecture");
	session_release(&s);
}

/* "Resources" before the exercises is the readings (the seed's way); a
 * "Further reading" after them is a list of links. */
static void test_resources_place(void **state)
{
	static const char src[] =
		"# T\n\n# Resources\n\n## [A](https://a.example) by X (2020)\n\n"
		"# Exercises\n\n## E\n\n- Why?\n\n## Further reading\n\n"
		"[B](https://b.example): more on it.\n\nAnd a second line.\n";
	struct session s;

	(void)state;
	parse_ok(src, strlen(src), &s);
	assert_int_equal(s.nr_readings, 1);
	assert_int_equal(s.nr_exercises, 1);
	assert_int_equal(s.nr_resources, 1);
	assert_string_equal(s.resources[0].title, "B");
	assert_string_equal(s.resources[0].text,
			    "[B](https://b.example): more on it.\n\n"
			    "And a second line.");
	session_release(&s);
}

/* ---- 5. pick-one lists ---- */

static void test_pick_one(void **state)
{
	struct session s;
	const struct prompt *p;

	(void)state;
	parse_file(FIX "notes-pick-one.md", &s);
	assert_int_equal(s.nr_exercises, 4);
	/* one prompt, not one per option; the bold mark is the answer */
	assert_int_equal(s.exercises[0].nr_prompts, 2);
	p = prompt(&s, 0, 0);
	assert_int_equal(p->kind, PROMPT_CHECKLIST);
	assert_int_equal(p->min_items, 1);
	assert_int_equal(p->max_items, 1);
	assert_int_equal(p->nr_options, 4);
	assert_string_equal(p->options[1], "A replication of a published result");
	assert_string_equal(p->answer, "A replication of a published result");
	/* the mark's line stays in the instructions, words and all */
	assert_string_equal(s.exercises[0].instructions,
			    "Before planning, settle on the kind of project "
			    "you will do.\n\nMy choice: **A replication of a "
			    "published result**");
	assert_string_equal(prompt(&s, 0, 1)->answer,
			    "It builds the engineering skills I want to show.");
	/* a quoted mark, after a numbered list */
	assert_int_equal(s.exercises[1].nr_prompts, 1);
	p = prompt(&s, 1, 0);
	assert_int_equal(p->nr_options, 3);
	assert_string_equal(p->answer, "A notebook with commentary");
	assert_null(s.exercises[1].instructions);
	/* an underlined mark */
	assert_string_equal(prompt(&s, 2, 0)->answer, "Written reviews");
	assert_string_equal(s.exercises[2].instructions,
			    "I will go with Written reviews.");
	/* the course's own file: options, no answer */
	p = prompt(&s, 3, 0);
	assert_int_equal(p->nr_options, 2);
	assert_null(p->answer);
	assert_int_equal(p->max_items, 1);
	session_release(&s);
}

/* A line after the list that marks nothing among the options is the
 * course's text, not an answer. */
static void test_pick_one_no_mark(void **state)
{
	static const char src[] =
		"# T\n\n## Exercises\n\n### E\n\n"
		"Choose one of the following:\n\n- Red\n- Blue\n\n"
		"**Then** explain your choice to a peer.\n";
	struct session s;

	(void)state;
	parse_ok(src, strlen(src), &s);
	assert_int_equal(s.exercises[0].nr_prompts, 1);
	assert_null(prompt(&s, 0, 0)->answer);
	assert_string_equal(s.exercises[0].instructions,
			    "**Then** explain your choice to a peer.");
	session_release(&s);
}

/* ---- 6. a question in bold inside the instructions ---- */

static void test_bold_question(void **state)
{
	struct session s;
	const struct exercise *e;

	(void)state;
	parse_file(FIX "notes-bold-question.md", &s);
	e = &s.exercises[0];
	assert_int_equal(e->nr_prompts, 3);
	assert_string_equal(e->prompts[0].text, "Which uncertainties would most "
			    "change my plan if I resolved them?");
	assert_string_equal(e->prompts[0].id,
			    "e1-which-uncertainties-would-most-change-my");
	assert_string_equal(e->prompts[1].plain,
			    "Which of these could you test within a month?");
	assert_int_equal(e->minutes, 30);
	/* the instructions stay as written */
	assert_non_null(strstr(e->instructions, "answering the question: "
			       "**Which uncertainties"));
	e = &s.exercises[1];
	assert_int_equal(e->nr_prompts, 1);
	assert_string_equal(e->prompts[0].plain,
			    "what would you cut if you had half the time?");
	session_release(&s);
}

/* Placed first even after the list; written as a list item too (as the
 * Markdown export does) it is one prompt, keeping its answer. */
static void test_bold_question_once(void **state)
{
	static const char src[] =
		"# T\n\n## Exercises\n\n### E\n\n- Who could help?\n\n"
		"Then answer: **What is the one thing to do first?**\n\n"
		"### F\n\nAnswer: **Why does this matter to you?**\n\n"
		"- Why does this matter to you?\n  - It keeps me going.\n";
	struct session s;

	(void)state;
	parse_ok(src, strlen(src), &s);
	assert_int_equal(s.exercises[0].nr_prompts, 2);
	assert_string_equal(prompt(&s, 0, 0)->plain,
			    "What is the one thing to do first?");
	assert_string_equal(prompt(&s, 0, 1)->plain, "Who could help?");
	assert_int_equal(s.exercises[1].nr_prompts, 1);
	assert_string_equal(prompt(&s, 1, 0)->answer, "It keeps me going.");
	session_release(&s);
}

/* ---- 7. group lead-ins ---- */

static void test_group_leadin(void **state)
{
	struct session s;
	const struct exercise *e;
	size_t i;

	(void)state;
	parse_file(FIX "notes-group-leadin.md", &s);
	e = &s.exercises[0];
	assert_int_equal(e->nr_prompts, 4);
	assert_non_null(strstr(e->instructions, "Choose a paper from this "
			       "week's list. The questions below"));
	assert_non_null(strstr(e->instructions, "[reading checklist]"
			       "(https://example.org/checklist) for more:"));
	for (i = 0; i < 3; i++)
		assert_string_equal(e->prompts[i].group, "Take notes as you go, "
				    "and see the reading checklist for more");
	/* a short lead-in is the group's name alone */
	assert_string_equal(e->prompts[3].group, "Quick checks");
	assert_null(strstr(e->instructions, "Quick checks"));
	for (i = 0; i < e->nr_prompts; i++)
		assert_null(strstr(e->prompts[i].group, "]("));
	session_release(&s);
}

/* ---- 8. links with spaces and text fragments ---- */

static void test_typora_links(void **state)
{
	struct session s;
	const struct prompt *p;

	(void)state;
	parse_file(FIX "notes-typora-links.md", &s);
	assert_reading(reading(&s, 0), "Compute as a Lever", "June Park", NULL,
		       "https://example.org/compute lever.pdf");
	assert_int_equal(reading(&s, 0)->year, 2023);
	assert_string_equal(reading(&s, 0)->summary,
			    "The argument is summed up [in one paragraph]"
			    "(<https://example.org/essay#:~:text=compute is, in "
			    "short, a lever>) near the end.");
	p = prompt(&s, 0, 0);
	assert_string_equal(p->group, "See the list of labs before you start");
	assert_string_equal(s.exercises[0].instructions,
			    "See [the list of labs](<https://example.org/labs?"
			    "filter=frontier labs&sort=name>) before you start:");
	assert_string_equal(p->answer, "Cloud providers, for large training runs.");
	assert_int_equal(p->line, 15);   /* lines hold after the rewrite */
	session_release(&s);
}

/* In code, a link's brackets are code. */
static void test_typora_links_code(void **state)
{
	static const char src[] =
		"# T\n\n## Thoughts\n\nWrite `[a](http://x y)` for it.\n\n"
		"```\n[b](http://x y)\n```\n";
	struct session s;

	(void)state;
	parse_ok(src, strlen(src), &s);
	assert_string_equal(s.thoughts, "Write `[a](http://x y)` for it.\n\n"
			    "```\n[b](http://x y)\n```");
	session_release(&s);
}

/* ---- 9. horizontal rules ---- */

static void test_rules(void **state)
{
	struct session s;
	const struct prompt *p;

	(void)state;
	parse_file(FIX "notes-rules.md", &s);
	assert_string_equal(reading(&s, 0)->notes,
			    "My note: the middle section is worth a reread.");
	assert_null(reading(&s, 1)->notes);
	p = prompt(&s, 0, 0);
	assert_string_equal(p->answer, "Book two calls with people in roles I "
			    "want.\nFinish the replication.");
	assert_null(p->hint);
	assert_string_equal(s.thoughts, "A good cohort.");
	assert_null(s.intro);
	session_release(&s);
}

/* ---- the session page shows what is kept ---- */

static void test_session_page(void **state)
{
	static const char *const files[] = {
		FIX "notes-focus-intro.md", FIX "notes-resources.md",
	};
	const char *md[3] = { NULL, NULL, NULL };
	char path[APP_DB_PATH];
	struct store *st;
	struct who me;
	struct response rs;
	const char *body, *a, *z;
	size_t i, len;

	(void)state;
	for (i = 0; i < 2; i++)
		assert_non_null(md[i] = slurp(files[i], &len));
	app_db_open(path, &st, "import-notes");
	app_db_load(st, md);
	person_as(st, &me, "Pat", "pat@example.org", 0);
	app_call(st, &me, "GET", "/s/12", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	body = rs.body.data;
	assert_non_null(strstr(body, "This week leans on the readings"));
	/* the introduction above the list of objectives */
	a = strstr(body, "By the end you should be able to:");
	z = strstr(body, "Describe two ways a capability evaluation");
	assert_true(a && z && a < z);
	assert_non_null(strstr(body, "<em>Read the first two before the "
			       "session; the third is for the curious.</em>"));
	assert_non_null(strstr(body, "Work in pairs if you can."));
	assert_non_null(strstr(body, ">Schedule</h2>"));
	assert_non_null(strstr(body, "<td>Warm-up</td>"));
	response_release(&rs);
	app_call(st, &me, "GET", "/s/13", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	body = rs.body.data;
	assert_non_null(strstr(body, "<h2 id=\"resources\">Resources</h2>"));
	assert_non_null(strstr(body, "<a href=\"https://b.example/ppo-notes\">"));
	assert_non_null(strstr(body, "<h3>Videos</h3>"));
	assert_int_equal(count(body, "<li><a href=\"#r-"), 1);   /* one reading */
	response_release(&rs);
	app_db_close(path, st);
	for (i = 0; i < 2; i++)
		free((char *)md[i]);
}

/* ---- bringing one's own notes ---- */

#define S07 "content/session-07.md"

static const struct notes_item *item(const struct notes *n, const char *id)
{
	size_t i;

	for (i = 0; i < n->nr_items; i++)
		if (n->items[i].id && !strcmp(n->items[i].id, id))
			return &n->items[i];
	print_error("no item for %s\n", id);
	fail();
	return NULL;
}

static void read_notes(const struct session *course, const char *path,
		       struct notes *n)
{
	struct import_error err;
	size_t len;
	char *src = slurp(path, &len);
	int r;

	assert_non_null(src);
	r = notes_read(course, src, len, n, &err);
	if (r)
		print_error("notes_read: %s\n", err.msg);
	assert_int_equal(r, 0);
	free(src);
}

static void test_notes_match(void **state)
{
	struct session course;
	struct notes n;
	const struct notes_item *it;

	(void)state;
	parse_file(S07, &course);
	read_notes(&course, FIX "notes-participant-07.md", &n);
	assert_int_equal(n.number, 7);
	/* picks, one of them their own */
	it = item(&n, "e1-roles");
	assert_int_equal(it->what, NOTES_ANSWER);
	assert_string_equal(it->value, "Research engineer\nField-builder or "
			    "community organiser\nTechnical writer for a "
			    "safety lab");
	assert_string_equal(it->label, "Roles");
	/* the link left out of the prompt's text; rows with their cells */
	it = item(&n, "e1-tests");
	assert_string_equal(it->value, "Research engineer\treproduce one small "
			    "interpretability result\t20\n"
			    "Field-builder or community organiser\trun one "
			    "reading group for a month");
	/* "Some ideas:" left out, numbered: matched by its words */
	it = item(&n, "e2-goals");
	assert_string_equal(it->value, "Create something that shows future "
			    "employers what you can do\nBuild up a public "
			    "portfolio of high-quality writing or other "
			    "content about AI");
	assert_int_equal(it->line, 44);
	assert_string_equal(item(&n, "e2-deliverable")->value,
			    "A short write-up that replicates one probing result "
			    "on a small model.");
	assert_string_equal(item(&n, "e2-support")->value,
			    "A weekly check-in with one partner.");
	assert_string_equal(item(&n, REFLECTION_ID)->value,
			    "The career exercise was harder than the project one.");
	/* notes under readings, whatever way the heading is written */
	it = item(&n, "become-a-person-who-actually-does-things");
	assert_int_equal(it->what, NOTES_NOTE);
	assert_string_equal(it->value, "Shipping a rough version early beats "
			    "polishing a plan nobody sees.\nTry a weekend "
			    "project before the sprint starts.");
	assert_string_equal(item(&n, "working-in-ai-alignment")->value,
			    "The engineering roles section matches what I do now.");
	assert_int_equal(n.nr_items, 8);
	/* what has no place is listed: a prompt and a reading the course
	 * does not have, and text of one's own */
	assert_int_equal(n.nr_unmatched, 4);
	assert_int_equal(n.unmatched[0].what, NOTES_ANSWER);
	assert_string_equal(n.unmatched[0].source,
			    "How do I explain a career change to my family?");
	assert_string_equal(n.unmatched[0].value,
			    "Start with why the work matters to me.");
	assert_null(n.unmatched[0].id);
	assert_int_equal(n.unmatched[1].what, NOTES_NOTE);
	assert_string_equal(n.unmatched[1].source, "Notes on Mentoring");
	assert_int_equal(n.unmatched[2].what, NOTES_TEXT);
	assert_string_equal(n.unmatched[2].value,
			    "My notes, kept in Typora before the cohort call.");
	assert_string_equal(n.unmatched[3].source, "Make your career awesome");
	assert_string_equal(n.unmatched[3].value,
			    "I still need to talk to my manager about time off.");
	notes_release(&n);
	session_release(&course);
}

/* The course file itself, or an edited copy, brings nothing of the
 * course's own as a note or an answer. */
static void test_notes_course_text(void **state)
{
	static const char at[] = "label=\"Most exciting\" -->\n";
	struct session course;
	struct import_error err;
	struct notes n;
	struct buf b = BUF_INIT;
	size_t len;
	char *src = slurp(S07, &len);

	(void)state;
	parse_file(S07, &course);
	assert_int_equal(notes_read(&course, src, len, &n, &err), -1);
	assert_non_null(strstr(err.msg, "no answers or notes found"));
	/* one answer added under its prompt: that alone */
	assert_non_null(strstr(src, at));
	buf_add(&b, src, (size_t)(strstr(src, at) - src) + strlen(at));
	buf_adds(&b, "  - Research engineer\n");
	buf_adds(&b, strstr(src, at) + strlen(at));
	assert_int_equal(notes_read(&course, b.data, b.len, &n, &err), 0);
	assert_int_equal(n.nr_items, 1);
	assert_int_equal(n.nr_unmatched, 0);
	assert_string_equal(n.items[0].id, "e1-excited");
	assert_string_equal(n.items[0].value, "Research engineer");
	notes_release(&n);
	buf_release(&b);
	free(src);
	session_release(&course);
}

/* A note is what is under a reading beyond the course's own summary and
 * notes, as lines of text; links keep their address. */
static void test_notes_reading_text(void **state)
{
	static const char course_src[] =
		"# Session 2: R\n\n## Readings\n\n"
		"### [Alpha](https://a.example) by X (2020)\n\n> Its summary.\n\n"
		"A note of the course.\n\nAnother.\n";
	static const char mine[] =
		"# Session 2: R\n\n## Readings\n\n"
		"### [Alpha](https://a.example)\n\n> Its summary.\n\n"
		"A note of the course.\n\nMy own, with [a link](https://l.example)."
		"\n\n> A quote I liked.\n\n- one\n  - two\n\n------\n\n"
		"Another.\n";
	struct session course;
	struct import_error err;
	struct notes n;

	(void)state;
	parse_ok(course_src, strlen(course_src), &course);
	assert_int_equal(notes_read(&course, mine, strlen(mine), &n, &err), 0);
	assert_int_equal(n.nr_items, 1);
	assert_string_equal(n.items[0].id, "alpha");
	assert_string_equal(n.items[0].value, "My own, with a link "
			    "(https://l.example).\nA quote I liked.\none\ntwo");
	notes_release(&n);
	session_release(&course);
}

static void test_notes_refused(void **state)
{
	static const char other[] = "# Session 3: Something else\n\n"
		"## Exercises\n\n### E\n\n- Why?\n  - Because.\n";
	static const char nothing[] = "# My notes\n\n## Exercises\n\n"
		"### Elsewhere\n\n- Which colour is best?\n  - Green.\n";
	static const char bad[] = "# Session 7\n\n- \xff\n";
	struct session course;
	struct import_error err;
	struct notes n;

	(void)state;
	parse_file(S07, &course);
	assert_int_equal(notes_read(&course, other, strlen(other), &n, &err), -1);
	assert_string_equal(err.msg, "these are notes of session 3, not of "
			    "session 7");
	assert_int_equal(n.nr_items + n.nr_unmatched, 0);
	assert_int_equal(notes_read(&course, nothing, strlen(nothing), &n,
				    &err), -1);
	assert_non_null(strstr(err.msg, "none of the 1 answers and notes"));
	assert_int_equal(notes_read(&course, bad, strlen(bad), &n, &err), -1);
	assert_string_equal(err.msg, "line 3: not valid UTF-8 (byte 0xff)");
	session_release(&course);
}

static const char *get_from(void *ctx, const char *id)
{
	const char *const *kv = ctx;

	for (; kv[0]; kv += 2)
		if (!strcmp(kv[0], id))
			return kv[1];
	return NULL;
}

static void test_notes_compare(void **state)
{
	static const char *const answers[] = {
		"e1-roles", "Research engineer", "e2-deliverable",
		"A short write-up that replicates one probing result on a "
		"small model.", NULL,
	};
	static const char *const notes[] = {
		"working-in-ai-alignment", "", NULL,
	};
	struct session course;
	struct notes n;

	(void)state;
	parse_file(S07, &course);
	read_notes(&course, FIX "notes-participant-07.md", &n);
	assert_int_equal(notes_compare(&n, get_from, (void *)answers, get_from,
				       (void *)notes), 1);
	assert_int_equal(item(&n, "e1-roles")->state, NOTES_CHANGED);
	assert_int_equal(item(&n, "e2-deliverable")->state, NOTES_SAME);
	assert_int_equal(item(&n, "e2-goals")->state, NOTES_NEW);
	assert_int_equal(item(&n, "working-in-ai-alignment")->state, NOTES_NEW);
	notes_release(&n);
	session_release(&course);
}

/* ---- the round trip: notes in, Markdown out, the same notes in ---- */

struct lookup {
	const struct notes *n;
	enum notes_what what;
};

static const char *lookup_get(void *ctx, const char *id)
{
	const struct lookup *l = ctx;
	size_t i;

	for (i = 0; i < l->n->nr_items; i++)
		if (l->n->items[i].what == l->what &&
		    !strcmp(l->n->items[i].id, id))
			return l->n->items[i].value;
	return NULL;
}

/* Read `path` as notes of `course`, export them as Markdown, read that
 * again: the same answers and notes.  Returns the number of items, or
 * -1 when the file holds none. */
static int round_trip(const struct session *course, const char *path)
{
	struct notes a, b;
	struct import_error err;
	struct lookup ans, notes;
	struct plan_doc d;
	struct buf md = BUF_INIT;
	size_t len, i;
	char *src = slurp(path, &len);
	int r;

	assert_non_null(src);
	r = notes_read(course, src, len, &a, &err);
	free(src);
	if (r && strstr(err.msg, "no answers or notes"))
		return -1;
	if (r)
		print_error("%s: %s\n", path, err.msg);
	assert_int_equal(r, 0);
	ans = (struct lookup){ &a, NOTES_ANSWER };
	notes = (struct lookup){ &a, NOTES_NOTE };
	d = (struct plan_doc){ .s = course, .get = lookup_get, .ctx = &ans,
			       .note = lookup_get, .note_ctx = &notes };
	assert_int_equal(export_markdown(&d, &md), 0);
	r = notes_read(course, md.data, md.len, &b, &err);
	if (r)
		print_error("%s, exported: %s\n", path, err.msg);
	assert_int_equal(r, 0);
	if (a.nr_items != b.nr_items || b.nr_unmatched)
		print_error("%s: %zu items, then %zu (%zu unmatched)\n%s", path,
			    a.nr_items, b.nr_items, b.nr_unmatched, md.data);
	assert_int_equal(a.nr_items, b.nr_items);
	assert_int_equal(b.nr_unmatched, 0);
	for (i = 0; i < a.nr_items; i++) {
		struct lookup l = { &b, a.items[i].what };
		const char *v = lookup_get(&l, a.items[i].id);

		if (!v || strcmp(v, a.items[i].value))
			print_error("%s: %s: \"%s\" came back as \"%s\"\n",
				    path, a.items[i].id, a.items[i].value,
				    v ? v : "(nothing)");
		assert_non_null(v);
		assert_string_equal(v, a.items[i].value);
	}
	r = (int)a.nr_items;
	notes_release(&a);
	notes_release(&b);
	buf_release(&md);
	return r;
}

static void test_notes_round_trip(void **state)
{
	struct session course;
	DIR *d = opendir(FIX);
	struct dirent *e;
	char path[512];
	int files = 0;

	(void)state;
	parse_file(S07, &course);
	assert_int_equal(round_trip(&course, FIX "notes-participant-07.md"), 8);
	session_release(&course);
	/* every fixture that carries answers, as notes of itself */
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n < 4 || strcmp(e->d_name + n - 3, ".md") ||
		    !strcmp(e->d_name, "notes-participant-07.md"))
			continue;
		snprintf(path, sizeof(path), FIX "%s", e->d_name);
		parse_file(path, &course);
		files += round_trip(&course, path) > 0;
		session_release(&course);
	}
	closedir(d);
	assert_true(files >= 5);
}

/* ---- no text dropped ---- */

/*
 * Words the importer turns into structure rather than text: the names of
 * the sections (in their headings), "Session" before the number, the
 * numbering of exercises, "optional" and "by" in headings; only heading
 * lines may lose them.  Anywhere: "[toc]", a reading time's unit and
 * the month of a reading's date, whose year is kept.
 */
static const char *const structure[] = {
	"focus", "goals", "objectives", "learning", "outcomes", "session",
	"resources", "readings", "reading", "core", "further", "required",
	"list", "exercises", "exercise", "activities", "activity",
	"thoughts", "reflections", "reflection", "notes", "my", "final",
	"additional", "useful", "links", "references", "see", "also",
	"more", "other", "week", "lesson", "module", "unit", "part", "day",
	"task", "optional", "by", "minutes", "hour", "read",
};
static const char *const anywhere[] = {
	"toc", "mins", "min", "january", "february", "march", "april", "may",
	"june", "july", "august", "september", "october", "november",
	"december",
};

/*
 * What a fixture loses on purpose, and why: a file, and its words.
 */
static const struct {
	const char *file, *words, *why;
} known[] = {
	{ "session-08-annotated-workbook.md", " nothing ignored such column ",
	  "a row's sub-item naming no column is left out (docs/plans.md)" },
};

static int in_list(const char *w, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(w, v[i]))
			return 1;
	return 0;
}

/* Does `path` lose `w` on purpose (see known[])? */
static int known_drop(const char *path, const char *w)
{
	char pad[72];
	size_t i, n = strlen(path);

	snprintf(pad, sizeof(pad), " %s ", w);
	for (i = 0; i < sizeof(known) / sizeof(*known); i++) {
		size_t k = strlen(known[i].file);

		if (n >= k && !strcmp(path + n - k, known[i].file) &&
		    strstr(known[i].words, pad))
			return 1;
	}
	return 0;
}

static int is_structure(const char *w, int heading)
{
	return in_list(w, anywhere, sizeof(anywhere) / sizeof(*anywhere)) ||
	       (heading && in_list(w, structure,
				   sizeof(structure) / sizeof(*structure)));
}

/* Append the string values of `json` (not its keys, not the "id"
 * values, which are made of other text), lowercased, one per line. */
static void json_values(struct buf *out, const char *json)
{
	char key[32] = "";
	const char *p = json;

	while ((p = strchr(p, '"')) != NULL) {
		struct buf v = BUF_INIT;
		const char *q;

		for (p++; *p && *p != '"'; p++) {
			char c = *p;

			if (c == '\\') {
				c = *++p;
				if (c == 'n' || c == 't' || c == 'r')
					c = ' ';
				else if (c == 'u') {
					unsigned x = 0;

					sscanf(p + 1, "%4x", &x);
					c = x < 0x80 ? (char)x : ' ';
					p += 4;
				}
			}
			buf_addc(&v, c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		for (q = p + 1; *q == ' '; q++)
			;
		if (*q == ':') {
			snprintf(key, sizeof(key), "%s", v.data);
		} else if (strcmp(key, "id")) {
			buf_add(out, v.data, v.len);
			buf_addc(out, '\n');
		}
		buf_release(&v);
		if (*p)
			p++;
	}
}

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Is lowercase `w` a whole word of `hay`? */
static int has_word(const char *hay, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = hay; (p = strstr(p, w)) != NULL; p++)
		if ((p == hay || !is_word_char(p[-1])) && !is_word_char(p[n]))
			return 1;
	return 0;
}

/* Blank out what a reader of the rendered file does not see as text:
 * HTML comments and tags, entities (decoded in the JSON) and where links
 * point (answers and options keep a link's text alone). */
static void strip_markup(char *s)
{
	char *p, *e;

	for (p = s; (p = strstr(p, "](")) != NULL; p = e) {
		e = strpbrk(p + 2, p[2] == '<' ? ">\n" : ")\n");
		if (!e || *e == '\n')
			e = p + 2;
		else
			memset(p + 2, ' ', (size_t)(e - p - 2));
	}

	while ((p = strstr(s, "<!--")) != NULL) {
		e = strstr(p, "-->");
		e = e ? e + 3 : p + strlen(p);
		memset(p, ' ', (size_t)(e - p));
	}
	for (p = s; *p; p++) {
		if (*p == '<' && (p[1] == '/' || (p[1] >= 'a' && p[1] <= 'z')) &&
		    (e = strchr(p, '>')) != NULL && !memchr(p, '\n', (size_t)(e - p)) &&
		    !memchr(p, ' ', (size_t)(e - p))) {
			memset(p, ' ', (size_t)(e - p + 1));
		} else if (*p == '&' && (e = strchr(p, ';')) != NULL &&
			   e - p < 10 && !memchr(p, ' ', (size_t)(e - p))) {
			memset(p, ' ', (size_t)(e - p + 1));
		}
	}
}

/* Every word of `path` (two letters or more, not only digits) must be
 * a word of some string of its JSON; returns the number missing.  With
 * `excuse`, the words known[] lists are not counted. */
static int words_kept(const char *path, int excuse)
{
	struct session s;
	struct buf json = BUF_INIT, hay = BUF_INIT;
	size_t len;
	char *src = slurp(path, &len), *line, *next;
	int missing = 0;

	assert_non_null(src);
	parse_ok(src, len, &s);
	session_to_json(&s, &json);
	json_values(&hay, json.data);
	strip_markup(src);
	for (line = src; line; line = next) {
		int heading = *line == '#';
		char *p = line, w[64];

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (*p) {
			size_t n = 0, i;
			int letters = 0;

			while (*p && !is_word_char(*p))
				p++;
			while (is_word_char(p[n]))
				n++;
			if (!n)
				break;
			for (i = 0; i < n && i < sizeof(w) - 1; i++) {
				w[i] = p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i];
				letters += w[i] >= 'a' && w[i] <= 'z';
			}
			w[i] = '\0';
			p += n;
			if (n < 2 || !letters || is_structure(w, heading) ||
			    (excuse && known_drop(path, w)))
				continue;
			if (!has_word(hay.data, w)) {
				if (excuse)
					print_message("%s: \"%s\" is not in "
						      "the JSON\n", path, w);
				missing++;
			}
		}
	}
	buf_release(&json);
	buf_release(&hay);
	session_release(&s);
	free(src);
	return missing;
}

static void test_no_text_dropped(void **state)
{
	static const char *const seeds[] = { "../" SEED_NAME, "/work/" SEED_NAME };
	DIR *d = opendir(FIX);
	struct dirent *e;
	char path[512];
	int missing = 0, files = 0;
	size_t i;
	FILE *f;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n < 4 || strcmp(e->d_name + n - 3, ".md"))
			continue;
		snprintf(path, sizeof(path), FIX "%s", e->d_name);
		missing += words_kept(path, 1);
		files++;
	}
	closedir(d);
	assert_true(files >= 17);
	missing += words_kept("content/session-07.md", 1);
	for (i = 0; i < sizeof(seeds) / sizeof(*seeds); i++) {
		if (!(f = fopen(seeds[i], "r")))
			continue;
		fclose(f);
		missing += words_kept(seeds[i], 1);
		break;
	}
	assert_int_equal(missing, 0);
}

/* The check can fail: the words a fixture loses on purpose are found
 * missing when not excused; ids and keys do not count as text. */
static void test_no_text_dropped_fails(void **state)
{
	struct buf hay = BUF_INIT;

	(void)state;
	assert_int_equal(words_kept(FIX "session-08-annotated-workbook.md", 0),
			 4);
	json_values(&hay, "{\n  \"id\": \"e1-zebra\",\n  \"text\": "
		    "\"Apple \\u003cpie\\u003e\",\n  \"k\": [\"Kiwi\"]\n}\n");
	assert_true(has_word(hay.data, "apple"));
	assert_true(has_word(hay.data, "pie"));
	assert_true(has_word(hay.data, "kiwi"));
	assert_false(has_word(hay.data, "zebra"));   /* ids do not count */
	assert_false(has_word(hay.data, "text"));    /* nor keys */
	assert_false(has_word(hay.data, "app"));     /* whole words */
	buf_release(&hay);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reading_titles),
		cmocka_unit_test(test_reading_title_brackets),
		cmocka_unit_test(test_focus_intro),
		cmocka_unit_test(test_focus_paragraphs),
		cmocka_unit_test(test_resources),
		cmocka_unit_test(test_resources_place),
		cmocka_unit_test(test_pick_one),
		cmocka_unit_test(test_pick_one_no_mark),
		cmocka_unit_test(test_bold_question),
		cmocka_unit_test(test_bold_question_once),
		cmocka_unit_test(test_group_leadin),
		cmocka_unit_test(test_typora_links),
		cmocka_unit_test(test_typora_links_code),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_session_page),
		cmocka_unit_test(test_notes_match),
		cmocka_unit_test(test_notes_course_text),
		cmocka_unit_test(test_notes_reading_text),
		cmocka_unit_test(test_notes_refused),
		cmocka_unit_test(test_notes_compare),
		cmocka_unit_test(test_notes_round_trip),
		cmocka_unit_test(test_no_text_dropped),
		cmocka_unit_test(test_no_text_dropped_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
