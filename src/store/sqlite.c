/*
 * The SQLite storage backend: the only file that includes <sqlite3.h> or
 * speaks SQL.  See docs/storage.md for the schema and the reasoning behind
 * the settings below.
 */
#include "store/store.h"
#include "model/session.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <strings.h>
#include <time.h>

/* How long a connection waits for another process's write lock. */
#define BUSY_TIMEOUT_MS 5000

/*
 * Every write in this process goes through this one lock.  SQLite allows a
 * single writer per database anyway; when two connections race for it,
 * the loser sleeps in SQLite's busy handler (at least 1 ms a try), which
 * measured a POST p99 of 160-660 ms.  Queueing writers on a mutex instead
 * gave 16k POST/s at p99 20 ms (FIELD-NOTES.md).  Reads never take it: in
 * WAL mode they run beside the writer.  The busy timeout is still needed
 * for writers in other processes (an `alignplan import` next to `serve`).
 *
 * This is the only mutable global state in the backend.
 */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

/* sqlite_generation(): bumped once a commit is done (the WAL hook runs
 * after it), so a reader that saw the old number began before it. */
static _Atomic uint64_t generation;

static uint64_t sqlite_generation(struct store *st)
{
	(void)st;
	return atomic_load_explicit(&generation, memory_order_acquire);
}

/*
 * Our WAL hook replaces SQLite's default one, so it also asks for
 * checkpoints, which write_end() runs.  Unlike the default it asks once
 * per CHECKPOINT_PAGES new pages, not on every commit while the log is
 * that long: the log only starts over when no other connection is
 * reading from it, which with two busy threads is rarely, and a
 * checkpoint per commit meant two fsyncs per save (strace: one fdatasync
 * per autosave, 5.6k saves/s against 7.6k with one thread).
 *
 * For the same reason passive checkpoints alone never let the log start
 * over under steady load: it grew by 100 MB a second in bench/pages.sh.
 * Past RESTART_PAGES the checkpoint waits (briefly) for the readers, so
 * the next write starts the log from its beginning.
 */
#define CHECKPOINT_PAGES 1000
#define RESTART_PAGES 16000             /* 64 MB of log */
#define RESTART_WAIT_MS 200

enum { CKPT_NONE, CKPT_PASSIVE, CKPT_RESTART };

struct checkpointing {
	int due;        /* CKPT_*: set by on_commit(), run by write_end() */
	int last;       /* the log's length when it was last set */
};

static int on_commit(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct checkpointing *c = arg;

	(void)db;
	(void)name;
	atomic_fetch_add_explicit(&generation, 1, memory_order_release);
	if (pages < c->last)
		c->last = 0;    /* the log started over */
	if (pages - c->last >= CHECKPOINT_PAGES) {
		c->due = pages >= RESTART_PAGES ? CKPT_RESTART : CKPT_PASSIVE;
		c->last = pages;
	}
	return SQLITE_OK;
}

/*
 * Schema migrations, numbered from 1 by their index + 1.  Each runs once
 * per database, in its own transaction, and is recorded in
 * schema_migrations.  Append new ones; never edit one that has shipped.
 */
static const char *const migrations[] = {
	/* 1: users and their logins; course sessions with their prompts and
	 * readings; a participant's answers and reading states. */
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  email TEXT NOT NULL COLLATE NOCASE UNIQUE,"
	"  name TEXT NOT NULL,"
	"  pwhash TEXT NOT NULL,"
	"  is_admin INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL"
	");"
	"CREATE TABLE logins ("
	"  token_hash TEXT PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  csrf TEXT NOT NULL,"
	"  expires INTEGER NOT NULL"
	");"
	"CREATE INDEX logins_user ON logins(user_id);"
	"CREATE TABLE courses ("
	"  number INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  source BLOB NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	/* Prompts and readings are never deleted, only archived, so that
	 * the answers and notes that name them stay valid. */
	"CREATE TABLE prompts ("
	"  number INTEGER NOT NULL REFERENCES courses(number),"
	"  id TEXT NOT NULL,"
	"  exercise INTEGER NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  archived INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (number, id)"
	");"
	"CREATE TABLE readings ("
	"  number INTEGER NOT NULL REFERENCES courses(number),"
	"  id TEXT NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  archived INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (number, id)"
	");"
	/* No ON DELETE on the prompt and reading keys: nothing may delete a
	 * prompt or reading that has answers or notes. */
	"CREATE TABLE answers ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  prompt_id TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, number, prompt_id),"
	"  FOREIGN KEY (number, prompt_id) REFERENCES prompts(number, id)"
	");"
	"CREATE TABLE reading_states ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  reading_id TEXT NOT NULL,"
	"  notes TEXT NOT NULL DEFAULT '',"
	"  done INTEGER NOT NULL DEFAULT 0,"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, number, reading_id),"
	"  FOREIGN KEY (number, reading_id) REFERENCES readings(number, id)"
	");",
	/* 2: the history of each answer (answer_put keeps it); what was
	 * saved before counts as the first draft. */
	"CREATE TABLE answer_versions ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  prompt_id TEXT NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  value TEXT NOT NULL,"
	"  first_saved INTEGER NOT NULL,"
	"  last_saved INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, number, prompt_id, version),"
	"  FOREIGN KEY (number, prompt_id) REFERENCES prompts(number, id)"
	");"
	"INSERT INTO answer_versions (user_id, number, prompt_id, version,"
	"  value, first_saved, last_saved)"
	"  SELECT user_id, number, prompt_id, 1, value, updated, updated"
	"  FROM answers WHERE length(CAST(value AS BLOB)) > 0;",
	/* 3: cohorts (docs/cohorts.md): members, invites, how plans are
	 * shared, comments and what each owner has seen of them, partners,
	 * check-ins, the final review and facilitators' private notes.
	 * Creators may be deleted without losing what they made, so
	 * created_by is set to NULL then. */
	"CREATE TABLE cohorts ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  number INTEGER NOT NULL REFERENCES courses(number),"
	"  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  created INTEGER NOT NULL"
	");"
	"CREATE TABLE members ("
	"  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  role INTEGER NOT NULL CHECK (role IN (1, 2)),"
	"  joined INTEGER NOT NULL,"
	"  PRIMARY KEY (cohort_id, user_id)"
	");"
	"CREATE INDEX members_user ON members(user_id, cohort_id);"
	"CREATE TABLE invites ("
	"  token_hash TEXT PRIMARY KEY,"
	"  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
	"  role INTEGER NOT NULL CHECK (role IN (1, 2)),"
	"  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL,"
	"  revoked INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX invites_cohort ON invites(cohort_id);"
	/* A plan with no row is private with no link; link_hash is NULL
	 * when there is no link, and unique when there is. */
	"CREATE TABLE shares ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  exercise_id TEXT NOT NULL,"
	"  mode INTEGER NOT NULL CHECK (mode IN (0, 1)),"
	"  link_hash TEXT UNIQUE,"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, number, exercise_id)"
	");"
	"CREATE TABLE comments ("
	"  id INTEGER PRIMARY KEY,"
	"  parent INTEGER REFERENCES comments(id) ON DELETE CASCADE,"
	"  owner INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  exercise_id TEXT NOT NULL,"
	"  prompt_id TEXT NOT NULL,"
	"  author INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  body TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  edited INTEGER NOT NULL DEFAULT 0,"
	"  deleted INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX comments_plan ON comments(owner, number, exercise_id, id);"
	"CREATE INDEX comments_parent ON comments(parent);"
	"CREATE INDEX comments_author ON comments(author);"
	/* The newest comment id the owner has seen on each plan: ids only
	 * grow, so "unread" needs no clock. */
	"CREATE TABLE comments_seen ("
	"  owner INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  exercise_id TEXT NOT NULL,"
	"  seen_id INTEGER NOT NULL,"
	"  PRIMARY KEY (owner, number, exercise_id)"
	");"
	/* Both partners are members of the cohort: leaving it ends the
	 * partnership. */
	"CREATE TABLE partners ("
	"  cohort_id INTEGER NOT NULL,"
	"  supporter INTEGER NOT NULL,"
	"  supported INTEGER NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  PRIMARY KEY (cohort_id, supporter, supported),"
	"  CHECK (supporter <> supported),"
	"  FOREIGN KEY (cohort_id, supporter)"
	"    REFERENCES members(cohort_id, user_id) ON DELETE CASCADE,"
	"  FOREIGN KEY (cohort_id, supported)"
	"    REFERENCES members(cohort_id, user_id) ON DELETE CASCADE"
	");"
	"CREATE INDEX partners_supporter ON partners(supporter);"
	"CREATE INDEX partners_supported ON partners(supported, cohort_id);"
	"CREATE TABLE checkins ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  prompt_id TEXT NOT NULL,"
	"  milestone TEXT NOT NULL,"
	"  status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 3),"
	"  note TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  FOREIGN KEY (number, prompt_id) REFERENCES prompts(number, id)"
	");"
	"CREATE INDEX checkins_user ON checkins(user_id, number, id);"
	"CREATE TABLE reviews ("
	"  cohort_id INTEGER PRIMARY KEY"
	"    REFERENCES cohorts(id) ON DELETE CASCADE,"
	"  presenters TEXT NOT NULL,"
	"  current INTEGER NOT NULL,"
	"  started INTEGER NOT NULL"
	");"
	"CREATE TABLE review_notes ("
	"  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
	"  facilitator INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  presenter INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  text TEXT NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (cohort_id, facilitator, presenter)"
	");",
	/* 4: expired logins are forgotten when a new one is made
	 * (login_add), found by their expiry. */
	"CREATE INDEX logins_expires ON logins(expires);",
	/* 5: cohort_add counts the cohorts a person has made (their cap). */
	"CREATE INDEX cohorts_creator ON cohorts(created_by);",
	/* 6: partners by consent (docs/cohorts.md): 1 asked and waiting,
	 * 2 accepted, 3 declined, and when that last changed.  The rows
	 * before were made without the consent of the one backed, so they
	 * become requests that person must accept first: nothing is shown
	 * until then. */
	"ALTER TABLE partners ADD COLUMN state INTEGER NOT NULL DEFAULT 1"
	"  CHECK (state IN (1, 2, 3));"
	"ALTER TABLE partners ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;"
	"UPDATE partners SET state = 1, changed = created;",
	/* 7: when each login was last used, for the idle timeout
	 * (store_login_find); the logins there are count as used now. */
	"ALTER TABLE logins ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;"
	"UPDATE logins SET last_seen = CAST(strftime('%s', 'now') AS INTEGER);",
	/* 8: the tokens of invite and read-only links, so that their
	 * owners can copy a link again (NULL for links made before). */
	"ALTER TABLE invites ADD COLUMN token TEXT;"
	"ALTER TABLE shares ADD COLUMN link_token TEXT;",
};
#define NR_MIGRATIONS ((int)(sizeof(migrations) / sizeof(*migrations)))

/* The statements a connection prepares once, at open, and reuses. */
enum stmt_id {
	S_BEGIN,
	S_COMMIT,
	S_READ_BEGIN,
	S_SCHEMA_VERSION,
	S_USER_ADD,
	S_USER_BY_EMAIL,
	S_USER_BY_ID,
	S_USER_LIST,
	S_LOGIN_ADD,
	S_LOGIN_PURGE,
	S_LOGIN_GET,
	S_LOGIN_DEL,
	S_LOGIN_SEEN,
	S_LOGINS_END,
	S_PASSWORD_PUT,
	S_COURSE_PUT,
	S_PROMPT_ARCHIVE,
	S_PROMPT_PUT,
	S_READING_ARCHIVE,
	S_READING_PUT,
	S_COURSE_LIST,
	S_COURSE_SOURCE,
	S_PROMPT_LIST,
	S_ANSWER_PUT,
	S_ANSWER_LIST,
	S_VERSION_LAST,
	S_VERSION_ADD,
	S_VERSION_TOUCH,
	S_VERSION_LIST,
	S_VERSION_ENDS,
	S_NOTE_PUT,
	S_DONE_PUT,
	S_READING_LIST,
	S_COHORT_ADD,
	S_COHORT_COUNT,
	S_COHORT_GET,
	S_COHORT_LIST_USER,
	S_COHORT_LIST_ALL,
	S_MEMBER_PUT,
	S_MEMBER_ROLE,
	S_MEMBER_DEL,
	S_MEMBER_LIST,
	S_MEMBER_COUNT,
	S_COHORT_RELATION,
	S_INVITE_ADD,
	S_INVITE_GET,
	S_INVITE_REVOKE,
	S_INVITE_LIST,
	S_INVITE_COUNT,
	S_INVITE_PRUNE,
	S_SHARE_PUT,
	S_SHARE_GET,
	S_SHARE_BY_LINK,
	S_SHARE_LIST,
	S_COMMENT_ADD,
	S_COMMENT_EDIT,
	S_COMMENT_DELETE,
	S_COMMENT_GET,
	S_COMMENT_LIST,
	S_COMMENT_UNREAD,
	S_COMMENT_SEEN,
	S_COMMENT_COUNT,
	S_COMMENT_ROOT,
	S_COMMENT_REPLIES,
	S_PARTNER_GET,
	S_PARTNER_ADD,
	S_PARTNER_SET,
	S_PARTNER_DEL,
	S_PARTNER_LIST,
	S_CHECKIN_ADD,
	S_CHECKIN_LIST,
	S_CHECKIN_COUNT,
	S_REVIEW_PUT,
	S_REVIEW_GET,
	S_RNOTE_PUT,
	S_RNOTE_GET,
	NR_STMTS
};

