/*
 * import.c: `alignplan import [--check] [--json] [--db URL] FILE`.
 *
 * Reads a session file (refusing it before reading if it is too large),
 * parses it, and either reports what it understood (--check, --json) or
 * stores it, keeping the ids of prompts a previous import stored.
 */
#include "cli/cmd.h"

#include "core/buf.h"
#include "import/agenda.h"
#include "model/session.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* import_read() (cmd.h): a regular file that is too large is refused
 * from its size alone. */
int import_read(const char *path, char **out, size_t *len)
{
	struct buf b = BUF_INIT;
	struct stat st;
	char chunk[65536];
	int fd, ret = EXIT_FAIL;

	*out = NULL;
	*len = 0;
	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return EXIT_BADINPUT;
	}
	if (!fstat(fd, &st) && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: is a directory\n", path);
		ret = EXIT_BADINPUT;
		goto out;
	}
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > IMPORT_MAX_BYTES) {
		fprintf(stderr, "%s: file is %lld bytes; the limit is %zu\n",
			path, (long long)st.st_size, IMPORT_MAX_BYTES);
		ret = EXIT_BADINPUT;
		goto out;
	}
	buf_init(&b, IMPORT_MAX_BYTES);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			goto out;
		}
		if (!n)
			break;
		if (buf_add(&b, chunk, (size_t)n)) {
			if (b.len + (size_t)n > IMPORT_MAX_BYTES) {
				fprintf(stderr, "%s: file is more than %zu "
					"bytes; the limit is %zu\n", path,
					IMPORT_MAX_BYTES, IMPORT_MAX_BYTES);
				ret = EXIT_BADINPUT;
			} else {
				fprintf(stderr, "%s: out of memory\n", path);
			}
			goto out;
		}
	}
	*out = buf_detach(&b, len);
	ret = *out ? EXIT_OK : EXIT_FAIL;
out:
	buf_release(&b);
	if (fd > 0)
		close(fd);
	return ret;
}

/* "FILE:LINE: message", without repeating the "line N: " in the message. */
void import_print_error(const char *path, const struct import_error *e)
{
	const char *msg = e->msg;
	char prefix[32];

	snprintf(prefix, sizeof(prefix), "line %d: ", e->line);
	if (e->line > 0 && !strncmp(msg, prefix, strlen(prefix)))
		msg += strlen(prefix);
	if (e->line > 0)
		fprintf(stderr, "%s:%d: %s\n", path, e->line, msg);
	else
		fprintf(stderr, "%s: %s\n", path, msg);
}

/* load_session()'s answer for a catalog of research agendas: *src is
 * read, `s` untouched (import-agenda.c takes it from there). */
#define IMPORT_IS_CATALOG (-1)

/* Read and parse `path`; returns an exit status, errors on stderr. */
static int load_session(const char *path, struct session *s, char **src,
			size_t *len)
{
	struct import_error e;
	int r = import_read(path, src, len);

	if (r != EXIT_OK)
		return r;
	if (agenda_catalog_sniff(*src, *len))
		return IMPORT_IS_CATALOG;
	if (session_parse(*src, *len, s, &e)) {
		import_print_error(path, &e);
		free(*src);
		*src = NULL;
		return EXIT_BADINPUT;
	}
	return EXIT_OK;
}

static void print_summary(FILE *to, const struct session *s)
{
	size_t i, prompts = 0;

	for (i = 0; i < s->nr_exercises; i++)
		prompts += s->exercises[i].nr_prompts;
	fprintf(to, "session %d: %s \xe2\x80\x94 %zu reading%s, %zu exercise%s, "
		"%zu prompt%s\n", s->number, s->title,
		s->nr_readings, s->nr_readings == 1 ? "" : "s",
		s->nr_exercises, s->nr_exercises == 1 ? "" : "s",
		prompts, prompts == 1 ? "" : "s");
}

struct find_number {
	int number, found;
};

static int match_number(void *ctx, int number, const char *title)
{
	struct find_number *f = ctx;

	(void)title;
	if (number == f->number)
		f->found = 1;
	return f->found;
}

/*
 * Store a parsed session: adopt the ids of the prompts stored before,
 * then put it.  `skipped` is set when only_if_new finds it already there.
 */
static int store_session(struct store *st, const char *path,
			 struct session *s, const char *src, size_t len,
			 int only_if_new, int *skipped)
{
	int ret = EXIT_FAIL;

	*skipped = 0;
	if (s->number <= 0) {
		/* Answers are filed under the session number: no guessing. */
		fprintf(stderr, "%s:1: the title names no session number; "
			"write it as '# Session 7 - Title'\n", path);
		return EXIT_BADINPUT;
	}
	if (only_if_new) {
		struct find_number f = { s->number, 0 };

		if (store_course_list(st, match_number, &f) != STORE_OK)
			goto dberr;
		if (f.found) {
			*skipped = 1;
			return EXIT_OK;
		}
	}
	if (session_sync_ids(st, s) != STORE_OK ||
	    store_course_put(st, s, src, len) != STORE_OK)
		goto dberr;
	return EXIT_OK;
dberr:
	fprintf(stderr, "%s: database: %s\n", path, store_errmsg(st));
	return ret;
}

int import_file(struct store *st, const char *path, int only_if_new)
{
	struct session s;
	char *src = NULL;
	size_t len = 0;
	int r, skipped;

	r = load_session(path, &s, &src, &len);
	if (r == IMPORT_IS_CATALOG) {
		r = import_agendas(st, NULL, path, src, len, IMPORT_QUIET |
				   (only_if_new ? IMPORT_IF_NEW : 0));
		free(src);
		return r;
	}
	if (r != EXIT_OK)
		return r;
	r = store_session(st, path, &s, src, len, only_if_new, &skipped);
	session_release(&s);
	free(src);
	return r;
}

