/*
 * Reading prose (cues.h): numbers that say how long a prompt takes
 * or how many items it wants, the lead-ins that make nested items options,
 * the openings that make them guidance, and slugs and id sets for the ids
 * of readings, exercises and prompts.  Pure string functions: no tree and
 * no session model here.
 */
#include "import/cues.h"

#include "core/buf.h"
#include "import/md-write.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SLUG_MAX 40

/* ---- ids ---- */

static size_t id_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int idset_has(const struct idset *set, const char *id)
{
	size_t i;

	if (!set->cap)
		return 0;
	for (i = id_hash(id) & (set->cap - 1); set->slot[i];
	     i = (i + 1) & (set->cap - 1))
		if (!strcmp(set->slot[i], id))
			return 1;
	return 0;
}

/* Add `id` (which must outlive the set); -1 when out of memory. */
int idset_add(struct idset *set, const char *id)
{
	size_t i;

	if (2 * (set->n + 1) > set->cap) {
		struct idset bigger = { NULL, set->cap ? 2 * set->cap : 64, 0 };

		bigger.slot = calloc(bigger.cap, sizeof(*bigger.slot));
		if (!bigger.slot)
			return -1;
		for (i = 0; i < set->cap; i++)
			if (set->slot[i])
				idset_add(&bigger, set->slot[i]);
		free(set->slot);
		*set = bigger;
	}
	for (i = id_hash(id) & (set->cap - 1); set->slot[i];
	     i = (i + 1) & (set->cap - 1))
		;
	set->slot[i] = id;
	set->n++;
	return 0;
}

