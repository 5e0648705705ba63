/*
 * sqlite-schema.c: the SQLite backend's database settings and its schema
 * migrations.  See docs/storage.md for the schema and the reasoning behind
 * the settings.
 */
#include "store/sqlite-private.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

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
	/* 9: the order members and invites were made in, which breaks
	 * the ties of MEMBER_LIST and INVITE_LIST (made in one second) on
	 * every backend: here the rowid, copied by a trigger; PostgreSQL,
	 * which has no rowid, numbers them from a sequence. */
	"ALTER TABLE members ADD COLUMN seq INTEGER;"
	"UPDATE members SET seq = rowid;"
	"CREATE TRIGGER members_seq AFTER INSERT ON members"
	"  WHEN NEW.seq IS NULL BEGIN"
	"  UPDATE members SET seq = NEW.rowid WHERE rowid = NEW.rowid; END;"
	"ALTER TABLE invites ADD COLUMN seq INTEGER;"
	"UPDATE invites SET seq = rowid;"
	"CREATE TRIGGER invites_seq AFTER INSERT ON invites"
	"  WHEN NEW.seq IS NULL BEGIN"
	"  UPDATE invites SET seq = NEW.rowid WHERE rowid = NEW.rowid; END;",
	/* 10: the history of each reading note, kept as answer_versions is
	 * (reading_note_put; an import of one's own notes always adds a
	 * version); what was saved before counts as the first. */
	"CREATE TABLE note_versions ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  reading_id TEXT NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  value TEXT NOT NULL,"
	"  first_saved INTEGER NOT NULL,"
	"  last_saved INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, number, reading_id, version),"
	"  FOREIGN KEY (number, reading_id) REFERENCES readings(number, id)"
	");"
	"INSERT INTO note_versions (user_id, number, reading_id, version,"
	"  value, first_saved, last_saved)"
	"  SELECT user_id, number, reading_id, 1, notes, updated, updated"
	"  FROM reading_states WHERE length(CAST(notes AS BLOB)) > 0;",
	/* 11: several servers on one database (docs/scaling.md).  `site`,
	 * one row: the version of the sessions' catalog, which every
	 * course_put bumps so that each server reloads what another
	 * imported, and the key of the device cookies (hex), the same for
	 * all servers.  `throttle`: the counters of the login throttle and
	 * the sign-up limit (auth.c), by a digest of what they count. */
	"CREATE TABLE site ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  catalog INTEGER NOT NULL,"
	"  device_key TEXT"
	");"
	"INSERT INTO site (id, catalog) VALUES (1, 0);"
	"CREATE TABLE throttle ("
	"  key TEXT PRIMARY KEY,"
	"  start INTEGER NOT NULL,"
	"  last INTEGER NOT NULL,"
	"  count INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX throttle_last ON throttle(last);",
	/* 12 (issue 12): resolved comment threads, one row per resolved top
	 * comment; reopening deletes it. */
	"CREATE TABLE thread_resolved ("
	"  comment_id INTEGER PRIMARY KEY"
	"    REFERENCES comments(id) ON DELETE CASCADE,"
	"  resolved_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  resolved_at INTEGER NOT NULL"
	");",
	/* 13 (issue 12): a person's time zone (an IANA name), and their
	 * private calendar feeds by the hash of the token; a revoked one
	 * keeps its row (revoked > 0, token NULL) so it answers 410. */
	"CREATE TABLE user_settings ("
	"  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
	"  time_zone TEXT NOT NULL"
	");"
	"CREATE TABLE calendar_feeds ("
	"  token_hash TEXT PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  token TEXT,"
	"  created INTEGER NOT NULL,"
	"  revoked INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX calendar_feeds_user ON calendar_feeds(user_id);",
	/* 14 (issue 12): cheap tests of one's fit for a role: what was
	 * tested, how, its status (1 planned, 2 supported, 3 refuted,
	 * 4 inconclusive), a note and a date (YYYY-MM-DD or ""). */
	"CREATE TABLE cheap_tests ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL REFERENCES courses(number),"
	"  idea TEXT NOT NULL,"
	"  test TEXT NOT NULL,"
	"  status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 4),"
	"  note TEXT NOT NULL,"
	"  on_date TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	"CREATE INDEX cheap_tests_user ON cheap_tests(user_id, number, id);",
	/* 15: notifications (notices), what each person wants of each kind,
	 * the people a comment mentions, the outbox of mail waiting for a
	 * mail server, and the server's own secrets (docs/mail.md). */
	"CREATE TABLE notices ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  kind INTEGER NOT NULL,"
	"  actor INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  text TEXT NOT NULL,"
	"  link TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  read_at INTEGER NOT NULL DEFAULT 0,"
	"  digest INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX notices_user ON notices(user_id, id);"
	"CREATE INDEX notices_digest ON notices(digest, user_id, id);"
	"CREATE TABLE notice_prefs ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  kind INTEGER NOT NULL,"
	"  mode INTEGER NOT NULL CHECK (mode IN (0, 1, 2)),"
	"  PRIMARY KEY (user_id, kind)"
	");"
	"CREATE TABLE mentions ("
	"  comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (comment_id, user_id)"
	");"
	"CREATE TABLE mail_outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
	"  kind INTEGER NOT NULL,"
	"  env_from TEXT NOT NULL,"
	"  env_to TEXT NOT NULL,"
	"  message_id TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  message BLOB NOT NULL,"
	"  state INTEGER NOT NULL DEFAULT 1,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_try INTEGER NOT NULL,"
	"  claimed_by TEXT NOT NULL DEFAULT '',"
	"  claimed_until INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  sent_at INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX mail_outbox_due ON mail_outbox(state, next_try);"
	"CREATE INDEX mail_outbox_user ON mail_outbox(user_id, state);"
	"CREATE TABLE secrets ("
	"  name TEXT PRIMARY KEY,"
	"  value BLOB NOT NULL,"
	"  created INTEGER NOT NULL"
	");",
	/* 16: the research-agenda catalog (docs/agendas.md): its source,
	 * byte for byte, in one row, and its agendas by id.  An agenda the
	 * catalog no longer has is archived, never deleted: profiles,
	 * plans and openings keep the ids they named. */
	"CREATE TABLE agenda_catalog ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  title TEXT NOT NULL,"
	"  source BLOB NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	"CREATE TABLE agendas ("
	"  id TEXT PRIMARY KEY,"
	"  position INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  archived INTEGER NOT NULL DEFAULT 0"
	");",
	/* 17: people who opted in to the directory, their tags (what the
	 * suggestions look candidates up by), intro requests between two
	 * of them and project teams, with the plan of its owner's that a
	 * team shares among its members (plan_number 0: none) (issue 13,
	 * docs/agendas.md). */
	"CREATE TABLE profiles ("
	"  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
	"  opted_in INTEGER NOT NULL CHECK (opted_in IN (0, 1)),"
	"  shown INTEGER NOT NULL,"
	"  agendas TEXT NOT NULL,"
	"  roles TEXT NOT NULL,"
	"  offers TEXT NOT NULL,"
	"  wants TEXT NOT NULL,"
	"  utc_offset INTEGER NOT NULL,"
	"  open INTEGER NOT NULL,"
	"  mentor_capacity INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	"CREATE INDEX profiles_opted ON profiles(opted_in, user_id);"
	"CREATE TABLE profile_tags ("
	"  tag TEXT NOT NULL,"
	"  user_id INTEGER NOT NULL REFERENCES profiles(user_id)"
	"    ON DELETE CASCADE,"
	"  PRIMARY KEY (tag, user_id)"
	");"
	"CREATE INDEX profile_tags_user ON profile_tags(user_id);"
	"CREATE TABLE intros ("
	"  id INTEGER PRIMARY KEY,"
	"  asker INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  asked INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  note TEXT NOT NULL,"
	"  state INTEGER NOT NULL CHECK (state IN (1, 2, 3)),"
	"  created INTEGER NOT NULL,"
	"  changed INTEGER NOT NULL,"
	"  CHECK (asker <> asked),"
	"  UNIQUE (asker, asked)"
	");"
	"CREATE INDEX intros_asked ON intros(asked);"
	"CREATE TABLE teams ("
	"  id INTEGER PRIMARY KEY,"
	"  owner INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  title TEXT NOT NULL,"
	"  summary TEXT NOT NULL,"
	"  agendas TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  plan_number INTEGER NOT NULL DEFAULT 0,"
	"  plan_exercise TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX teams_owner ON teams(owner);"
	"CREATE TABLE team_members ("
	"  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  state INTEGER NOT NULL CHECK (state IN (1, 2)),"
	"  joined INTEGER NOT NULL,"
	"  PRIMARY KEY (team_id, user_id)"
	");"
	"CREATE INDEX team_members_user ON team_members(user_id);",
	/* 18: the opportunities board (openings by their url, and their
	 * agenda and role tags), the filters people save, and the project
	 * gallery (a plan's project, published or not). */
	"CREATE TABLE opportunities ("
	"  id INTEGER PRIMARY KEY,"
	"  url TEXT NOT NULL UNIQUE,"
	"  title TEXT NOT NULL,"
	"  organisation TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  agendas TEXT NOT NULL,"
	"  roles TEXT NOT NULL,"
	"  location TEXT NOT NULL,"
	"  remote INTEGER NOT NULL,"
	"  deadline INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	"CREATE INDEX opportunities_deadline ON opportunities(deadline, id);"
	"CREATE TABLE opportunity_tags ("
	"  tag TEXT NOT NULL,"
	"  opportunity_id INTEGER NOT NULL REFERENCES opportunities(id)"
	"    ON DELETE CASCADE,"
	"  PRIMARY KEY (tag, opportunity_id)"
	");"
	"CREATE INDEX opportunity_tags_id ON opportunity_tags(opportunity_id);"
	"CREATE TABLE saved_filters ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  query TEXT NOT NULL,"
	"  created INTEGER NOT NULL"
	");"
	"CREATE INDEX saved_filters_user ON saved_filters(user_id, id);"
	"CREATE TABLE projects ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  exercise_id TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  summary TEXT NOT NULL,"
	"  link TEXT NOT NULL,"
	"  agendas TEXT NOT NULL,"
	"  published INTEGER NOT NULL CHECK (published IN (0, 1)),"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, number, exercise_id)"
	");"
	"CREATE INDEX projects_published ON projects(published, updated);",
	/* 19 (issue 12): what a cheap test tracks besides its result: the
	 * uncertainty it tests, hours planned and spent (tenths of an
	 * hour), confidence in fit before and after (0-100 %), -1 where
	 * not said; and each test's updates, the newest
	 * STORE_CTEST_LOG_MAX kept: when, from where (1 the tracker, 2 a
	 * check-in), what it said then (the note only when it changed). */
	"ALTER TABLE cheap_tests ADD COLUMN uncertainty TEXT NOT NULL"
	"  DEFAULT '';"
	"ALTER TABLE cheap_tests ADD COLUMN hours_planned INTEGER NOT NULL"
	"  DEFAULT -1 CHECK (hours_planned BETWEEN -1 AND 10000);"
	"ALTER TABLE cheap_tests ADD COLUMN hours_spent INTEGER NOT NULL"
	"  DEFAULT -1 CHECK (hours_spent BETWEEN -1 AND 10000);"
	"ALTER TABLE cheap_tests ADD COLUMN conf_before INTEGER NOT NULL"
	"  DEFAULT -1 CHECK (conf_before BETWEEN -1 AND 100);"
	"ALTER TABLE cheap_tests ADD COLUMN conf_after INTEGER NOT NULL"
	"  DEFAULT -1 CHECK (conf_after BETWEEN -1 AND 100);"
	"CREATE TABLE cheap_test_log ("
	"  id INTEGER PRIMARY KEY,"
	"  test_id INTEGER NOT NULL REFERENCES cheap_tests(id)"
	"    ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  via INTEGER NOT NULL CHECK (via IN (1, 2)),"
	"  status INTEGER NOT NULL,"
	"  hours_spent INTEGER NOT NULL,"
	"  conf_after INTEGER NOT NULL,"
	"  note TEXT NOT NULL"
	");"
	"CREATE INDEX cheap_test_log_test ON cheap_test_log(test_id, id);",
	/* 20 (issue 12): a cohort's dates (its sessions, when check-ins
	 * are due, the final review), each an instant in UTC with a length;
	 * the reminders made once (notice_once: one row per reminder by its
	 * key, so several servers and repeated passes make each once); the
	 * facilitators' nudges.  The indexes serve the reminder pass: the
	 * answers of one prompt, the planned cheap tests by date. */
	"CREATE TABLE cohort_dates ("
	"  id INTEGER PRIMARY KEY,"
	"  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
	"  kind INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),"
	"  starts INTEGER NOT NULL,"
	"  minutes INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  created INTEGER NOT NULL"
	");"
	"CREATE INDEX cohort_dates_cohort ON cohort_dates(cohort_id, starts);"
	"CREATE INDEX cohort_dates_kind ON cohort_dates(kind, starts);"
	"CREATE TABLE notice_once ("
	"  key TEXT PRIMARY KEY,"
	"  created INTEGER NOT NULL"
	");"
	"CREATE INDEX notice_once_created ON notice_once(created);"
	"CREATE TABLE nudges ("
	"  id INTEGER PRIMARY KEY,"
	"  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
	"  member INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  facilitator INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  at INTEGER NOT NULL"
	");"
	"CREATE INDEX nudges_member ON nudges(cohort_id, member, at);"
	"CREATE INDEX answers_prompt ON answers(number, prompt_id);"
	"CREATE INDEX cheap_tests_due ON cheap_tests(status, on_date);"
	"CREATE INDEX mail_outbox_to ON mail_outbox(env_to, kind, created);",
	/* 21: each person's count of unread notices, kept beside them by
	 * every write that adds, reads or trims notices (notices.c), so
	 * that every page's login reads it instead of counting. */
	"ALTER TABLE users ADD COLUMN unread INTEGER NOT NULL DEFAULT 0;"
	"UPDATE users SET unread = (SELECT count(*) FROM notices n"
	"  WHERE n.user_id = users.id AND n.read_at = 0)"
	" WHERE id IN (SELECT user_id FROM notices WHERE read_at = 0);",
	/* 22: the dates (YYYY-MM-DD) written in each answer, kept by the
	 * saves (answers.c), so that the reminder pass reads the answers
	 * dated within its window, not everyone's.  The answers already
	 * saved get theirs here: from each '-', the ten characters that
	 * would make it a date's first. */
	"CREATE TABLE answer_days ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  prompt_id TEXT NOT NULL,"
	"  day TEXT NOT NULL,"
	"  PRIMARY KEY (user_id, number, prompt_id, day)"
	");"
	"CREATE INDEX answer_days_due ON answer_days(number, prompt_id, day);"
	"WITH RECURSIVE walk(user_id, number, prompt_id, rest, day) AS ("
	"  SELECT user_id, number, prompt_id, CAST(value AS BLOB), NULL"
	"  FROM answers WHERE instr(CAST(value AS BLOB), x'2d') > 0"
	"  UNION ALL SELECT user_id, number, prompt_id,"
	"  substr(rest, instr(rest, x'2d') + 1),"
	"  CASE WHEN instr(rest, x'2d') > 4"
	"  THEN CAST(substr(rest, instr(rest, x'2d') - 4, 10) AS TEXT) END"
	"  FROM walk WHERE instr(rest, x'2d') > 0)"
	" INSERT OR IGNORE INTO answer_days"
	" SELECT user_id, number, prompt_id, day FROM walk"
	" WHERE day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';",
	/* 23: nothing here.  PostgreSQL keeps room on the pages of the
	 * tables every save rewrites (pg-schema.c); SQLite rewrites a row
	 * in its B-tree page and has no such setting. */
	"",
};
#define NR_MIGRATIONS ((int)(sizeof(migrations) / sizeof(*migrations)))

