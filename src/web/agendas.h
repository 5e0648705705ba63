#ifndef WEB_AGENDAS_H
#define WEB_AGENDAS_H

struct agenda_catalog;
struct store;

/*
 * The research-agenda catalog the server shows (agendas.c), parsed from
 * the stored source like the sessions (courses.h): a load, at start-up
 * and on SIGHUP, publishes a new read-only catalog with one pointer swap,
 * and what a page got from the old one stays valid until agendas_free().
 * No stored catalog is no catalog, not an error.
 */
int agendas_load(struct store *st);
void agendas_free(void);
/* The catalog, or NULL when none is stored. */
const struct agenda_catalog *agendas_current(void);

#endif
