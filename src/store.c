#include "store.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * Does `url` start with `prefix`?  Scheme names are compared without regard
 * to case, as URLs do.
 */
static int has_scheme(const char *url, const char *prefix)
{
	return !strncasecmp(url, prefix, strlen(prefix));
}

/*
 * Pick a backend from the database URL and open a connection with it.
 *
 *   sqlite:PATH            SQLite database file PATH
 *   PATH                   the same, for any string without "://"
 *   postgres://...         PostgreSQL (not built yet; a clear error)
 *   postgresql://...       likewise
 *
 * Anything else is refused with a message naming the forms we accept.  On
 * success *out is set; on failure it is left alone and err says why.
 */
int store_open(const char *url, struct store **out, char *err,
	       size_t errlen)
{
	const struct store_backend *be = NULL;
	const char *where = NULL;
	int ret = STORE_ERR;

	if (errlen)
		err[0] = '\0';
	if (!url || !*url) {
		snprintf(err, errlen, "no database given "
			 "(expected sqlite:PATH or a file path)");
		goto out;
	}
	if (has_scheme(url, "sqlite:")) {
		be = &store_sqlite;
		where = url + strlen("sqlite:");
	} else if (has_scheme(url, "postgres:") ||
		   has_scheme(url, "postgresql:")) {
		snprintf(err, errlen, "%s: PostgreSQL support is not built yet "
			 "(use sqlite:PATH)", url);
		goto out;
	} else if (!strstr(url, "://")) {
		be = &store_sqlite;
		where = url;
	} else {
		snprintf(err, errlen, "%s: unknown database URL scheme "
			 "(expected sqlite:PATH, a file path or "
			 "postgres://...)", url);
		goto out;
	}
	if (!*where) {
		snprintf(err, errlen, "%s: the database path is empty", url);
		goto out;
	}
	ret = be->open(where, out, err, errlen);
out:
	return ret;
}

/*
 * The caps (store.h, docs/cohorts.md "Caps").  The numbers are rules of
 * the store, kept here; each backend counts inside the write's own
 * transaction, so the last place cannot be taken twice.
 */
int store_cohort_add(struct store *st, struct cohort *c)
{
	return st->be->cohort_add(st, c, STORE_COHORTS_MAX);
}

int store_member_put(struct store *st, int64_t cohort, int64_t user,
		     int role)
{
	return st->be->member_put(st, cohort, user, role, STORE_MEMBERS_MAX);
}

int store_invite_add(struct store *st, const struct invite *i)
{
	return st->be->invite_add(st, i, STORE_INVITES_MAX);
}

int store_comment_add(struct store *st, struct comment *c, const char *body)
{
	return st->be->comment_add(st, c, body, STORE_COMMENTS_MAX,
				   STORE_REPLIES_MAX);
}

int store_checkin_add(struct store *st, struct checkin *c, const char *note)
{
	return st->be->checkin_add(st, c, note, STORE_CHECKINS_MAX);
}
