#ifndef AUTHZ_H
#define AUTHZ_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * Authorisation: the one place that decides who may see or do what with
 * plans, comments, check-ins and cohorts (docs/cohorts.md).  Pages ask
 * here and never reason about roles themselves.
 *
 * `viewer` is the logged-in user (as login_get returned it, so is_admin
 * is current), or NULL for an anonymous visitor.  Functions returning int
 * return a STORE_* code; on anything but STORE_OK their out-parameters
 * are untouched and the caller refuses (fail closed).
 */

/*
 * How a viewer sees one plan (one owner's answers to one exercise of
 * session `number`).  The values name the reason, not an order of power:
 * a partner sees the milestones and check-ins but not the plan, a link
 * holder the plan but no comments.  Use the predicates below.
 */
enum plan_access {
	PLAN_NONE = 0,      /* nothing */
	PLAN_LINK,          /* the plan, read-only, through its link */
	PLAN_PARTNER,       /* milestones and check-ins only */
	PLAN_PEER,          /* shared with a cohort of that session both are in,
			     * or with a project team the viewer is in */
	PLAN_FACILITATOR,   /* a facilitator of the owner's cohort of that session */
	PLAN_ADMIN,
	PLAN_OWNER,
};

/* The best reason `viewer` has to see the plan (never PLAN_LINK: a link
 * is shown by authz_link). */
int authz_plan(struct store *st, const struct user *viewer, int64_t owner,
	       int number, const char *exercise_id, int *access);
/* The answers are shown (read-only unless PLAN_OWNER). */
bool authz_plan_visible(int access);
/* Comments are shown, and the viewer may add one or reply: owner, admin,
 * facilitator, peer; not through a link, not as a partner only. */
bool authz_may_comment(int access);
/* Only the owner writes the plan, its sharing and its check-ins. */
bool authz_may_write(int access);

/* May `viewer` read `owner`'s milestones and check-ins of session
 * `number`: the owner, an admin, a facilitator of the owner's cohort of
 * that session, a partner in such a cohort (whichever backs whom) whose
 * partnership was accepted: a pending or declined request gives none. */
int authz_checkins(struct store *st, const struct user *viewer,
		   int64_t owner, int number, bool *may_read);

/* The plan behind a read-only link token (the hex string in the URL):
 * STORE_NOTFOUND for a malformed, unknown or revoked one. */
int authz_link(struct store *st, const char *token, struct share *out);

/* The viewer's role in a cohort, admins counting as facilitators
 * (ROLE_NONE for strangers and anonymous visitors); STORE_NOTFOUND when
 * there is no such cohort. */
int authz_cohort(struct store *st, const struct user *viewer, int64_t cohort,
		 int *role);
/* Has `viewer` opted in to the people directory (issue 13)?  Nothing
 * of a profile, team or intro is shown to anyone who has not. */
int authz_opted_in(struct store *st, const struct user *viewer, bool *yes);

/* Admins and facilitators of any cohort may create cohorts. */
bool authz_may_create_cohort(struct store *st, const struct user *viewer);

/*
 * Route-level declarations: every route in router.c names one, and the
 * router calls authz_route() before the handler.  `param` are the route's
 * '*' segments, in the order given for each.
 */
enum access {
	ACCESS_ANYONE = 0,  /* no login: home, sign-up, static files */
	ACCESS_USER,        /* logged in (GET /cohorts) */
	ACCESS_OWNER,       /* logged in; acts only on the viewer's own plans,
			     * which the path does not name (/s/N/...) */
	ACCESS_CREATOR,     /* admin or facilitator of some cohort */
	ACCESS_ADMIN,
	ACCESS_MEMBER,      /* [0] cohort id: a member, or an admin */
	ACCESS_FACILITATOR, /* [0] cohort id: its facilitator, or an admin */
	ACCESS_PLAN,        /* [0] owner id, [1] N, [2] exercise: sees it */
	ACCESS_COMMENT,     /* same: may comment on it */
	ACCESS_CHECKINS,    /* [0] owner id, [1] N: reads the check-ins */
	ACCESS_AUTHOR,      /* [0] comment id: logged in as its author */
	ACCESS_LINK,        /* [0] token: a live read-only link; no login */
	ACCESS_INVITE,      /* [0] token: logged in, with a live invite */
	ACCESS_PEOPLE,      /* logged in and opted in to the people
			     * directory (teams, intros, the directory) */
	ACCESS_PROFILE,     /* [0] user id: the viewer opted in, and so did
			     * that person (or it is the viewer) */
	ACCESS_THREAD,      /* [0] a top comment's id: logged in as the
			     * plan's owner, or as the thread's author while
			     * they may comment on the plan */
	ACCESS_FEED,        /* [0] token: a calendar feed; no login; GONE
			     * once revoked (out->feed set) */
	NR_ACCESS
};

enum authz_verdict {
	AUTHZ_ALLOW = 0,
	AUTHZ_LOGIN,        /* anonymous: log in first */
	AUTHZ_DENY,         /* logged in, not allowed */
	AUTHZ_NOTFOUND,     /* malformed or unknown id, token or cohort */
	AUTHZ_GONE,         /* a revoked or expired invite (out->invite set) */
	AUTHZ_ERROR,        /* the store failed */
};

/* What authz_route found out, so the handler need not ask again. */
struct authz {
	int plan;                   /* plan_access: PLAN, COMMENT, LINK */
	int role;                   /* cohort_role: MEMBER, FACILITATOR */
	int64_t cohort;             /* MEMBER, FACILITATOR, INVITE */
	struct cohort cohort_row;   /* MEMBER, FACILITATOR: the cohort */
	int64_t owner;              /* PLAN, COMMENT, CHECKINS, LINK */
	int number;                 /* likewise */
	struct share share;         /* LINK */
	struct invite invite;       /* INVITE, also when GONE */
	struct comment comment;     /* AUTHOR, THREAD */
	struct feed feed;           /* FEED, also when GONE */
};

enum authz_verdict authz_route(struct store *st, const struct user *viewer,
			       enum access need, const char *const param[3],
			       struct authz *out);
/* The HTTP status for a verdict (200, 303 to log in, 403, 404, 410,
 * 503). */
int authz_status(enum authz_verdict v);
/* "ACCESS_MEMBER" etc., for tests and logs. */
const char *authz_access_name(enum access need);

/* Parse a path id (decimal, > 0, no sign or leading zero); -1 when it
 * is not one. */
int64_t authz_parse_id(const char *s);

#endif
