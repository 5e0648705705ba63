/*
 * people.h: the store's research-agenda catalog, people directory,
 * opportunities board and project gallery (issue 13; agendas.c,
 * people.c, teams.c, board.c; docs/agendas.md).  Part of the public API:
 * include "store/store.h", which includes this.
 */
#ifndef STORE_PEOPLE_H
#define STORE_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct notice_new;

/* ---- the research-agenda catalog (agendas.c, docs/agendas.md) ---- */

struct agenda_catalog;
typedef int store_agenda_fn(void *ctx, const char *id, const char *title,
			    int archived);
/* Store a checked catalog and its source in one transaction: its agendas
 * are inserted or updated by id; stored ones it lacks are archived, never
 * deleted (what named them keeps the id).  Importing again replaces it. */
int store_agendas_put(struct store *st, const struct agenda_catalog *c,
		      const char *source, size_t len);
/* The stored catalog's source, malloc'd and NUL-terminated (not counted
 * in *len); STORE_NOTFOUND when none was ever stored. */
int store_agendas_source(struct store *st, char **src, size_t *len);
/* Every agenda ever stored: current ones in the catalog's order, then
 * archived ones. */
int store_agenda_list(struct store *st, store_agenda_fn *fn, void *ctx);

/* ---- the people directory (people.c; docs/agendas.md, "People") ---- */

/*
 * A profile is opt-in: nothing of it is shown, and it is in no
 * suggestion, until `opted_in`; `shown` says which parts the person
 * shows to others who opted in (the rest is kept for them only, and
 * matching does not use it).  Lists are lines of text: agenda ids, roles
 * aimed at, skills offered and wanted, at most PROFILE_LINES_MAX lines
 * of PROFILE_LINE_MAX bytes each.
 */
enum {
	SHOW_AGENDAS = 1, SHOW_ROLES = 2, SHOW_SKILLS = 4, SHOW_TZ = 8,
	SHOW_OPEN = 16, SHOW_ALL = 31,
};
enum { OPEN_PARTNER = 1, OPEN_MENTOR = 2, OPEN_MENTEE = 4 };
#define PROFILE_LINES_MAX 20
#define PROFILE_LINE_MAX 60
#define PROFILE_LIST_MAX (PROFILE_LINES_MAX * (PROFILE_LINE_MAX + 1))
#define PROFILE_CAPACITY_MAX 10     /* mentees one may offer to take */
struct profile {
	int64_t user;
	char name[STORE_NAME_MAX + 1];  /* the user's, read with it */
	int opted_in;
	unsigned shown;                 /* SHOW_* */
	char agendas[PROFILE_LIST_MAX + 1];
	char roles[PROFILE_LIST_MAX + 1];
	char offers[PROFILE_LIST_MAX + 1];
	char wants[PROFILE_LIST_MAX + 1];
	int utc_offset;                 /* minutes east of UTC */
	unsigned open;                  /* OPEN_* */
	int mentor_capacity;
	int64_t updated;
};
typedef int store_profile_fn(void *ctx, const struct profile *p);

/* Store p (insert or replace), and its tags: only an opted-in profile's
 * shown agendas, roles and skills are tags.  A list over its caps, an
 * offset outside -720..840 or a capacity outside 0..10 is STORE_ERR. */
int store_profile_put(struct store *st, const struct profile *p);
int store_profile_get(struct store *st, int64_t user, struct profile *out);
/* Opted-in profiles, newest user first, at most `limit` (<= 200), of
 * users below `before` (0: from the newest). */
int store_profile_list(struct store *st, int limit, int64_t before,
		       store_profile_fn *fn, void *ctx);
/* Opted-in profiles with tag `tag` ("a:ID", "r:role", "o:skill",
 * "w:skill", lowercase), newest user first, at most `limit`. */
int store_profile_by_tag(struct store *st, const char *tag, int limit,
			 store_profile_fn *fn, void *ctx);

