#ifndef STORE_BACKEND_H
#define STORE_BACKEND_H

/*
 * The private interface between the store's rules and a storage backend,
 * split the way git splits refs (refs.h / refs/refs-internal.h /
 * refs/files-backend.c): store.h is the public API, and its functions
 * (store.c and the store/<topic>.c files) own every rule; a backend
 * (sqlite.c, pg.c) only maps the primitives below onto its database.  Nothing
 * outside src/store includes this file.
 *
 * A backend provides:
 *
 *  - 8 slots (struct store_backend): open, close, a read snapshot
 *    (read_begin, read_end), a write transaction (transact), a row read
 *    (read), a row write (write) and a change counter (generation);
 *  - one statement per entry of the catalogue, BE_QUERIES below: each
 *    is one table operation (get, list, count, insert, update, delete,
 *    or one of a few views the hot paths need in one query), with a fixed
 *    number of arguments and fixed column types.  It prepares them once
 *    per connection and reuses them.
 *
 * What a backend must not do is decide anything: times, caps, lifetimes,
 * roles, versions and validation are the callers', who pass every value a
 * statement writes (the clock is store_now(), never the backend's).
 *
 * Return values are the STORE_* codes of store.h.  A backend maps its
 * errors onto them: a unique key taken is STORE_EXISTS, a reference to a
 * row that does not exist (a foreign key) STORE_NOTFOUND, a full disk
 * STORE_DISKFULL, a read-only database STORE_READONLY, an I/O error
 * STORE_IOERR, anything else STORE_ERR; after any error it leaves a
 * message in st->err (store_set_err()).
 *
 * PostgreSQL over libpq (pg.c) maps them so: one PGconn per struct
 * store; every catalogue entry prepared at connect (sql.h's text with $n
 * for ?n, RETURNING id for BE_NEW_ID entries; bytea where a column holds
 * bytes text cannot: answer values may contain NUL); read_begin = BEGIN
 * ISOLATION LEVEL REPEATABLE READ READ ONLY; transact = BEGIN ISOLATION
 * LEVEL SERIALIZABLE, the body, COMMIT, and on SQLSTATE 40001 or 40P01
 * or a lost connection a ROLLBACK and the body again (a few times);
 * SQLSTATE 23505 is STORE_EXISTS, 23503 STORE_NOTFOUND, 53100
 * STORE_DISKFULL, 25006 STORE_READONLY, 58030 STORE_IOERR; generation a
 * sequence bumped after each write's COMMIT.
 */

#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* ---- values: a statement's arguments and a row's columns ---- */

enum be_type { BE_NULL, BE_INT, BE_TEXT, BE_BLOB };

/*
 * One value.  BE_TEXT and BE_BLOB are `len` bytes at `s` (text may hold
 * NUL bytes; as a column it is also NUL-terminated at s[len]).  A column
 * that is NULL in the database reads as 0 or as empty text.
 */
struct be_val {
	enum be_type type;
	int64_t i;
	const char *s;
	size_t len;
};

/*
 * The catalogue: Q(NAME, FLAGS, NARGS, COLUMNS).  FLAGS is BE_WRITE for a
 * statement that changes rows (only inside transact()) and BE_NEW_ID for
 * an insert that reports its row's new integer id.  COLUMNS has a letter
 * per column of each row read: i integer, t text, b bytes.  The comment
 * gives the arguments (?1, ?2, ...) and what the statement does.
 */
#define BE_WRITE 1
#define BE_NEW_ID 2
#define QW BE_WRITE
#define QWID (BE_WRITE | BE_NEW_ID)
/* A user, a cohort (with a role), an invite, a share, a comment (with its
 * author's name and its body), a partnership, a check-in (note last). */
#define C_USER "ittti" "i"              /* id email name pwhash admin made */
#define C_COHORT "itiii" "i"            /* id name number by created role */
#define C_INVITE "tiiiiii" "t"          /* hash cohort role by made ends
					 * revoked, token */
#define C_SHARE "iitit" "t"             /* user number exercise mode link
					 * token */
#define C_COMMENT "iiiitti" "tiiit"     /* id parent owner number exercise
					 * prompt author name created edited
					 * deleted body */
#define C_PARTNER "iiiiii"              /* cohort supporter supported state
					 * created changed */
#define C_CHECKIN "iiitt" "iit"         /* id user number prompt milestone
					 * status at note */
#define C_VERSION "itii"                /* version value first last */
#define C_PROFILE "iiittt" "tiiii" "t"  /* user opted shown agendas roles \
					 * offers wants utc open capacity \
					 * updated, the user's name */
#define C_INTRO "iiitiii" "tt"          /* id asker asked note state \
					 * created changed, the other's \
					 * name and (accepted only) email */
#define C_OPP "ittttt" "ttiii"         /* id url title organisation kind \
					 * agendas roles location remote \
					 * deadline updated */
#define C_PROJECT "iittt" "tiit"        /* user number exercise title \
					 * summary link published updated, \
					 * the owner's name; then agendas */
#define C_TEAM "iittti" "tit"           /* id owner title summary agendas \
					 * created, the owner's name, \
					 * plan_number plan_exercise */
#define C_CTEST "ittitt" "ii" "tiiii"   /* id idea test status note date
					 * created updated uncertainty
					 * hours_planned hours_spent
					 * conf_before conf_after */
#define C_CTEST_LOG "iiiiiii" "t"     /* id test at via status hours_spent
					 * conf_after note */
#define C_NOTICE "iiiiiii" "tt"        /* id user kind actor created read_at
					 * digest link text */
#define C_CDATE "iiiiit" "i"         /* id cohort kind starts minutes
					 * title number */
#define C_MAIL "iiiiiiiii" "ttttt"     /* id user kind state attempts
					 * next_try claimed_until created
					 * sent_at claimed_by last_error env_to
					 * subject text */

