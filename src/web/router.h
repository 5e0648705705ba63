#ifndef ROUTER_H
#define ROUTER_H

#include <stdint.h>
#include <stdbool.h>

struct request;
struct response;
struct store;

/*
 * The web application (router.c): the table of routes — each declares
 * who may use it — and the per-request set-up every page shares.  Called
 * by http.c, or directly by tests that build a request by hand.
 */
void app_handle(struct request *rq, struct response *rs);
/* Is the route of this method and path marked slow (it hashes a
 * password)?  http.c runs those in its small pool, off its own threads. */
bool app_route_slow(const char *method, const char *path);
/* The access a route declares (authz.h's enum access), -1 when no route
 * has this method and path: the router refuses whoever it does not
 * allow before the page runs (tests/test-routes.c holds it to that). */
int app_route_access(const char *method, const char *path);

/* Load what the app shows, or load it again (SIGHUP): the sessions
 * (courses.h) and what is rendered once from them (fragments.h); -1
 * when the sessions cannot be read, and the old ones stay.  app_unload()
 * frees both, at exit. */
int app_load(struct store *st);
void app_unload(void);
/* Load again when the stored sessions changed (another server or
 * `alignplan import` stored one); asked at most once per
 * APP_CATALOG_CHECK_MS, from app_handle(). */
#define APP_CATALOG_CHECK_MS 200
void app_refresh(struct store *st);
/* Tests that count statements: no such check for the next ms. */
void app_refresh_defer(int64_t ms);

#endif
