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
 * How often a login's use is written down: once an hour, or a tenth of
 * the idle limit when that is shorter (a server told to end logins after
 * ten minutes must notice use within one).  The logged-in page is the
 * hot path, so this is what keeps it free of writes.
 */
int64_t store_seen_grain(int64_t idle)
{
	int64_t g = idle > 0 && idle / 10 < STORE_SEEN_GRAIN ? idle / 10 :
		    STORE_SEEN_GRAIN;

	return g > 0 ? g : 1;
}

/*
 * The lifetimes of a login, applied to the row login_get found: the
 * absolute one (expires) and the idle one (last_seen).  Kept here, not in
 * a backend, so that every backend ends logins alike.
 */
int store_login_find(struct store *st, const char *token_hash, int64_t idle,
		     struct login *out, int *seen_due)
{
	int64_t now = store_now(st), grain = store_seen_grain(idle);
	struct login l;
	int r;

	r = store_login_get(st, token_hash, &l);
	if (r != STORE_OK)
		return r;
	if (l.expires <= now ||
	    (idle > 0 && now - l.last_seen >= idle + grain))
		return STORE_NOTFOUND;
	*seen_due = now - l.last_seen >= grain;
	*out = l;
	return STORE_OK;
}
