/*
 * export.c: `alignplan export` — a participant's plan as a Word
 * document, Markdown, a standalone HTML page or an iCalendar file of the
 * milestones, on standard output or into a file.
 *
 * The hidden `--repeat N` runs the export N times in the process and
 * prints the median time of one export, and of a plain write of the same
 * bytes, on standard error (bench/export.sh).
 */
#include "core/buf.h"
#include "cli/cmd.h"
#include "export/export.h"
#include "model/session.h"
#include "store/store.h"
#include "store/workbook.h"
#include "web/widgets/ctests.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct {
	const char *name;
	int (*fn)(const struct plan_doc *d, struct buf *out);
} formats[] = {
	{ "docx", export_docx },
	{ "md", export_markdown },
	{ "html", export_html },
	{ "ics", export_ics },
};

const struct cmd_usage export_usage = {
	"alignplan export --user EMAIL [--db URL] [--session N] "
	"[--exercise ID]\n"
	"                 --format docx|md|html|ics [-o FILE]\n",
	"Write a participant's plans as a document: on standard output, or "
	"into FILE.\n"
	"  --user EMAIL    whose answers (required)\n"
	"  --format F      docx (Word), md (Markdown that imports back), html "
	"(a page to\n"
	"                  print) or ics (the milestones as a calendar); "
	"required\n"
	"  --session N     the session (default: the lowest-numbered stored)\n"
	"  --exercise ID   only this exercise\n"
	"  -o FILE         write to FILE instead of standard output\n"
	"  --db URL        the database: sqlite:PATH or a path (default "
	DEFAULT_DB ")\n"
	"  --repeat N      for benchmarks: export N times, print the median "
	"time\n",
};

/* A reading's note as an answer_get_fn, for the Markdown export (it
 * writes them back under their readings). */
static const char *note_get(void *wb, const char *reading_id)
{
	const struct wb_reading *r = workbook_reading(wb, reading_id);

	return r ? r->notes : NULL;
}

static int collect(void *ctx, int number, const char *title)
{
	int *first = ctx;

	(void)title;
	if (!*first)
		*first = number;
	return 0;
}

/* Load session `number` (0: the first stored) with its stored ids
 * (cmd.h). */
int cmd_load_session(struct store *st, int number, struct session *s)
{
	struct import_error err;
	char *src;
	size_t len;
	int r;

	if (!number && store_course_list(st, collect, &number) != STORE_OK) {
		fprintf(stderr, "alignplan: %s\n", store_errmsg(st));
		return EXIT_FAIL;
	}
	if (!number) {
		fputs("alignplan: the database holds no session; import one "
		      "first\n", stderr);
		return EXIT_BADINPUT;
	}
	r = store_course_source(st, number, &src, &len);
	if (r == STORE_NOTFOUND) {
		fprintf(stderr, "alignplan: no session %d in the database\n",
			number);
		return EXIT_BADINPUT;
	}
	if (r != STORE_OK) {
		fprintf(stderr, "alignplan: %s\n", store_errmsg(st));
		return EXIT_FAIL;
	}
	r = session_parse(src, len, s, &err);
	free(src);
	if (r) {
		fprintf(stderr, "alignplan: stored session %d: %s\n", number,
			err.msg);
		return EXIT_FAIL;
	}
	if (session_sync_ids(st, s) != STORE_OK) {
		session_release(s);
		fprintf(stderr, "alignplan: %s\n", store_errmsg(st));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int write_out(const char *path, const struct buf *b)
{
	int fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644) : 1;
	int r;

	if (fd < 0)
		return -1;
	r = write_all(fd, b->data, b->len);
	if (path && close(fd))
		r = -1;
	return r;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* --repeat: the median time of n exports, and of n writes of the same
 * bytes to a file beside the output, as the reference. */
static int repeat(int (*fn)(const struct plan_doc *, struct buf *),
		  const struct plan_doc *d, int n, const char *path)
{
	double *t = calloc((size_t)n, sizeof(*t));
	double *w = calloc((size_t)n, sizeof(*w));
	struct buf b = BUF_INIT, ref = BUF_INIT;
	int r = -1;

	buf_addf(&ref, "%s.ref", path ? path : "alignplan-export");
	if (!t || !w || ref.err)
		goto out;
	for (int i = 0; i < n; i++) {
		double t0 = now_us();

		buf_reset(&b);
		if (fn(d, &b))
			goto out;
		t[i] = now_us() - t0;
		t0 = now_us();
		if (write_out(ref.data, &b))
			goto out;
		w[i] = now_us() - t0;
	}
	unlink(ref.data);
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	qsort(w, (size_t)n, sizeof(*w), cmp_double);
	fprintf(stderr, "export: %d runs, %zu bytes, median %.1f us "
		"(%.0f/s); write of the same bytes: median %.1f us; "
		"ratio %.2f\n", n, b.len, t[n / 2], 1e6 / t[n / 2], w[n / 2],
		t[n / 2] / w[n / 2]);
	r = 0;
out:
	free(t);
	free(w);
	buf_release(&b);
	buf_release(&ref);
	return r;
}

/* A bad argument: say so, EXIT_BADINPUT. */
static int export_bad(const char *o)
{
	return cmd_bad("export", &export_usage, "bad argument '%s' (or its "
		       "value)", o);
}

/* export's command line, parsed. */
struct export_args {
	const char *db, *email, *path, *exid;
	int number, nrep, f;        /* f: the format, formats[f] */
};

/* Parse the arguments into a: -1 when they are fine, else the exit
 * status (--help, or a bad argument, said). */
static int export_parse(int argc, char **argv, struct export_args *a)
{
	const char *fmt = NULL;
	char *end;
	long n;

	for (int i = 1; i < argc; i++)
		if (cmd_is_help(argv[i]))
			return cmd_help(&export_usage);
	for (int i = 1; i < argc; i += 2) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v)
			return export_bad(o);
		if (!strcmp(o, "--db"))
			a->db = v;
		else if (!strcmp(o, "--user"))
			a->email = v;
		else if (!strcmp(o, "--format"))
			fmt = v;
		else if (!strcmp(o, "-o"))
			a->path = v;
		else if (!strcmp(o, "--exercise"))
			a->exid = v;
		else if (!strcmp(o, "--session") &&
			 (n = strtol(v, &end, 10)) >= 1 && n <= 100000 && !*end)
			a->number = (int)n;
		else if (!strcmp(o, "--repeat") &&
			 (n = strtol(v, &end, 10)) >= 1 && n <= 1000000 &&
			 !*end)
			a->nrep = (int)n;
		else
			return export_bad(o);
	}
	for (size_t i = 0; fmt && i < sizeof(formats) / sizeof(*formats); i++)
		if (!strcmp(fmt, formats[i].name))
			a->f = (int)i;
	if (!a->email || a->f < 0)
		return cmd_bad("export", &export_usage, "%s", !a->email ?
			       "--user EMAIL is required" :
			       "--format is docx, md, html or ics");
	return -1;
}