#define BE_QUERIES(Q) \
	Q(SCHEMA_VERSION, 0, 0, "i")    /* the newest migration applied */ \
	/* users: email unique in any ASCII case */ \
	Q(USER_ADD, QWID, 5, "")         /* email name pwhash admin created */ \
	Q(USER_BY_EMAIL, 0, 1, C_USER)  /* email, in any case */ \
	Q(USER_BY_ID, 0, 1, C_USER)     /* id */ \
	Q(USER_LIST, 0, 0, C_USER)      /* every user by id */ \
	Q(USER_PWHASH, QW, 2, "")        /* id: set pwhash ?2 */ \
	/* logins, by the hash of their token */ \
	Q(LOGIN_ADD, QW, 5, "")          /* hash user csrf expires last_seen */ \
	Q(LOGIN_GET, 0, 1, C_USER "tiii") /* hash: its user, csrf expires \
					 * last_seen, unread notices (every \
					 * page's query; users.unread) */ \
	Q(LOGIN_HELD, 0, 10, "i")       /* hash user csrf expires unread \
					 * email name pwhash admin made: 1 \
					 * when the login is so (login-memo.c) */ \
	Q(LOGIN_DEL, QW, 1, "")          /* hash */ \
	Q(LOGIN_SEEN, QW, 2, "")         /* hash: set last_seen ?2 */ \
	Q(LOGIN_DEL_USER, QW, 2, "")     /* user's logins but hash ?2 (NULL: \
					 * all of them) */ \
	Q(LOGIN_DEL_EXPIRED, QW, 1, "")  /* every login with expires <= ?1 */ \
	/* sessions: prompts and readings are archived, never deleted */ \
	Q(COURSE_PUT, QW, 4, "")         /* number title source(b) updated: \
					 * insert or replace */ \
	Q(COURSE_LIST, 0, 0, "it")      /* number title, by number */ \
	Q(COURSE_SOURCE, 0, 1, "b")     /* number */ \
	Q(PROMPT_ARCHIVE, QW, 1, "")     /* number: archive all its prompts */ \
	Q(PROMPT_PUT, QW, 5, "")         /* number id exercise position text: \
					 * insert or update, not archived */ \
	Q(PROMPT_LIST, 0, 1, "tti")     /* number: id text archived; current \
					 * ones by position, then archived */ \
	Q(READING_ARCHIVE, QW, 1, "")    /* number: archive all its readings */ \
	Q(READING_PUT, QW, 4, "")        /* number id position title: insert \
					 * or update, not archived */ \
	/* answers and their versions: key user number prompt */ \
	Q(ANSWER_PUT, QW, 5, "")         /* key value updated: insert or \
					 * replace */ \
	Q(ANSWER_LIST, 0, 2, "tt")      /* user number: prompt value, by \
					 * prompt id (every page's query) */ \
	/* the history rule (answers.c), decided by the database so that \
	 * a save's write need not wait for a read: key value now force \
	 * gap max nonempty; the newest takes value if the rule replaces, \
	 * one is added after it if the rule adds */ \
	Q(VERSION_KEEP, QW, 9, "") \
	/* the dates in an answer (answers.c): key, and its dates as a \
	 * JSON array of strings; DROP those not in it, ADD those not \
	 * there */ \
	Q(ANSWER_DAYS_DROP, QW, 4, "") \
	Q(ANSWER_DAYS_ADD, QW, 4, "") \
	Q(VERSION_LIST, 0, 3, C_VERSION) /* key: oldest first */ \
	Q(VERSION_ENDS, 0, 2, "t" C_VERSION C_VERSION) /* user number: per \
					 * prompt with versions, by id: version \
					 * 1 and the newest */ \
	/* reading states: key user number reading */ \
	Q(NOTE_PUT, QW, 5, "")           /* key notes updated: insert (not \
					 * done) or set notes */ \
	Q(DONE_PUT, QW, 5, "")           /* key done updated: insert (no \
					 * notes) or set done */ \
	Q(READING_LIST, 0, 2, "tti")    /* user number: reading notes done, \
					 * by reading id */ \
	/* a cohort's members at once (the dashboard, the CSV): one \
	 * statement for the cohort, not one per member */ \
	Q(ANSWER_COHORT, 0, 2, "itt")   /* cohort number: user prompt value, \
					 * by user */ \
	Q(ANSWER_COHORT_BRIEF, 0, 3, "itt") /* cohort number whole: the \
					 * same; the value only of the prompts \
					 * in whole, else "" (blank) or "." */ \
	Q(READING_COHORT, 0, 2, "iti")  /* cohort number: user reading done, \
					 * by user */ \
	Q(NOTE_VERSION_KEEP, QW, 9, "")  /* as VERSION_KEEP */ \
	Q(NOTE_VERSION_LIST, 0, 3, C_VERSION) /* key: oldest first */ \
	/* cohorts and members */ \
	Q(COHORT_ADD, QWID, 4, "")       /* name number created_by(NULL) \
					 * created */ \
	Q(COHORT_COUNT_BY, 0, 1, "i")   /* creator: cohorts they made */ \
	Q(COHORT_GET, 0, 1, C_COHORT)   /* id (role 0) */ \
	Q(COHORT_AS, 0, 2, C_COHORT)    /* id user (role the user's, or 0) */ \
	Q(COHORT_LIST_OF, 0, 1, C_COHORT) /* user: theirs, role theirs, by id */ \
	Q(COHORT_LIST, 0, 0, C_COHORT)  /* all by id (role 0) */ \
	Q(MEMBER_ADD, QW, 4, "")         /* cohort user role joined */ \
	Q(MEMBER_SET_ROLE, QW, 3, "")    /* cohort user role */ \
	Q(MEMBER_ROLE, 0, 2, "i")       /* cohort user */ \
	Q(MEMBER_DEL, QW, 2, "")         /* cohort user: their partnerships \
					 * there go too */ \
	Q(MEMBER_LIST, 0, 1, "iiiitti" "i") /* cohort: cohort role joined, \
					 * user id email name admin created; \
					 * in order of joining */ \
	Q(MEMBER_COUNT, 0, 1, "i")      /* cohort */ \
	Q(MEMBER_PAIRS, 0, 3, "ii")     /* viewer owner number (0: any): the \
					 * owner's role and the viewer's in \
					 * each cohort of the session both are \
					 * in */ \
	/* invites, by the hash of their token */ \
	Q(INVITE_ADD, QW, 7, "")         /* hash cohort role by(NULL) created \
					 * expires token(NULL) */ \
	Q(INVITE_GET, 0, 1, C_INVITE)   /* hash */ \
	Q(INVITE_SET, QW, 4, "")         /* cohort hash: set revoked ?3, \
					 * token ?4 */ \
	Q(INVITE_LIST, 0, 1, C_INVITE)  /* cohort: oldest first */ \
	Q(INVITE_COUNT, 0, 1, "i")      /* cohort */ \
	Q(INVITE_DEL_DEAD, QW, 2, "")    /* cohort: those revoked or with \
					 * expires <= ?2 */ \
	/* how plans are shared: key user number exercise */ \
	Q(SHARE_PUT, QW, 7, "")          /* key mode link(NULL) updated \
					 * token(NULL): insert or replace */ \
	Q(SHARE_GET, 0, 3, C_SHARE)     /* key */ \
	Q(SHARE_BY_LINK, 0, 1, C_SHARE) /* link hash */ \
	Q(SHARE_LIST, 0, 2, C_SHARE)    /* user number: by exercise */ \
	Q(SHARE_COHORT, 0, 2, C_SHARE)  /* cohort number: by user */ \
	/* comments on a plan: owner number exercise */ \
	Q(COMMENT_ADD, QWID, 8, "")      /* parent(NULL) owner number exercise \
					 * prompt author body created */ \
	Q(COMMENT_SET, QW, 4, "")        /* id: set body edited deleted */ \
	Q(COMMENT_GET, 0, 1, C_COMMENT) /* id */ \
	Q(COMMENT_LIST, 0, 3, C_COMMENT) /* plan: by id */ \
	Q(COMMENT_COUNT, 0, 3, "i")     /* plan: every comment on it */ \
	Q(COMMENT_ROOT, 0, 2, "ii")     /* id, at most ?2 steps up its \
					 * parents: where it stopped, and 1 if \
					 * that has no parent */ \
	Q(COMMENT_REPLIES, 0, 2, "i")   /* id: replies under it, counted up \
					 * to ?2 + 1 */ \
	Q(COMMENT_UNREAD, 0, 3, "i")    /* owner number exercise(NULL: all): \
					 * others' live comments newer than \
					 * the owner's seen id */ \
	Q(COMMENT_SEEN, QW, 3, "")       /* plan: its seen id = its newest \
					 * comment's */ \
	/* accountability partners: key cohort supporter supported */ \
	Q(PARTNER_GET, 0, 3, C_PARTNER) /* key */ \
	Q(PARTNER_ADD, QW, 6, "")        /* key state created changed */ \
	Q(PARTNER_SET, QW, 7, "")        /* key state created changed, where \
					 * the state is ?7 */ \
	Q(PARTNER_DEL, QW, 4, "")        /* key, where the state is ?4 */ \
	Q(PARTNER_LIST, 0, 1, C_PARTNER) /* user, either side: oldest \
					 * created first */ \
	/* check-ins, the final review, facilitators' notes */ \
	Q(CHECKIN_ADD, QWID, 7, "")      /* user number prompt milestone \
					 * status note at */ \
	Q(CHECKIN_LIST, 0, 2, C_CHECKIN) /* user number: oldest first */ \
	Q(CHECKIN_COHORT, 0, 2, C_CHECKIN) /* cohort number: by user, \
					 * oldest first */ \
	Q(CHECKIN_COUNT, 0, 2, "i")     /* user number */ \
	Q(REVIEW_PUT, QW, 4, "")         /* cohort order current started: \
					 * insert or replace */ \
	Q(REVIEW_GET, 0, 1, "tii")      /* cohort: order current started */ \
	Q(RNOTE_PUT, QW, 5, "")          /* cohort facilitator presenter text \
					 * updated: insert or replace */ \
	Q(RNOTE_GET, 0, 3, "t")         /* cohort facilitator presenter */ \
	/* the research-agenda catalog: one source, its agendas by id */ \
	Q(CATALOG_PUT, QW, 3, "")        /* title source(b) updated: insert \
					 * or replace the one row */ \
	Q(CATALOG_SOURCE, 0, 0, "b")    /* the stored source */ \
	Q(AGENDA_ARCHIVE, QW, 0, "")     /* archive every agenda */ \
	Q(AGENDA_PUT, QW, 3, "")         /* id position title: insert or \
					 * update, not archived */ \
	Q(AGENDA_LIST, 0, 0, "tti")     /* id title archived: current ones \
					 * by position, then archived */ \
	/* the people directory: profiles and their tags, by user */ \
	Q(PROFILE_PUT, QW, 11, "")       /* user opted shown agendas roles \
					 * offers wants utc open capacity \
					 * updated: insert or replace */ \
	Q(PROFILE_GET, 0, 1, C_PROFILE) /* user */ \
	Q(PROFILE_LIST, 0, 2, C_PROFILE) /* limit, below user ?2 (0: any): \
					 * opted in, newest user first */ \
	Q(PROFILE_BY_TAG, 0, 2, C_PROFILE) /* tag limit: opted in, newest \
					 * user first */ \
	Q(TAG_DEL, QW, 1, "")            /* user: every tag */ \
	Q(TAG_ADD, QW, 2, "")            /* tag user: once */ \
	/* intro requests: asker asks asked */ \
	Q(INTRO_ADD, QW, 5, "")          /* asker asked note state created */ \
	Q(INTRO_GET, 0, 2, C_INTRO)     /* a b: between them, either way \
					 * (names: b's) */ \
	Q(INTRO_SET, QW, 4, "")          /* id state changed, where the state \
					 * is ?4 */ \
	Q(INTRO_DEL, QW, 2, "")          /* id, where the state is ?2 */ \
	Q(INTRO_LIST, 0, 1, C_INTRO)    /* user, either side: newest first \
					 * (names: the other side's) */ \
	Q(INTRO_COUNT, 0, 1, "i")       /* asker: requests waiting */ \
	/* project teams */ \
	Q(TEAM_ADD, QWID, 5, "")         /* owner title summary agendas \
					 * created */ \
	Q(TEAM_GET, 0, 1, C_TEAM)       /* id */ \
	Q(TEAM_LIST, 0, 1, C_TEAM)      /* limit: newest first */ \
	Q(TEAM_COUNT_BY, 0, 1, "i")     /* owner */ \
	Q(TEAM_PLAN_SET, QW, 4, "")      /* id owner number exercise: the \
					 * plan shared, if ?2 owns it */ \
	Q(TEAM_PLAN_MEMBER, 0, 4, "i")  /* owner number exercise user: \
					 * teams sharing that plan with \
					 * user as a member */ \
	Q(TMEMBER_ADD, QW, 4, "")        /* team user state joined */ \
	Q(TMEMBER_SET, QW, 3, "")        /* team user: state ?3, where it \
					 * is 1 (asked) */ \
	Q(TMEMBER_DEL, QW, 2, "")        /* team user */ \
	Q(TMEMBER_LIST, 0, 1, "iiit")   /* team: user state joined name, \
					 * oldest first */ \
	Q(TMEMBER_COUNT, 0, 1, "i")     /* team: members and requests */ \
	/* the opportunities board, by url */ \
	Q(OPP_PUT, QW, 10, "")           /* url title organisation kind \
					 * agendas roles location remote \
					 * deadline updated: insert or update */ \
	Q(OPP_ID, 0, 1, "i")            /* url */ \
	Q(OPP_TAG_DEL, QW, 1, "")        /* id: its tags */ \
	Q(OPP_TAG_ADD, QW, 2, "")        /* tag id: once */ \
	Q(OPP_FIND, 0, 7, C_OPP)        /* agenda tag('' any) role tag('' any) \
					 * remote(0 any) by(0 any) today \
					 * limit location pattern('' any): \
					 * open ones, soonest first */ \
	Q(OPP_OPEN, 0, 2, "ittii")      /* today limit: every open one, \
					 * in no order: id agendas roles \
					 * remote deadline */ \
	Q(OPP_GET, 0, 10, C_OPP)        /* ids (0: none): those ones */ \
	Q(OPP_COUNT, 0, 0, "i")         /* every one stored */ \
	Q(FILTER_ADD, QWID, 4, "")       /* user name query created */ \
	Q(FILTER_LIST, 0, 1, "itt")     /* user: id name query, oldest first */ \
	Q(FILTER_DEL, QW, 2, "")         /* id user */ \
	Q(FILTER_COUNT, 0, 1, "i")      /* user */ \
	/* the project gallery: key user number exercise */ \
	Q(PROJECT_PUT, QW, 9, "")        /* key title summary link agendas \
					 * published updated: insert or \
					 * replace */ \
	Q(PROJECT_GET, 0, 3, C_PROJECT "t") /* key */ \
	Q(PROJECT_LIST, 0, 2, C_PROJECT "t") /* agenda('' any) limit: \
					 * published ones, newest first */ \
	/* what several servers share: the catalog's version, a key, the \
	 * throttle's counters by their key */ \
	Q(SITE_GET, 0, 0, "it")         /* catalog device_key ('': none) */ \
	Q(SITE_CATALOG_BUMP, QW, 0, "")  /* catalog + 1 */ \
	Q(SITE_KEY_SET, QW, 1, "")       /* device_key ?1, if there is none */ \
	Q(THROTTLE_GET, 0, 1, "iii")    /* key: start last count */ \
	Q(THROTTLE_PUT, QW, 4, "")       /* key start last count: insert or \
					 * replace */ \
	Q(THROTTLE_FORGET, QW, 1, "")    /* every counter with last <= ?1 */ \
	/* resolved threads, by their top comment (issue 12) */ \
	Q(THREAD_RESOLVE, QW, 3, "")     /* top by at: insert or replace */ \
	Q(THREAD_REOPEN, QW, 1, "")      /* top */ \
	Q(THREAD_RESOLVED, 0, 3, "iii") /* plan: top by at, by top */ \
	Q(THREAD_OPEN, 0, 3, "i")       /* owner number exercise(NULL: all): \
					 * top comments neither resolved nor \
					 * deleted without live replies */ \
	Q(THREAD_OPEN_COHORT, 0, 2, "iti") /* cohort number: owner exercise \
					 * open, per member's plan with any */ \
	/* time zones and calendar feeds (issue 12) */ \
	Q(TZ_PUT, QW, 2, "")             /* user zone: insert or replace */ \
	Q(TZ_GET, 0, 1, "t")            /* user */ \
	Q(FEED_ADD, QW, 4, "")           /* hash user token created */ \
	Q(FEED_GET, 0, 1, "itii")       /* hash: user token created revoked */ \
	Q(FEED_OF, 0, 1, "tti")         /* user: the live one's hash token \
					 * created */ \
	Q(FEED_REVOKE, QW, 2, "")        /* user: revoked = ?2, token NULL, of \
					 * the live ones */ \
	Q(FEED_COUNT, 0, 1, "i")        /* user: rows, revoked ones too */ \
	Q(FEED_DEL_DEAD, QW, 1, "")      /* user: the revoked ones */ \
	/* cheap tests (issue 12): key user number */ \
	Q(CTEST_ADD, QWID, 13, "")       /* user number idea test status note \
					 * date created (also updated) \
					 * uncertainty hours_planned \
					 * hours_spent conf_before \
					 * conf_after */ \
	Q(CTEST_SET, QW, 13, "")         /* id user: set idea test status note \
					 * date updated uncertainty \
					 * hours_planned hours_spent \
					 * conf_before conf_after */ \
	Q(CTEST_GET, 0, 2, "iiit")      /* id user: status hours_spent \
					 * conf_after note */ \
	Q(CTEST_LOG_ADD, QW, 7, "")      /* test at via status hours_spent \
					 * conf_after note */ \
	Q(CTEST_LOG_TRIM, QW, 2, "")     /* test keep: the oldest past keep */ \
	Q(CTEST_LOG_LIST, 0, 2, C_CTEST_LOG) /* user number: by test, oldest \
					 * first */ \
	Q(CTEST_DEL, QW, 2, "")          /* id user */ \
	Q(CTEST_LIST, 0, 2, C_CTEST)    /* user number: oldest first */ \
	Q(CTEST_COUNT, 0, 2, "i")       /* user number */ \
	/* notices, their preferences, mentions (notices.c) */ \
	Q(NOTICE_ADD, QWID, 7, "")       /* user kind actor(NULL) text link \
					 * created digest */ \
	Q(NOTICE_LIST, 0, 2, C_NOTICE)  /* user limit: newest first */ \
	Q(NOTICE_READ, QW, 3, "")        /* user id(0: all) now: unread ones \
					 * read */ \
	Q(NOTICE_COUNT, QW, 1, "")       /* user: their unread notices \
					 * counted again (users.unread) */ \
	Q(NOTICE_TRIM, QW, 2, "")        /* user keep: the oldest past the \
					 * newest ?2, but those waiting for \
					 * a digest, go */ \
	Q(PREF_LIST, 0, 1, "ii")        /* user: kind mode */ \
	Q(PREF_PUT, QW, 3, "")           /* user kind mode: insert or set */ \
	Q(PREF_OFF, QW, 2, "")           /* user mode: every kind in mode ?2 \
					 * off */ \
	Q(MENTION_ADD, QW, 2, "")        /* comment user */ \
	Q(MENTION_LIST, 0, 3, "iit")    /* plan: comment user name, by \
					 * comment */ \
	Q(DIGEST_DUE, 0, 2, "i")        /* before limit: users whose oldest \
					 * waiting notice is that old */ \
	Q(DIGEST_LIST, 0, 2, C_NOTICE)  /* user limit: waiting, oldest first */ \
	Q(DIGEST_DONE, QW, 2, "")        /* user upto: waiting ones done */ \
	Q(SECRET_ADD, QW, 3, "")         /* name value(b) created: unless \
					 * there */ \
	Q(SECRET_GET, 0, 1, "b")        /* name */ \
	/* the mail outbox (outbox.c) */ \
	Q(MAIL_ADD, QWID, 10, "")        /* user(NULL) kind env_from env_to \
					 * message_id subject text message(b) \
					 * next_try created */ \
	Q(MAIL_UNSENT, 0, 1, "i")       /* user: mails queued or sending */ \
	Q(MAIL_DUE, 0, 1, "i")          /* now: the id of the mail due \
					 * first, queued or its lease passed */ \
	Q(MAIL_CLAIM, QW, 4, "")         /* id by until now: sending for ?2, \
					 * if still due */ \
	Q(MAIL_SEND_GET, 0, 1, "ittt" "b") /* id: attempts env_from env_to \
					 * message_id message */ \
	Q(MAIL_DONE, QW, 6, "")          /* id by state next_try error sent_at, \
					 * if ?2 holds it */ \
	Q(MAIL_NEXT, 0, 0, "i")         /* the earliest time a mail is due */ \
	Q(MAIL_LIST, 0, 2, C_MAIL)      /* state(NULL: any) limit: newest \
					 * first */ \
	Q(MAIL_GET, 0, 1, C_MAIL "b")   /* id, and its message */ \
	Q(MAIL_COUNTS, 0, 0, "ii")      /* state count */ \
	Q(MAIL_PRUNE, QW, 1, "")         /* sent before ?1 */ \
	/* cohort dates, reminders made once, nudges (schedule.c) */ \
	Q(CDATE_ADD, QWID, 7, "")        /* cohort kind starts minutes title \
					 * by(NULL) created */ \
	Q(CDATE_DEL, QW, 2, "")          /* id cohort */ \
	Q(CDATE_COUNT, 0, 1, "i")       /* cohort */ \
	Q(CDATE_LIST, 0, 1, C_CDATE)    /* cohort: by starts, id */ \
	Q(CDATE_OF_USER, 0, 1, C_CDATE "t") /* user: the dates of their \
					 * cohorts, with the cohort's name; by \
					 * cohort, starts */ \
	Q(CDATE_DUE, 0, 3, C_CDATE)     /* kind after upto: starts in \
					 * (?2, ?3], by id */ \
	Q(ONCE_HAS, 0, 1, "i")          /* key: 1 if made */ \
	Q(ONCE_ADD, QW, 2, "")           /* key created: unless there */ \
	Q(ONCE_PRUNE, QW, 1, "")         /* made before ?1 */ \
	Q(NUDGE_ADD, QW, 4, "")          /* cohort member by at */ \
	Q(NUDGE_LAST, 0, 2, "i")        /* cohort member: the newest's at \
					 * (0: none) */ \
	Q(NUDGE_LIST, 0, 1, "iit")      /* cohort: per member nudged, the \
					 * newest: member at by's name */ \
	Q(NUDGE_FORGET, QW, 3, "")       /* cohort member: at before ?3 */ \
	Q(ANSWERS_DATED, 0, 4, "it")    /* number prompt from to: user \
					 * value of each answer with a date \
					 * from..to (or "*"), by user */ \
	Q(CTEST_DUE, 0, 2, "iiitt")     /* from to (dates): planned tests \
					 * dated so: id user number idea date */ \
	Q(CHECKIN_LAST, 0, 2, "i")      /* user number: newest at (0: none) */ \
	Q(MAIL_COUNT_TO, 0, 3, "i")     /* env_to kind since: such mails made \
					 * since ?3 */ \
	/* alignplan migrate (copy.c): per table of BE_TABLES below, its \
	 * rows in key order, a row put back as it was, and its count */ \
	BE_TABLES(BE_COPY_QUERIES, Q) \
	Q(COPY_END, QW, 0, "")           /* after a copy: what the backend \
					 * keeps beside the rows (PostgreSQL: \
					 * identity sequences past the ids) */

