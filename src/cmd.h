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

int cmd_serve(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* Import a session file into an open store, keeping stable prompt ids
 * (shared by `import` and `serve --load`).  Returns an exit status and
 * prints errors to stderr prefixed with `path`. */
struct store;
int import_file(struct store *st, const char *path, int only_if_new);

#endif