/* The plan document of the user's answers, d->only set by --exercise:
 * EXIT_OK, or an exit status after saying why. */
static int export_doc(struct store *st, const struct export_args *a,
		      struct session *s, struct workbook *wb, struct user *u,
		      struct plan_doc *d)
{
	int r;

	if ((r = cmd_find_user(st, a->email, u)) != EXIT_OK)
		return r;
	if ((r = cmd_load_session(st, a->number, s)) != EXIT_OK)
		return r;
	*d = (struct plan_doc){
		.s = s, .get = workbook_get, .ctx = wb, .author = u->name,
		.note = note_get, .note_ctx = wb,
		.owner = u->id,
		.today = answer_today(), .stamp = (long long)time(NULL),
	};
	if (a->exid) {
		for (size_t i = 0; i < s->nr_exercises; i++)
			if (!strcmp(s->exercises[i].id, a->exid))
				d->only = &s->exercises[i];
		if (!d->only) {
			fprintf(stderr, "alignplan: session %d has no exercise "
				"'%s'\n", s->number, a->exid);
			return EXIT_BADINPUT;
		}
	}
	if (workbook_load(st, u->id, s->number, WB_ALL, wb) != STORE_OK) {
		fprintf(stderr, "alignplan: %s\n", store_errmsg(st));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cmd_export(int argc, char **argv)
{
	struct export_args a = { .db = DEFAULT_DB, .f = -1 };
	struct session s = { 0 };
	struct workbook wb = { 0 };
	struct buf out = BUF_INIT;
	struct store *st = NULL;
	struct user u;
	struct plan_doc d;
	struct ctests c = { 0 };
	struct doc_ctest *tests = NULL;
	char err[256];
	int r;

	if ((r = export_parse(argc, argv, &a)) >= 0)
		return r;
	if (store_open(a.db, &st, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: %s\n", err);
		return EXIT_FAIL;
	}
	if ((r = export_doc(st, &a, &s, &wb, &u, &d)) != EXIT_OK)
		goto out;
	r = EXIT_FAIL;
	/* The cheap-test tracker goes with the plan (the calendar's are in
	 * the feed). */
	if (ctests_load(st, u.id, s.number, &c) != STORE_OK ||
	    !(tests = calloc(c.n + 1, sizeof(*tests)))) {
		fprintf(stderr, "alignplan: %s\n", store_errmsg(st));
		goto out;
	}
	for (size_t i = 0; i < c.n; i++)
		tests[i] = (struct doc_ctest){ &c.v[i].t, c.v[i].test,
					       c.v[i].note };
	if (formats[a.f].fn != export_ics) {
		d.tests = tests;
		d.nr_tests = c.n;
	}
	if (a.nrep && repeat(formats[a.f].fn, &d, a.nrep, a.path)) {
		fputs("alignplan: the export failed\n", stderr);
		goto out;
	}
	if (formats[a.f].fn(&d, &out)) {
		fputs("alignplan: the export failed (out of memory?)\n",
		      stderr);
		goto out;
	}
	if (write_out(a.path, &out)) {
		fprintf(stderr, "alignplan: %s: %s\n",
			a.path ? a.path : "stdout", strerror(errno));
		goto out;
	}
	r = EXIT_OK;
out:
	free(tests);
	ctests_release(&c);
	buf_release(&out);
	workbook_release(&wb);
	session_release(&s);
	store_close(st);
	return r;
}
