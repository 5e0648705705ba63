#ifndef COURSES_H
#define COURSES_H

#include <stddef.h>
#include <stdint.h>

struct session;
struct store;

/*
 * The sessions the server shows, parsed from the stored sources
 * (courses.c).  A load (at start-up, and again on SIGHUP) publishes a new
 * read-only catalog; what a page got from the old one stays valid, so
 * threads need no locks.  router.h's app_load() loads the catalog and
 * what is pre-rendered from it together.
 */
int courses_load(struct store *st);
/* The store's catalog version (store_catalog_version()) the current
 * catalog was loaded at; -1 before a load. */
int64_t courses_version(void);
void courses_free(void);
const struct session *course_get(int number);
/* One catalog's sessions, all *n of them. */
const struct session *courses_all(size_t *n);

#endif