/*
 * Every table of the schema, parents before children, for `alignplan
 * migrate`: T(Q, NAME, COLUMNS, VALUES, TYPES, ORDER, TAIL).  COLUMNS are
 * read and written as they are (TYPES: a letter per column, as the
 * catalogue's); VALUES are the insert's, $1 to $n in order, written so
 * that both backends take them: a NULL reads as 0 or '' (be_val), so a
 * nullable column is put back through NULLIF; ORDER the primary key;
 * TAIL what follows the insert (site's one row exists already).
 * Members and invites go in the order of their seq (the order they were
 * made in), which is copied too.  A new
 * table gets its row here, or `alignplan migrate` refuses the schema
 * (tests/cli-migrate.sh compares this list with the database's tables).
 */
#define BE_TABLES(T, Q) \
	T(Q, users, "id, email, name, pwhash, is_admin, created, unread", \
	  "$1, $2, $3, $4, $5, $6, $7", "ittti" "ii", "id", "") \
	T(Q, logins, "token_hash, user_id, csrf, expires, last_seen", \
	  "$1, $2, $3, $4, $5", "titii", "token_hash", "") \
	T(Q, courses, "number, title, source, updated", \
	  "$1, $2, $3, $4", "itbi", "number", "") \
	T(Q, prompts, "number, id, exercise, position, text, archived", \
	  "$1, $2, $3, $4, $5, $6", "itiiti", "number, id", "") \
	T(Q, readings, "number, id, position, title, archived", \
	  "$1, $2, $3, $4, $5", "ititi", "number, id", "") \
	T(Q, answers, "user_id, number, prompt_id, value, updated", \
	  "$1, $2, $3, $4, $5", "iitti", "user_id, number, prompt_id", "") \
	T(Q, answer_days, "user_id, number, prompt_id, day", \
	  "$1, $2, $3, $4", "iitt", "user_id, number, prompt_id, day", "") \
	T(Q, answer_versions, "user_id, number, prompt_id, version, value," \
	  " first_saved, last_saved", "$1, $2, $3, $4, $5, $6, $7", \
	  "iitit" "ii", "user_id, number, prompt_id, version", "") \
	T(Q, reading_states, "user_id, number, reading_id, notes, done," \
	  " updated", "$1, $2, $3, $4, $5, $6", "iitti" "i", \
	  "user_id, number, reading_id", "") \
	T(Q, note_versions, "user_id, number, reading_id, version, value," \
	  " first_saved, last_saved", "$1, $2, $3, $4, $5, $6, $7", \
	  "iitit" "ii", "user_id, number, reading_id, version", "") \
	T(Q, cohorts, "id, name, number, created_by, created", \
	  "$1, $2, $3, NULLIF($4, 0), $5", "itiii", "id", "") \
	T(Q, members, "cohort_id, user_id, role, joined, seq", \
	  "$1, $2, $3, $4, $5", "iiiii", "seq", "") \
	T(Q, invites, "token_hash, cohort_id, role, created_by, created," \
	  " expires, revoked, token, seq", "$1, $2, $3, NULLIF($4, 0), $5," \
	  " $6, $7, NULLIF($8, ''), $9", "tiiii" "iiti", "seq", "") \
	T(Q, shares, "user_id, number, exercise_id, mode, link_hash, updated," \
	  " link_token", "$1, $2, $3, $4, NULLIF($5, ''), $6," \
	  " NULLIF($7, '')", "iitit" "it", "user_id, number, exercise_id", \
	  "") \
	T(Q, comments, "id, parent, owner, number, exercise_id, prompt_id," \
	  " author, body, created, edited, deleted", "$1, NULLIF($2, 0), $3," \
	  " $4, $5, $6, $7, $8, $9, $10, $11", "iiiit" "titii" "i", "id", "") \
	T(Q, comments_seen, "owner, number, exercise_id, seen_id", \
	  "$1, $2, $3, $4", "iiti", "owner, number, exercise_id", "") \
	T(Q, partners, "cohort_id, supporter, supported, created, state," \
	  " changed", "$1, $2, $3, $4, $5, $6", "iiiiii", \
	  "cohort_id, supporter, supported", "") \
	T(Q, checkins, "id, user_id, number, prompt_id, milestone, status," \
	  " note, at", "$1, $2, $3, $4, $5, $6, $7, $8", "iiitt" "iti", "id", \
	  "") \
	T(Q, reviews, "cohort_id, presenters, current, started", \
	  "$1, $2, $3, $4", "itii", "cohort_id", "") \
	T(Q, review_notes, "cohort_id, facilitator, presenter, text," \
	  " updated", "$1, $2, $3, $4, $5", "iiiti", \
	  "cohort_id, facilitator, presenter", "") \
	T(Q, thread_resolved, "comment_id, resolved_by, resolved_at", \
	  "$1, NULLIF($2, 0), $3", "iii", "comment_id", "") \
	T(Q, user_settings, "user_id, time_zone", "$1, $2", "it", "user_id", \
	  "") \
	T(Q, calendar_feeds, "token_hash, user_id, token, created, revoked", \
	  "$1, $2, NULLIF($3, ''), $4, $5", "titii", "token_hash", "") \
	T(Q, cheap_tests, "id, user_id, number, idea, test, status, note," \
	  " on_date, created, updated, uncertainty, hours_planned," \
	  " hours_spent, conf_before, conf_after", "$1, $2, $3, $4, $5, $6," \
	  " $7, $8, $9, $10, $11, $12, $13, $14, $15", "iiitt" "itti" "i" \
	  "tiiii", "id", "") \
	T(Q, cheap_test_log, "id, test_id, at, via, status, hours_spent," \
	  " conf_after, note", "$1, $2, $3, $4, $5, $6, $7, $8", "iiiiiii" \
	  "t", "id", "") \
	T(Q, notices, "id, user_id, kind, actor, text, link, created," \
	  " read_at, digest", "$1, $2, $3, NULLIF($4, 0), $5, $6, $7, $8, $9", \
	  "iiiitt" "iii", "id", "") \
	T(Q, notice_prefs, "user_id, kind, mode", "$1, $2, $3", "iii", \
	  "user_id, kind", "") \
	T(Q, mentions, "comment_id, user_id", "$1, $2", "ii", \
	  "comment_id, user_id", "") \
	T(Q, mail_outbox, "id, user_id, kind, env_from, env_to, message_id," \
	  " subject, text, message, state, attempts, next_try, claimed_by," \
	  " claimed_until, last_error, created, sent_at", "$1, NULLIF($2, 0)," \
	  " $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17", \
	  "iiittttt" "biiititii", "id", "") \
	T(Q, secrets, "name, value, created", "$1, $2, $3", "tbi", "name", \
	  "") \
	T(Q, agenda_catalog, "id, title, source, updated", \
	  "$1, $2, $3, $4", "itbi", "id", "") \
	T(Q, agendas, "id, position, title, archived", "$1, $2, $3, $4", \
	  "titi", "id", "") \
	T(Q, profiles, "user_id, opted_in, shown, agendas, roles, offers," \
	  " wants, utc_offset, open, mentor_capacity, updated", "$1, $2, $3," \
	  " $4, $5, $6, $7, $8, $9, $10, $11", "iiitt" "ttiii" "i", "user_id", \
	  "") \
	T(Q, profile_tags, "tag, user_id", "$1, $2", "ti", "tag, user_id", \
	  "") \
	T(Q, intros, "id, asker, asked, note, state, created, changed", \
	  "$1, $2, $3, $4, $5, $6, $7", "iiiti" "ii", "id", "") \
	T(Q, teams, "id, owner, title, summary, agendas, created," \
	  " plan_number, plan_exercise", "$1, $2, $3, $4, $5, $6, $7, $8", \
	  "iittt" "iit", "id", "") \
	T(Q, team_members, "team_id, user_id, state, joined", \
	  "$1, $2, $3, $4", "iiii", "team_id, user_id", "") \
	T(Q, opportunities, "id, url, title, organisation, kind, agendas," \
	  " roles, location, remote, deadline, updated", "$1, $2, $3, $4, $5," \
	  " $6, $7, $8, $9, $10, $11", "ittttt" "ttiii", "id", "") \
	T(Q, opportunity_tags, "tag, opportunity_id", "$1, $2", "ti", \
	  "tag, opportunity_id", "") \
	T(Q, saved_filters, "id, user_id, name, query, created", \
	  "$1, $2, $3, $4, $5", "iitti", "id", "") \
	T(Q, projects, "user_id, number, exercise_id, title, summary, link," \
	  " agendas, published, updated", "$1, $2, $3, $4, $5, $6, $7, $8, $9", \
	  "iittt" "ttii", "user_id, number, exercise_id", "") \
	T(Q, cohort_dates, "id, cohort_id, kind, starts, minutes, title," \
	  " created_by, created", "$1, $2, $3, $4, $5, $6, NULLIF($7, 0), $8", \
	  "iiiiit" "ii", "id", "") \
	T(Q, notice_once, "key, created", "$1, $2", "ti", "key", "") \
	T(Q, nudges, "id, cohort_id, member, facilitator, at", \
	  "$1, $2, $3, NULLIF($4, 0), $5", "iiiii", "id", "") \
	T(Q, throttle, "key, start, last, count", "$1, $2, $3, $4", "tiii", \
	  "key", "") \
	T(Q, site, "id, catalog, device_key", \
	  "$1, $2, NULLIF($3, '')", "iit", "id", \
	  " ON CONFLICT (id) DO UPDATE SET catalog = excluded.catalog," \
	  " device_key = excluded.device_key")