#define USER_COLUMNS "id, email, name, pwhash, is_admin, created"
#define COHORT_COLUMNS "c.id, c.name, c.number, c.created_by, c.created"
#define INVITE_COLUMNS \
	"token_hash, cohort_id, role, created_by, created, expires, revoked," \
	" coalesce(token, '')"
#define SHARE_COLUMNS \
	"user_id, number, exercise_id, mode, coalesce(link_hash, '')," \
	" coalesce(link_token, '')"
#define PARTNER_COLUMNS \
	"cohort_id, supporter, supported, state, created, changed"
#define COMMENT_COLUMNS \
	"c.id, coalesce(c.parent, 0), c.owner, c.number, c.exercise_id," \
	" c.prompt_id, c.author, u.name, c.created, c.edited, c.deleted," \
	" c.body"

static const char *const stmt_sql[NR_STMTS] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_READ_BEGIN] = "BEGIN DEFERRED",
	[S_SCHEMA_VERSION] =
		"SELECT coalesce(max(version), 0) FROM schema_migrations",
	[S_USER_ADD] =
		"INSERT INTO users (email, name, pwhash, is_admin, created)"
		" VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_USER_BY_EMAIL] =
		"SELECT " USER_COLUMNS " FROM users WHERE email = ?1",
	[S_USER_BY_ID] = "SELECT " USER_COLUMNS " FROM users WHERE id = ?1",
	[S_USER_LIST] = "SELECT " USER_COLUMNS " FROM users ORDER BY id",
	[S_LOGIN_ADD] =
		"INSERT INTO logins (token_hash, user_id, csrf, expires,"
		" last_seen) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_LOGIN_PURGE] = "DELETE FROM logins WHERE expires <= ?1",
	/* The login and its user in one lookup: every page starts here. */
	[S_LOGIN_GET] =
		"SELECT u.id, u.email, u.name, u.pwhash, u.is_admin, u.created,"
		" l.csrf, l.expires, l.last_seen"
		" FROM logins l JOIN users u ON u.id = l.user_id"
		" WHERE l.token_hash = ?1",
	[S_LOGIN_DEL] = "DELETE FROM logins WHERE token_hash = ?1",
	[S_LOGIN_SEEN] =
		"UPDATE logins SET last_seen = ?2 WHERE token_hash = ?1",
	/* ?2 NULL: every login of the user goes. */
	[S_LOGINS_END] =
		"DELETE FROM logins WHERE user_id = ?1"
		" AND (?2 IS NULL OR token_hash <> ?2)",
	[S_PASSWORD_PUT] = "UPDATE users SET pwhash = ?2 WHERE id = ?1",
	[S_COURSE_PUT] =
		"INSERT INTO courses (number, title, source, updated)"
		" VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (number) DO UPDATE SET title = excluded.title,"
		" source = excluded.source, updated = excluded.updated",
	[S_PROMPT_ARCHIVE] = "UPDATE prompts SET archived = 1 WHERE number = ?1",
	[S_PROMPT_PUT] =
		"INSERT INTO prompts (number, id, exercise, position, text,"
		" archived) VALUES (?1, ?2, ?3, ?4, ?5, 0)"
		" ON CONFLICT (number, id) DO UPDATE SET"
		" exercise = excluded.exercise, position = excluded.position,"
		" text = excluded.text, archived = 0",
	[S_READING_ARCHIVE] =
		"UPDATE readings SET archived = 1 WHERE number = ?1",
	[S_READING_PUT] =
		"INSERT INTO readings (number, id, position, title, archived)"
		" VALUES (?1, ?2, ?3, ?4, 0)"
		" ON CONFLICT (number, id) DO UPDATE SET"
		" position = excluded.position, title = excluded.title,"
		" archived = 0",
	[S_COURSE_LIST] = "SELECT number, title FROM courses ORDER BY number",
	[S_COURSE_SOURCE] = "SELECT source FROM courses WHERE number = ?1",
	[S_PROMPT_LIST] =
		"SELECT id, text, archived FROM prompts WHERE number = ?1"
		" ORDER BY archived, position, id",
	[S_ANSWER_PUT] =
		"INSERT INTO answers (user_id, number, prompt_id, value,"
		" updated) VALUES (?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT (user_id, number, prompt_id) DO UPDATE SET"
		" value = excluded.value, updated = excluded.updated",
	/* Both lists are read on every page: they walk the primary key in
	 * its own order, with no join and no sort. */
	[S_ANSWER_LIST] =
		"SELECT prompt_id, value FROM answers"
		" WHERE user_id = ?1 AND number = ?2 ORDER BY prompt_id",
	[S_VERSION_LAST] =
		"SELECT version, value, first_saved FROM answer_versions"
		" WHERE user_id = ?1 AND number = ?2 AND prompt_id = ?3"
		" ORDER BY version DESC LIMIT 1",
	[S_VERSION_ADD] =
		"INSERT INTO answer_versions (user_id, number, prompt_id,"
		" version, value, first_saved, last_saved)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
	[S_VERSION_TOUCH] =
		"UPDATE answer_versions SET value = ?5, last_saved = ?6"
		" WHERE user_id = ?1 AND number = ?2 AND prompt_id = ?3"
		" AND version = ?4",
	[S_VERSION_LIST] =
		"SELECT version, value, first_saved, last_saved"
		" FROM answer_versions"
		" WHERE user_id = ?1 AND number = ?2 AND prompt_id = ?3"
		" ORDER BY version",
	/* Versions run 1..n, so the ends are version 1 and max(version). */
	[S_VERSION_ENDS] =
		"SELECT f.prompt_id, f.version, f.value, f.first_saved,"
		" f.last_saved, l.version, l.value, l.first_saved, l.last_saved"
		" FROM answer_versions f JOIN answer_versions l"
		" ON l.user_id = f.user_id AND l.number = f.number"
		" AND l.prompt_id = f.prompt_id"
		" WHERE f.user_id = ?1 AND f.number = ?2 AND f.version = 1"
		" AND l.version = (SELECT max(version) FROM answer_versions m"
		"  WHERE m.user_id = ?1 AND m.number = ?2"
		"  AND m.prompt_id = f.prompt_id)"
		" ORDER BY f.prompt_id",
	[S_NOTE_PUT] =
		"INSERT INTO reading_states (user_id, number, reading_id,"
		" notes, done, updated) VALUES (?1, ?2, ?3, ?4, 0, ?5)"
		" ON CONFLICT (user_id, number, reading_id) DO UPDATE SET"
		" notes = excluded.notes, updated = excluded.updated",
	[S_DONE_PUT] =
		"INSERT INTO reading_states (user_id, number, reading_id,"
		" notes, done, updated) VALUES (?1, ?2, ?3, '', ?4, ?5)"
		" ON CONFLICT (user_id, number, reading_id) DO UPDATE SET"
		" done = excluded.done, updated = excluded.updated",
	[S_READING_LIST] =
		"SELECT reading_id, notes, done FROM reading_states"
		" WHERE user_id = ?1 AND number = ?2 ORDER BY reading_id",
	[S_COHORT_ADD] =
		"INSERT INTO cohorts (name, number, created_by, created)"
		" VALUES (?1, ?2, ?3, ?4)",
	[S_COHORT_COUNT] = "SELECT count(*) FROM cohorts WHERE created_by = ?1",
	[S_COHORT_GET] =
		"SELECT " COHORT_COLUMNS ", 0 FROM cohorts c WHERE c.id = ?1",
	[S_COHORT_LIST_USER] =
		"SELECT " COHORT_COLUMNS ", m.role FROM members m"
		" JOIN cohorts c ON c.id = m.cohort_id"
		" WHERE m.user_id = ?1 ORDER BY c.id",
	[S_COHORT_LIST_ALL] =
		"SELECT " COHORT_COLUMNS ", 0 FROM cohorts c ORDER BY c.id",
	/* A member keeps the higher of two roles. */
	[S_MEMBER_PUT] =
		"INSERT INTO members (cohort_id, user_id, role, joined)"
		" VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (cohort_id, user_id) DO UPDATE SET"
		" role = max(role, excluded.role)",
	[S_MEMBER_ROLE] =
		"SELECT role FROM members WHERE cohort_id = ?1 AND user_id = ?2",
	[S_MEMBER_DEL] =
		"DELETE FROM members WHERE cohort_id = ?1 AND user_id = ?2",
	[S_MEMBER_LIST] =
		"SELECT m.cohort_id, m.role, m.joined, u.id, u.email, u.name,"
		" u.is_admin, u.created FROM members m"
		" JOIN users u ON u.id = m.user_id"
		" WHERE m.cohort_id = ?1 ORDER BY m.joined, m.rowid",
	/* Where the owner is a facilitator too, the viewer is at most a
	 * peer: facilitators see their participants' plans, not each
	 * other's. */
	[S_MEMBER_COUNT] = "SELECT count(*) FROM members WHERE cohort_id = ?1",
	[S_COHORT_RELATION] =
		"SELECT coalesce(max(CASE WHEN o.role = 1 THEN v.role"
		" ELSE 1 END), 0) FROM members o"
		" JOIN members v ON v.cohort_id = o.cohort_id"
		" JOIN cohorts c ON c.id = o.cohort_id"
		" WHERE o.user_id = ?2 AND v.user_id = ?1"
		" AND (?3 = 0 OR c.number = ?3)",
	[S_INVITE_ADD] =
		"INSERT INTO invites (token_hash, cohort_id, role, created_by,"
		" created, expires, revoked, token)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)",
	[S_INVITE_GET] =
		"SELECT " INVITE_COLUMNS " FROM invites WHERE token_hash = ?1",
	[S_INVITE_REVOKE] =
		"UPDATE invites SET revoked = 1, token = NULL"
		" WHERE cohort_id = ?1 AND token_hash = ?2",
	[S_INVITE_LIST] =
		"SELECT " INVITE_COLUMNS " FROM invites WHERE cohort_id = ?1"
		" ORDER BY created, rowid",
	[S_INVITE_COUNT] = "SELECT count(*) FROM invites WHERE cohort_id = ?1",
	/* Invites that no longer work, forgotten to make room for one. */
	[S_INVITE_PRUNE] =
		"DELETE FROM invites WHERE cohort_id = ?1"
		" AND (revoked <> 0 OR expires <= ?2)",
	[S_SHARE_PUT] =
		"INSERT INTO shares (user_id, number, exercise_id, mode,"
		" link_hash, updated, link_token)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
		" ON CONFLICT (user_id, number, exercise_id) DO UPDATE SET"
		" mode = excluded.mode, link_hash = excluded.link_hash,"
		" updated = excluded.updated, link_token = excluded.link_token",
	[S_SHARE_GET] =
		"SELECT " SHARE_COLUMNS " FROM shares"
		" WHERE user_id = ?1 AND number = ?2 AND exercise_id = ?3",
	[S_SHARE_BY_LINK] =
		"SELECT " SHARE_COLUMNS " FROM shares WHERE link_hash = ?1",
	[S_SHARE_LIST] =
		"SELECT " SHARE_COLUMNS " FROM shares"
		" WHERE user_id = ?1 AND number = ?2 ORDER BY exercise_id",
	/* A reply must be on the same plan as its parent: otherwise no row
	 * is inserted and the caller reports STORE_NOTFOUND. */
	[S_COMMENT_ADD] =
		"INSERT INTO comments (parent, owner, number, exercise_id,"
		" prompt_id, author, body, created)"
		" SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
		" WHERE ?1 IS NULL OR EXISTS (SELECT 1 FROM comments p"
		"  WHERE p.id = ?1 AND p.owner = ?2 AND p.number = ?3"
		"  AND p.exercise_id = ?4)",
	[S_COMMENT_EDIT] =
		"UPDATE comments SET body = ?3, edited = ?4"
		" WHERE id = ?1 AND author = ?2 AND deleted = 0",
	[S_COMMENT_DELETE] =
		"UPDATE comments SET body = '', deleted = 1, edited = ?3"
		" WHERE id = ?1 AND author = ?2 AND deleted = 0",
	[S_COMMENT_GET] =
		"SELECT " COMMENT_COLUMNS " FROM comments c"
		" JOIN users u ON u.id = c.author WHERE c.id = ?1",
	[S_COMMENT_LIST] =
		"SELECT " COMMENT_COLUMNS " FROM comments c"
		" JOIN users u ON u.id = c.author"
		" WHERE c.owner = ?1 AND c.number = ?2 AND c.exercise_id = ?3"
		" ORDER BY c.id",
	/* ?3 NULL: every exercise of the session. */
	[S_COMMENT_UNREAD] =
		"SELECT count(*) FROM comments c"
		" WHERE c.owner = ?1 AND c.number = ?2"
		" AND (?3 IS NULL OR c.exercise_id = ?3)"
		" AND c.author <> ?1 AND c.deleted = 0"
		" AND c.id > coalesce((SELECT s.seen_id FROM comments_seen s"
		"  WHERE s.owner = ?1 AND s.number = ?2"
		"  AND s.exercise_id = c.exercise_id), 0)",
	[S_COMMENT_SEEN] =
		"INSERT INTO comments_seen (owner, number, exercise_id, seen_id)"
		" SELECT ?1, ?2, ?3, coalesce(max(id), 0) FROM comments"
		" WHERE owner = ?1 AND number = ?2 AND exercise_id = ?3"
		" ON CONFLICT (owner, number, exercise_id) DO UPDATE SET"
		" seen_id = excluded.seen_id",
	[S_COMMENT_COUNT] =
		"SELECT count(*) FROM comments"
		" WHERE owner = ?1 AND number = ?2 AND exercise_id = ?3",
	/* The top of the thread comment ?1 (on plan ?3, ?4, ?5) is in,
	 * climbing at most ?2 parents: the last row has no parent when the
	 * top was reached. */
	[S_COMMENT_ROOT] =
		"WITH RECURSIVE up(id, parent, n) AS ("
		" SELECT id, parent, 0 FROM comments WHERE id = ?1"
		" AND owner = ?3 AND number = ?4 AND exercise_id = ?5"
		" UNION ALL SELECT c.id, c.parent, up.n + 1 FROM comments c"
		" JOIN up ON c.id = up.parent WHERE up.n < ?2)"
		" SELECT id, parent IS NULL FROM up ORDER BY n DESC LIMIT 1",
	/* The replies under comment ?1, counted up to ?2 of them. */
	[S_COMMENT_REPLIES] =
		"WITH RECURSIVE down(id) AS (SELECT ?1"
		" UNION ALL SELECT c.id FROM comments c"
		" JOIN down ON c.parent = down.id LIMIT ?2 + 1)"
		" SELECT count(*) - 1 FROM down",
	[S_PARTNER_GET] =
		"SELECT " PARTNER_COLUMNS " FROM partners"
		" WHERE cohort_id = ?1 AND supporter = ?2 AND supported = ?3",
	[S_PARTNER_ADD] =
		"INSERT INTO partners (cohort_id, supporter, supported, state,"
		" created, changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* Compare and set: only from the state the caller read. */
	[S_PARTNER_SET] =
		"UPDATE partners SET state = ?4, created = ?5, changed = ?6"
		" WHERE cohort_id = ?1 AND supporter = ?2 AND supported = ?3"
		" AND state = ?7",
	[S_PARTNER_DEL] =
		"DELETE FROM partners WHERE cohort_id = ?1 AND supporter = ?2"
		" AND supported = ?3 AND state = ?4",
	[S_PARTNER_LIST] =
		"SELECT " PARTNER_COLUMNS " FROM partners"
		" WHERE supporter = ?1 UNION ALL"
		" SELECT " PARTNER_COLUMNS " FROM partners"
		" WHERE supported = ?1 ORDER BY 5, 1, 2, 3",
	[S_CHECKIN_ADD] =
		"INSERT INTO checkins (user_id, number, prompt_id, milestone,"
		" status, note, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_CHECKIN_LIST] =
		"SELECT id, user_id, number, prompt_id, milestone, status, at,"
		" note FROM checkins WHERE user_id = ?1 AND number = ?2"
		" ORDER BY id",
	[S_CHECKIN_COUNT] =
		"SELECT count(*) FROM checkins WHERE user_id = ?1"
		" AND number = ?2",
	[S_REVIEW_PUT] =
		"INSERT INTO reviews (cohort_id, presenters, current, started)"
		" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (cohort_id) DO UPDATE SET"
		" presenters = excluded.presenters, current = excluded.current,"
		" started = excluded.started",
	[S_REVIEW_GET] =
		"SELECT presenters, current, started FROM reviews"
		" WHERE cohort_id = ?1",
	[S_RNOTE_PUT] =
		"INSERT INTO review_notes (cohort_id, facilitator, presenter,"
		" text, updated) VALUES (?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT (cohort_id, facilitator, presenter) DO UPDATE SET"
		" text = excluded.text, updated = excluded.updated",
	[S_RNOTE_GET] =
		"SELECT text FROM review_notes WHERE cohort_id = ?1"
		" AND facilitator = ?2 AND presenter = ?3",
};