/* Intro requests: `asker` asks to be introduced to `asked`; contact
 * (the email) is read only once `asked` accepts. */
enum intro_state { INTRO_WAITING = 1, INTRO_ACCEPTED = 2,
		   INTRO_DECLINED = 3 };
enum intro_action { INTRO_REQUEST, INTRO_ACCEPT, INTRO_DECLINE,
		    INTRO_WITHDRAW };
#define STORE_INTROS_WAITING_MAX 50 /* one's requests not yet answered */
struct intro {
	int64_t id, asker, asked;
	char note[STORE_TEXT_MAX + 1];
	int state;
	int64_t created, changed;
	char name[STORE_NAME_MAX + 1];  /* the other side's */
	char email[STORE_EMAIL_MAX + 1]; /* the other side's, accepted only */
};
typedef int store_intro_fn(void *ctx, const struct intro *in);
/* The intro between `me` and `other`, either way (name and email are
 * other's). */
int store_intro_get(struct store *st, int64_t me, int64_t other,
		    struct intro *out);
/* `me` acts on the intro with `other`: REQUEST (both opted in, none
 * between them yet: else STORE_EXISTS; waiting requests capped, else
 * STORE_FULL), ACCEPT or DECLINE other's waiting request, WITHDRAW
 * one's own waiting request.  STORE_NOTFOUND when there is no such
 * request to act on. */
int store_intro_act(struct store *st, int64_t me, int64_t other,
		    enum intro_action a, const char *note);
/* The same, and when it was done the n notices nv (the other side's
 * NOTICE_INTRO) in its transaction: none of them when it was not. */
int store_intro_act_notify(struct store *st, int64_t me, int64_t other,
			   enum intro_action a, const char *note,
			   const struct notice_new *nv, size_t n);
/* Every intro `me` is a side of, newest first. */
int store_intro_list(struct store *st, int64_t me, store_intro_fn *fn,
		     void *ctx);

/* Project teams: an owner proposes one; people who opted in ask to join,
 * the owner accepts or declines; a member leaves (not the owner). */
enum { TEAM_ASKED = 1, TEAM_MEMBER = 2 };
enum team_action { TEAM_JOIN, TEAM_ACCEPT, TEAM_DECLINE, TEAM_LEAVE };
#define STORE_TEAMS_MAX 10          /* teams one person proposes */
#define STORE_TEAM_SIZE_MAX 20      /* members and requests of one team */
#define TEAM_TITLE_MAX 120
struct team {
	int64_t id, owner;
	char title[TEAM_TITLE_MAX + 1];
	char summary[STORE_TEXT_MAX + 1];
	char agendas[PROFILE_LIST_MAX + 1];
	int64_t created;
	char owner_name[STORE_NAME_MAX + 1];
	int plan_number;                /* the owner's plan shared with the */
	char plan_exercise[STORE_ID_MAX + 1];   /* members; 0: none */
};
typedef int store_team_fn(void *ctx, const struct team *t);
typedef int store_tmember_fn(void *ctx, int64_t user, int state,
			     int64_t joined, const char *name);
/* t->owner, title, summary, agendas in; t->id and created out. */
int store_team_add(struct store *st, struct team *t);
int store_team_get(struct store *st, int64_t id, struct team *out);
int store_team_list(struct store *st, int limit, store_team_fn *fn,
		    void *ctx);
int store_team_members(struct store *st, int64_t team, store_tmember_fn *fn,
		       void *ctx);
/* `by` acts on `user`'s place in `team`: JOIN (by == user), ACCEPT and
 * DECLINE (by == the owner, a waiting request), LEAVE (by == user, not
 * the owner).  STORE_NOTFOUND when there is nothing to act on,
 * STORE_EXISTS when user is in already, STORE_FULL when the team is. */
int store_team_act(struct store *st, int64_t team, int64_t user, int64_t by,
		   enum team_action a);
