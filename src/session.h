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

enum prompt_kind {
	PROMPT_TEXT,      /* one free-text answer */
	PROMPT_LIST,      /* items, one per line, bounded by min/max_items */
	PROMPT_CHECKLIST, /* pick from options, plus your own; one per line */
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
	char **options;     /* pick-list offered by the course */
	size_t nr_options;
	char *answer;       /* a participant's answer found in the file */
	int line;           /* 1-based source line of the prompt */
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

struct session {
	int number;         /* "Session 7": 7; 0 when not given */
	char *title;
	char *course;       /* text before "Session N" in the title, or NULL */
	char *subtitle;
	char **objectives;
	size_t nr_objectives;
	struct reading *readings;
	size_t nr_readings;
	struct exercise *exercises;
	size_t nr_exercises;
	char *thoughts;
};

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
 * simply absent (the store archives them).  On running out of memory ids
 * are left as they are.
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
const struct prompt *session_find_prompt(const struct session *s,
					 const char *id,
					 const struct exercise **ex);

#endif