struct sqlite_store {
	struct store base;      /* first, so a struct store * points here */
	sqlite3 *db;
	sqlite3_stmt *stmt[NR_STMTS];
	char err[256];          /* the last error, for store_errmsg() */
	struct checkpointing checkpoint;
	struct writer *writer;  /* the process's writer for this file, or NULL */
};

static struct sqlite_store *ss_of(struct store *st)
{
	return (struct sqlite_store *)st;
}

/*
 * Every write of this process to one database file goes through one
 * connection, its writer, used only under write_lock.  A connection's page
 * cache is dropped whenever another connection has committed, so when
 * each thread wrote through its own, every save began by reading its
 * pages back (eight preads per autosave under load); the writer's cache
 * stays warm.  Threads read through their own connections, as before.
 */
struct writer {
	dev_t dev;                      /* the file, which a path may not */
	ino_t ino;                      /* name for long (tests reuse them) */
	struct sqlite_store *conn;
	int refs;                       /* connections that write with it */
	struct writer *next;
};
static struct writer *writers;          /* guarded by write_lock */

/* Take the write lock; returns the connection to write with. */
static struct sqlite_store *write_begin(struct sqlite_store *ss)
{
	pthread_mutex_lock(&write_lock);
	return ss->writer ? ss->writer->conn : ss;
}

/*
 * Release the write lock taken for ss (w: what write_begin() gave), with
 * the writer's error message copied to ss when the write failed.  Then
 * run the checkpoint a commit asked for: a passive one lets writers go on,
 * so it runs outside the lock, on ss's own connection, and the other
 * threads' saves do not queue behind its fsync.
 */
static void write_end(struct sqlite_store *ss, struct sqlite_store *w,
		      int ret)
{
	int due = w->checkpoint.due;

	w->checkpoint.due = CKPT_NONE;
	if (w != ss && ret != STORE_OK)
		memcpy(ss->err, w->err, sizeof(ss->err));
	pthread_mutex_unlock(&write_lock);
	if (due == CKPT_PASSIVE)
		sqlite3_wal_checkpoint_v2(ss->db, NULL,
					  SQLITE_CHECKPOINT_PASSIVE, NULL,
					  NULL);
	if (due == CKPT_RESTART) {
		/* Readers finish within a page's time; don't hang a save
		 * on a slow one (the next CHECKPOINT_PAGES try again). */
		sqlite3_busy_timeout(ss->db, RESTART_WAIT_MS);
		sqlite3_wal_checkpoint_v2(ss->db, NULL,
					  SQLITE_CHECKPOINT_RESTART, NULL,
					  NULL);
		sqlite3_busy_timeout(ss->db, BUSY_TIMEOUT_MS);
	}
}

/* Record an error message of our own; returns STORE_ERR. */
__attribute__((format(printf, 2, 3)))
static int set_err(struct sqlite_store *ss, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ss->err, sizeof(ss->err), fmt, ap);
	va_end(ap);
	return STORE_ERR;
}

/*
 * Turn a failed SQLite result code into a store result, and keep SQLite's
 * message for store_errmsg().  Extended result codes are on, so constraint
 * failures can be told apart: a taken unique key is STORE_EXISTS, a
 * reference to a user, prompt or reading that does not exist is
 * STORE_NOTFOUND.  A full disk, a read-only file and an I/O error (any of
 * their extended codes: SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED...)
 * have codes of their own, so pages can say the server is at fault, and
 * everything else is STORE_ERR.
 */
static int db_fail(struct sqlite_store *ss, int rc)
{
	int ret;

	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		ret = STORE_EXISTS;
		break;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		ret = STORE_NOTFOUND;
		break;
	default:
		switch (rc & 0xff) {
		case SQLITE_FULL:
			ret = STORE_DISKFULL;
			break;
		case SQLITE_READONLY:
			ret = STORE_READONLY;
			break;
		case SQLITE_IOERR:
			ret = STORE_IOERR;
			break;
		default:
			ret = STORE_ERR;
			break;
		}
		break;
	}
	snprintf(ss->err, sizeof(ss->err), "%s", sqlite3_errmsg(ss->db));
	return ret;
}

/* Make a statement ready for its next use. */
static void stmt_done(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* Bind a NUL-terminated string; NULL binds the empty string. */
static int bind_str(sqlite3_stmt *s, int i, const char *v)
{
	return sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_STATIC);
}

/* Bind `len` bytes as text, embedded NULs and all. */
static int bind_text(sqlite3_stmt *s, int i, const char *v, size_t len)
{
	if (!v)
		return sqlite3_bind_text(s, i, "", 0, SQLITE_STATIC);
	return sqlite3_bind_text64(s, i, v, len, SQLITE_STATIC, SQLITE_UTF8);
}

/*
 * Run a statement that returns no rows.  `rc` is the result of binding
 * its parameters: when that failed, the statement is not run.  The
 * statement is reset either way.
 */
static int run(struct sqlite_store *ss, sqlite3_stmt *s, int rc)
{
	int ret = STORE_OK;

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK)
		ret = db_fail(ss, rc);
	stmt_done(s);
	return ret;
}

/*
 * Copy text column `col` into a fixed-size field of `size` bytes,
 * terminator included.  Returns -1 when it does not fit.
 */
static int copy_col(sqlite3_stmt *s, int col, char *dst, size_t size)
{
	const unsigned char *p = sqlite3_column_text(s, col);
	size_t n = (size_t)sqlite3_column_bytes(s, col);

	if (n >= size)
		return -1;
	if (n)
		memcpy(dst, p, n);
	dst[n] = '\0';
	return 0;
}

/* Is the string `s` terminated within its field of `size` bytes? */
static int fits(const char *s, size_t size)
{
	return strnlen(s, size) < size;
}

