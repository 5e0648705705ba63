#ifndef SESSION_H
#define SESSION_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * The session model: what the importer understood of one course session
 * written in the session Markdown dialect (docs/session-format.md).
 *
 * Every string is owned by the model and is either NULL (absent) or
 * NUL-terminated UTF-8.  Text fields that may carry formatting (summaries,
 * notes, instructions, prompt text) hold canonical Markdown as re-serialised
 * by the importer: links, strong, emphasis, code spans, lists and quotes.
 * Ids are stable slugs: the same text gives the same id on every import.
 */

/*
 * Field kinds.  The kind comes from an annotation (docs/session-format.md,
 * "Annotations") or else from the cues in the prose.  Every answer is one
 * string in answer normal form (answer.h): lines, and for the row kinds
 * cells separated by a tab.  What each kind does (its control, checks,
 * views and exports) is its row of the table in model/kinds/kind.h.
 */
enum prompt_kind {
	PROMPT_TEXT,      /* one free-text answer */
	PROMPT_LIST,      /* items, one per line, bounded by min/max_items */
	PROMPT_CHECKLIST, /* pick from options, plus your own; one per line */
	PROMPT_RANKED,    /* items in order of preference, one per line */
	PROMPT_TABLE,     /* rows of cells, one row per line */
	PROMPT_ROUNDS,    /* a table shown as repeated rounds (pre-mortem) */
	PROMPT_SPRINT,    /* one row: start date, weeks, hours a week */
	PROMPT_AGENDAS,   /* research agendas picked from the catalog, by
			   * id, one per line */
	PROMPT_KINDS      /* how many: each has its row in model/kinds */
};

enum column_type {
	COL_TEXT,         /* one line of text */
	COL_DATE,         /* YYYY-MM-DD */
	COL_HOURS,        /* hours, a number >= 0 (decimals allowed) */
	COL_NUMBER,       /* a whole number >= 0 */
	COL_SCALE,        /* 0..3: not at all, poorly, partly, well */
	COL_MARK,         /* ticked ("yes") or not (empty) */
	COL_CHOICE,       /* one of `options` */
	COL_REF,          /* an item (line, or first cell) of prompt `ref` */
};

/* One column of a table, rounds or sprint prompt. */
struct column {
	char *label;        /* "By when"; plain text */
	enum column_type type;
	bool required;      /* ":required": a row without it is flagged */
	bool all;           /* ":all" (choice): every option needs a row */
	bool one;           /* ":one" (mark): at least one row ticked */
	char **options;     /* choice(a;b;c) */
	size_t nr_options;
	char *ref;          /* ref(NAME) or ref(NAME/Column), as written */
};

struct prompt {
	char *id;           /* stable within the session: "e1-what-are-3-5-roles" */
	char *text;         /* the question, inline Markdown */
	char *plain;        /* the question as plain text (cues are read here) */
	char *group;        /* lead-in or sub-heading it sits under, or NULL */
	char *hint;         /* the course's guidance nested under it, or NULL */
	enum prompt_kind kind;
	bool optional;
	int timer_minutes;  /* "set a 5 minute timer": 5; 0 when none */
	int minutes;        /* "spend ~30 minutes": 30; 0 when none */
	int min_items;      /* "3-5 roles": 3, "at least 10": 10; 0 = none */
	int max_items;      /* "3-5 roles": 5; 0 = unbounded */
	char **options;     /* pick-list offered by the course, as plain text
			     * (what an answer holds when it is picked) */
	char **options_md;  /* the same options as inline Markdown, links
			     * kept (shown on pages, written to exports) */
	size_t nr_options;
	char *answer;       /* a participant's answer found in the file,
			     * in answer normal form (answer.h) */
	int line;           /* 1-based source line of the prompt */

	/* From the prompt's annotation; all NULL/0 without one. */
	char *annotation;   /* the comment's text after "alignplan:", as
			     * written, so an export can write it back */
	char *name;         /* name=roles: other prompts refer to it; the id
			     * is then "eN-roles" */
	char *label;        /* label="Roles": short name for checks and
			     * exports; NULL = use the plain text */
	bool required;      /* an empty answer is flagged */
	bool support;       /* the answer asks the cohort for support
			     * (peers may offer to be partners) */
	char *rows_from;    /* rows=NAME: one row per item of prompt NAME
			     * (first column), or for ranked the items */
	char *budget;       /* budget=NAME: dates and hours are checked
			     * against the sprint prompt NAME */
	struct column *columns; /* table, rounds and sprint */
	size_t nr_columns;
};

struct exercise {
	char *id;           /* slug of the title */
	char *title;
	char *instructions; /* Markdown before, between and after the prompts */
	bool optional;
	int minutes;        /* suggested duration; 0 when none */
	struct prompt *prompts;
	size_t nr_prompts;
	int line;
};

struct reading {
	char *id;           /* slug of the title */
	char *title;
	char *url;
	char *author;
	char *kind;         /* "Video", "Paper", ... from a [Tag]; NULL = article */
	int year;           /* 0 when not given */
	int minutes;        /* reading time, "(15 mins)": 15; 0 when not given */
	bool optional;      /* "(optional)", or under "Further readings" */
	char *summary;      /* the course's summary: the first > quote */
	char *notes;        /* everything else under the heading */
	int line;
};

