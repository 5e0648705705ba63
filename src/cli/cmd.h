#ifndef CMD_H
#define CMD_H

/*
 * Sub-commands of the alignplan binary.  Each takes the arguments after its
 * own name (argv[0] is the sub-command) and returns the process exit status:
 *   0  success
 *   1  failure at run time (database, network, I/O)
 *   2  bad input: a malformed session file or bad arguments
 * Errors go to stderr; only requested output goes to stdout.
 */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_BADINPUT = 2 };

#define DEFAULT_DB "sqlite:alignplan.db"

#include <stddef.h>
#include <stdio.h>

int cmd_serve(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_mail(int argc, char **argv);
int cmd_remind(int argc, char **argv);

/*
 * Each sub-command's usage.  `synopsis` is its forms, one line each
 * ("alignplan NAME ..."); `text` the rest of its --help: what it does and
 * its options, one line each.  `alignplan --help` lists every synopsis.
 */
struct cmd_usage {
	const char *synopsis;
	const char *text;
};
extern const struct cmd_usage serve_usage, import_usage, user_usage,
	export_usage, backup_usage, migrate_usage, mail_usage, remind_usage;

/* Is this argument a request for help (--help or -h)? */
int cmd_is_help(const char *arg);
/* Print the synopsis lines, the first after "usage: " when `first`, the
 * others (and every line when not `first`) under it. */
void cmd_synopsis(FILE *to, const char *synopsis, int first);
/* --help: the whole usage on stdout; returns EXIT_OK. */
int cmd_help(const struct cmd_usage *u);
/* A bad argument: "alignplan NAME: <why>" and the synopsis on stderr;
 * returns EXIT_BADINPUT. */
int cmd_bad(const char *name, const struct cmd_usage *u, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

/* serve's mail (serve-mail.c): the options, then the sender thread. */
struct serve_mail {
	const char *smtp, *cred, *from, *base;
	long timeout;
	long retry_max, digest_after;
	long remind_every;          /* seconds between reminder passes */
};
/* argv[*i] as a mail option: 1 when taken (*i moves past its value), 0
 * when it is none, -1 when its value is bad (said on stderr). */
int serve_mail_arg(struct serve_mail *m, int argc, char **argv, int *i);
/* Configure the notices' mail and, with --smtp, start the sender on a
 * connection of its own; an exit status. */
int serve_mail_start(struct serve_mail *m, const char *db_url);
void serve_mail_stop(void);

/* Import a session file into an open store, keeping stable prompt ids
 * (shared by `import` and `serve --load`).  Returns an exit status and
 * prints errors to stderr prefixed with `path`. */
struct store;
int import_file(struct store *st, const char *path, int only_if_new);

/* Read at most IMPORT_MAX_BYTES of `path` ("-": standard input) into a
 * malloc'd *out.  Returns an exit status; errors are printed as
 * "path: message". */
int import_read(const char *path, char **out, size_t *len);

/* "FILE:LINE: message" for an import error, on stderr. */
struct import_error;
void import_print_error(const char *path, const struct import_error *e);

/*
 * `import` of a catalog of research agendas (import-agenda.c), `src`
 * being the file's `len` bytes: check it, then (without IMPORT_CHECK)
 * store it in `st`, or in the database `db` when st is NULL, replacing
 * the catalog stored before (IMPORT_IF_NEW: unless there is one); print
 * a summary, or the catalog as JSON, unless IMPORT_QUIET.  Returns an
 * exit status, errors on stderr prefixed with `path`.
 */
enum { IMPORT_CHECK = 1, IMPORT_JSON = 2, IMPORT_IF_NEW = 4,
       IMPORT_QUIET = 8 };
int import_agendas(struct store *st, const char *db, const char *path,
		   const char *src, size_t len, int flags);
/* Load stored session `number` (0: the lowest-numbered) into s, with the
 * prompt ids the store has.  Returns an exit status, errors on stderr. */
struct session;
int cmd_load_session(struct store *st, int number, struct session *s);
/* The user whose email this is, into *u (user.c): EXIT_OK, or after
 * saying why EXIT_BADINPUT (no such user) or EXIT_FAIL. */
struct user;
int cmd_find_user(struct store *st, const char *email, struct user *u);

/* `import --answers`: a participant's notes of a session (import-notes.c). */
struct import_args {
	const char *db, *path, *user;
	int check, json, answers, replace, session, opportunities;
};
int import_notes(const struct import_args *a);
/* `import --opportunities` (import-opps.c): an exit status. */
int import_opportunities(const struct import_args *a);

#endif