/* Run one statement, outside any prepared-statement cache. */
static int exec(struct sqlite_store *ss, const char *sql)
{
	int rc = sqlite3_exec(ss->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		db_fail(ss, rc);
	return rc;
}

/*
 * Run a query returning one integer into *out (0 when there is no row).
 * Returns an SQLite result code.
 */
static int query_int(struct sqlite_store *ss, const char *sql, int *out)
{
	sqlite3_stmt *s = NULL;
	int rc, v = 0;

	rc = sqlite3_prepare_v2(ss->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		goto out;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		v = sqlite3_column_int(s, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
out:
	if (rc != SQLITE_OK)
		db_fail(ss, rc);
	else
		*out = v;
	sqlite3_finalize(s);
	return rc;
}

/* Roll back the open transaction, if any (SQLite may have rolled it back
 * already), keeping the message of the error that caused it. */
static void rollback(struct sqlite_store *ss)
{
	if (!sqlite3_get_autocommit(ss->db))
		sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * The newest migration recorded in the database, 0 for a new database.
 * Returns an SQLite result code.
 */
static int read_version(struct sqlite_store *ss, int *version)
{
	int rc, have = 0;

	rc = query_int(ss, "SELECT count(*) FROM sqlite_master"
		       " WHERE type = 'table' AND name = 'schema_migrations'",
		       &have);
	if (rc == SQLITE_OK && !have)
		*version = 0;
	else if (rc == SQLITE_OK)
		rc = query_int(ss, "SELECT coalesce(max(version), 0)"
			       " FROM schema_migrations", version);
	return rc;
}

/*
 * Apply migration `v` unless it is recorded already, in one IMMEDIATE
 * transaction: the write lock is taken before looking, so when several
 * processes open a new database at once, exactly one applies each step
 * and the others find it recorded.  Returns STORE_OK or STORE_ERR.
 */
static int apply_migration(struct sqlite_store *ss, int v)
{
	char sql[160];
	int rc, applied = 0;

	rc = exec(ss, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = exec(ss, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			  " version INTEGER PRIMARY KEY,"
			  " applied_at INTEGER NOT NULL)");
	if (rc == SQLITE_OK) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM"
			 " schema_migrations WHERE version = %d", v);
		rc = query_int(ss, sql, &applied);
	}
	if (rc == SQLITE_OK && !applied) {
		rc = exec(ss, migrations[v - 1]);
		if (rc == SQLITE_OK) {
			snprintf(sql, sizeof(sql), "INSERT INTO"
				 " schema_migrations (version, applied_at)"
				 " VALUES (%d, %lld)", v,
				 (long long)time(NULL));
			rc = exec(ss, sql);
		}
	}
	if (rc == SQLITE_OK)
		rc = exec(ss, "COMMIT");
	if (rc != SQLITE_OK) {
		/* Keep the message of the step that failed. */
		char msg[sizeof(ss->err)];

		memcpy(msg, ss->err, sizeof(msg));
		rollback(ss);
		set_err(ss, "migration %d: %s", v, msg);
		return STORE_ERR;
	}
	return STORE_OK;
}

/*
 * Bring the schema up to date.  The common case, a database that is
 * current, costs two reads and no write lock.  A database written by a
 * newer program is refused rather than used with a schema we don't know.
 */
static int migrate(struct sqlite_store *ss)
{
	int v, ret = STORE_ERR;

	if (read_version(ss, &v) != SQLITE_OK)
		goto out;
	if (v > NR_MIGRATIONS) {
		set_err(ss, "the database has schema version %d, newer than"
			" this program's %d", v, NR_MIGRATIONS);
		goto out;
	}
	for (v = v + 1; v <= NR_MIGRATIONS; v++)
		if (apply_migration(ss, v) != STORE_OK)
			goto out;
	ret = STORE_OK;
out:
	return ret;
}

/*
 * Switch the database to write-ahead logging.  The setting is stored in
 * the database file, so this is a no-op after the first open; we check the
 * answer because a :memory: database or an odd file system can refuse it,
 * and the durability promise below depends on it.
 */
static int set_wal(struct sqlite_store *ss)
{
	sqlite3_stmt *s = NULL;
	int rc, ret = STORE_ERR;
	const char *mode;

	rc = sqlite3_prepare_v2(ss->db, "PRAGMA journal_mode = WAL", -1, &s,
				NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		db_fail(ss, rc);
		goto out;
	}
	mode = (const char *)sqlite3_column_text(s, 0);
	if (!mode || strcasecmp(mode, "wal")) {
		set_err(ss, "cannot use WAL mode (journal mode is %s)",
			mode ? mode : "unknown");
		goto out;
	}
	ret = STORE_OK;
out:
	sqlite3_finalize(s);
	return ret;
}

/* Finalise the statements and close the connection. */
static void sqlite_close(struct store *st)
{
	struct sqlite_store *ss = ss_of(st);
	struct writer *w, **pw;
	int i;

	if (!ss)
		return;
	if ((w = ss->writer)) {
		int last;

		pthread_mutex_lock(&write_lock);
		if ((last = --w->refs == 0))
			for (pw = &writers; *pw; pw = &(*pw)->next)
				if (*pw == w) {
					*pw = w->next;
					break;
				}
		pthread_mutex_unlock(&write_lock);
		if (last) {
			sqlite_close(&w->conn->base);
			free(w);
		}
	}
	for (i = 0; i < NR_STMTS; i++)
		sqlite3_finalize(ss->stmt[i]);
	sqlite3_close(ss->db);
	free(ss);
}

/*
 * Open (creating if needed) the database file `path` and bring its schema
 * up to date.  The order matters:
 *
 *  - the busy timeout comes first, before any statement, or a connection
 *    opened while another process writes fails with "database is locked";
 *  - WAL lets readers run beside the one writer;
 *  - synchronous=NORMAL: in WAL mode a commit is written to the log
 *    before COMMIT returns, so it survives kill -9 of this process; only
 *    the fsync is left to checkpoints, so a power cut or kernel crash can
 *    lose the last few commits (never corrupt the file).  FULL would fsync
 *    every commit, measured at 0.18x the write rate on our disks.
 *  - foreign keys are off by default in SQLite and are per connection.
 *
 * The database-wide steps (WAL, migrations) run under the write lock so
 * threads of one process opening at once don't race each other; other
 * processes are kept out by the busy timeout and BEGIN IMMEDIATE, and the
 * few lock conflicts SQLite reports at once are tried again.
 */
/* Process-wide settings, before SQLite initialises itself: memory
 * statistics take a global mutex on every allocation, which two page
 * threads then contend for; nothing here reads them. */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int open_conn(const char *path, struct store **out, char *err,
		     size_t errlen)
{
	struct sqlite_store *ss;
	int rc, i, tries, locked = 0, ret = STORE_ERR;

	ss = calloc(1, sizeof(*ss));
	if (!ss) {
		snprintf(err, errlen, "%s: out of memory", path);
		return STORE_ERR;
	}
	ss->base.be = &store_sqlite;
	pthread_once(&config_once, configure_sqlite);
	rc = sqlite3_open_v2(path, &ss->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(ss->db, BUSY_TIMEOUT_MS);
	if (rc != SQLITE_OK) {
		set_err(ss, "%s", ss->db ? sqlite3_errmsg(ss->db) :
			sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_extended_result_codes(ss->db, 1);
	sqlite3_wal_hook(ss->db, on_commit, &ss->checkpoint);

	pthread_mutex_lock(&write_lock);
	locked = 1;
	for (tries = 1;; tries++) {
		if (set_wal(ss) == STORE_OK &&
		    exec(ss, "PRAGMA synchronous = NORMAL") == SQLITE_OK &&
		    exec(ss, "PRAGMA foreign_keys = ON") == SQLITE_OK &&
		    migrate(ss) == STORE_OK)
			break;
		/* Processes creating one database at once can meet a lock
		 * SQLite does not wait for (changing the journal mode, or
		 * two readers both wanting to write); trying again is all
		 * they need. */
		if (tries == 20 || !strstr(ss->err, "locked"))
			goto out;
		usleep(5000 * tries);
	}
	write_end(ss, ss, STORE_OK);
	locked = 0;

	for (i = 0; i < NR_STMTS; i++) {
		rc = sqlite3_prepare_v3(ss->db, stmt_sql[i], -1,
					SQLITE_PREPARE_PERSISTENT,
					&ss->stmt[i], NULL);
		if (rc != SQLITE_OK) {
			db_fail(ss, rc);
			goto out;
		}
	}
	ret = STORE_OK;
out:
	if (locked)
		write_end(ss, ss, STORE_OK);
	if (ret == STORE_OK) {
		*out = &ss->base;
	} else {
		snprintf(err, errlen, "%s: %s", path, ss->err);
		sqlite_close(&ss->base);
	}
	return ret;
}

/* The writer for the file ss has open, made on first use; ss writes
 * through its own connection when there can be none. */
static void attach_writer(struct sqlite_store *ss, const char *path)
{
	struct writer *w, *made = NULL;
	struct store *conn = NULL;
	struct stat st;
	char err[256];

	if (stat(path, &st))
		return;
	for (;;) {
		pthread_mutex_lock(&write_lock);
		for (w = writers; w; w = w->next)
			if (w->dev == st.st_dev && w->ino == st.st_ino)
				break;
		if (!w && made) {
			w = made;
			w->next = writers;
			writers = w;
			made = NULL;
		}
		if (w) {
			w->refs++;
			ss->writer = w;
		}
		pthread_mutex_unlock(&write_lock);
		if (w || made)
			break;
		/* Open it unlocked (opening takes the lock), then look
		 * again: another thread may have made one meanwhile. */
		if (open_conn(path, &conn, err, sizeof(err)) != STORE_OK)
			break;
		if (!(made = calloc(1, sizeof(*made)))) {
			sqlite_close(conn);
			break;
		}
		made->dev = st.st_dev;
		made->ino = st.st_ino;
		made->conn = ss_of(conn);
	}
	if (made) {             /* another thread's came first */
		sqlite_close(&made->conn->base);
		free(made);
	}
}

static int sqlite_open(const char *path, struct store **out, char *err,
		       size_t errlen)
{
	int ret = open_conn(path, out, err, errlen);

	if (ret == STORE_OK)
		attach_writer(ss_of(*out), path);
	return ret;
}

static const char *sqlite_errmsg(struct store *st)
{
	struct sqlite_store *ss = ss_of(st);

	return ss->err[0] ? ss->err : "no error";
}

static int sqlite_read_begin(struct store *st)
{
	struct sqlite_store *ss = ss_of(st);

	return run(ss, ss->stmt[S_READ_BEGIN], SQLITE_OK);
}

static int sqlite_read_end(struct store *st)
{
	struct sqlite_store *ss = ss_of(st);

	return run(ss, ss->stmt[S_COMMIT], SQLITE_OK);
}

static int sqlite_schema_version(struct store *st, int *version)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_SCHEMA_VERSION];
	int rc, ret = STORE_ERR;

	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(s, 0);
		ret = STORE_OK;
	} else {
		db_fail(ss, rc);
	}
	stmt_done(s);
	return ret;
}

/* Fill a struct user from a row of USER_COLUMNS. */
static int row_to_user(struct sqlite_store *ss, sqlite3_stmt *s,
		       struct user *u)
{
	u->id = sqlite3_column_int64(s, 0);
	if (copy_col(s, 1, u->email, sizeof(u->email)) ||
	    copy_col(s, 2, u->name, sizeof(u->name)) ||
	    copy_col(s, 3, u->pwhash, sizeof(u->pwhash)))
		return set_err(ss, "user %lld: a stored field is too long",
			       (long long)u->id);
	u->is_admin = sqlite3_column_int(s, 4);
	u->created = sqlite3_column_int64(s, 5);
	return STORE_OK;
}

/*
 * Step a query expected to return at most one user, into *out.  `rc` is
 * the result of binding its parameters.
 */
static int user_one(struct sqlite_store *ss, sqlite3_stmt *s, int rc,
		    struct user *out)
{
	struct user u;
	int ret;

	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		ret = row_to_user(ss, s, &u);
		if (ret == STORE_OK)
			*out = u;
	} else if (rc == SQLITE_DONE) {
		ret = STORE_NOTFOUND;
	} else {
		ret = db_fail(ss, rc);
	}
	stmt_done(s);
	return ret;
}

/*
 * Add a user.  The email is unique without regard to ASCII case: a second
 * sign-up as Alice@Example.org after alice@example.org is STORE_EXISTS.
 * On success u->id and u->created are set.
 */
static int sqlite_user_add(struct store *st, struct user *u)
{
	struct sqlite_store *me = ss_of(st), *ss;
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *s;
	int rc, ret;

	if (!fits(u->email, sizeof(u->email)) ||
	    !fits(u->name, sizeof(u->name)) ||
	    !fits(u->pwhash, sizeof(u->pwhash)))
		return set_err(me, "user_add: a field is not terminated");

	ss = write_begin(me);
	s = ss->stmt[S_USER_ADD];
	rc = bind_str(s, 1, u->email);
	if (rc == SQLITE_OK)
		rc = bind_str(s, 2, u->name);
	if (rc == SQLITE_OK)
		rc = bind_str(s, 3, u->pwhash);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 4, u->is_admin ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 5, now);
	ret = run(ss, s, rc);
	if (ret == STORE_OK) {
		u->id = sqlite3_last_insert_rowid(ss->db);
		u->created = now;
	}
	write_end(me, ss, ret);
	return ret;
}

static int sqlite_user_by_email(struct store *st, const char *email,
				struct user *out)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_USER_BY_EMAIL];

	return user_one(ss, s, bind_str(s, 1, email), out);
}

static int sqlite_user_by_id(struct store *st, int64_t id, struct user *out)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_USER_BY_ID];

	return user_one(ss, s, sqlite3_bind_int64(s, 1, id), out);
}

/* Call fn for every user, oldest first. */
static int sqlite_user_list(struct store *st, store_user_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_USER_LIST];
	struct user u;
	int rc, ret = STORE_OK;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ret = row_to_user(ss, s, &u);
		if (ret != STORE_OK || fn(ctx, &u))
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* Commit when ret is STORE_OK, else roll back; returns the result. */
static int finish(struct sqlite_store *w, int ret)
{
	if (ret == STORE_OK)
		ret = run(w, w->stmt[S_COMMIT], SQLITE_OK);
	if (ret != STORE_OK)
		rollback(w);
	return ret;
}

/* Record a login.  A token hash in use is STORE_EXISTS; an unknown user
 * is STORE_NOTFOUND. */
static int sqlite_login_add(struct store *st, const char *token_hash,
			    const struct login *l)
{
	struct sqlite_store *me = ss_of(st), *ss;
	int64_t now = store_now(st);
	sqlite3_stmt *s;
	int rc, ret;

	if (!token_hash || !*token_hash || !fits(l->csrf, sizeof(l->csrf)))
		return set_err(me, "login_add: bad token hash or csrf");

	ss = write_begin(me);
	ret = run(ss, ss->stmt[S_BEGIN], SQLITE_OK);
	/* The expired ones go with each new one, so the table holds about
	 * as many rows as there are people logged in. */
	if (ret == STORE_OK) {
		s = ss->stmt[S_LOGIN_PURGE];
		ret = run(ss, s, sqlite3_bind_int64(s, 1, now));
	}
	if (ret == STORE_OK) {
		s = ss->stmt[S_LOGIN_ADD];
		rc = bind_str(s, 1, token_hash);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(s, 2, l->user_id);
		if (rc == SQLITE_OK)
			rc = bind_str(s, 3, l->csrf);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(s, 4, l->expires);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(s, 5, now);
		ret = run(ss, s, rc);
	}
	ret = finish(ss, ret);
	write_end(me, ss, ret);
	return ret;
}

/* Find a login and its user, whatever its times (store_login_find()
 * decides whether it is still alive). */
static int sqlite_login_get(struct store *st, const char *token_hash,
			    struct login *out)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_LOGIN_GET];
	struct login l;
	int rc, ret;

	rc = bind_str(s, 1, token_hash);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		ret = row_to_user(ss, s, &l.user);
		l.user_id = l.user.id;
		l.expires = sqlite3_column_int64(s, 7);
		l.last_seen = sqlite3_column_int64(s, 8);
		if (ret == STORE_OK && copy_col(s, 6, l.csrf, sizeof(l.csrf))) {
			ret = set_err(ss, "login: stored csrf is too long");
		} else if (ret == STORE_OK) {
			*out = l;
			ret = STORE_OK;
		}
	} else if (rc == SQLITE_DONE) {
		ret = STORE_NOTFOUND;
	} else {
		ret = db_fail(ss, rc);
	}
	stmt_done(s);
	return ret;
}