/* One link of a resource: its text (plain) and where it points. */
struct link {
	char *text;
	char *url;
};

/*
 * An entry of a Resources or "Further reading" section after the
 * exercises: links to follow up, not readings of the session (no
 * summary, notes or progress).  "PPO - [[1]](a), [[2]](b)" keeps its
 * text and both links.
 */
struct resource {
	char *title;        /* plain: the text before its first link, else
			     * that link's text */
	char *text;         /* the whole entry, canonical Markdown */
	char *group;        /* the sub-heading it sits under, or NULL */
	struct link *links; /* every link in it, in order */
	size_t nr_links;
	int line;
};

/* A section the importer has no use for ("## Schedule"), kept as text so
 * that nothing a reader sees is lost. */
struct section_text {
	char *title;        /* the heading, plain text */
	char *text;         /* what is under it, canonical Markdown, or NULL */
	int line;
};

struct session {
	int number;         /* "Session 7": 7; 0 when not given */
	char *title;
	char *course;       /* text before "Session N" in the title, or NULL */
	char *subtitle;
	/* Text that is no item of a section, as canonical Markdown, or NULL
	 * (docs/session-format.md, "Introductions"): before the first
	 * section; in Focus around the list of objectives; in Readings
	 * before the first reading and between readings written as a list;
	 * in Exercises before the first exercise; in Resources. */
	char *intro;
	char *objectives_intro;
	char *readings_intro;
	char *exercises_intro;
	char *resources_intro;
	char **objectives;
	size_t nr_objectives;
	struct reading *readings;
	size_t nr_readings;
	struct exercise *exercises;
	size_t nr_exercises;
	struct resource *resources;
	size_t nr_resources;
	struct section_text *others;
	size_t nr_others;
	char *thoughts;
	/* The Thoughts section's private box: a text prompt outside every
	 * exercise (id "thoughts"), made whenever the session has a
	 * Thoughts section, so what it promises ("use this space for any
	 * reflections") is a field; NULL without one. */
	struct prompt *reflection;
};

/* The reflection prompt's id and question, as the importer makes it and
 * the Markdown export writes it (a list item of the Thoughts section
 * with these words is read back as the prompt, its items the answer). */
#define REFLECTION_ID "thoughts"
#define REFLECTION_TEXT "Your reflections on the session"
/* The section the exports write the cheap-test tracker in: the store's,
 * not the session's, so reading one's notes back takes nothing from it
 * (import/notes.c). */
#define CTESTS_SECTION "Cheap tests tracked"

/* Where and why an import failed.  `line` is 1-based, 0 when not known.
 * `msg` stands on its own: it starts with "line N: " when the line is
 * known, so it can be shown as is. */
struct import_error {
	int line;
	char msg[200];
};

#define IMPORT_MAX_BYTES ((size_t)4 << 20)  /* larger files are refused */
#define IMPORT_MAX_DEPTH 32                 /* nesting of lists and quotes */

/*
 * Parse `len` bytes of session Markdown into `out`.  Returns 0 on success.
 * On failure returns -1, fills `err` with one clear message naming the line,
 * and leaves `out` empty (nothing to release).
 */
int session_parse(const char *src, size_t len, struct session *out,
		  struct import_error *err);
void session_release(struct session *s);

/* Append the model as JSON (the --check --json format). */
void session_to_json(const struct session *s, struct buf *out);

/*
 * Keep prompt ids stable across a re-import of an edited session.  For each
 * prompt of `s` whose id is not among the `n_old` ids a previous import
 * stored, take the id of the unclaimed old prompt of the same exercise
 * (same "eN-" prefix) whose text shares the most words with it (Jaccard
 * on lowercase words, at least 0.5).  Old prompts no new one claims are
 * simply absent (the store archives them).  A prompt with a name= keeps
 * its "eN-name" id: a name is the course's promise that it is stable.
 * On running out of memory ids are left as they are.
 */
void session_adopt_ids(struct session *s, const char *const *old_ids,
		       const char *const *old_texts, size_t n_old);

/*
 * Give `s` the ids its prompts already have in the store (archived ones
 * included, so a prompt that comes back gets its answers back): the
 * store-facing half of session_adopt_ids.  Returns a STORE_* code.
 */
struct store;
int session_sync_ids(struct store *st, struct session *s);

const char *prompt_kind_name(enum prompt_kind k);
const char *column_type_name(enum column_type t);
/* The prompt called `name` (annotation name=) in the session, or NULL. */
const struct prompt *session_named_prompt(const struct session *s,
					  const char *name);
/* The first prompt declared `support`: what a participant asks of
 * their cohort; NULL when the session has none. */
const struct prompt *session_support_prompt(const struct session *s);
/* A short name for a prompt: its label, else its plain text. */
const char *prompt_label(const struct prompt *p);
const struct prompt *session_find_prompt(const struct session *s,
					 const char *id,
					 const struct exercise **ex);

#endif