int starts_with_ci(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

char *find_ci(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (!strncasecmp(s, needle, n))
			return (char *)s;
	return NULL;
}

int contains_ci(const char *s, const char *needle)
{
	return find_ci(s, needle) != NULL;
}

/*
 * A slug: lowercase ASCII letters and digits, runs of anything else become
 * one '-', at most SLUG_MAX bytes cut at a word boundary when possible.
 */
void slugify(struct buf *b, const char *s, int max_words)
{
	size_t start = b->len;
	int words = 0, dash = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (is_alnum(c)) {
			if (dash && b->len > start) {
				if (max_words && ++words >= max_words)
					break;
				buf_addc(b, '-');
			}
			dash = 0;
			buf_addc(b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
		} else if (c == '\'' || c == 0xe2) {
			/* apostrophes join words: "don't" -> "dont" */
			if (c == 0xe2 && s[1] == (char)0x80 && s[2] == (char)0x99)
				s += 2;
			else if (c == 0xe2)
				dash = 1;
		} else {
			dash = 1;
		}
	}
	if (b->len - start > SLUG_MAX) {
		size_t cut = start + SLUG_MAX;

		while (cut > start + SLUG_MAX / 2 && b->data[cut] != '-')
			cut--;
		if (b->data[cut] != '-')
			cut = start + SLUG_MAX;
		b->len = cut;
		b->data[cut] = '\0';
	}
	while (b->len > start && b->data[b->len - 1] == '-')
		b->data[--b->len] = '\0';
}

/* Append "-2", "-3"... to b until the id is not in `set`. */
void uniquify(struct buf *b, const struct idset *set)
{
	size_t base = b->len;
	int i;

	for (i = 2; idset_has(set, b->data) && !b->err; i++) {
		b->len = base;
		buf_addf(b, "-%d", i);
	}
}

/* ---- cues: numbers in prose ---- */

/*
 * Cues are read in a lowercase ASCII copy of the plain text: dashes (en,
 * em) become '-', other non-ASCII bytes become spaces.
 */
char *cue_text(const char *plain)
{
	size_t n = strlen(plain), i, j = 0;
	char *s = malloc(n + 1);

	if (!s)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)plain[i];

		if (c == 0xe2 && i + 2 < n && (unsigned char)plain[i + 1] == 0x80 &&
		    ((unsigned char)plain[i + 2] == 0x93 ||
		     (unsigned char)plain[i + 2] == 0x94)) {
			s[j++] = '-';
			i += 2;
		} else if (c >= 0x80) {
			s[j++] = ' ';
		} else {
			s[j++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
	}
	s[j] = '\0';
	return s;
}

/* Parse a number (digits or a word up to twenty) at s: value, or -1. */
static int cue_number(const char *s, const char **end)
{
	static const char *const words[] = {
		"zero", "one", "two", "three", "four", "five", "six", "seven",
		"eight", "nine", "ten", "eleven", "twelve", "thirteen",
		"fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
		"nineteen", "twenty",
	};
	int v = 0, i;

	if (*s >= '0' && *s <= '9') {
		for (i = 0; s[i] >= '0' && s[i] <= '9'; i++)
			if (i < 5)
				v = v * 10 + (s[i] - '0');
		if (i > 5 || is_alnum((unsigned char)s[i]))
			return -1;
		*end = s + i;
		return v;
	}
	for (i = 20; i >= 0; i--) {
		size_t n = strlen(words[i]);

		if (!strncmp(s, words[i], n) && !is_alnum((unsigned char)s[n])) {
			*end = s + n;
			return i;
		}
	}
	return -1;
}

/* The word at s (letters only) into w; returns its end. */
static const char *cue_word(const char *s, char *w, size_t max)
{
	size_t n = 0;

	while (*s == ' ')
		s++;
	while (*s >= 'a' && *s <= 'z') {
		if (n + 1 < max)
			w[n++] = *s;
		s++;
	}
	w[n] = '\0';
	return s;
}

static int is_unit(const char *w)
{
	static const char *const units[] = {
		"minute", "minutes", "min", "mins", "hour", "hours", "hr",
		"hrs", "day", "days", "week", "weeks", "month", "months",
		"year", "years", "second", "seconds", "percent", "times",
		"time", "pm", "am", "",
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(w, units[i]))
			return 1;
	return 0;
}

static int is_minute_word(const char *w)
{
	return !strcmp(w, "minute") || !strcmp(w, "minutes") ||
	       !strcmp(w, "min") || !strcmp(w, "mins");
}

/* At a word boundary? */
int word_start(const char *all, const char *s)
{
	return s == all || !is_alnum((unsigned char)s[-1]);
}

/*
 * Timer and duration: "5 minute timer", "5-minute timer", "timer for 5
 * minutes" set *timer; any other "N minutes" (or "spend N hours") sets
 * *minutes.  The first of each wins.
 */
void cue_minutes(const char *t, int *timer, int *minutes)
{
	const char *s, *spend = strstr(t, "spend");

	for (s = t; *s; s++) {
		const char *end, *after;
		char w[16], w2[16];
		int v;

		if (!word_start(t, s) || (v = cue_number(s, &end)) < 0)
			continue;
		after = end;
		while (*after == ' ' || *after == '-')
			after++;
		after = cue_word(after, w, sizeof(w));
		if (is_minute_word(w)) {
			const char *q = after;

			while (*q == ' ' || *q == '-')
				q++;
			cue_word(q, w2, sizeof(w2));
			if (!strcmp(w2, "timer") ||
			    (s - t >= 10 && !strncmp(s - 10, "timer for ", 10)) ||
			    (s - t >= 12 && !strncmp(s - 12, "timer for a ", 12))) {
				if (!*timer)
					*timer = v;
			} else if (!*minutes) {
				*minutes = v;
			}
		} else if ((!strcmp(w, "hour") || !strcmp(w, "hours")) &&
			   spend && spend < s) {
			if (!*minutes)
				*minutes = v * 60;
		}
	}
}

/*
 * A reading time standing alone, as in a reading's "(15 mins)": "15 mins",
 * "~20 minutes", "about 1 hour", "10 min read".  Minutes, or 0.
 */
int cue_reading_time(const char *t)
{
	static const char *const verbs[] = {
		"", "read", "reading", "listen", "watch", "video", "long",
	};
	const char *end;
	char w[16];
	size_t i;
	int v;

	while (*t == ' ' || *t == '~')
		t++;
	if (!strncmp(t, "about ", 6))
		t += 6;
	else if (!strncmp(t, "approx", 6))   /* "approx.", "approximately" */
		for (t += 6; *t == '.' || (*t >= 'a' && *t <= 'z'); t++)
			;
	while (*t == ' ' || *t == '~')
		t++;
	if ((v = cue_number(t, &end)) < 1)
		return 0;
	while (*end == ' ' || *end == '-')
		end++;
	end = cue_word(end, w, sizeof(w));
	if (!strcmp(w, "hour") || !strcmp(w, "hours") || !strcmp(w, "hr") ||
	    !strcmp(w, "hrs"))
		v *= 60;
	else if (!is_minute_word(w))
		return 0;
	end = cue_word(end, w, sizeof(w));
	while (*end == ' ' || *end == '.')
		end++;
	if (*end)
		return 0;
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(w, verbs[i]))
			return v;
	return 0;
}

/* "3-5 roles", "3 – 5 people", "three to five ideas": the first range
 * followed by a noun that is not a unit of time. */
int cue_range(const char *t, int *min, int *max)
{
	const char *s;

	for (s = t; *s; s++) {
		const char *end, *q;
		char w[24];
		int a, b;

		if (!word_start(t, s) || (a = cue_number(s, &end)) < 0)
			continue;
		q = end;
		while (*q == ' ')
			q++;
		if (*q == '-')
			q++;
		else if (!strncmp(q, "to ", 3))
			q += 3;
		else
			continue;
		while (*q == ' ')
			q++;
		if ((b = cue_number(q, &end)) < 0 || b < a || a < 1)
			continue;
		cue_word(end, w, sizeof(w));
		if (is_unit(w))
			continue;
		*min = a;
		*max = b;
		return 1;
	}
	return 0;
}