/* Where setting up a connection keeps its messages. */
struct setup {
	sqlite3 *db;
	char *err;
	size_t errlen;
};

/* Keep SQLite's message for the failed result code rc; returns rc. */
static int fail(struct setup *s, int rc)
{
	snprintf(s->err, s->errlen, "%s", sqlite3_errmsg(s->db));
	return rc;
}

/* Run statements outside any prepared-statement cache. */
static int exec(struct setup *s, const char *sql)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? rc : fail(s, rc);
}

/*
 * Run a query returning one integer into *out (0 when there is no row).
 * Returns an SQLite result code.
 */
static int query_int(struct setup *s, const char *sql, int *out)
{
	sqlite3_stmt *q = NULL;
	int rc, v = 0;

	rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		v = sqlite3_column_int(q, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK)
		fail(s, rc);
	else
		*out = v;
	sqlite3_finalize(q);
	return rc;
}

/*
 * The newest migration recorded in the database, 0 for a new database.
 * Returns an SQLite result code.
 */
static int read_version(struct setup *s, int *version)
{
	int rc, have = 0;

	rc = query_int(s, "SELECT count(*) FROM sqlite_master"
		       " WHERE type = 'table' AND name = 'schema_migrations'",
		       &have);
	if (rc == SQLITE_OK && !have)
		*version = 0;
	else if (rc == SQLITE_OK)
		rc = query_int(s, "SELECT coalesce(max(version), 0)"
			       " FROM schema_migrations", version);
	return rc;
}