#define BE_COPY_QUERIES(Q, name, cols, vals, types, order, tail) \
	Q(ROWS_##name, 0, 0, types) \
	Q(LOAD_##name, QW, sizeof(types) - 1, "") \
	Q(COUNT_##name, 0, 0, "i")

/* The most arguments and columns an entry may have (LOAD_mail_outbox and
 * ROWS_mail_outbox: 17); store.c checks each entry at compile time. */
#define BE_MAX_ARGS 24
#define BE_MAX_COLS 24

#define BE_ENUM(name, flags, nargs, cols) Q_##name,
enum be_query { BE_QUERIES(BE_ENUM) NR_QUERIES };
#undef BE_ENUM

/* The catalogue as data (store.c), for the checks on both sides. */
struct be_shape {
	const char *name;
	int flags;
	unsigned nargs;
	const char *cols;
};
extern const struct be_shape be_shapes[NR_QUERIES];

/* ---- the slots ---- */

/*
 * Open a connection on `where` (the URL without its scheme), creating and
 * migrating the database as needed.  The struct store it returns begins
 * with a zeroed struct store whose `be` is the backend.  On failure
 * returns STORE_ERR with a message in err, and *out is untouched.
 */
typedef int be_open_fn(const char *where, struct store **out, char *err,
		       size_t errlen);
/* Close the connection and free it. */
typedef void be_close_fn(struct store *st);

/*
 * A read snapshot: the reads between read_begin and read_end see one
 * consistent state, and a page's several reads pay for locking once.  No
 * writes inside.  read_end follows every read_begin that returned
 * STORE_OK.
 */
typedef int be_snapshot_fn(struct store *st);

/*
 * A write transaction: begin, call body(st, ctx), commit when it returns
 * STORE_OK, else roll back and return what it returned.  Reads and
 * writes inside the body see and change one state, and two transactions
 * are serializable: a body that counts rows and inserts one cannot see
 * the same count as another that inserted meanwhile (SQLite: one writer
 * at a time; PostgreSQL: SERIALIZABLE).  On a conflict the backend rolls
 * back and calls the body again, so a body keeps what it found in ctx
 * and its caller uses it only after STORE_OK.  STORE_OK is durable: it
 * survives kill -9 of the process.  No transaction inside another.
 */
typedef int be_body_fn(struct store *st, void *ctx);
typedef int be_transact_fn(struct store *st, be_body_fn *body, void *ctx);

/*
 * Run a catalogue entry that reads: bind the nargs values of arg (the
 * catalogue's number; a BE_NULL is SQL NULL) and call fn once per row
 * with its columns, typed as the catalogue says and valid only during
 * the call.  fn returns 0 to go on; a positive value stops the walk
 * (read returns STORE_OK), a negative one (a STORE_* code) stops it and
 * is read's result.  Inside a transaction it reads the transaction's
 * state, inside a snapshot the snapshot's, else the newest.
 */
typedef int be_row_fn(void *ctx, const struct be_val *col);
typedef int be_read_fn(struct store *st, enum be_query q,
		       const struct be_val *arg, size_t nargs, be_row_fn *fn,
		       void *ctx);

/*
 * Run n reads (n <= BE_READ_MANY_MAX), each as read() would, in order,
 * and send them to the database together (PostgreSQL: one round trip for
 * all).  Returns the first failure; the reads after it are not run.
 */
#define BE_READ_MANY_MAX 8
struct be_read {
	enum be_query q;
	const struct be_val *arg;
	size_t nargs;
	be_row_fn *fn;
	void *ctx;
};
typedef int be_read_many_fn(struct store *st, const struct be_read *v,
			    size_t n);

/*
 * Run a catalogue entry that writes (BE_WRITE), inside transact() only.
 * done (unless NULL) gets the number of rows changed and, for BE_NEW_ID
 * entries, the new row's id.  With done NULL (q_send(), or q_write()
 * under st->bulk, which store_copy() sets) the caller wants nothing back but the transaction's
 * outcome: a backend may then send the write without waiting for its
 * reply (PostgreSQL: libpq's pipeline mode, a round trip per many rows),
 * and report its failure at a later read or write of the body, or as the
 * transaction's result.
 */
struct be_done {
	int64_t changes;
	int64_t id;
};
typedef int be_write_fn(struct store *st, enum be_query q,
			const struct be_val *arg, size_t nargs,
			struct be_done *done);

/*
 * A number that grows after every write committed to the database this
 * connection reads (store_generation() in store.h).  A backend that
 * cannot tell returns a new number on every call.
 */
typedef uint64_t be_generation_fn(struct store *st);
/* A number no backend's generation() gives when it can tell (1 << 63
 * and a count), for one that cannot (store.c). */
uint64_t store_fresh_generation(void);

/* 8 slots, and 6 for a backend whose reads cost a round trip (NULL in
 * sqlite.c); the catalogue's entries are the rest of the work. */
struct store_backend {
	const char *name;
	be_open_fn *open;
	be_close_fn *close;
	be_snapshot_fn *read_begin;
	be_snapshot_fn *read_end;
	be_transact_fn *transact;
	be_read_fn *read;
	be_write_fn *write;
	be_generation_fn *generation;
	/*
	 * store_generation_ask(): generation_ahead has the generation read
	 * with the backend's next statement, in its round trip but ahead of
	 * the snapshot that statement begins; once read, st->gen holds it
	 * and st->gen_asked is GEN_READ (GEN_NONE when it could not be
	 * read).  generation_ahead_end reads it at once if it still waits.
	 * NULL when generation() costs no round trip (SQLite).
	 */
	int (*generation_ahead)(struct store *st);
	void (*generation_ahead_end)(struct store *st);
	void (*idle)(struct store *st);     /* store_idle(); may be NULL */
	/*
	 * Inside a snapshot, a read that goes with the backend's next
	 * statement rather than on its own: fn gets its rows when that
	 * statement's reply is read or at read_later_end, whichever is
	 * first; read_later_end returns the read's result (STORE_ERR when
	 * it was not read).  One at a time.  NULL for a backend whose reads
	 * cost no round trip (SQLite): the store reads at once.
	 */
	be_read_fn *read_later;
	be_snapshot_fn *read_later_end;
	/* NULL when the store may as well run read() n times (SQLite). */
	be_read_many_fn *read_many;
	/*
	 * Inside a transaction's body, a read sent along with the writes
	 * sent without waiting (q_send()): fn gets its rows when their
	 * replies are read, at the latest before the transaction commits,
	 * and read_sent returns at once; a failure is the transaction's.
	 * NULL when reads cost no round trip (SQLite): read() is used.
	 */
	be_read_fn *read_sent;
};

/*
 * A connection, as the rules see it.  A backend's own connection struct
 * begins with one (sqlite.c: struct sqlite_store), zeroed but for `be`.
 */
#define STORE_ERR_MAX 256
struct store {
	const struct store_backend *be;
	int64_t fixed_now;          /* tests: the clock, when non-zero */
	int full;                   /* after STORE_FULL: the cap (store_cap) */
	int uncapped;               /* tests: count no caps */
	int rerun;                  /* tests: run each transaction twice */
	int fault;                  /* tests: what every write fails with */
	int in_body;                /* a transaction's body is running */
	int batch;                  /* store_batch(): writes join its body */
	int bulk;                   /* store_copy(): q_write()s with no done
				     * may wait for their replies (write) */
	int share;                  /* store_txn_shared(): the transaction
				     * may share its COMMIT with others' */
	uint64_t statements;        /* catalogue statements run */
	int snapshot;               /* between store_read_begin and _end */
	int read_once;              /* ... reading once (store.h) */
	struct login_memo *memo;    /* users.c's, for backends with
				     * read_later */
	struct together *together;  /* store_together()'s queue, or NULL */
	enum { GEN_NONE, GEN_ASKED, GEN_READ } gen_asked;
	uint64_t gen;               /* store_generation_ask()'s, once read */
	struct {                    /* store_cohort_as_ask()'s, this snapshot */
		int64_t id, user;
		int came;           /* its row came, in c */
		struct cohort c;
	} cohort_asked;
	char err[STORE_ERR_MAX];    /* the last error, for store_errmsg() */
};

/* Record an error message (printf-style); returns STORE_ERR. */
int store_set_err(struct store *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

extern const struct store_backend store_sqlite;
extern const struct store_backend store_pg;

#endif
