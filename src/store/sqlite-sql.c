/*
 * sqlite-sql.c: the SQL of every entry of the backend catalogue
 * (backend.h), prepared once per connection by sqlite.c, which checks at
 * open that each one takes the arguments and gives the columns the
 * catalogue says.  Only statements: what to write and when is decided by
 * the store's rules (store.c and beside it).
 *
 * PostgreSQL prepares the same texts (sql.h, pg-sql.c), so they keep to
 * what both dialects accept: a parameter first seen in "?n IS NULL" is
 * CAST to its type (PostgreSQL cannot tell it otherwise), a boolean
 * column is CAST to INTEGER, no rowid.  An entry that cannot be written
 * so gets its PostgreSQL text in pg-sql.c.
 */
#include "store/sqlite-private.h"

#define USER_COLUMNS "id, email, name, pwhash, is_admin, created"
#define COHORT_COLUMNS "c.id, c.name, c.number, c.created_by, c.created"
#define INVITE_COLUMNS \
	"token_hash, cohort_id, role, created_by, created, expires, revoked," \
	" coalesce(token, '')"
#define SHARE_COLUMNS \
	"user_id, number, exercise_id, mode, coalesce(link_hash, '')," \
	" coalesce(link_token, '')"
/* The members of cohort ?1, for "user_id IN (...)". */
#define COHORT_MEMBERS "SELECT user_id FROM members WHERE cohort_id = ?1"
/* The history rule's write on table t, whose key ends in column k
 * (answers.c; the rule is told at Q_VERSION_KEEP): a new version after
 * the newest, or, when the rule replaces, the newest again, whose
 * row's conflict turns the insert into its update. */
#define VERSION_KEY(k) "user_id = ?1 AND number = ?2 AND " k " = ?3"
#define VERSION_KEEP(t, k) \
	"INSERT INTO " t " (user_id, number, " k ", version, value," \
	" first_saved, last_saved)" \
	" SELECT ?1, ?2, ?3, CASE WHEN n.version >= ?8" \
	" OR (?6 = 0 AND ?5 - n.first_saved <= ?7) THEN n.version" \
	" ELSE coalesce(n.version, 0) + 1 END, ?4, ?5, ?5" \
	" FROM (SELECT 1) one LEFT JOIN (SELECT version, value, first_saved" \
	" FROM " t " WHERE " VERSION_KEY(k) \
	" ORDER BY version DESC LIMIT 1) n ON 1 = 1" \
	" WHERE CASE WHEN n.version IS NULL THEN ?9 <> 0" \
	" ELSE n.value <> ?4 END" \
	" ON CONFLICT (user_id, number, " k ", version) DO UPDATE" \
	" SET value = excluded.value, last_saved = excluded.last_saved"
#define PARTNER_COLUMNS \
	"cohort_id, supporter, supported, state, created, changed"
#define PROFILE_COLUMNS \
	"p.user_id, p.opted_in, p.shown, p.agendas, p.roles, p.offers," \
	" p.wants, p.utc_offset, p.open, p.mentor_capacity, p.updated, u.name"
#define INTRO_COLUMNS \
	"i.id, i.asker, i.asked, i.note, i.state, i.created, i.changed," \
	" u.name, CASE WHEN i.state = 2 THEN u.email ELSE '' END"
#define TEAM_COLUMNS \
	"t.id, t.owner, t.title, t.summary, t.agendas, t.created, u.name," \
	" t.plan_number, t.plan_exercise"
#define OPP_COLUMNS \
	"o.id, o.url, o.title, o.organisation, o.kind, o.agendas, o.roles," \
	" o.location, o.remote, o.deadline, o.updated"
#define PROJECT_COLUMNS \
	"p.user_id, p.number, p.exercise_id, p.title, p.summary, p.link," \
	" p.published, p.updated, u.name, p.agendas"
#define NOTICE_COLUMNS \
	"id, user_id, kind, coalesce(actor, 0), created, read_at, digest," \
	" link, text"
#define MAIL_COLUMNS \
	"id, coalesce(user_id, 0), kind, state, attempts, next_try," \
	" claimed_until, created, sent_at, claimed_by, last_error, env_to," \
	" subject, text"
#define CDATE_COLUMNS \
	"d.id, d.cohort_id, d.kind, d.starts, d.minutes, d.title, c.number"
#define COMMENT_COLUMNS \
	"c.id, coalesce(c.parent, 0), c.owner, c.number, c.exercise_id," \
	" c.prompt_id, c.author, u.name, c.created, c.edited, c.deleted," \
	" c.body"