/* The owner shares a plan of theirs (session `number`, exercise) with
 * the team's members, who may then read it and comment as a cohort
 * would (authz.c); number 0 shares none.  STORE_NOTFOUND when `owner`
 * does not own the team. */
int store_team_plan_set(struct store *st, int64_t team, int64_t owner,
			int number, const char *exercise_id);
/* Is `user` a member (accepted) of a team of `owner`'s sharing that
 * plan? */
int store_team_plan_member(struct store *st, int64_t owner, int number,
			   const char *exercise_id, int64_t user, int *yes);

/* ---- the opportunities board and the project gallery (board.c) ---- */

struct opportunity_list;
struct opportunity;
/* Store a checked list in one transaction: each entry inserted or
 * updated by its url (never twice), its agenda and role tags made
 * again. */
int store_opportunities_put(struct store *st,
			    const struct opportunity_list *l);
/* A board filter: '' / 0 for any. */
struct opp_filter {
	char agenda[48];        /* an agenda id */
	char role[64];          /* a role, any case */
	char location[64];      /* a part of the location, any case (ASCII) */
	int remote;             /* 1: remote ones only */
	int by;                 /* day number: a deadline by then */
	int today;              /* expired ones (deadline < today) drop */
	int limit;              /* at most (1..200) */
};
/* An opening as read: strings valid only during the call. */
typedef int store_opp_fn(void *ctx, const struct opportunity *o);
int store_opportunity_find(struct store *st, const struct opp_filter *f,
			   store_opp_fn *fn, void *ctx);
/* Every open opening (deadline >= today), at most STORE_OPP_OPEN_MAX,
 * in no order, with only what a ranking of them all reads ("for your
 * plan", model/opp-rank.h): id, agendas, roles, remote and deadline;
 * the other strings are NULL. */
#define STORE_OPP_OPEN_MAX 20000
int store_opportunity_open(struct store *st, int today, store_opp_fn *fn,
			   void *ctx);
/* The openings of the n ids (n <= STORE_OPP_GET_MAX), whole, in no
 * order; an id that is not stored is not found. */
#define STORE_OPP_GET_MAX 10
int store_opportunity_get(struct store *st, const int64_t *ids, size_t n,
			  store_opp_fn *fn, void *ctx);
int store_opportunity_count(struct store *st, int64_t *n);

/* A person's saved board filters: a name and the board's query. */
#define STORE_FILTERS_MAX 20
#define STORE_FILTER_NAME_MAX 80
#define STORE_FILTER_QUERY_MAX 400
typedef int store_filter_fn(void *ctx, int64_t id, const char *name,
			    const char *query);
int store_filter_add(struct store *st, int64_t user, const char *name,
		     const char *query, int64_t *id);
int store_filter_list(struct store *st, int64_t user, store_filter_fn *fn,
		      void *ctx);
/* Only the user's own: STORE_NOTFOUND for anyone else's. */
int store_filter_del(struct store *st, int64_t user, int64_t id);

/* A plan's project in the gallery: published ones are public, the others
 * their owner's only. */
#define PROJECT_TITLE_MAX 120
struct project {
	int64_t user;
	int number;
	char exercise_id[STORE_ID_MAX + 1];
	char title[PROJECT_TITLE_MAX + 1];
	char summary[STORE_TEXT_MAX + 1];
	char link[2049];
	char agendas[PROFILE_LIST_MAX + 1];
	int published;
	int64_t updated;
	char name[STORE_NAME_MAX + 1];  /* the owner's */
};
typedef int store_project_fn(void *ctx, const struct project *p);
int store_project_put(struct store *st, const struct project *p);
int store_project_get(struct store *st, int64_t user, int number,
		      const char *exercise_id, struct project *out);
/* Published ones, newest first; agenda '' for any. */
int store_project_list(struct store *st, const char *agenda, int limit,
		       store_project_fn *fn, void *ctx);

#endif