/* Forget a login (log out).  STORE_NOTFOUND when there was none. */
static int sqlite_login_del(struct store *st, const char *token_hash)
{
	struct sqlite_store *me = ss_of(st), *ss = write_begin(me);
	sqlite3_stmt *s = ss->stmt[S_LOGIN_DEL];
	int ret;

	ret = run(ss, s, bind_str(s, 1, token_hash));
	if (ret == STORE_OK && sqlite3_changes(ss->db) == 0)
		ret = STORE_NOTFOUND;
	write_end(me, ss, ret);
	return ret;
}

/* Record a login's use (store_login_find() says when one is due). */
static int sqlite_login_seen(struct store *st, const char *token_hash,
			     int64_t when)
{
	struct sqlite_store *me = ss_of(st), *ss = write_begin(me);
	sqlite3_stmt *s = ss->stmt[S_LOGIN_SEEN];
	int rc, ret;

	rc = bind_str(s, 1, token_hash);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 2, when);
	ret = run(ss, s, rc);
	if (ret == STORE_OK && sqlite3_changes(ss->db) == 0)
		ret = STORE_NOTFOUND;
	write_end(me, ss, ret);
	return ret;
}

/* Bind and run S_LOGINS_END on ss, inside or outside a transaction. */
static int logins_end_run(struct sqlite_store *ss, int64_t user,
			  const char *keep_hash)
{
	sqlite3_stmt *s = ss->stmt[S_LOGINS_END];
	int rc;

	rc = sqlite3_bind_int64(s, 1, user);
	if (rc == SQLITE_OK)
		rc = keep_hash ? bind_str(s, 2, keep_hash) :
		     sqlite3_bind_null(s, 2);
	return run(ss, s, rc);
}

/* Log a user out everywhere, or everywhere but one login. */
static int sqlite_logins_end(struct store *st, int64_t user,
			     const char *keep_hash)
{
	struct sqlite_store *me = ss_of(st), *ss = write_begin(me);
	int ret = logins_end_run(ss, user, keep_hash);

	write_end(me, ss, ret);
	return ret;
}

/* A new password, and the user's other logins ended with the old one:
 * both or neither. */
static int sqlite_password_put(struct store *st, int64_t user,
			       const char *pwhash, const char *keep_hash)
{
	struct sqlite_store *me = ss_of(st), *ss;
	sqlite3_stmt *s;
	int rc, ret;

	if (!pwhash || !*pwhash || !fits(pwhash, STORE_HASH_MAX + 1))
		return set_err(me, "password_put: bad password hash");
	ss = write_begin(me);
	ret = run(ss, ss->stmt[S_BEGIN], SQLITE_OK);
	if (ret == STORE_OK) {
		s = ss->stmt[S_PASSWORD_PUT];
		rc = sqlite3_bind_int64(s, 1, user);
		if (rc == SQLITE_OK)
			rc = bind_str(s, 2, pwhash);
		ret = run(ss, s, rc);
		if (ret == STORE_OK && sqlite3_changes(ss->db) == 0)
			ret = STORE_NOTFOUND;
	}
	if (ret == STORE_OK)
		ret = logins_end_run(ss, user, keep_hash);
	ret = finish(ss, ret);
	write_end(me, ss, ret);
	return ret;
}

/*
 * The body of course_put, run inside its transaction: the course row, then
 * prompts and readings.  Everything stored for the session is first marked
 * archived, and every prompt and reading in the model is then upserted
 * with archived = 0, so what the model lacks stays archived.  Nothing is
 * deleted.  Prompts are numbered in document order across exercises; the
 * session's reflection prompt, when it has one, comes last, with the
 * exercise number one past the last exercise's.
 */
static int course_put_rows(struct sqlite_store *ss, const struct session *m,
			   const char *source, size_t len)
{
	sqlite3_stmt *s;
	int64_t now = (int64_t)time(NULL);
	int rc, ret, position = 0;
	size_t e, i;

	s = ss->stmt[S_COURSE_PUT];
	rc = sqlite3_bind_int(s, 1, m->number);
	if (rc == SQLITE_OK)
		rc = bind_str(s, 2, m->title);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_blob64(s, 3, source ? source : "",
					 source ? len : 0, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 4, now);
	ret = run(ss, s, rc);
	if (ret != STORE_OK)
		return ret;

	s = ss->stmt[S_PROMPT_ARCHIVE];
	ret = run(ss, s, sqlite3_bind_int(s, 1, m->number));
	if (ret != STORE_OK)
		return ret;
	s = ss->stmt[S_PROMPT_PUT];
	for (e = 0; e < m->nr_exercises; e++) {
		const struct exercise *ex = &m->exercises[e];

		for (i = 0; i < ex->nr_prompts; i++) {
			const struct prompt *p = &ex->prompts[i];

			if (!p->id || !*p->id)
				return set_err(ss, "course_put: a prompt "
					       "in exercise %zu has no id",
					       e + 1);
			rc = sqlite3_bind_int(s, 1, m->number);
			if (rc == SQLITE_OK)
				rc = bind_str(s, 2, p->id);
			if (rc == SQLITE_OK)
				rc = sqlite3_bind_int(s, 3, (int)e);
			if (rc == SQLITE_OK)
				rc = sqlite3_bind_int(s, 4, position++);
			if (rc == SQLITE_OK)
				rc = bind_str(s, 5, p->plain ? p->plain :
					      p->text);
			ret = run(ss, s, rc);
			if (ret != STORE_OK)
				return ret;
		}
	}
	/* The Thoughts section's box: a prompt after the last exercise's. */
	if (m->reflection && m->reflection->id) {
		rc = sqlite3_bind_int(s, 1, m->number);
		if (rc == SQLITE_OK)
			rc = bind_str(s, 2, m->reflection->id);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int(s, 3, (int)m->nr_exercises);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int(s, 4, position++);
		if (rc == SQLITE_OK)
			rc = bind_str(s, 5, m->reflection->plain);
		ret = run(ss, s, rc);
		if (ret != STORE_OK)
			return ret;
	}

	s = ss->stmt[S_READING_ARCHIVE];
	ret = run(ss, s, sqlite3_bind_int(s, 1, m->number));
	if (ret != STORE_OK)
		return ret;
	s = ss->stmt[S_READING_PUT];
	for (i = 0; i < m->nr_readings; i++) {
		const struct reading *r = &m->readings[i];

		if (!r->id || !*r->id)
			return set_err(ss, "course_put: reading %zu has no id",
				       i + 1);
		rc = sqlite3_bind_int(s, 1, m->number);
		if (rc == SQLITE_OK)
			rc = bind_str(s, 2, r->id);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int(s, 3, (int)i);
		if (rc == SQLITE_OK)
			rc = bind_str(s, 4, r->title);
		ret = run(ss, s, rc);
		if (ret != STORE_OK)
			return ret;
	}
	return STORE_OK;
}

/*
 * Store a session's source and model in one transaction; see
 * course_put_rows() for what happens to prompts and readings.  The session
 * must have a number (> 0).  On any failure nothing is changed.
 */
static int sqlite_course_put(struct store *st, const struct session *m,
			     const char *source, size_t len)
{
	struct sqlite_store *me = ss_of(st), *ss;
	int ret;

	if (m->number <= 0)
		return set_err(me, "course_put: the session has no number");

	ss = write_begin(me);
	ret = run(ss, ss->stmt[S_BEGIN], SQLITE_OK);
	if (ret != STORE_OK)
		goto out;
	ret = course_put_rows(ss, m, source, len);
	ret = finish(ss, ret);
out:
	write_end(me, ss, ret);
	return ret;
}

/* Call fn for every stored session, by number. */
static int sqlite_course_list(struct store *st, store_course_fn *fn,
			      void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_COURSE_LIST];
	int rc, ret = STORE_OK;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, sqlite3_column_int(s, 0),
		       (const char *)sqlite3_column_text(s, 1)))
			goto out;
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* The stored source of a session, copied into a NUL-terminated malloc'd
 * buffer (the terminator is not counted in *len). */
static int sqlite_course_source(struct store *st, int number, char **src,
				size_t *len)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_COURSE_SOURCE];
	const void *p;
	size_t n;
	char *copy;
	int rc, ret;

	rc = sqlite3_bind_int(s, 1, number);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		ret = STORE_NOTFOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		ret = db_fail(ss, rc);
		goto out;
	}
	p = sqlite3_column_blob(s, 0);
	n = (size_t)sqlite3_column_bytes(s, 0);
	copy = malloc(n + 1);
	if (!copy) {
		ret = set_err(ss, "course_source: out of memory");
		goto out;
	}
	if (n)
		memcpy(copy, p, n);
	copy[n] = '\0';
	*src = copy;
	*len = n;
	ret = STORE_OK;
out:
	stmt_done(s);
	return ret;
}

/* Call fn for every prompt ever stored for a session: current ones in
 * order first, then archived ones. */
static int sqlite_prompt_list(struct store *st, int number,
			      store_prompt_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_PROMPT_LIST];
	int rc, ret = STORE_OK;

	rc = sqlite3_bind_int(s, 1, number);
	if (rc != SQLITE_OK) {
		ret = db_fail(ss, rc);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, (const char *)sqlite3_column_text(s, 0),
		       (const char *)sqlite3_column_text(s, 1),
		       sqlite3_column_int(s, 2)))
			goto out;
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* Bind the (user, number, prompt) key every version statement starts
 * with. */
static int bind_key(sqlite3_stmt *s, int64_t user, int number,
		    const char *prompt_id)
{
	int rc = sqlite3_bind_int64(s, 1, user);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 2, number);
	if (rc == SQLITE_OK)
		rc = bind_str(s, 3, prompt_id);
	return rc;
}

/*
 * Keep the history of an answer just saved as `value` (see
 * STORE_VERSION_GAP in store.h): add a version, replace the newest, or do
 * nothing when the text is the newest version's.  Runs inside
 * answers_put's transaction.
 */
static int version_keep(struct sqlite_store *ss, int64_t user, int number,
			const char *prompt_id, const char *value, size_t len,
			int64_t now)
{
	sqlite3_stmt *s = ss->stmt[S_VERSION_LAST];
	int rc, ret, last = 0, same = 0;
	int64_t first = 0;

	rc = bind_key(s, user, number, prompt_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const void *old = sqlite3_column_blob(s, 1);
		size_t n = (size_t)sqlite3_column_bytes(s, 1);

		last = sqlite3_column_int(s, 0);
		first = sqlite3_column_int64(s, 2);
		same = n == len && (!len || !memcmp(old, value, len));
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		ret = db_fail(ss, rc);
		stmt_done(s);
		return ret;
	}
	stmt_done(s);
	if (same || (!last && !len))
		return STORE_OK;

	if (last && (now - first <= STORE_VERSION_GAP ||
		     last >= STORE_VERSIONS_MAX))
		s = ss->stmt[S_VERSION_TOUCH];
	else
		s = ss->stmt[S_VERSION_ADD], last++;
	rc = bind_key(s, user, number, prompt_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 4, last);
	if (rc == SQLITE_OK)
		rc = bind_text(s, 5, value, len);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 6, now);
	return run(ss, s, rc);
}

static int sqlite_answer_list(struct store *st, int64_t user, int number,
			      store_answer_fn *fn, void *ctx);

/*
 * Insert or replace a participant's answers, and keep their history, in
 * one transaction (one WAL commit).  Each value is stored as `len` bytes
 * exactly, embedded NULs included.  An unknown user or prompt is
 * STORE_NOTFOUND and saves none of them.  With fn, the session's answers
 * are read back before the commit, so the caller sees what it saved
 * without a second transaction.
 */
static int sqlite_answers_put(struct store *st, int64_t user, int number,
			      const struct answer_put *v, size_t n,
			      store_answer_fn *fn, void *ctx)
{
	struct sqlite_store *me = ss_of(st), *ss = write_begin(me);
	sqlite3_stmt *s = ss->stmt[S_ANSWER_PUT];
	int64_t now = store_now(st);
	int rc, ret;
	size_t i;

	ret = run(ss, ss->stmt[S_BEGIN], SQLITE_OK);
	for (i = 0; i < n && ret == STORE_OK; i++) {
		rc = bind_key(s, user, number, v[i].prompt_id);
		if (rc == SQLITE_OK)
			rc = bind_text(s, 4, v[i].value, v[i].len);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(s, 5, now);
		ret = run(ss, s, rc);
		if (ret == STORE_OK)
			ret = version_keep(ss, user, number, v[i].prompt_id,
					   v[i].value, v[i].len, now);
	}
	if (ret == STORE_OK && fn)
		ret = sqlite_answer_list(&ss->base, user, number, fn, ctx);
	ret = finish(ss, ret);
	write_end(me, ss, ret);
	return ret;
}

/* Read the four version columns starting at `col`. */
static void row_to_version(sqlite3_stmt *s, int col,
			   struct answer_version *v)
{
	v->version = sqlite3_column_int(s, col);
	v->value = (const char *)sqlite3_column_text(s, col + 1);
	v->len = (size_t)sqlite3_column_bytes(s, col + 1);
	if (!v->value)
		v->value = "";
	v->first_saved = sqlite3_column_int64(s, col + 2);
	v->last_saved = sqlite3_column_int64(s, col + 3);
}

