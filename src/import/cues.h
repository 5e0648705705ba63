/*
 * What the importer reads in prose (cues.c): timers, durations and
 * item counts in a prompt's text, option lead-ins and guidance, and the
 * slugs that become ids.  Internal to the importer.
 *
 * The cue_* readers take the text made by cue_text(): lowercase ASCII.
 */
#ifndef IMPORT_CUES_H
#define IMPORT_CUES_H

#include <stddef.h>

struct buf;

/* ---- ids ---- */

/* A set of ids (pointers into the model), open addressing. */
struct idset {
	const char **slot;
	size_t cap, n;
};

/* Add `id` (which must outlive the set); -1 when out of memory. */
int idset_add(struct idset *set, const char *id);

/* Append the slug of `s` to b, at most `max_words` words (0: any). */
void slugify(struct buf *b, const char *s, int max_words);

/* Append "-2", "-3"... to b until the id is not in `set`. */
void uniquify(struct buf *b, const struct idset *set);

/* ---- case-insensitive ASCII matching ---- */

int starts_with_ci(const char *s, const char *prefix);
char *find_ci(const char *s, const char *needle);
int contains_ci(const char *s, const char *needle);

/* Is s, inside the string `all`, at a word boundary? */
int word_start(const char *all, const char *s);

/* ---- cues ---- */

/* A malloc'd lowercase ASCII copy of `plain` for the readers; NULL on OOM. */
char *cue_text(const char *plain);

/* Timer and duration in minutes; each is set only while still 0. */
void cue_minutes(const char *t, int *timer, int *minutes);

/* A reading time alone ("15 mins", "~1 hour read"): minutes, or 0. */
int cue_reading_time(const char *t);

/* "3-5 roles": 1 with *min and *max set, or 0. */
int cue_range(const char *t, int *min, int *max);

/* "at least 10 assets": 10, or 0. */
int cue_at_least(const char *t);

/* "What are three ways": 3, or 0. */
int cue_count(const char *t);

/* "Repeat this 3 times": 3 ("a few times": 2), or 0. */
int cue_repeat(const char *t);

/* ---- prompts (these take plain text, any case) ---- */

/* Does a prompt ask for one pick among the items after it: "Pick one
 * of the following...", "Choose one way to ...:"? */
int is_pick_one(const char *plain);

/* Does a prompt lead into options ("for example", a trailing ':', a
 * pick-one lead-in)? */
int leads_to_options(const char *plain);

/* Is an item the course's guidance ("You could...", "Tip")? */
int is_guidance(const char *plain);

#endif
