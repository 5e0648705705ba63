#ifndef AGENDA_H
#define AGENDA_H

#include <stddef.h>

struct buf;

/*
 * The research-agenda catalog: what the importer (import/agenda.c) read of
 * a catalog file written in the course's Markdown (docs/agendas.md).  The
 * people directory, plans tagged with agendas and the opportunities board
 * refer to agendas by `id`, which stays the same as long as the file keeps
 * its id= annotation (or its title, without one).
 *
 * Every string is owned by the catalog and is either NULL (absent) or
 * NUL-terminated UTF-8.  `description`, `intro`, project ideas, fit tests
 * and link notes are canonical Markdown as the importer writes it back;
 * titles and roles are plain text.  Every link in a catalog is http(s).
 */

/* Caps: a catalog past any of them is refused with the line that passed. */
#define AGENDA_MAX_BYTES ((size_t)1 << 20) /* the whole file */
#define AGENDA_MAX_AGENDAS 200
#define AGENDA_MAX_LINKS 20        /* per agenda, and each list below */
#define AGENDA_MAX_ROLES 20
#define AGENDA_MAX_IDEAS 30
#define AGENDA_MAX_TESTS 30
#define AGENDA_MAX_TEXT 8192       /* bytes of a description or the intro */
#define AGENDA_MAX_ITEM 1000       /* bytes of one item, title or note */
#define AGENDA_MAX_URL 2048        /* bytes of one address */
#define AGENDA_ID_MAX 40           /* bytes of an id */

struct agenda_link {
	char *title;        /* the link's text, plain; the address when empty */
	char *url;          /* http:// or https:// */
	char *note;         /* what follows the link in its item, or NULL */
	int line;
};

struct agenda {
	char *id;           /* "interpretability": [a-z0-9-], unique */
	char *title;        /* "Interpretability", plain text */
	char *description;  /* in our own words; Markdown, never NULL */
	struct agenda_link *links;      /* at least one */
	size_t nr_links;
	char **roles;       /* at least one; plain text, no duplicates */
	size_t nr_roles;
	char **ideas;       /* example project ideas, Markdown */
	size_t nr_ideas;
	char **fit_tests;   /* cheap ways to test one's fit, Markdown */
	size_t nr_fit_tests;
	int line;           /* of its heading */
};

struct agenda_catalog {
	char *title;        /* the '# ' heading, plain text */
	char *intro;        /* Markdown between the title and the first
			     * agenda, or NULL */
	struct agenda *agendas; /* at least one, in file order */
	size_t nr_agendas;
};

void agenda_catalog_release(struct agenda_catalog *c);

/* The agenda with this id, or NULL. */
const struct agenda *agenda_find(const struct agenda_catalog *c,
				 const char *id);

/* Does agenda `a` list `role` (ASCII case ignored)? */
int agenda_has_role(const struct agenda *a, const char *role);

/*
 * Is `id` a valid agenda id: 1 to AGENDA_ID_MAX lowercase ASCII letters
 * and digits in words joined by single dashes ("model-organisms")?
 */
int agenda_id_valid(const char *id);

/*
 * What is wrong with `url` (n bytes) as a catalog link, or NULL when it
 * is a good one: an http or https scheme, "//" and a host, no spaces or
 * control characters, at most AGENDA_MAX_URL bytes.  The reason is a
 * constant string ("only http and https links are allowed").
 */
const char *agenda_url_problem(const char *url, size_t n);

/*
 * Append the catalog as pretty-printed JSON with a trailing newline (the
 * `import --check --json` form of a catalog; docs/agendas.md).  Keys come
 * in a fixed order, so the same catalog always gives the same bytes.
 */
void agenda_catalog_to_json(const struct agenda_catalog *c, struct buf *out);

#endif
