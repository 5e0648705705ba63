#ifndef APP_H
#define APP_H

#include "store/store.h"

#include <stdbool.h>

struct request;
struct response;
struct session;

/*
 * The web application: routes a request to its page handler.  Called by
 * http.c, or directly by tests that build a request by hand.
 */
void app_handle(struct request *rq, struct response *rs);
/* Is the route of this method and path marked slow (it hashes a
 * password)?  http.c runs those in its small pool, off its own threads. */
bool app_route_slow(const char *method, const char *path);
/* Fill rs with an error page (or JSON for autosave) saying msg. */
void app_error(struct response *rs, int status, const char *msg);
/* A login ends once unused for this many seconds (serve --idle-timeout;
 * store_login_find()), beside its absolute lifetime of
 * AUTH_SESSION_DAYS.  Set before serving; every request reads it. */
#define APP_IDLE_DEFAULT ((int64_t)7 * 86400)
void app_set_idle_timeout(int64_t seconds);
int64_t app_idle_timeout(void);

/* The sessions the server shows, parsed from the stored sources.  A load
 * (at start-up, and again on SIGHUP) publishes a new read-only catalog;
 * what a page got from the old one stays valid, so threads need no locks.
 * courses_all() gives one catalog's sessions, all n of them. */
int courses_load(struct store *st);
void courses_free(void);
const struct session *course_get(int number);
const struct session *courses_all(size_t *n);
/* Write a loaded session's Markdown field as HTML: the copy rendered at
 * load time when md is one of its fields, else rendered now. */
struct buf;
void page_markdown(struct buf *b, const char *md, int inline_only);
/* Write the loaded prompt's pre-rendered head (ui_prompt_head); -1 when
 * p is not from the current catalog, and the caller renders it. */
struct prompt;
int page_fragment(struct buf *b, const struct prompt *p);

#endif
