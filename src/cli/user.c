/*
 * user.c: `alignplan user add|list` — manage accounts from a shell.
 * The password is read from the first line of standard input, never from
 * the command line (where other users could see it in ps).
 */
#include "auth/auth.h"
#include "cli/cmd.h"
#include "core/form.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

const struct cmd_usage user_usage = {
	"alignplan user add [--db URL] [--admin] EMAIL NAME\n"
	"alignplan user list [--db URL]\n",
	"Add an account, its password read from the first line of standard "
	"input,\n"
	"or list the accounts (id, email, name, role; one a line, tab-"
	"separated).\n"
	"  --admin   the new account is an administrator (course operator)\n"
	"  --db URL  the database: sqlite:PATH or a path (default "
	DEFAULT_DB ")\n",
};

int cmd_find_user(struct store *st, const char *email, struct user *u)
{
	switch (store_user_by_email(st, email, u)) {
	case STORE_OK:
		return EXIT_OK;
	case STORE_NOTFOUND:
		fprintf(stderr, "alignplan: no user %s\n", email);
		return EXIT_BADINPUT;
	default:
		fprintf(stderr, "alignplan: %s\n", store_errmsg(st));
		return EXIT_FAIL;
	}
}

static int print_user(void *ctx, const struct user *u)
{
	(void)ctx;
	printf("%lld\t%s\t%s\t%s\n", (long long)u->id, u->email, u->name,
	       u->is_admin ? "admin" : "participant");
	return 0;
}

/* `user add`'s EMAIL and NAME, by sign-up's rules (account-fields.c):
 * 0, or EXIT_BADINPUT after saying why. */
static int check_new_user(int npos, const char *const pos[2])
{
	if (npos != 2 || !strchr(pos[0], '@') ||
	    strlen(pos[0]) > STORE_EMAIL_MAX || !*pos[1] ||
	    strlen(pos[1]) > STORE_NAME_MAX)
		return cmd_bad("user", &user_usage, "add takes an EMAIL (up "
			       "to %d bytes) and a NAME (up to %d)",
			       STORE_EMAIL_MAX, STORE_NAME_MAX);
	if (strchr(pos[0], ' ') || !text_line_valid(pos[0], strlen(pos[0])) ||
	    !text_line_valid(pos[1], strlen(pos[1])))
		return cmd_bad("user", &user_usage, "EMAIL and NAME must "
			       "each be one line of UTF-8 text without "
			       "control characters (and EMAIL without "
			       "spaces)");
	return 0;
}

/* Add the user, the password read from standard input: an exit
 * status. */
static int add_user(struct store *st, const char *email, const char *name,
		    int admin)
{
	struct user u = { 0 };
	char pw[AUTH_PASSWORD_MAX + 2];
	size_t n;

	if (!fgets(pw, sizeof(pw), stdin)) {
		fputs("alignplan: give the password on standard input\n",
		      stderr);
		return EXIT_BADINPUT;
	}
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	if (n < AUTH_PASSWORD_MIN || n > AUTH_PASSWORD_MAX) {
		fputs("alignplan: the password needs 8 to 256 characters\n",
		      stderr);
		return EXIT_BADINPUT;
	}
	snprintf(u.email, sizeof(u.email), "%s", email);
	snprintf(u.name, sizeof(u.name), "%s", name);
	u.is_admin = admin;
	if (auth_hash_password(pw, u.pwhash)) {
		fputs("alignplan: out of memory hashing the password\n", stderr);
		return EXIT_FAIL;
	}
	switch (store_user_add(st, &u)) {
	case STORE_OK:
		printf("added user %lld <%s>\n", (long long)u.id, u.email);
		return EXIT_OK;
	case STORE_EXISTS:
		fprintf(stderr, "alignplan: %s already has an account\n",
			u.email);
		return EXIT_BADINPUT;
	default:
		fprintf(stderr, "alignplan: %s\n", store_errmsg(st));
		return EXIT_FAIL;
	}
}

int cmd_user(int argc, char **argv)
{
	const char *db = DEFAULT_DB, *pos[2] = { NULL, NULL };
	struct store *st;
	char err[256];
	int i, npos = 0, r, admin = 0;

	for (i = 1; i < argc; i++)
		if (cmd_is_help(argv[i]))
			return cmd_help(&user_usage);
	if (argc < 2 || (strcmp(argv[1], "add") && strcmp(argv[1], "list")))
		return cmd_bad("user", &user_usage, "add or list?");
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strcmp(argv[i], "--admin"))
			admin = 1;
		else if (argv[i][0] != '-' && npos < 2)
			pos[npos++] = argv[i];
		else
			return cmd_bad("user", &user_usage,
				       "bad argument '%s'", argv[i]);
	}
	if (!strcmp(argv[1], "add") && (r = check_new_user(npos, pos)))
		return r;
	if (store_open(db, &st, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: %s\n", err);
		return EXIT_FAIL;
	}
	if (!strcmp(argv[1], "list"))
		r = store_user_list(st, print_user, NULL) == STORE_OK ?
		    EXIT_OK : EXIT_FAIL;
	else
		r = add_user(st, pos[0], pos[1], admin);
	store_close(st);
	return r;
}