/*
 * Apply migration `v` unless it is recorded already, in one IMMEDIATE
 * transaction: the write lock is taken before looking, so when several
 * processes open a new database at once, exactly one applies each step
 * and the others find it recorded.  Returns STORE_OK or STORE_ERR.
 */
static int apply_migration(struct setup *s, int v, int64_t now)
{
	char sql[160];
	int rc, applied = 0;

	rc = exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			  " version INTEGER PRIMARY KEY,"
			  " applied_at INTEGER NOT NULL)");
	if (rc == SQLITE_OK) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM"
			 " schema_migrations WHERE version = %d", v);
		rc = query_int(s, sql, &applied);
	}
	if (rc == SQLITE_OK && !applied) {
		rc = exec(s, migrations[v - 1]);
		if (rc == SQLITE_OK) {
			snprintf(sql, sizeof(sql), "INSERT INTO"
				 " schema_migrations (version, applied_at)"
				 " VALUES (%d, %lld)", v, (long long)now);
			rc = exec(s, sql);
		}
	}
	if (rc == SQLITE_OK)
		rc = exec(s, "COMMIT");
	if (rc != SQLITE_OK) {
		/* Keep the message of the step that failed. */
		char msg[STORE_ERR_MAX];

		snprintf(msg, sizeof(msg), "%s", s->err);
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		snprintf(s->err, s->errlen, "migration %d: %s", v, msg);
		return STORE_ERR;
	}
	return STORE_OK;
}