/* "at least 10 assets" (not "at least 5 minutes"). */
int cue_at_least(const char *t)
{
	const char *s;

	/* One pass, not strstr in a loop: sanitizers make that quadratic. */
	for (s = t; *s; s++) {
		const char *end;
		char w[24];
		int v;

		if (*s != 'a' || strncmp(s, "at least ", 9))
			continue;
		if ((v = cue_number(s + 9, &end)) < 1)
			continue;
		cue_word(end, w, sizeof(w));
		if (!is_unit(w) || !*w)
			return v;
	}
	return 0;
}

/* "What are three ways", "list 5 things": a verb, a number, a plural. */
int cue_count(const char *t)
{
	static const char *const verbs[] = {
		"are", "list", "name", "give", "identify", "suggest",
		"brainstorm", "write", "find", "describe", "pick", "choose",
		"down",
	};
	const char *s;

	for (s = t; *s; s++) {
		const char *end, *q;
		char w[24], verb[24];
		size_t i, n;
		int v;

		if (!word_start(t, s) || (v = cue_number(s, &end)) < 2 || v > 50)
			continue;
		/* the word before the number */
		q = s;
		while (q > t && q[-1] == ' ')
			q--;
		n = 0;
		while (q > t && q[-1] >= 'a' && q[-1] <= 'z' && n < 20) {
			q--;
			n++;
		}
		memcpy(verb, q, n);
		verb[n] = '\0';
		cue_word(end, w, sizeof(w));
		n = strlen(w);
		if (n < 3 || w[n - 1] != 's' || is_unit(w))
			continue;
		for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
			if (!strcmp(verb, verbs[i]))
				return v;
	}
	return 0;
}

/* "Repeat this a few times" (2), "repeat this 3 times" (3). */
int cue_repeat(const char *t)
{
	const char *s = strstr(t, "repeat");
	const char *end;

	if (!s)
		return 0;
	for (; *s && *s != '.' && *s != '?'; s++) {
		int v;

		if (word_start(t, s) && (v = cue_number(s, &end)) >= 2 &&
		    !strncmp(end, " times", 6))
			return v;
		if (!strncmp(s, "few times", 9) || !strncmp(s, "several times", 13) ||
		    !strncmp(s, "couple of times", 15) ||
		    !strncmp(s, "multiple times", 14))
			return 2;
	}
	return 0;
}

/* ---- prompts: options and guidance ---- */

int is_pick_one(const char *plain)
{
	static const char *const starts[] = {
		"pick one", "choose one", "select one", "pick just one",
		"choose just one", "pick only one", "choose only one",
		"pick a single", "choose a single", "select a single",
	};
	static const char *const lists[] = {
		"of the following", "from the following", "of these",
		"from these", "from this list", "below",
	};
	size_t n, i;
	int start = 0;

	while (*plain == ' ' || *plain == '*' || *plain == '_')
		plain++;
	if (starts_with_ci(plain, "please "))
		plain += 7;
	n = strlen(plain);
	for (i = 0; !start && i < sizeof(starts) / sizeof(starts[0]); i++)
		start = starts_with_ci(plain, starts[i]) &&
			!is_alnum((unsigned char)plain[strlen(starts[i])]);
	if (!start)
		return 0;
	while (n && strchr(" *_", plain[n - 1]))
		n--;
	if (n && plain[n - 1] == ':')
		return 1;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (contains_ci(plain, lists[i]))
			return 1;
	return 0;
}

/* Nested items under a prompt are options when it leads into them. */
int leads_to_options(const char *plain)
{
	static const char *const leads[] = {
		"some ideas", "for example", "options", "considering",
		"such as", "for instance", "choose from", "pick from",
		"ideas:",
	};
	size_t n = strlen(plain), i;

	while (n && plain[n - 1] == ' ')
		n--;
	if (n && plain[n - 1] == ':')
		return 1;
	for (i = 0; i < sizeof(leads) / sizeof(leads[0]); i++)
		if (contains_ci(plain, leads[i]))
			return 1;
	return is_pick_one(plain);
}

int is_guidance(const char *plain)
{
	static const char *const starts[] = {
		"you could", "you can", "you might", "you may",
		"we encourage", "we recommend", "another framing",
		"for research", "for example", "e.g.", "eg ", "consider",
		"try ", "note", "tip", "hint",
	};
	size_t i;

	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (starts_with_ci(plain, starts[i]))
			return 1;
	return 0;
}