/* Call fn for each version of one answer, oldest first. */
static int sqlite_version_list(struct store *st, int64_t user, int number,
			       const char *prompt_id, store_version_fn *fn,
			       void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_VERSION_LIST];
	struct answer_version v;
	int rc, ret = STORE_OK;

	rc = bind_key(s, user, number, prompt_id);
	if (rc != SQLITE_OK) {
		ret = db_fail(ss, rc);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		row_to_version(s, 0, &v);
		if (fn(ctx, prompt_id, &v))
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* Call fn with the first and newest version of every answer with a
 * history in the session, by prompt id. */
static int sqlite_version_ends(struct store *st, int64_t user, int number,
			       store_version_ends_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_VERSION_ENDS];
	struct answer_version first, latest;
	int rc, ret = STORE_OK;

	rc = sqlite3_bind_int64(s, 1, user);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 2, number);
	if (rc != SQLITE_OK) {
		ret = db_fail(ss, rc);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		row_to_version(s, 1, &first);
		row_to_version(s, 5, &latest);
		if (fn(ctx, (const char *)sqlite3_column_text(s, 0), &first,
		       &latest))
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* Call fn for each of a participant's answers in a session, in prompt
 * order; `value` is valid only during the call. */
static int sqlite_answer_list(struct store *st, int64_t user, int number,
			      store_answer_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_ANSWER_LIST];
	const char *value;
	int rc, ret = STORE_OK;

	rc = sqlite3_bind_int64(s, 1, user);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 2, number);
	if (rc != SQLITE_OK) {
		ret = db_fail(ss, rc);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		value = (const char *)sqlite3_column_text(s, 1);
		if (fn(ctx, (const char *)sqlite3_column_text(s, 0),
		       value ? value : "",
		       (size_t)sqlite3_column_bytes(s, 1)))
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/*
 * Upsert one column of a reading state with statement `id` (S_NOTE_PUT
 * binds text notes, S_DONE_PUT an integer flag), keeping the other.
 */
static int reading_put(struct sqlite_store *me, enum stmt_id id,
		       int64_t user, int number, const char *reading_id,
		       const char *notes, int done)
{
	struct sqlite_store *ss = write_begin(me);
	sqlite3_stmt *s = ss->stmt[id];
	int rc, ret;

	rc = sqlite3_bind_int64(s, 1, user);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 2, number);
	if (rc == SQLITE_OK)
		rc = bind_str(s, 3, reading_id);
	if (rc == SQLITE_OK)
		rc = id == S_NOTE_PUT ? bind_str(s, 4, notes) :
			sqlite3_bind_int(s, 4, done ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 5, (int64_t)time(NULL));
	ret = run(ss, s, rc);
	write_end(me, ss, ret);
	return ret;
}

static int sqlite_reading_note_put(struct store *st, int64_t user,
				   int number, const char *reading_id,
				   const char *notes)
{
	return reading_put(ss_of(st), S_NOTE_PUT, user, number, reading_id,
			   notes, 0);
}

static int sqlite_reading_done_put(struct store *st, int64_t user,
				   int number, const char *reading_id,
				   int done)
{
	return reading_put(ss_of(st), S_DONE_PUT, user, number, reading_id,
			   NULL, done);
}

/* Call fn for each reading a participant has notes on or marked done, in
 * reading order. */
static int sqlite_reading_list(struct store *st, int64_t user, int number,
			       store_reading_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_READING_LIST];
	int rc, ret = STORE_OK;

	rc = sqlite3_bind_int64(s, 1, user);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 2, number);
	if (rc != SQLITE_OK) {
		ret = db_fail(ss, rc);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, (const char *)sqlite3_column_text(s, 0),
		       (const char *)sqlite3_column_text(s, 1),
		       sqlite3_column_int(s, 2)))
			goto out;
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* ---- cohorts (docs/cohorts.md) ---- */

/*
 * Bind parameters 1, 2, ... from `fmt`, one letter each:
 *   i  int64_t              n  int
 *   s  const char * (NULL binds "")
 *   I  int64_t, bound as NULL when 0 (an optional reference)
 *   S  const char *, bound as NULL when NULL or ""
 * Returns an SQLite result code.
 */
static int bind_va(sqlite3_stmt *s, const char *fmt, va_list ap)
{
	int rc = SQLITE_OK, i;
	int64_t v;
	const char *t;

	for (i = 1; rc == SQLITE_OK && fmt[i - 1]; i++) {
		switch (fmt[i - 1]) {
		case 'i':
			rc = sqlite3_bind_int64(s, i, va_arg(ap, int64_t));
			break;
		case 'n':
			rc = sqlite3_bind_int(s, i, va_arg(ap, int));
			break;
		case 's':
			rc = bind_str(s, i, va_arg(ap, const char *));
			break;
		case 'I':
			v = va_arg(ap, int64_t);
			rc = v ? sqlite3_bind_int64(s, i, v) :
				sqlite3_bind_null(s, i);
			break;
		case 'S':
			t = va_arg(ap, const char *);
			rc = t && *t ? bind_str(s, i, t) :
				sqlite3_bind_null(s, i);
			break;
		default:
			rc = SQLITE_MISUSE;
			break;
		}
	}
	return rc;
}

static int bind(sqlite3_stmt *s, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = bind_va(s, fmt, ap);
	va_end(ap);
	return rc;
}

#define W_CHANGE 1      /* no row changed is STORE_NOTFOUND */

/*
 * Run one writing statement under the write lock, with parameters bound
 * per bind_va().  With W_CHANGE, a statement that changed no row is
 * STORE_NOTFOUND.  When rowid is not NULL it gets the new row's id.  A
 * single statement commits on its own (autocommit), so STORE_OK is
 * durable.
 */
static int write_one(struct sqlite_store *me, enum stmt_id id, int flags,
		     int64_t *rowid, const char *fmt, ...)
{
	struct sqlite_store *ss = write_begin(me);
	sqlite3_stmt *s = ss->stmt[id];
	va_list ap;
	int rc, ret;

	va_start(ap, fmt);
	rc = bind_va(s, fmt, ap);
	ret = run(ss, s, rc);
	if (ret == STORE_OK && (flags & W_CHANGE) &&
	    sqlite3_changes(ss->db) == 0)
		ret = STORE_NOTFOUND;
	if (ret == STORE_OK && rowid)
		*rowid = sqlite3_last_insert_rowid(ss->db);
	write_end(me, ss, ret);
	va_end(ap);
	return ret;
}

/*
 * Step a bound statement once: SQLITE_ROW is STORE_OK (the row is left
 * for the caller to read), no row STORE_NOTFOUND.  `rc` is the result of
 * binding.  The caller calls stmt_done() in every case.
 */
static int step_one(struct sqlite_store *ss, sqlite3_stmt *s, int rc)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return db_fail(ss, rc);
}

/* Texts are refused, not cut, when longer than their limit. */
static int text_ok(struct sqlite_store *ss, const char *what, const char *t)
{
	if (t && strnlen(t, STORE_TEXT_MAX + 1) > STORE_TEXT_MAX) {
		set_err(ss, "%s: longer than %d bytes", what, STORE_TEXT_MAX);
		return 0;
	}
	return 1;
}

/* An exercise or prompt id: present (unless it may be empty) and short
 * enough to read back into its field. */
static int id_ok(struct sqlite_store *ss, const char *what, const char *id,
		 int may_be_empty)
{
	if (!id || (!*id && !may_be_empty) ||
	    strnlen(id, STORE_ID_MAX + 1) > STORE_ID_MAX) {
		set_err(ss, "%s: missing or longer than %d bytes", what,
			STORE_ID_MAX);
		return 0;
	}
	return 1;
}

static int role_ok(struct sqlite_store *ss, int role)
{
	if (role != ROLE_PARTICIPANT && role != ROLE_FACILITATOR) {
		set_err(ss, "no such role: %d", role);
		return 0;
	}
	return 1;
}

/*
 * Run a counting query bound per bind_va() and put its one integer in
 * *n.  Returns a store result.
 */
static int count_of(struct sqlite_store *ss, enum stmt_id id, int64_t *n,
		    const char *fmt, ...)
{
	sqlite3_stmt *s = ss->stmt[id];
	va_list ap;
	int rc, ret;

	va_start(ap, fmt);
	rc = bind_va(s, fmt, ap);
	va_end(ap);
	ret = step_one(ss, s, rc);
	if (ret == STORE_OK)
		*n = sqlite3_column_int64(s, 0);
	else if (ret == STORE_NOTFOUND)
		ret = set_err(ss, "a count gave no row");
	stmt_done(s);
	return ret;
}

/* A write refused by cap `cap` (store.h): st is the caller's store. */
static int full(struct store *st, struct sqlite_store *ss,
		enum store_cap cap, const char *what, int max)
{
	st->full = cap;
	set_err(ss, "%s: the cap of %d is reached", what, max);
	return STORE_FULL;
}

/* Open a write transaction on the writer w; returns a store result. */
static int begin(struct sqlite_store *w)
{
	return run(w, w->stmt[S_BEGIN], SQLITE_OK);
}

/* Fill a struct cohort from COHORT_COLUMNS and a role. */
static int row_to_cohort(struct sqlite_store *ss, sqlite3_stmt *s,
			 struct cohort *c)
{
	c->id = sqlite3_column_int64(s, 0);
	if (copy_col(s, 1, c->name, sizeof(c->name)))
		return set_err(ss, "cohort %lld: stored name is too long",
			       (long long)c->id);
	c->number = sqlite3_column_int(s, 2);
	c->created_by = sqlite3_column_int64(s, 3);
	c->created = sqlite3_column_int64(s, 4);
	c->role = sqlite3_column_int(s, 5);
	return STORE_OK;
}

static int row_to_invite(struct sqlite_store *ss, sqlite3_stmt *s,
			 struct invite *i)
{
	if (copy_col(s, 0, i->token_hash, sizeof(i->token_hash)))
		return set_err(ss, "invite: stored hash is too long");
	i->cohort_id = sqlite3_column_int64(s, 1);
	i->role = sqlite3_column_int(s, 2);
	i->created_by = sqlite3_column_int64(s, 3);
	i->created = sqlite3_column_int64(s, 4);
	i->expires = sqlite3_column_int64(s, 5);
	i->revoked = sqlite3_column_int(s, 6);
	if (copy_col(s, 7, i->token, sizeof(i->token)))
		return set_err(ss, "invite: stored token is too long");
	return STORE_OK;
}

static int row_to_share(struct sqlite_store *ss, sqlite3_stmt *s,
			struct share *sh)
{
	sh->user = sqlite3_column_int64(s, 0);
	sh->number = sqlite3_column_int(s, 1);
	sh->mode = sqlite3_column_int(s, 3);
	if (copy_col(s, 2, sh->exercise_id, sizeof(sh->exercise_id)) ||
	    copy_col(s, 4, sh->link_hash, sizeof(sh->link_hash)) ||
	    copy_col(s, 5, sh->link_token, sizeof(sh->link_token)))
		return set_err(ss, "share: a stored field is too long");
	return STORE_OK;
}

/* Fill a struct comment from COMMENT_COLUMNS (the body is column 11). */
static int row_to_comment(struct sqlite_store *ss, sqlite3_stmt *s,
			  struct comment *c)
{
	c->id = sqlite3_column_int64(s, 0);
	c->parent = sqlite3_column_int64(s, 1);
	c->owner = sqlite3_column_int64(s, 2);
	c->number = sqlite3_column_int(s, 3);
	c->author = sqlite3_column_int64(s, 6);
	c->created = sqlite3_column_int64(s, 8);
	c->edited = sqlite3_column_int64(s, 9);
	c->deleted = sqlite3_column_int(s, 10);
	if (copy_col(s, 4, c->exercise_id, sizeof(c->exercise_id)) ||
	    copy_col(s, 5, c->prompt_id, sizeof(c->prompt_id)) ||
	    copy_col(s, 7, c->author_name, sizeof(c->author_name)))
		return set_err(ss, "comment %lld: a stored field is too long",
			       (long long)c->id);
	return STORE_OK;
}

/*
 * Add a cohort for stored session c->number, and make its creator (when
 * c->created_by is not 0) its first facilitator, in one transaction; a
 * creator who has made `max` cohorts is refused.
 */
static int sqlite_cohort_add(struct store *st, struct cohort *c, int max)
{
	struct sqlite_store *me = ss_of(st), *ss;
	int64_t now = store_now(st), id = 0, made = 0;
	sqlite3_stmt *s;
	int ret;

	if (!fits(c->name, sizeof(c->name)))
		return set_err(me, "cohort_add: the name is not terminated");
	ss = write_begin(me);
	ret = run(ss, ss->stmt[S_BEGIN], SQLITE_OK);
	if (ret != STORE_OK)
		goto out;
	if (c->created_by && max >= 0)
		ret = count_of(ss, S_COHORT_COUNT, &made, "i", c->created_by);
	if (ret == STORE_OK && max >= 0 && made >= max)
		ret = full(st, ss, CAP_COHORTS, "cohort_add", max);
	s = ss->stmt[S_COHORT_ADD];
	if (ret == STORE_OK)
		ret = run(ss, s, bind(s, "snIi", c->name, c->number,
				      c->created_by, now));
	if (ret == STORE_OK) {
		id = sqlite3_last_insert_rowid(ss->db);
		if (c->created_by) {
			s = ss->stmt[S_MEMBER_PUT];
			ret = run(ss, s, bind(s, "iini", id, c->created_by,
					      (int)ROLE_FACILITATOR, now));
		}
	}
	if (ret == STORE_OK)
		ret = run(ss, ss->stmt[S_COMMIT], SQLITE_OK);
	if (ret != STORE_OK) {
		rollback(ss);
	} else {
		c->id = id;
		c->created = now;
	}
out:
	write_end(me, ss, ret);
	return ret;
}