/*
 * Bring the schema up to date.  The common case, a database that is
 * current, costs two reads and no write lock.  A database written by a
 * newer program is refused rather than used with a schema we don't know.
 */
static int migrate(struct setup *s, int64_t now)
{
	int v;

	if (read_version(s, &v) != SQLITE_OK)
		return STORE_ERR;
	if (v > NR_MIGRATIONS) {
		snprintf(s->err, s->errlen, "the database has schema version"
			 " %d, newer than this program's %d", v,
			 NR_MIGRATIONS);
		return STORE_ERR;
	}
	for (v = v + 1; v <= NR_MIGRATIONS; v++)
		if (apply_migration(s, v, now) != STORE_OK)
			return STORE_ERR;
	return STORE_OK;
}

/*
 * Switch the database to write-ahead logging.  The setting is stored in
 * the database file, so this is a no-op after the first open; we check the
 * answer because a :memory: database or an odd file system can refuse it,
 * and the durability promise depends on it.
 */
static int set_wal(struct setup *s)
{
	sqlite3_stmt *q = NULL;
	int rc, ret = STORE_ERR;
	const char *mode;

	rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &q,
				NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		fail(s, rc);
		goto out;
	}
	mode = (const char *)sqlite3_column_text(q, 0);
	if (!mode || strcasecmp(mode, "wal")) {
		snprintf(s->err, s->errlen, "cannot use WAL mode (journal mode"
			 " is %s)", mode ? mode : "unknown");
		goto out;
	}
	ret = STORE_OK;
out:
	sqlite3_finalize(q);
	return ret;
}

/*
 * The order matters (docs/storage.md, Durability): WAL lets readers run
 * beside the one writer; synchronous=NORMAL writes each commit to the log
 * before COMMIT returns, so it survives kill -9, and leaves the fsync to
 * checkpoints; foreign keys are off by default in SQLite and are per
 * connection.
 */
int sqlite_schema_setup(sqlite3 *db, int64_t now, char *err, size_t errlen)
{
	struct setup s = { db, err, errlen };

	if (set_wal(&s) != STORE_OK ||
	    exec(&s, "PRAGMA synchronous = NORMAL") != SQLITE_OK ||
	    exec(&s, "PRAGMA foreign_keys = ON") != SQLITE_OK)
		return STORE_ERR;
	return migrate(&s, now);
}
