/*
 * pg-sql.c: the catalogue's SQL for PostgreSQL.  Not a second copy: the
 * texts are sqlite-sql.c's (sql.h), rewritten as PostgreSQL wants them
 * ($n for ?n, RETURNING id on the inserts whose new id the catalogue
 * wants), except for the few entries below, where the two dialects part.
 * Each was checked against PostgreSQL 15.
 */
#include "store/pg-private.h"

#include <stdio.h>
#include <string.h>

#define USER_COLUMNS "id, email, name, pwhash, is_admin, created"
/* The next value of table t's identity column c: past its highest. */
#define SETVAL(t, c) \
	"setval(pg_get_serial_sequence('" t "', '" c "')," \
	" (SELECT coalesce(max(" c "), 0) + 1 FROM " t "), false)"

static const char *const pg_own[NR_QUERIES] = {
	/* users.email is unique by lower(email COLLATE "C") (pg-schema.c,
	 * SQLite's NOCASE): look it up by the same expression, so the
	 * index serves it. */
	[Q_USER_BY_EMAIL] =
		"SELECT " USER_COLUMNS " FROM users"
		" WHERE lower(email COLLATE \"C\") = lower($1 COLLATE \"C\")",
	/* "LIMIT in a recursive query is not implemented": the LIMIT goes
	 * outside, which still stops the walk, since PostgreSQL computes a
	 * recursive query's rows only as they are fetched.  The start's
	 * type is given (a bare $1 has none). */
	[Q_COMMENT_REPLIES] =
		"WITH RECURSIVE down(id) AS (SELECT $1::bigint"
		" UNION ALL SELECT c.id FROM comments c"
		" JOIN down ON c.parent = down.id)"
		" SELECT count(*) - 1 FROM (SELECT id FROM down LIMIT $2 + 1) d",
	/* PostgreSQL has strpos() and chr() for instr() and char(), and
	 * the value is bytes. */
	[Q_ANSWER_COHORT_BRIEF] =
		"SELECT user_id, prompt_id,"
		" CASE WHEN strpos($3, chr(10) || prompt_id || chr(10)) > 0"
		" THEN value"
		" WHEN btrim(value, '\\x20090a0d'::bytea) = ''::bytea"
		" THEN ''::bytea ELSE '\\x2e'::bytea END FROM answers"
		" WHERE user_id IN (SELECT user_id FROM members"
		" WHERE cohort_id = $1) AND number = $2",
	/* json_array_elements_text() for json_each(); the columns' types
	 * given, since an INSERT's SELECT list alone does not say them. */
	[Q_ANSWER_DAYS_DROP] =
		"DELETE FROM answer_days"
		" WHERE user_id = $1 AND number = $2 AND prompt_id = $3"
		" AND day NOT IN (SELECT json_array_elements_text($4::json))",
	[Q_ANSWER_DAYS_ADD] =
		"INSERT INTO answer_days (user_id, number, prompt_id, day)"
		" SELECT $1::bigint, $2::bigint, $3::text,"
		" json_array_elements_text($4::json)"
		" ON CONFLICT DO NOTHING",
	/* After `alignplan migrate` put the rows in with their ids: each
	 * identity goes on past the highest id copied (a write, run once
	 * on site's one row, so that it is one statement). */
	[Q_COPY_END] =
		"UPDATE site SET catalog = catalog + 0 * ("
		SETVAL("users", "id") " + " SETVAL("cohorts", "id") " + "
		SETVAL("comments", "id") " + " SETVAL("checkins", "id") " + "
		SETVAL("members", "seq") " + " SETVAL("invites", "seq") " + "
		SETVAL("intros", "id") " + " SETVAL("teams", "id") " + "
		SETVAL("opportunities", "id") " + "
		SETVAL("saved_filters", "id") " + "
		SETVAL("cheap_tests", "id") " + " SETVAL("notices", "id") " + "
		SETVAL("mail_outbox", "id") " + "
		SETVAL("cheap_test_log", "id") " + "
		SETVAL("cohort_dates", "id") " + " SETVAL("nudges", "id") ")",
};

/* Copy the shared text into out with $n for ?n (outside quotes). */
static int rewrite(const char *in, char *out, size_t len)
{
	size_t n = 0;
	int quoted = 0;

	for (; *in; in++) {
		if (*in == '\'')
			quoted = !quoted;
		if (n + 2 >= len)
			return -1;
		out[n++] = *in == '?' && !quoted ? '$' : *in;
	}
	out[n] = '\0';
	return 0;
}

int pg_sql(enum be_query q, char *out, size_t len)
{
	const char *in = pg_own[q] ? pg_own[q] : sqlite_sql[q];
	size_t n;

	if (!in || rewrite(in, out, len))
		return -1;
	n = strlen(out);
	if (!pg_own[q] && (be_shapes[q].flags & BE_NEW_ID) &&
	    snprintf(out + n, len - n, " RETURNING id") >= (int)(len - n))
		return -1;
	return 0;
}