static int sqlite_cohort_get(struct store *st, int64_t id, struct cohort *out)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_COHORT_GET];
	struct cohort c;
	int ret;

	ret = step_one(ss, s, bind(s, "i", id));
	if (ret == STORE_OK)
		ret = row_to_cohort(ss, s, &c);
	if (ret == STORE_OK)
		*out = c;
	stmt_done(s);
	return ret;
}

/* Call fn for each cohort of `user` (with their role), or every cohort
 * (role 0) when user is 0; oldest first. */
static int sqlite_cohort_list(struct store *st, int64_t user,
			      store_cohort_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[user ? S_COHORT_LIST_USER :
				   S_COHORT_LIST_ALL];
	struct cohort c;
	int rc = SQLITE_OK, ret = STORE_OK;

	if (user)
		rc = bind(s, "i", user);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		ret = row_to_cohort(ss, s, &c);
		if (ret != STORE_OK || fn(ctx, &c))
			goto out;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* Join (a newcomer to a cohort of `max` members is refused), or change
 * role, keeping the higher one. */
static int sqlite_member_put(struct store *st, int64_t cohort, int64_t user,
			     int role, int max)
{
	struct sqlite_store *me = ss_of(st), *ss;
	sqlite3_stmt *s;
	int64_t n = 0;
	int ret;

	if (!role_ok(me, role))
		return STORE_ERR;
	ss = write_begin(me);
	ret = begin(ss);
	if (ret == STORE_OK) {
		s = ss->stmt[S_MEMBER_ROLE];
		ret = step_one(ss, s, bind(s, "ii", cohort, user));
		stmt_done(s);
		if (ret == STORE_NOTFOUND && max < 0)
			ret = STORE_OK;
		if (ret == STORE_NOTFOUND) {
			ret = count_of(ss, S_MEMBER_COUNT, &n, "i", cohort);
			if (ret == STORE_OK && n >= max)
				ret = full(st, ss, CAP_MEMBERS, "member_put",
					   max);
		}
	}
	if (ret == STORE_OK) {
		s = ss->stmt[S_MEMBER_PUT];
		ret = run(ss, s, bind(s, "iini", cohort, user, role,
				      store_now(st)));
	}
	ret = finish(ss, ret);
	write_end(me, ss, ret);
	return ret;
}

static int sqlite_member_role(struct store *st, int64_t cohort, int64_t user,
			      int *role)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_MEMBER_ROLE];
	int ret;

	ret = step_one(ss, s, bind(s, "ii", cohort, user));
	if (ret == STORE_OK)
		*role = sqlite3_column_int(s, 0);
	stmt_done(s);
	return ret;
}

/* Leave a cohort; partnerships in it end too (the key cascades). */
static int sqlite_member_del(struct store *st, int64_t cohort, int64_t user)
{
	return write_one(ss_of(st), S_MEMBER_DEL, W_CHANGE, NULL, "ii", cohort,
			 user);
}

static int sqlite_member_list(struct store *st, int64_t cohort,
			      store_member_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_MEMBER_LIST];
	struct member m;
	int rc, ret = STORE_OK;

	rc = bind(s, "i", cohort);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&m, 0, sizeof(m));
		m.cohort_id = sqlite3_column_int64(s, 0);
		m.role = sqlite3_column_int(s, 1);
		m.joined = sqlite3_column_int64(s, 2);
		m.user.id = sqlite3_column_int64(s, 3);
		if (copy_col(s, 4, m.user.email, sizeof(m.user.email)) ||
		    copy_col(s, 5, m.user.name, sizeof(m.user.name))) {
			ret = set_err(ss, "member: a stored field is too long");
			goto out;
		}
		m.user.is_admin = sqlite3_column_int(s, 6);
		m.user.created = sqlite3_column_int64(s, 7);
		if (fn(ctx, &m))
			goto out;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

static int sqlite_cohort_relation(struct store *st, int64_t viewer,
				  int64_t owner, int number, int *role)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_COHORT_RELATION];
	int ret;

	/* An aggregate always gives one row. */
	ret = step_one(ss, s, bind(s, "iin", viewer, owner, number));
	if (ret == STORE_OK)
		*role = sqlite3_column_int(s, 0);
	else if (ret == STORE_NOTFOUND)
		ret = set_err(ss, "cohort_relation: no row");
	stmt_done(s);
	return ret;
}

/* Add an invite; created is the store's clock, expires defaults to
 * STORE_INVITE_TTL later.  A hash in use is STORE_EXISTS.  A cohort with
 * `max` invites first forgets those that no longer work. */
static int sqlite_invite_add(struct store *st, const struct invite *i,
			     int max)
{
	struct sqlite_store *me = ss_of(st), *ss;
	int64_t now = store_now(st), n = 0;
	sqlite3_stmt *s;
	int ret;

	if (!i->token_hash[0] || !fits(i->token_hash, sizeof(i->token_hash)))
		return set_err(me, "invite_add: bad token hash");
	if (!fits(i->token, sizeof(i->token)))
		return set_err(me, "invite_add: bad token");
	if (!role_ok(me, i->role))
		return STORE_ERR;
	ss = write_begin(me);
	ret = begin(ss);
	if (ret == STORE_OK && max >= 0)
		ret = count_of(ss, S_INVITE_COUNT, &n, "i", i->cohort_id);
	if (ret == STORE_OK && max >= 0 && n >= max) {
		s = ss->stmt[S_INVITE_PRUNE];
		ret = run(ss, s, bind(s, "ii", i->cohort_id, now));
		if (ret == STORE_OK)
			n -= sqlite3_changes(ss->db);
		if (ret == STORE_OK && n >= max)
			ret = full(st, ss, CAP_INVITES, "invite_add", max);
	}
	if (ret == STORE_OK) {
		s = ss->stmt[S_INVITE_ADD];
		ret = run(ss, s, bind(s, "sinIiiS", i->token_hash,
				      i->cohort_id, i->role, i->created_by,
				      now, i->expires ? i->expires :
				      now + STORE_INVITE_TTL, i->token));
	}
	ret = finish(ss, ret);
	write_end(me, ss, ret);
	return ret;
}

static int sqlite_invite_get(struct store *st, const char *token_hash,
			     struct invite *out)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_INVITE_GET];
	struct invite i;
	int ret;

	ret = step_one(ss, s, bind(s, "s", token_hash));
	if (ret == STORE_OK)
		ret = row_to_invite(ss, s, &i);
	if (ret == STORE_OK)
		*out = i;
	stmt_done(s);
	return ret;
}

/* Revoke an invite of `cohort`; revoking twice is STORE_OK. */
static int sqlite_invite_revoke(struct store *st, int64_t cohort,
				const char *token_hash)
{
	return write_one(ss_of(st), S_INVITE_REVOKE, W_CHANGE, NULL, "is",
			 cohort, token_hash);
}

static int sqlite_invite_list(struct store *st, int64_t cohort,
			      store_invite_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_INVITE_LIST];
	struct invite i;
	int rc, ret = STORE_OK;

	rc = bind(s, "i", cohort);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		ret = row_to_invite(ss, s, &i);
		if (ret != STORE_OK || fn(ctx, &i))
			goto out;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* Set how a plan is shared: its mode, and its link ("" for none).  A
 * link hash already used by another plan is STORE_EXISTS. */
static int sqlite_share_put(struct store *st, const struct share *sh)
{
	struct sqlite_store *ss = ss_of(st);

	if (!id_ok(ss, "share_put: exercise id", sh->exercise_id, 0) ||
	    !fits(sh->link_hash, sizeof(sh->link_hash)) ||
	    !fits(sh->link_token, sizeof(sh->link_token)))
		return STORE_ERR;
	if (sh->mode != SHARE_PRIVATE && sh->mode != SHARE_COHORT)
		return set_err(ss, "share_put: no such mode: %d", sh->mode);
	/* A token without its link is never kept. */
	return write_one(ss, S_SHARE_PUT, 0, NULL, "insnSiS", sh->user,
			 sh->number, sh->exercise_id, sh->mode, sh->link_hash,
			 store_now(st), sh->link_hash[0] ? sh->link_token : "");
}

/* Run a share query bound by `rc` and return its one row into *out. */
static int share_one(struct sqlite_store *ss, sqlite3_stmt *s, int rc,
		     struct share *out)
{
	struct share sh;
	int ret;

	ret = step_one(ss, s, rc);
	if (ret == STORE_OK)
		ret = row_to_share(ss, s, &sh);
	if (ret == STORE_OK)
		*out = sh;
	stmt_done(s);
	return ret;
}

static int sqlite_share_get(struct store *st, int64_t user, int number,
			    const char *exercise_id, struct share *out)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_SHARE_GET];

	return share_one(ss, s, bind(s, "ins", user, number, exercise_id),
			 out);
}

/* The plan a live read-only link points at; "" finds nothing. */
static int sqlite_share_by_link(struct store *st, const char *link_hash,
				struct share *out)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_SHARE_BY_LINK];

	if (!link_hash || !*link_hash)
		return STORE_NOTFOUND;
	return share_one(ss, s, bind(s, "s", link_hash), out);
}

static int sqlite_share_list(struct store *st, int64_t user, int number,
			     store_share_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_SHARE_LIST];
	struct share sh;
	int rc, ret = STORE_OK;

	rc = bind(s, "in", user, number);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		ret = row_to_share(ss, s, &sh);
		if (ret != STORE_OK || fn(ctx, &sh))
			goto out;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/*
 * Is there room for c's reply to c->parent in its thread (the top
 * comment and every reply under it), which may hold `max` replies?  Both
 * walks stop after `max` steps, so a reply costs the same on a thread
 * stored long before the cap existed.  STORE_OK, STORE_FULL, or
 * STORE_NOTFOUND for no such parent on c's plan.
 */
static int thread_room(struct store *st, struct sqlite_store *ss,
		       const struct comment *c, int max)
{
	sqlite3_stmt *s = ss->stmt[S_COMMENT_ROOT];
	int64_t top = 0, n = 0;
	int ret, at_top = 0;

	ret = step_one(ss, s, bind(s, "iiins", c->parent, (int64_t)max,
				   c->owner, c->number, c->exercise_id));
	if (ret == STORE_OK) {
		top = sqlite3_column_int64(s, 0);
		at_top = sqlite3_column_int(s, 1);
	}
	stmt_done(s);
	if (ret == STORE_OK && at_top)
		ret = count_of(ss, S_COMMENT_REPLIES, &n, "ii", top,
			       (int64_t)max);
	if (ret == STORE_OK && (!at_top || n >= max))
		ret = full(st, ss, CAP_THREAD_REPLIES, "comment_add", max);
	return ret;
}

/*
 * Add a comment or a reply (c->parent, which must be on the same plan,
 * else STORE_NOTFOUND), unless the plan or the thread is full.  Sets
 * c->id and c->created.  The page has decided the author may comment
 * (authz.c).
 */
static int sqlite_comment_add(struct store *st, struct comment *c,
			      const char *body, int plan_max, int thread_max)
{
	struct sqlite_store *me = ss_of(st), *ss;
	int64_t now = store_now(st), n = 0, id = 0;
	sqlite3_stmt *s;
	int ret;

	if (!id_ok(me, "comment_add: exercise id", c->exercise_id, 0) ||
	    !id_ok(me, "comment_add: prompt id", c->prompt_id, 1) ||
	    !text_ok(me, "comment_add", body))
		return STORE_ERR;
	ss = write_begin(me);
	ret = begin(ss);
	if (ret == STORE_OK && plan_max >= 0)
		ret = count_of(ss, S_COMMENT_COUNT, &n, "ins", c->owner,
			       c->number, c->exercise_id);
	if (ret == STORE_OK && plan_max >= 0 && n >= plan_max)
		ret = full(st, ss, CAP_PLAN_COMMENTS, "comment_add", plan_max);
	if (ret == STORE_OK && c->parent && thread_max >= 0)
		ret = thread_room(st, ss, c, thread_max);
	if (ret == STORE_OK) {
		s = ss->stmt[S_COMMENT_ADD];
		ret = run(ss, s, bind(s, "Iinssisi", c->parent, c->owner,
				      c->number, c->exercise_id, c->prompt_id,
				      c->author, body, now));
		if (ret == STORE_OK && sqlite3_changes(ss->db) == 0)
			ret = STORE_NOTFOUND;
	}
	if (ret == STORE_OK)
		id = sqlite3_last_insert_rowid(ss->db);
	ret = finish(ss, ret);
	write_end(me, ss, ret);
	if (ret == STORE_OK) {
		c->id = id;
		c->created = now;
	}
	return ret;
}

