#ifndef PRIV_H
#define PRIV_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Giving up root.  `alignplan serve` started as root opens what may need
 * root (the listening socket, the database) and then becomes an
 * unprivileged user for good, before it serves anything.
 */
struct priv_user {
	char name[64];
	uid_t uid;
	gid_t gid;
};

/* The user to become: `name`, or when NULL PRIV_USER if that user exists
 * and "nobody" if not.  Returns 0, or -1 with a message in err for a user
 * that does not exist or is root (uid or group 0). */
#define PRIV_USER "alignplan"
int priv_find(const char *name, struct priv_user *u, char *err,
	      size_t errlen);

/* Become u: its groups, then its group and user as the real, effective
 * and saved ids.  Checks that root cannot be taken back.  Returns 0, or -1
 * with a message in err (the caller must then stop). */
int priv_drop(const struct priv_user *u, char *err, size_t errlen);

#endif