const struct cmd_usage import_usage = {
	"alignplan import [--check] [--json] [--db URL] FILE\n"
	"alignplan import --answers --user EMAIL [--session N] [--check] "
	"[--replace]\n"
	"                 [--db URL] FILE\n"
	"alignplan import --opportunities [--check] [--db URL] FILE\n",
	"Import the session written in FILE (- is standard input); importing "
	"it again\n"
	"updates it and keeps participants' answers.  With --answers, FILE is "
	"a\n"
	"participant's own notes of a stored session: their answers and "
	"reading notes.\n"
	"  --check     parse and check FILE, and write nothing to the database "
	"(with\n"
	"              --answers: show what would land where)\n"
	"  --json      print what was understood of FILE as JSON\n"
	"  --answers   FILE holds a participant's answers and notes\n"
	"  --opportunities  FILE holds openings for the opportunities board "
	"(CSV or JSON)\n"
	"  --user EMAIL  whose answers (with --answers; required)\n"
	"  --session N   which session (default: the number in FILE's title)\n"
	"  --replace   replace answers and notes that differ from the stored "
	"ones (the\n"
	"              old ones stay in the plan's history)\n"
	"  --db URL    the database: sqlite:PATH or a path (default "
	DEFAULT_DB ")\n",
};

/* Parse the arguments; returns -1 to go on, else an exit status. */
static int import_args(int argc, char **argv, struct import_args *a)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(argv[i], "--check"))
			a->check = 1;
		else if (!strcmp(argv[i], "--json"))
			a->json = 1;
		else if (!strcmp(argv[i], "--answers"))
			a->answers = 1;
		else if (!strcmp(argv[i], "--opportunities"))
			a->opportunities = 1;
		else if (!strcmp(argv[i], "--replace"))
			a->replace = 1;
		else if (!strcmp(argv[i], "--db") && v)
			a->db = argv[++i];
		else if (!strncmp(argv[i], "--db=", 5))
			a->db = argv[i] + 5;
		else if (!strcmp(argv[i], "--user") && v)
			a->user = argv[++i];
		else if (!strcmp(argv[i], "--session") && v) {
			char *end;
			long n = strtol(argv[++i], &end, 10);

			if (*end || n < 1 || n > 100000)
				return cmd_bad("import", &import_usage,
					       "bad session number '%s'", argv[i]);
			a->session = (int)n;
		} else if (!strcmp(argv[i], "--"))
			break;
		else if (cmd_is_help(argv[i]))
			return cmd_help(&import_usage);
		else if (argv[i][0] == '-' && argv[i][1])
			return cmd_bad("import", &import_usage,
				       "bad argument '%s'", argv[i]);
		else if (a->path)
			return cmd_bad("import", &import_usage,
				       "one FILE at a time");
		else
			a->path = argv[i];
	}
	if (i < argc && !strcmp(argv[i], "--") && !a->path && i + 2 == argc)
		a->path = argv[i + 1];
	if (!a->path)
		return cmd_bad("import", &import_usage, "no FILE to import");
	if (a->opportunities && (a->answers || a->json))
		return cmd_bad("import", &import_usage, "--opportunities goes "
			       "without --answers and --json");
	if (a->answers && !a->user)
		return cmd_bad("import", &import_usage,
			       "--answers needs --user EMAIL");
	if (!a->answers && (a->user || a->session || a->replace))
		return cmd_bad("import", &import_usage, "--user, --session "
			       "and --replace go with --answers");
	return -1;
}

/* Print the model as JSON; returns an exit status. */
static int print_json(const char *path, const struct session *s)
{
	struct buf out = BUF_INIT;
	int r = EXIT_OK;

	session_to_json(s, &out);
	if (out.err) {
		fprintf(stderr, "%s: out of memory\n", path);
		r = EXIT_FAIL;
	} else {
		fwrite(out.data, 1, out.len, stdout);
	}
	buf_release(&out);
	return r;
}

int cmd_import(int argc, char **argv)
{
	struct import_args a = { .db = DEFAULT_DB };
	struct session s;
	struct store *st = NULL;
	char *src = NULL, err[256];
	size_t len = 0;
	int r, skipped;

	if ((r = import_args(argc, argv, &a)) >= 0)
		return r;
	if (a.answers)
		return import_notes(&a);
	if (a.opportunities)
		return import_opportunities(&a);
	r = load_session(a.path, &s, &src, &len);
	if (r == IMPORT_IS_CATALOG) {
		r = import_agendas(NULL, a.db, a.path, src, len,
				   (a.check ? IMPORT_CHECK : 0) |
				   (a.json ? IMPORT_JSON : 0));
		free(src);
		return r;
	}
	if (r != EXIT_OK)
		return r;
	if (a.check) {
		if (a.json)
			r = print_json(a.path, &s);
		else
			print_summary(stdout, &s);
		goto out;
	}
	if (store_open(a.db, &st, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: %s: %s\n", a.db, err);
		r = EXIT_FAIL;
		goto out;
	}
	r = store_session(st, a.path, &s, src, len, 0, &skipped);
	if (r == EXIT_OK) {
		if (a.json)
			r = print_json(a.path, &s);
		else
			print_summary(stdout, &s);
	}
out:
	store_close(st);
	session_release(&s);
	free(src);
	if (fflush(stdout) && r == EXIT_OK)
		r = EXIT_FAIL;
	return r;
}