/* Edit a comment: only its author, and not once deleted. */
static int sqlite_comment_edit(struct store *st, int64_t id, int64_t author,
			       const char *body)
{
	struct sqlite_store *ss = ss_of(st);

	if (!text_ok(ss, "comment_edit", body))
		return STORE_ERR;
	return write_one(ss, S_COMMENT_EDIT, W_CHANGE, NULL, "iisi", id, author,
			 body, store_now(st));
}

/* Delete a comment (only its author): the row stays, so replies keep
 * their place, with an empty body. */
static int sqlite_comment_delete(struct store *st, int64_t id, int64_t author)
{
	return write_one(ss_of(st), S_COMMENT_DELETE, W_CHANGE, NULL, "iii",
			 id, author, store_now(st));
}

static int sqlite_comment_get(struct store *st, int64_t id,
			      struct comment *out, char **body)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_COMMENT_GET];
	struct comment c;
	char *copy = NULL;
	int ret;

	ret = step_one(ss, s, bind(s, "i", id));
	if (ret == STORE_OK)
		ret = row_to_comment(ss, s, &c);
	if (ret == STORE_OK && body) {
		size_t n = (size_t)sqlite3_column_bytes(s, 11);

		copy = malloc(n + 1);
		if (!copy) {
			ret = set_err(ss, "comment_get: out of memory");
		} else {
			if (n)
				memcpy(copy, sqlite3_column_text(s, 11), n);
			copy[n] = '\0';
			*body = copy;
		}
	}
	if (ret == STORE_OK)
		*out = c;
	stmt_done(s);
	return ret;
}

static int sqlite_comment_list(struct store *st, int64_t owner, int number,
			       const char *exercise_id, store_comment_fn *fn,
			       void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_COMMENT_LIST];
	struct comment c;
	const char *body;
	int rc, ret = STORE_OK;

	rc = bind(s, "ins", owner, number, exercise_id);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		ret = row_to_comment(ss, s, &c);
		if (ret != STORE_OK)
			goto out;
		body = (const char *)sqlite3_column_text(s, 11);
		if (fn(ctx, &c, body ? body : ""))
			goto out;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* Others' live comments on the plan (every exercise of the session when
 * exercise_id is NULL) newer than the last comment_seen. */
static int sqlite_comment_unread(struct store *st, int64_t owner, int number,
				 const char *exercise_id, int *count)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_COMMENT_UNREAD];
	int ret;

	ret = step_one(ss, s, bind(s, "inS", owner, number, exercise_id));
	if (ret == STORE_OK)
		*count = sqlite3_column_int(s, 0);
	else if (ret == STORE_NOTFOUND)
		ret = set_err(ss, "comment_unread: no row");
	stmt_done(s);
	return ret;
}

static int sqlite_comment_seen(struct store *st, int64_t owner, int number,
			       const char *exercise_id)
{
	struct sqlite_store *ss = ss_of(st);

	if (!id_ok(ss, "comment_seen: exercise id", exercise_id, 0))
		return STORE_ERR;
	return write_one(ss, S_COMMENT_SEEN, 0, NULL, "ins", owner, number,
			 exercise_id);
}

static void row_to_partner(sqlite3_stmt *s, struct partner *p)
{
	p->cohort_id = sqlite3_column_int64(s, 0);
	p->supporter = sqlite3_column_int64(s, 1);
	p->supported = sqlite3_column_int64(s, 2);
	p->state = sqlite3_column_int(s, 3);
	p->created = sqlite3_column_int64(s, 4);
	p->changed = sqlite3_column_int64(s, 5);
}

static int partner_state_ok(int state)
{
	return state >= PARTNER_PENDING && state <= PARTNER_DECLINED;
}

static int sqlite_partner_get(struct store *st, int64_t cohort,
			      int64_t supporter, int64_t supported,
			      struct partner *out)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_PARTNER_GET];
	int ret;

	ret = step_one(ss, s, bind(s, "iii", cohort, supporter, supported));
	if (ret == STORE_OK)
		row_to_partner(s, out);
	stmt_done(s);
	return ret;
}

/* Insert (from PARTNER_NONE) or compare and set; both must be members
 * of the cohort (else STORE_NOTFOUND); backing oneself is refused. */
static int sqlite_partner_put(struct store *st, const struct partner *p,
			      int from)
{
	struct sqlite_store *ss = ss_of(st);

	if (p->supporter == p->supported)
		return set_err(ss, "partner_put: one cannot back oneself");
	if (!partner_state_ok(p->state) ||
	    (from != PARTNER_NONE && !partner_state_ok(from)))
		return set_err(ss, "partner_put: no such state: %d from %d",
			       p->state, from);
	if (from == PARTNER_NONE)
		return write_one(ss, S_PARTNER_ADD, 0, NULL, "iiinii",
				 p->cohort_id, p->supporter, p->supported,
				 p->state, p->created, p->changed);
	return write_one(ss, S_PARTNER_SET, W_CHANGE, NULL, "iiiniin",
			 p->cohort_id, p->supporter, p->supported, p->state,
			 p->created, p->changed, from);
}

static int sqlite_partner_del(struct store *st, int64_t cohort,
			      int64_t supporter, int64_t supported, int from)
{
	return write_one(ss_of(st), S_PARTNER_DEL, W_CHANGE, NULL, "iiin",
			 cohort, supporter, supported, from);
}

static int sqlite_partner_list(struct store *st, int64_t user,
			       store_partner_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_PARTNER_LIST];
	struct partner p;
	int rc, ret = STORE_OK;

	rc = bind(s, "i", user);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		row_to_partner(s, &p);
		if (fn(ctx, &p))
			goto out;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* A check-in on one milestone of a stored prompt, unless the person has
 * `max` on the session; sets c->id and c->at. */
static int sqlite_checkin_add(struct store *st, struct checkin *c,
			      const char *note, int max)
{
	struct sqlite_store *me = ss_of(st), *ss;
	int64_t now = store_now(st), n = 0, id = 0;
	sqlite3_stmt *s;
	int ret;

	if (!id_ok(me, "checkin_add: prompt id", c->prompt_id, 0) ||
	    !fits(c->milestone, sizeof(c->milestone)) ||
	    !text_ok(me, "checkin_add: note", note))
		return STORE_ERR;
	if (c->status < CHECKIN_DONE || c->status > CHECKIN_BEHIND)
		return set_err(me, "checkin_add: no such status: %d",
			       c->status);
	ss = write_begin(me);
	ret = begin(ss);
	if (ret == STORE_OK && max >= 0)
		ret = count_of(ss, S_CHECKIN_COUNT, &n, "in", c->user,
			       c->number);
	if (ret == STORE_OK && max >= 0 && n >= max)
		ret = full(st, ss, CAP_CHECKINS, "checkin_add", max);
	if (ret == STORE_OK) {
		s = ss->stmt[S_CHECKIN_ADD];
		ret = run(ss, s, bind(s, "inssnsi", c->user, c->number,
				      c->prompt_id, c->milestone, c->status,
				      note, now));
	}
	if (ret == STORE_OK)
		id = sqlite3_last_insert_rowid(ss->db);
	ret = finish(ss, ret);
	write_end(me, ss, ret);
	if (ret == STORE_OK) {
		c->id = id;
		c->at = now;
	}
	return ret;
}

static int sqlite_checkin_list(struct store *st, int64_t user, int number,
			       store_checkin_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_CHECKIN_LIST];
	struct checkin *c;
	const char *note;
	int rc, ret = STORE_OK;

	/* 8 KB of milestone: too big for the stack of a page thread. */
	c = malloc(sizeof(*c));
	if (!c)
		return set_err(ss, "checkin_list: out of memory");
	rc = bind(s, "in", user, number);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		c->id = sqlite3_column_int64(s, 0);
		c->user = sqlite3_column_int64(s, 1);
		c->number = sqlite3_column_int(s, 2);
		c->status = sqlite3_column_int(s, 5);
		c->at = sqlite3_column_int64(s, 6);
		if (copy_col(s, 3, c->prompt_id, sizeof(c->prompt_id)) ||
		    copy_col(s, 4, c->milestone, sizeof(c->milestone))) {
			ret = set_err(ss, "checkin: a stored field is too long");
			goto out;
		}
		note = (const char *)sqlite3_column_text(s, 7);
		if (fn(ctx, c, note ? note : ""))
			goto out;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	free(c);
	return ret;
}

static int sqlite_review_put(struct store *st, const struct review *r)
{
	struct sqlite_store *ss = ss_of(st);

	if (!fits(r->order, sizeof(r->order)))
		return set_err(ss, "review_put: the order is not terminated");
	return write_one(ss, S_REVIEW_PUT, 0, NULL, "isni", r->cohort_id,
			 r->order, r->current, r->started);
}

static int sqlite_review_get(struct store *st, int64_t cohort,
			     struct review *out)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_REVIEW_GET];
	struct review r;
	int ret;

	ret = step_one(ss, s, bind(s, "i", cohort));
	if (ret == STORE_OK) {
		r.cohort_id = cohort;
		r.current = sqlite3_column_int(s, 1);
		r.started = sqlite3_column_int64(s, 2);
		if (copy_col(s, 0, r.order, sizeof(r.order)))
			ret = set_err(ss, "review: stored order is too long");
		else
			*out = r;
	}
	stmt_done(s);
	return ret;
}

static int sqlite_note_put(struct store *st, int64_t cohort,
			   int64_t facilitator, int64_t presenter,
			   const char *text)
{
	struct sqlite_store *ss = ss_of(st);

	if (!text_ok(ss, "note_put", text))
		return STORE_ERR;
	return write_one(ss, S_RNOTE_PUT, 0, NULL, "iiisi", cohort,
			 facilitator, presenter, text, store_now(st));
}

/* The facilitator's note on a presenter, malloc'd; "" when none. */
static int sqlite_note_get(struct store *st, int64_t cohort,
			   int64_t facilitator, int64_t presenter, char **text)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_RNOTE_GET];
	const unsigned char *p = NULL;
	size_t n = 0;
	char *copy;
	int ret;

	ret = step_one(ss, s, bind(s, "iii", cohort, facilitator, presenter));
	if (ret == STORE_OK) {
		p = sqlite3_column_text(s, 0);
		n = (size_t)sqlite3_column_bytes(s, 0);
	} else if (ret == STORE_NOTFOUND) {
		ret = STORE_OK;
	}
	if (ret == STORE_OK) {
		copy = malloc(n + 1);
		if (!copy) {
			ret = set_err(ss, "note_get: out of memory");
		} else {
			if (n)
				memcpy(copy, p, n);
			copy[n] = '\0';
			*text = copy;
		}
	}
	stmt_done(s);
	return ret;
}

const struct store_backend store_sqlite = {
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.errmsg = sqlite_errmsg,
	.user_add = sqlite_user_add,
	.user_by_email = sqlite_user_by_email,
	.user_by_id = sqlite_user_by_id,
	.user_list = sqlite_user_list,
	.login_add = sqlite_login_add,
	.login_get = sqlite_login_get,
	.login_del = sqlite_login_del,
	.login_seen = sqlite_login_seen,
	.logins_end = sqlite_logins_end,
	.password_put = sqlite_password_put,
	.course_put = sqlite_course_put,
	.course_list = sqlite_course_list,
	.course_source = sqlite_course_source,
	.prompt_list = sqlite_prompt_list,
	.generation = sqlite_generation,
	.answers_put = sqlite_answers_put,
	.answer_list = sqlite_answer_list,
	.version_list = sqlite_version_list,
	.version_ends = sqlite_version_ends,
	.reading_note_put = sqlite_reading_note_put,
	.reading_done_put = sqlite_reading_done_put,
	.reading_list = sqlite_reading_list,
	.cohort_add = sqlite_cohort_add,
	.cohort_get = sqlite_cohort_get,
	.cohort_list = sqlite_cohort_list,
	.member_put = sqlite_member_put,
	.member_role = sqlite_member_role,
	.member_del = sqlite_member_del,
	.member_list = sqlite_member_list,
	.cohort_relation = sqlite_cohort_relation,
	.invite_add = sqlite_invite_add,
	.invite_get = sqlite_invite_get,
	.invite_revoke = sqlite_invite_revoke,
	.invite_list = sqlite_invite_list,
	.share_put = sqlite_share_put,
	.share_get = sqlite_share_get,
	.share_by_link = sqlite_share_by_link,
	.share_list = sqlite_share_list,
	.comment_add = sqlite_comment_add,
	.comment_edit = sqlite_comment_edit,
	.comment_delete = sqlite_comment_delete,
	.comment_get = sqlite_comment_get,
	.comment_list = sqlite_comment_list,
	.comment_unread = sqlite_comment_unread,
	.comment_seen = sqlite_comment_seen,
	.partner_get = sqlite_partner_get,
	.partner_put = sqlite_partner_put,
	.partner_del = sqlite_partner_del,
	.partner_list = sqlite_partner_list,
	.checkin_add = sqlite_checkin_add,
	.checkin_list = sqlite_checkin_list,
	.review_put = sqlite_review_put,
	.review_get = sqlite_review_get,
	.note_put = sqlite_note_put,
	.note_get = sqlite_note_get,
	.schema_version = sqlite_schema_version,
	.read_begin = sqlite_read_begin,
	.read_end = sqlite_read_end,
};