const char *const sqlite_sql[NR_QUERIES] = {
	[Q_SCHEMA_VERSION] =
		"SELECT coalesce(max(version), 0) FROM schema_migrations",
	[Q_USER_ADD] =
		"INSERT INTO users (email, name, pwhash, is_admin, created)"
		" VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_USER_BY_EMAIL] =
		"SELECT " USER_COLUMNS " FROM users WHERE email = ?1",
	[Q_USER_BY_ID] = "SELECT " USER_COLUMNS " FROM users WHERE id = ?1",
	[Q_USER_LIST] = "SELECT " USER_COLUMNS " FROM users ORDER BY id",
	[Q_LOGIN_ADD] =
		"INSERT INTO logins (token_hash, user_id, csrf, expires,"
		" last_seen) VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_LOGIN_DEL_EXPIRED] = "DELETE FROM logins WHERE expires <= ?1",
	/* The login and its user in one lookup: every page starts here. */
	[Q_LOGIN_GET] =
		"SELECT u.id, u.email, u.name, u.pwhash, u.is_admin, u.created,"
		" l.csrf, l.expires, l.last_seen, u.unread"
		" FROM logins l JOIN users u ON u.id = l.user_id"
		" WHERE l.token_hash = ?1",
	[Q_LOGIN_HELD] =
		"SELECT count(*) FROM logins l JOIN users u ON u.id = l.user_id"
		" WHERE l.token_hash = ?1 AND l.user_id = ?2 AND l.csrf = ?3"
		" AND l.expires = ?4 AND u.unread = ?5 AND u.email = ?6"
		" AND u.name = ?7 AND u.pwhash = ?8 AND u.is_admin = ?9"
		" AND u.created = ?10",
	[Q_LOGIN_DEL] = "DELETE FROM logins WHERE token_hash = ?1",
	[Q_LOGIN_SEEN] =
		"UPDATE logins SET last_seen = ?2 WHERE token_hash = ?1",
	/* ?2 NULL: every login of the user goes. */
	[Q_LOGIN_DEL_USER] =
		"DELETE FROM logins WHERE user_id = ?1"
		" AND (CAST(?2 AS TEXT) IS NULL OR token_hash <> ?2)",
	[Q_USER_PWHASH] = "UPDATE users SET pwhash = ?2 WHERE id = ?1",
	[Q_COURSE_PUT] =
		"INSERT INTO courses (number, title, source, updated)"
		" VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (number) DO UPDATE SET title = excluded.title,"
		" source = excluded.source, updated = excluded.updated",
	[Q_PROMPT_ARCHIVE] = "UPDATE prompts SET archived = 1 WHERE number = ?1",
	[Q_PROMPT_PUT] =
		"INSERT INTO prompts (number, id, exercise, position, text,"
		" archived) VALUES (?1, ?2, ?3, ?4, ?5, 0)"
		" ON CONFLICT (number, id) DO UPDATE SET"
		" exercise = excluded.exercise, position = excluded.position,"
		" text = excluded.text, archived = 0",
	[Q_READING_ARCHIVE] =
		"UPDATE readings SET archived = 1 WHERE number = ?1",
	[Q_READING_PUT] =
		"INSERT INTO readings (number, id, position, title, archived)"
		" VALUES (?1, ?2, ?3, ?4, 0)"
		" ON CONFLICT (number, id) DO UPDATE SET"
		" position = excluded.position, title = excluded.title,"
		" archived = 0",
	[Q_COURSE_LIST] = "SELECT number, title FROM courses ORDER BY number",
	[Q_COURSE_SOURCE] = "SELECT source FROM courses WHERE number = ?1",
	[Q_PROMPT_LIST] =
		"SELECT id, text, archived FROM prompts WHERE number = ?1"
		" ORDER BY archived, position, id",
	[Q_ANSWER_PUT] =
		"INSERT INTO answers (user_id, number, prompt_id, value,"
		" updated) VALUES (?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT (user_id, number, prompt_id) DO UPDATE SET"
		" value = excluded.value, updated = excluded.updated",
	/* Both lists are read on every page: they walk the primary key in
	 * its own order, with no join and no sort. */
	[Q_ANSWER_LIST] =
		"SELECT prompt_id, value FROM answers"
		" WHERE user_id = ?1 AND number = ?2 ORDER BY prompt_id",
	/* The history rule (answers.c): with a newest version whose value
	 * differs, it is replaced when there are ?8 versions or, unless
	 * ?6 (an import), when its first save was at most ?7 seconds
	 * before ?5; else a version is added after it, and with none, one
	 * is added when the value is not empty (?9). */
	[Q_VERSION_KEEP] = VERSION_KEEP("answer_versions", "prompt_id"),
	[Q_ANSWER_DAYS_DROP] =
		"DELETE FROM answer_days"
		" WHERE user_id = ?1 AND number = ?2 AND prompt_id = ?3"
		" AND day NOT IN (SELECT value FROM json_each(?4))",
	/* "WHERE true": SQLite's parser wants it before an upsert's ON. */
	[Q_ANSWER_DAYS_ADD] =
		"INSERT INTO answer_days (user_id, number, prompt_id, day)"
		" SELECT ?1, ?2, ?3, value FROM json_each(?4) WHERE true"
		" ON CONFLICT DO NOTHING",
	[Q_VERSION_LIST] =
		"SELECT version, value, first_saved, last_saved"
		" FROM answer_versions"
		" WHERE user_id = ?1 AND number = ?2 AND prompt_id = ?3"
		" ORDER BY version",
	/* Versions run 1..n, so the ends are version 1 and max(version). */
	[Q_VERSION_ENDS] =
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
	[Q_NOTE_PUT] =
		"INSERT INTO reading_states (user_id, number, reading_id,"
		" notes, done, updated) VALUES (?1, ?2, ?3, ?4, 0, ?5)"
		" ON CONFLICT (user_id, number, reading_id) DO UPDATE SET"
		" notes = excluded.notes, updated = excluded.updated",
	[Q_DONE_PUT] =
		"INSERT INTO reading_states (user_id, number, reading_id,"
		" notes, done, updated) VALUES (?1, ?2, ?3, '', ?4, ?5)"
		" ON CONFLICT (user_id, number, reading_id) DO UPDATE SET"
		" done = excluded.done, updated = excluded.updated",
	[Q_READING_LIST] =
		"SELECT reading_id, notes, done FROM reading_states"
		" WHERE user_id = ?1 AND number = ?2 ORDER BY reading_id",
	/* A cohort's members' rows in one statement, in no set order:
	 * their readers find each row's member by its id.  PostgreSQL
	 * joins them by a hash, and ordering by user would cost a sort of
	 * every row with its text (a third of the CSV's time). */
	[Q_ANSWER_COHORT] =
		"SELECT user_id, prompt_id, value FROM answers"
		" WHERE user_id IN (" COHORT_MEMBERS ") AND number = ?2",
	/* ?3: prompt ids, each between line feeds (answers.c). */
	[Q_ANSWER_COHORT_BRIEF] =
		"SELECT user_id, prompt_id,"
		" CASE WHEN instr(?3, char(10) || prompt_id || char(10)) > 0"
		" THEN value"
		" WHEN trim(value, ' ' || char(9, 10, 13)) = '' THEN ''"
		" ELSE '.' END FROM answers"
		" WHERE user_id IN (" COHORT_MEMBERS ") AND number = ?2",
	[Q_READING_COHORT] =
		"SELECT user_id, reading_id, done FROM reading_states"
		" WHERE user_id IN (" COHORT_MEMBERS ") AND number = ?2",
	[Q_NOTE_VERSION_KEEP] = VERSION_KEEP("note_versions", "reading_id"),
	[Q_NOTE_VERSION_LIST] =
		"SELECT version, value, first_saved, last_saved"
		" FROM note_versions"
		" WHERE user_id = ?1 AND number = ?2 AND reading_id = ?3"
		" ORDER BY version",
	[Q_COHORT_ADD] =
		"INSERT INTO cohorts (name, number, created_by, created)"
		" VALUES (?1, ?2, ?3, ?4)",
	[Q_COHORT_COUNT_BY] = "SELECT count(*) FROM cohorts WHERE created_by = ?1",
	[Q_COHORT_GET] =
		"SELECT " COHORT_COLUMNS ", 0 FROM cohorts c WHERE c.id = ?1",
	[Q_COHORT_AS] =
		"SELECT " COHORT_COLUMNS ", coalesce((SELECT m.role FROM members m"
		" WHERE m.cohort_id = c.id AND m.user_id = ?2), 0)"
		" FROM cohorts c WHERE c.id = ?1",
	[Q_COHORT_LIST_OF] =
		"SELECT " COHORT_COLUMNS ", m.role FROM members m"
		" JOIN cohorts c ON c.id = m.cohort_id"
		" WHERE m.user_id = ?1 ORDER BY c.id",
	[Q_COHORT_LIST] =
		"SELECT " COHORT_COLUMNS ", 0 FROM cohorts c ORDER BY c.id",
	[Q_MEMBER_ADD] =
		"INSERT INTO members (cohort_id, user_id, role, joined)"
		" VALUES (?1, ?2, ?3, ?4)",
	[Q_MEMBER_SET_ROLE] =
		"UPDATE members SET role = ?3 WHERE cohort_id = ?1"
		" AND user_id = ?2",
	[Q_MEMBER_ROLE] =
		"SELECT role FROM members WHERE cohort_id = ?1 AND user_id = ?2",
	[Q_MEMBER_DEL] =
		"DELETE FROM members WHERE cohort_id = ?1 AND user_id = ?2",
	[Q_MEMBER_LIST] =
		"SELECT m.cohort_id, m.role, m.joined, u.id, u.email, u.name,"
		" u.is_admin, u.created FROM members m"
		" JOIN users u ON u.id = m.user_id"
		" WHERE m.cohort_id = ?1 ORDER BY m.joined, m.seq",
	[Q_MEMBER_COUNT] = "SELECT count(*) FROM members WHERE cohort_id = ?1",
	/* What store_cohort_relation() decides from: the two roles in
	 * each cohort both are in, as a few rows. */
	[Q_MEMBER_PAIRS] =
		"SELECT o.role, v.role FROM members o"
		" JOIN members v ON v.cohort_id = o.cohort_id"
		" JOIN cohorts c ON c.id = o.cohort_id"
		" WHERE o.user_id = ?2 AND v.user_id = ?1"
		" AND (?3 = 0 OR c.number = ?3)",
	[Q_INVITE_ADD] =
		"INSERT INTO invites (token_hash, cohort_id, role, created_by,"
		" created, expires, revoked, token)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)",
	[Q_INVITE_GET] =
		"SELECT " INVITE_COLUMNS " FROM invites WHERE token_hash = ?1",
	[Q_INVITE_SET] =
		"UPDATE invites SET revoked = ?3, token = ?4"
		" WHERE cohort_id = ?1 AND token_hash = ?2",
	[Q_INVITE_LIST] =
		"SELECT " INVITE_COLUMNS " FROM invites WHERE cohort_id = ?1"
		" ORDER BY created, seq",
	[Q_INVITE_COUNT] = "SELECT count(*) FROM invites WHERE cohort_id = ?1",
	/* Invites that no longer work, forgotten to make room for one. */
	[Q_INVITE_DEL_DEAD] =
		"DELETE FROM invites WHERE cohort_id = ?1"
		" AND (revoked <> 0 OR expires <= ?2)",
	[Q_SHARE_PUT] =
		"INSERT INTO shares (user_id, number, exercise_id, mode,"
		" link_hash, updated, link_token)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
		" ON CONFLICT (user_id, number, exercise_id) DO UPDATE SET"
		" mode = excluded.mode, link_hash = excluded.link_hash,"
		" updated = excluded.updated, link_token = excluded.link_token",
	[Q_SHARE_GET] =
		"SELECT " SHARE_COLUMNS " FROM shares"
		" WHERE user_id = ?1 AND number = ?2 AND exercise_id = ?3",
	[Q_SHARE_BY_LINK] =
		"SELECT " SHARE_COLUMNS " FROM shares WHERE link_hash = ?1",
	[Q_SHARE_LIST] =
		"SELECT " SHARE_COLUMNS " FROM shares"
		" WHERE user_id = ?1 AND number = ?2 ORDER BY exercise_id",
	[Q_SHARE_COHORT] =
		"SELECT " SHARE_COLUMNS " FROM shares"
		" WHERE user_id IN (" COHORT_MEMBERS ") AND number = ?2",
	[Q_COMMENT_ADD] =
		"INSERT INTO comments (parent, owner, number, exercise_id,"
		" prompt_id, author, body, created)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_COMMENT_SET] =
		"UPDATE comments SET body = ?2, edited = ?3, deleted = ?4"
		" WHERE id = ?1",
	[Q_COMMENT_GET] =
		"SELECT " COMMENT_COLUMNS " FROM comments c"
		" JOIN users u ON u.id = c.author WHERE c.id = ?1",
	[Q_COMMENT_LIST] =
		"SELECT " COMMENT_COLUMNS " FROM comments c"
		" JOIN users u ON u.id = c.author"
		" WHERE c.owner = ?1 AND c.number = ?2 AND c.exercise_id = ?3"
		" ORDER BY c.id",
	/* ?3 NULL: every exercise of the session. */
	[Q_COMMENT_UNREAD] =
		"SELECT count(*) FROM comments c"
		" WHERE c.owner = ?1 AND c.number = ?2"
		" AND (CAST(?3 AS TEXT) IS NULL OR c.exercise_id = ?3)"
		" AND c.author <> ?1 AND c.deleted = 0"
		" AND c.id > coalesce((SELECT s.seen_id FROM comments_seen s"
		"  WHERE s.owner = ?1 AND s.number = ?2"
		"  AND s.exercise_id = c.exercise_id), 0)",
	[Q_COMMENT_SEEN] =
		"INSERT INTO comments_seen (owner, number, exercise_id, seen_id)"
		" SELECT ?1, ?2, ?3, coalesce(max(id), 0) FROM comments"
		" WHERE owner = ?1 AND number = ?2 AND exercise_id = ?3"
		" ON CONFLICT (owner, number, exercise_id) DO UPDATE SET"
		" seen_id = excluded.seen_id",
	[Q_COMMENT_COUNT] =
		"SELECT count(*) FROM comments"
		" WHERE owner = ?1 AND number = ?2 AND exercise_id = ?3",
	/* The top of the thread comment ?1 is in, climbing at most ?2
	 * parents: the last row has no parent when the top was reached. */
	[Q_COMMENT_ROOT] =
		"WITH RECURSIVE up(id, parent, n) AS ("
		" SELECT id, parent, 0 FROM comments WHERE id = ?1"
		" UNION ALL SELECT c.id, c.parent, up.n + 1 FROM comments c"
		" JOIN up ON c.id = up.parent WHERE up.n < ?2)"
		" SELECT id, CAST(parent IS NULL AS INTEGER) FROM up"
		" ORDER BY n DESC LIMIT 1",
	/* The replies under comment ?1, counted up to ?2 of them. */
	[Q_COMMENT_REPLIES] =
		"WITH RECURSIVE down(id) AS (SELECT ?1"
		" UNION ALL SELECT c.id FROM comments c"
		" JOIN down ON c.parent = down.id LIMIT ?2 + 1)"
		" SELECT count(*) - 1 FROM down",
	[Q_PARTNER_GET] =
		"SELECT " PARTNER_COLUMNS " FROM partners"
		" WHERE cohort_id = ?1 AND supporter = ?2 AND supported = ?3",
	[Q_PARTNER_ADD] =
		"INSERT INTO partners (cohort_id, supporter, supported, state,"
		" created, changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* Compare and set: only from the state the caller read. */
	[Q_PARTNER_SET] =
		"UPDATE partners SET state = ?4, created = ?5, changed = ?6"
		" WHERE cohort_id = ?1 AND supporter = ?2 AND supported = ?3"
		" AND state = ?7",
	[Q_PARTNER_DEL] =
		"DELETE FROM partners WHERE cohort_id = ?1 AND supporter = ?2"
		" AND supported = ?3 AND state = ?4",
	[Q_PARTNER_LIST] =
		"SELECT " PARTNER_COLUMNS " FROM partners"
		" WHERE supporter = ?1 UNION ALL"
		" SELECT " PARTNER_COLUMNS " FROM partners"
		" WHERE supported = ?1 ORDER BY 5, 1, 2, 3",
	[Q_CHECKIN_ADD] =
		"INSERT INTO checkins (user_id, number, prompt_id, milestone,"
		" status, note, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_CHECKIN_LIST] =
		"SELECT id, user_id, number, prompt_id, milestone, status, at,"
		" note FROM checkins WHERE user_id = ?1 AND number = ?2"
		" ORDER BY id",
	[Q_CHECKIN_COHORT] =
		"SELECT id, user_id, number, prompt_id, milestone, status, at,"
		" note FROM checkins"
		" WHERE user_id IN (" COHORT_MEMBERS ") AND number = ?2"
		" ORDER BY user_id, id",
	[Q_CHECKIN_COUNT] =
		"SELECT count(*) FROM checkins WHERE user_id = ?1"
		" AND number = ?2",
	[Q_REVIEW_PUT] =
		"INSERT INTO reviews (cohort_id, presenters, current, started)"
		" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (cohort_id) DO UPDATE SET"
		" presenters = excluded.presenters, current = excluded.current,"
		" started = excluded.started",
	[Q_REVIEW_GET] =
		"SELECT presenters, current, started FROM reviews"
		" WHERE cohort_id = ?1",
	[Q_RNOTE_PUT] =
		"INSERT INTO review_notes (cohort_id, facilitator, presenter,"
		" text, updated) VALUES (?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT (cohort_id, facilitator, presenter) DO UPDATE SET"
		" text = excluded.text, updated = excluded.updated",
	[Q_RNOTE_GET] =
		"SELECT text FROM review_notes WHERE cohort_id = ?1"
		" AND facilitator = ?2 AND presenter = ?3",
	[Q_CATALOG_PUT] =
		"INSERT INTO agenda_catalog (id, title, source, updated)"
		" VALUES (1, ?1, ?2, ?3)"
		" ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
		" source = excluded.source, updated = excluded.updated",
	[Q_CATALOG_SOURCE] = "SELECT source FROM agenda_catalog WHERE id = 1",
	[Q_AGENDA_ARCHIVE] = "UPDATE agendas SET archived = 1",
	[Q_AGENDA_PUT] =
		"INSERT INTO agendas (id, position, title, archived)"
		" VALUES (?1, ?2, ?3, 0)"
		" ON CONFLICT (id) DO UPDATE SET position = excluded.position,"
		" title = excluded.title, archived = 0",
	[Q_AGENDA_LIST] =
		"SELECT id, title, archived FROM agendas"
		" ORDER BY archived, position, id",
	[Q_PROFILE_PUT] =
		"INSERT INTO profiles (user_id, opted_in, shown, agendas, roles,"
		" offers, wants, utc_offset, open, mentor_capacity, updated)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
		" ON CONFLICT (user_id) DO UPDATE SET"
		" opted_in = excluded.opted_in, shown = excluded.shown,"
		" agendas = excluded.agendas, roles = excluded.roles,"
		" offers = excluded.offers, wants = excluded.wants,"
		" utc_offset = excluded.utc_offset, open = excluded.open,"
		" mentor_capacity = excluded.mentor_capacity,"
		" updated = excluded.updated",
	[Q_PROFILE_GET] =
		"SELECT " PROFILE_COLUMNS " FROM profiles p"
		" JOIN users u ON u.id = p.user_id WHERE p.user_id = ?1",
	[Q_PROFILE_LIST] =
		"SELECT " PROFILE_COLUMNS " FROM profiles p"
		" JOIN users u ON u.id = p.user_id"
		" WHERE p.opted_in = 1"
		" AND (CAST(?2 AS BIGINT) = 0 OR p.user_id < ?2)"
		" ORDER BY p.user_id DESC LIMIT ?1",
	[Q_PROFILE_BY_TAG] =
		"SELECT " PROFILE_COLUMNS " FROM profile_tags t"
		" JOIN profiles p ON p.user_id = t.user_id"
		" JOIN users u ON u.id = p.user_id"
		" WHERE t.tag = ?1 AND p.opted_in = 1"
		" ORDER BY t.user_id DESC LIMIT ?2",
	[Q_TAG_DEL] = "DELETE FROM profile_tags WHERE user_id = ?1",
	[Q_TAG_ADD] =
		"INSERT INTO profile_tags (tag, user_id) VALUES (?1, ?2)"
		" ON CONFLICT DO NOTHING",
	[Q_INTRO_ADD] =
		"INSERT INTO intros (asker, asked, note, state, created, changed)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
	[Q_INTRO_GET] =
		"SELECT " INTRO_COLUMNS " FROM intros i JOIN users u ON u.id = ?2"
		" WHERE (i.asker = ?1 AND i.asked = ?2)"
		" OR (i.asker = ?2 AND i.asked = ?1)",
	[Q_INTRO_SET] =
		"UPDATE intros SET state = ?2, changed = ?3"
		" WHERE id = ?1 AND state = ?4",
	[Q_INTRO_DEL] = "DELETE FROM intros WHERE id = ?1 AND state = ?2",
	[Q_INTRO_LIST] =
		"SELECT " INTRO_COLUMNS " FROM intros i JOIN users u"
		" ON u.id = CASE WHEN i.asker = ?1 THEN i.asked ELSE i.asker END"
		" WHERE i.asker = ?1 OR i.asked = ?1 ORDER BY i.id DESC",
	[Q_INTRO_COUNT] =
		"SELECT count(*) FROM intros WHERE asker = ?1 AND state = 1",
	[Q_TEAM_ADD] =
		"INSERT INTO teams (owner, title, summary, agendas, created)"
		" VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_TEAM_GET] =
		"SELECT " TEAM_COLUMNS " FROM teams t JOIN users u ON u.id = t.owner"
		" WHERE t.id = ?1",
	[Q_TEAM_LIST] =
		"SELECT " TEAM_COLUMNS " FROM teams t JOIN users u ON u.id = t.owner"
		" ORDER BY t.id DESC LIMIT ?1",
	[Q_TEAM_COUNT_BY] = "SELECT count(*) FROM teams WHERE owner = ?1",
	[Q_TEAM_PLAN_SET] =
		"UPDATE teams SET plan_number = ?3, plan_exercise = ?4"
		" WHERE id = ?1 AND owner = ?2",
	[Q_TEAM_PLAN_MEMBER] =
		"SELECT count(*) FROM teams t JOIN team_members m"
		" ON m.team_id = t.id WHERE t.owner = ?1 AND t.plan_number = ?2"
		" AND t.plan_exercise = ?3 AND m.user_id = ?4 AND m.state = 2",
	[Q_TMEMBER_ADD] =
		"INSERT INTO team_members (team_id, user_id, state, joined)"
		" VALUES (?1, ?2, ?3, ?4)",
	[Q_TMEMBER_SET] =
		"UPDATE team_members SET state = ?3"
		" WHERE team_id = ?1 AND user_id = ?2 AND state = 1",
	[Q_TMEMBER_DEL] =
		"DELETE FROM team_members WHERE team_id = ?1 AND user_id = ?2",
	[Q_TMEMBER_LIST] =
		"SELECT m.user_id, m.state, m.joined, u.name FROM team_members m"
		" JOIN users u ON u.id = m.user_id WHERE m.team_id = ?1"
		" ORDER BY m.joined, m.user_id",
	[Q_TMEMBER_COUNT] =
		"SELECT count(*) FROM team_members WHERE team_id = ?1",
	[Q_OPP_PUT] =
		"INSERT INTO opportunities (url, title, organisation, kind,"
		" agendas, roles, location, remote, deadline, updated)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
		" ON CONFLICT (url) DO UPDATE SET title = excluded.title,"
		" organisation = excluded.organisation, kind = excluded.kind,"
		" agendas = excluded.agendas, roles = excluded.roles,"
		" location = excluded.location, remote = excluded.remote,"
		" deadline = excluded.deadline, updated = excluded.updated",
	[Q_OPP_ID] = "SELECT id FROM opportunities WHERE url = ?1",
	[Q_OPP_TAG_DEL] =
		"DELETE FROM opportunity_tags WHERE opportunity_id = ?1",
	[Q_OPP_TAG_ADD] =
		"INSERT INTO opportunity_tags (tag, opportunity_id)"
		" VALUES (?1, ?2) ON CONFLICT DO NOTHING",
	/* Open ones: a deadline not passed (none is stored as the largest
	 * day, board.c), soonest first: a walk of the deadline index that
	 * stops at the limit.  A tag filter looks the tag up by index. */
	[Q_OPP_FIND] =
		"SELECT " OPP_COLUMNS " FROM opportunities o"
		" WHERE o.deadline >= ?5"
		" AND (?1 = '' OR o.id IN (SELECT opportunity_id FROM"
		" opportunity_tags WHERE tag = ?1))"
		" AND (?2 = '' OR o.id IN (SELECT opportunity_id FROM"
		" opportunity_tags WHERE tag = ?2))"
		" AND (?3 = 0 OR o.remote = 1)"
		" AND (?4 = 0 OR o.deadline <= ?4)"
		" AND (?7 = '' OR lower(o.location) LIKE ?7 ESCAPE '!')"
		" ORDER BY o.deadline, o.id LIMIT ?6",
	/* A walk of the table, not of the deadline index: most openings
	 * are open, and a seek for each costs more than the scan ('+'
	 * keeps SQLite off the index). */
	[Q_OPP_OPEN] =
		"SELECT o.id, o.agendas, o.roles, o.remote, o.deadline"
		" FROM opportunities o WHERE +o.deadline >= ?1 LIMIT ?2",
	[Q_OPP_GET] =
		"SELECT " OPP_COLUMNS " FROM opportunities o WHERE o.id IN"
		" (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[Q_OPP_COUNT] = "SELECT count(*) FROM opportunities",
	[Q_FILTER_ADD] =
		"INSERT INTO saved_filters (user_id, name, query, created)"
		" VALUES (?1, ?2, ?3, ?4)",
	[Q_FILTER_LIST] =
		"SELECT id, name, query FROM saved_filters WHERE user_id = ?1"
		" ORDER BY id",
	[Q_FILTER_DEL] =
		"DELETE FROM saved_filters WHERE id = ?1 AND user_id = ?2",
	[Q_FILTER_COUNT] =
		"SELECT count(*) FROM saved_filters WHERE user_id = ?1",
	[Q_PROJECT_PUT] =
		"INSERT INTO projects (user_id, number, exercise_id, title,"
		" summary, link, agendas, published, updated)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
		" ON CONFLICT (user_id, number, exercise_id) DO UPDATE SET"
		" title = excluded.title, summary = excluded.summary,"
		" link = excluded.link, agendas = excluded.agendas,"
		" published = excluded.published, updated = excluded.updated",
	[Q_PROJECT_GET] =
		"SELECT " PROJECT_COLUMNS " FROM projects p JOIN users u"
		" ON u.id = p.user_id WHERE p.user_id = ?1 AND p.number = ?2"
		" AND p.exercise_id = ?3",
	[Q_PROJECT_LIST] =
		"SELECT " PROJECT_COLUMNS " FROM projects p JOIN users u"
		" ON u.id = p.user_id WHERE p.published = 1"
		" AND (?1 = '' OR ('\n' || p.agendas || '\n') LIKE"
		" ('%\n' || ?1 || '\n%'))"
		" ORDER BY p.updated DESC, p.user_id LIMIT ?2",
	[Q_SITE_GET] =
		"SELECT catalog, coalesce(device_key, '') FROM site WHERE id = 1",
	[Q_SITE_CATALOG_BUMP] =
		"UPDATE site SET catalog = catalog + 1 WHERE id = 1",
	[Q_SITE_KEY_SET] =
		"UPDATE site SET device_key = ?1 WHERE id = 1"
		" AND device_key IS NULL",
	[Q_THROTTLE_GET] =
		"SELECT start, last, count FROM throttle WHERE key = ?1",
	[Q_THROTTLE_PUT] =
		"INSERT INTO throttle (key, start, last, count)"
		" VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (key) DO UPDATE SET start = excluded.start,"
		" last = excluded.last, count = excluded.count",
	[Q_THROTTLE_FORGET] = "DELETE FROM throttle WHERE last <= ?1",
	/* alignplan migrate: each table's rows, a row back, its count. */
#define COPY_SQL(Q, name, cols, vals, types, order, tail) \
	[Q_ROWS_##name] = "SELECT " cols " FROM " #name " ORDER BY " order, \
	[Q_LOAD_##name] = "INSERT INTO " #name " (" cols ") VALUES (" vals \
		")" tail, \
	[Q_COUNT_##name] = "SELECT count(*) FROM " #name,
	BE_TABLES(COPY_SQL, _)
#undef COPY_SQL
	/* Nothing to do after a copy: a write that changes nothing. */
	[Q_COPY_END] = "UPDATE site SET catalog = catalog WHERE 0",
	[Q_THREAD_RESOLVE] =
		"INSERT INTO thread_resolved (comment_id, resolved_by,"
		" resolved_at) VALUES (?1, ?2, ?3) ON CONFLICT (comment_id)"
		" DO UPDATE SET resolved_by = excluded.resolved_by,"
		" resolved_at = excluded.resolved_at",
	[Q_THREAD_REOPEN] = "DELETE FROM thread_resolved WHERE comment_id = ?1",
	[Q_THREAD_RESOLVED] =
		"SELECT r.comment_id, coalesce(r.resolved_by, 0), r.resolved_at"
		" FROM comments c JOIN thread_resolved r ON r.comment_id = c.id"
		" WHERE c.owner = ?1 AND c.number = ?2 AND c.exercise_id = ?3"
		" AND c.parent IS NULL ORDER BY c.id",
	/* Open: a top comment not resolved, unless it was deleted and has
	 * no live reply (nothing is left to discuss). */
	[Q_THREAD_OPEN] =
		"SELECT count(*) FROM comments c"
		" WHERE c.owner = ?1 AND c.number = ?2"
		" AND (CAST(?3 AS TEXT) IS NULL OR c.exercise_id = ?3) AND c.parent IS NULL"
		" AND NOT EXISTS (SELECT 1 FROM thread_resolved r"
		"  WHERE r.comment_id = c.id)"
		" AND (c.deleted = 0 OR EXISTS (SELECT 1 FROM comments k"
		"  WHERE k.parent = c.id AND k.deleted = 0))",
	[Q_THREAD_OPEN_COHORT] =
		"SELECT c.owner, c.exercise_id, count(*) FROM members m"
		" JOIN comments c ON c.owner = m.user_id AND c.number = ?2"
		" WHERE m.cohort_id = ?1 AND c.parent IS NULL"
		" AND NOT EXISTS (SELECT 1 FROM thread_resolved r"
		"  WHERE r.comment_id = c.id)"
		" AND (c.deleted = 0 OR EXISTS (SELECT 1 FROM comments k"
		"  WHERE k.parent = c.id AND k.deleted = 0))"
		" GROUP BY c.owner, c.exercise_id ORDER BY c.owner, c.exercise_id",
	[Q_TZ_PUT] =
		"INSERT INTO user_settings (user_id, time_zone) VALUES (?1, ?2)"
		" ON CONFLICT (user_id) DO UPDATE SET"
		" time_zone = excluded.time_zone",
	[Q_TZ_GET] = "SELECT time_zone FROM user_settings WHERE user_id = ?1",
	[Q_FEED_ADD] =
		"INSERT INTO calendar_feeds (token_hash, user_id, token, created)"
		" VALUES (?1, ?2, ?3, ?4)",
	[Q_FEED_GET] =
		"SELECT user_id, coalesce(token, ''), created, revoked"
		" FROM calendar_feeds WHERE token_hash = ?1",
	[Q_FEED_OF] =
		"SELECT token_hash, coalesce(token, ''), created"
		" FROM calendar_feeds WHERE user_id = ?1 AND revoked = 0"
		" ORDER BY created DESC LIMIT 1",
	[Q_FEED_REVOKE] =
		"UPDATE calendar_feeds SET revoked = ?2, token = NULL"
		" WHERE user_id = ?1 AND revoked = 0",
	[Q_FEED_COUNT] =
		"SELECT count(*) FROM calendar_feeds WHERE user_id = ?1",
	[Q_FEED_DEL_DEAD] =
		"DELETE FROM calendar_feeds WHERE user_id = ?1 AND revoked > 0",
	[Q_CTEST_ADD] =
		"INSERT INTO cheap_tests (user_id, number, idea, test, status,"
		" note, on_date, created, updated, uncertainty, hours_planned,"
		" hours_spent, conf_before, conf_after)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11,"
		" ?12, ?13)",
	[Q_CTEST_SET] =
		"UPDATE cheap_tests SET idea = ?3, test = ?4, status = ?5,"
		" note = ?6, on_date = ?7, updated = ?8, uncertainty = ?9,"
		" hours_planned = ?10, hours_spent = ?11, conf_before = ?12,"
		" conf_after = ?13"
		" WHERE id = ?1 AND user_id = ?2",
	[Q_CTEST_GET] =
		"SELECT status, hours_spent, conf_after, note FROM cheap_tests"
		" WHERE id = ?1 AND user_id = ?2",
	[Q_CTEST_LOG_ADD] =
		"INSERT INTO cheap_test_log (test_id, at, via, status,"
		" hours_spent, conf_after, note)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_CTEST_LOG_TRIM] =
		"DELETE FROM cheap_test_log WHERE test_id = ?1 AND id NOT IN"
		" (SELECT k.id FROM cheap_test_log k WHERE k.test_id = ?1"
		" ORDER BY k.id DESC LIMIT ?2)",
	[Q_CTEST_LOG_LIST] =
		"SELECT l.id, l.test_id, l.at, l.via, l.status, l.hours_spent,"
		" l.conf_after, l.note FROM cheap_test_log l"
		" JOIN cheap_tests t ON t.id = l.test_id"
		" WHERE t.user_id = ?1 AND t.number = ?2"
		" ORDER BY l.test_id, l.id",
	[Q_CTEST_DEL] =
		"DELETE FROM cheap_tests WHERE id = ?1 AND user_id = ?2",
	[Q_CTEST_LIST] =
		"SELECT id, idea, test, status, note, on_date, created,"
		" updated, uncertainty, hours_planned, hours_spent,"
		" conf_before, conf_after FROM cheap_tests"
		" WHERE user_id = ?1 AND number = ?2"
		" ORDER BY id",
	[Q_CTEST_COUNT] =
		"SELECT count(*) FROM cheap_tests WHERE user_id = ?1"
		" AND number = ?2",
	[Q_NOTICE_ADD] =
		"INSERT INTO notices (user_id, kind, actor, text, link, created,"
		" digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_NOTICE_LIST] =
		"SELECT " NOTICE_COLUMNS " FROM notices WHERE user_id = ?1"
		" ORDER BY id DESC LIMIT ?2",
	[Q_NOTICE_READ] =
		"UPDATE notices SET read_at = ?3 WHERE user_id = ?1"
		" AND read_at = 0 AND (?2 = 0 OR id = ?2)",
	[Q_NOTICE_COUNT] =
		"UPDATE users SET unread = (SELECT count(*) FROM notices"
		" WHERE user_id = ?1 AND read_at = 0) WHERE id = ?1",
	[Q_NOTICE_TRIM] =
		"DELETE FROM notices WHERE user_id = ?1 AND digest <> 1"
		" AND id <= (SELECT id FROM notices WHERE user_id = ?1"
		" ORDER BY id DESC LIMIT 1 OFFSET ?2)",
	[Q_PREF_LIST] =
		"SELECT kind, mode FROM notice_prefs WHERE user_id = ?1",
	[Q_PREF_PUT] =
		"INSERT INTO notice_prefs (user_id, kind, mode)"
		" VALUES (?1, ?2, ?3) ON CONFLICT (user_id, kind)"
		" DO UPDATE SET mode = excluded.mode",
	[Q_PREF_OFF] =
		"UPDATE notice_prefs SET mode = 0 WHERE user_id = ?1"
		" AND mode = ?2",
	[Q_MENTION_ADD] =
		"INSERT INTO mentions (comment_id, user_id) VALUES (?1, ?2)"
		" ON CONFLICT DO NOTHING",
	[Q_MENTION_LIST] =
		"SELECT m.comment_id, m.user_id, u.name FROM mentions m"
		" JOIN comments c ON c.id = m.comment_id"
		" JOIN users u ON u.id = m.user_id"
		" WHERE c.owner = ?1 AND c.number = ?2 AND c.exercise_id = ?3"
		" ORDER BY m.comment_id",
	[Q_DIGEST_DUE] =
		"SELECT user_id FROM notices WHERE digest = 1"
		" GROUP BY user_id HAVING min(created) <= ?1"
		" ORDER BY user_id LIMIT ?2",
	[Q_DIGEST_LIST] =
		"SELECT " NOTICE_COLUMNS " FROM notices WHERE digest = 1"
		" AND user_id = ?1 ORDER BY id LIMIT ?2",
	[Q_DIGEST_DONE] =
		"UPDATE notices SET digest = 2 WHERE digest = 1"
		" AND user_id = ?1 AND id <= ?2",
	[Q_SECRET_ADD] =
		"INSERT INTO secrets (name, value, created) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (name) DO NOTHING",
	[Q_SECRET_GET] = "SELECT value FROM secrets WHERE name = ?1",
	[Q_MAIL_ADD] =
		"INSERT INTO mail_outbox (user_id, kind, env_from, env_to,"
		" message_id, subject, text, message, next_try, created)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[Q_MAIL_UNSENT] =
		"SELECT count(*) FROM mail_outbox WHERE user_id = ?1"
		" AND state IN (1, 2)",
	/* Queued and due, or being sent by a sender whose lease passed. */
	[Q_MAIL_DUE] =
		"SELECT id FROM (SELECT id, next_try AS t FROM mail_outbox"
		"  WHERE state = 1 AND next_try <= ?1"
		" UNION ALL SELECT id, claimed_until AS t FROM mail_outbox"
		"  WHERE state = 2 AND claimed_until <= ?1) due"
		" ORDER BY t, id LIMIT 1",
	[Q_MAIL_CLAIM] =
		"UPDATE mail_outbox SET state = 2, claimed_by = ?2,"
		" claimed_until = ?3, attempts = attempts + 1 WHERE id = ?1"
		" AND ((state = 1 AND next_try <= ?4)"
		" OR (state = 2 AND claimed_until <= ?4))",
	[Q_MAIL_SEND_GET] =
		"SELECT attempts, env_from, env_to, message_id, message"
		" FROM mail_outbox WHERE id = ?1",
	[Q_MAIL_DONE] =
		"UPDATE mail_outbox SET state = ?3, next_try = ?4,"
		" last_error = ?5, sent_at = ?6, claimed_until = 0"
		" WHERE id = ?1 AND claimed_by = ?2 AND state = 2",
	[Q_MAIL_NEXT] =
		"SELECT coalesce(min(t), 0) FROM ("
		" SELECT min(next_try) AS t FROM mail_outbox WHERE state = 1"
		" UNION ALL SELECT min(claimed_until) FROM mail_outbox"
		"  WHERE state = 2) due",
	[Q_MAIL_LIST] =
		"SELECT " MAIL_COLUMNS " FROM mail_outbox"
		" WHERE CAST(?1 AS BIGINT) IS NULL OR state = ?1 ORDER BY id DESC LIMIT ?2",
	[Q_MAIL_GET] =
		"SELECT " MAIL_COLUMNS ", message FROM mail_outbox"
		" WHERE id = ?1",
	[Q_MAIL_COUNTS] =
		"SELECT state, count(*) FROM mail_outbox GROUP BY state",
	[Q_MAIL_PRUNE] =
		"DELETE FROM mail_outbox WHERE state = 3 AND sent_at < ?1",
	[Q_CDATE_ADD] =
		"INSERT INTO cohort_dates (cohort_id, kind, starts, minutes,"
		" title, created_by, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_CDATE_DEL] =
		"DELETE FROM cohort_dates WHERE id = ?1 AND cohort_id = ?2",
	[Q_CDATE_COUNT] =
		"SELECT count(*) FROM cohort_dates WHERE cohort_id = ?1",
	[Q_CDATE_LIST] =
		"SELECT " CDATE_COLUMNS " FROM cohort_dates d"
		" JOIN cohorts c ON c.id = d.cohort_id"
		" WHERE d.cohort_id = ?1 ORDER BY d.starts, d.id",
	[Q_CDATE_OF_USER] =
		"SELECT " CDATE_COLUMNS ", c.name FROM members m"
		" JOIN cohorts c ON c.id = m.cohort_id"
		" JOIN cohort_dates d ON d.cohort_id = m.cohort_id"
		" WHERE m.user_id = ?1 ORDER BY d.cohort_id, d.starts, d.id",
	[Q_CDATE_DUE] =
		"SELECT " CDATE_COLUMNS " FROM cohort_dates d"
		" JOIN cohorts c ON c.id = d.cohort_id"
		" WHERE d.kind = ?1 AND d.starts > ?2 AND d.starts <= ?3"
		" ORDER BY d.id",
	[Q_ONCE_HAS] = "SELECT count(*) FROM notice_once WHERE key = ?1",
	[Q_ONCE_ADD] =
		"INSERT INTO notice_once (key, created) VALUES (?1, ?2)"
		" ON CONFLICT (key) DO NOTHING",
	[Q_ONCE_PRUNE] = "DELETE FROM notice_once WHERE created < ?1",
	[Q_NUDGE_ADD] =
		"INSERT INTO nudges (cohort_id, member, facilitator, at)"
		" VALUES (?1, ?2, ?3, ?4)",
	[Q_NUDGE_LAST] =
		"SELECT coalesce(max(at), 0) FROM nudges"
		" WHERE cohort_id = ?1 AND member = ?2",
	[Q_NUDGE_LIST] =
		"SELECT n.member, n.at, coalesce(u.name, '') FROM nudges n"
		" LEFT JOIN users u ON u.id = n.facilitator"
		" WHERE n.cohort_id = ?1 AND n.id = (SELECT max(m.id)"
		"  FROM nudges m WHERE m.cohort_id = n.cohort_id"
		"  AND m.member = n.member) ORDER BY n.member",
	[Q_NUDGE_FORGET] =
		"DELETE FROM nudges WHERE cohort_id = ?1 AND member = ?2"
		" AND at < ?3",
	[Q_ANSWERS_DATED] =
		"SELECT user_id, value FROM answers"
		" WHERE number = ?1 AND prompt_id = ?2 AND user_id IN ("
		" SELECT user_id FROM answer_days"
		" WHERE number = ?1 AND prompt_id = ?2"
		" AND (day BETWEEN ?3 AND ?4 OR day = '*'))"
		" ORDER BY user_id",
	[Q_CTEST_DUE] =
		"SELECT id, user_id, number, idea, on_date FROM cheap_tests"
		" WHERE status = 1 AND on_date >= ?1 AND on_date <= ?2"
		" ORDER BY id",
	[Q_MAIL_COUNT_TO] =
		"SELECT count(*) FROM mail_outbox WHERE env_to = ?1"
		" AND kind = ?2 AND created >= ?3",
	[Q_CHECKIN_LAST] =
		"SELECT coalesce(max(at), 0) FROM checkins"
		" WHERE user_id = ?1 AND number = ?2",
};
