/*
 * priv.c: giving up root (priv.h).  After OpenBSD's daemons: take only the
 * privileges needed, and drop them right after start-up, for good.
 */
/* setresuid() and getresuid() */
#define _GNU_SOURCE
#include "core/priv.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int priv_find(const char *name, struct priv_user *u, char *err,
	      size_t errlen)
{
	const struct passwd *pw;

	if (!name)
		name = getpwnam(PRIV_USER) ? PRIV_USER : "nobody";
	errno = 0;
	pw = getpwnam(name);
	if (!pw) {
		snprintf(err, errlen, "there is no user '%s' to run as%s%s",
			 name, errno ? ": " : "", errno ? strerror(errno) : "");
		return -1;
	}
	if (pw->pw_uid == 0 || pw->pw_gid == 0) {
		snprintf(err, errlen, "user '%s' has root's %s; the server "
			 "will not run as root", name,
			 pw->pw_uid == 0 ? "id" : "group");
		return -1;
	}
	if (strlen(name) >= sizeof(u->name)) {
		snprintf(err, errlen, "the user name '%.20s...' is too long",
			 name);
		return -1;
	}
	snprintf(u->name, sizeof(u->name), "%s", name);
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	return 0;
}

int priv_drop(const struct priv_user *u, char *err, size_t errlen)
{
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;

	/* Groups first: once we are not root we may not change them. */
	if (initgroups(u->name, u->gid) || setresgid(u->gid, u->gid, u->gid) ||
	    setresuid(u->uid, u->uid, u->uid)) {
		snprintf(err, errlen, "cannot become user %s: %s", u->name,
			 strerror(errno));
		return -1;
	}
	/* Trust but verify: every id is the user's, and root is gone. */
	if (getresuid(&ruid, &euid, &suid) || getresgid(&rgid, &egid, &sgid) ||
	    ruid != u->uid || euid != u->uid || suid != u->uid ||
	    rgid != u->gid || egid != u->gid || sgid != u->gid ||
	    setuid(0) == 0 || seteuid(0) == 0) {
		snprintf(err, errlen, "could not give up root for user %s",
			 u->name);
		return -1;
	}
	return 0;
}
