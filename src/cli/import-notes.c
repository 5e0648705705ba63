/*
 * import-notes.c: `alignplan import --answers --user EMAIL FILE` — a
 * participant's own notes of a session (import/notes.h) become their
 * answers and reading notes.
 *
 * First a preview on standard output: each answer and note, where it
 * lands, and whether it is new, the same as stored or different; then
 * what matches nothing, listed so that nothing is dropped unseen.  With
 * --check that is all.  Otherwise the new ones are written; answers and
 * notes that differ from the stored ones are replaced only with
 * --replace, and without it nothing at all is written.  All of it is
 * one transaction (store_import_put), and what it replaces stays in
 * the history of each answer and note.
 */
#include "cli/cmd.h"

#include "core/buf.h"
#include "import/notes.h"
#include "model/session.h"
#include "store/store.h"
#include "store/workbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A reading's stored note as an answer_get_fn over a workbook. */
static const char *stored_note(void *wb, const char *reading_id)
{
	const struct wb_reading *r = workbook_reading(wb, reading_id);

	return r ? r->notes : NULL;
}

/* At most 60 bytes of the first line of v, on stdout; a row's cells
 * apart by " | ". */
static void print_excerpt(const char *v)
{
	size_t n = strcspn(v, "\n"), cut = n > 60 ? 60 : n, i;

	while (cut < n && cut > 0 && ((unsigned char)v[cut] & 0xc0) == 0x80)
		cut--;   /* not inside a UTF-8 sequence */
	for (i = 0; i < cut; i++) {
		if (v[i] == '\t')
			fputs(" | ", stdout);
		else
			putchar(v[i]);
	}
	printf("%s%s", cut < n ? "..." : "", v[n] ? " (more lines)" : "");
}

/* " (line N)" when the line is known. */
static void print_line(int line)
{
	if (line > 0)
		printf(" (line %d)", line);
}

static const char *state_word(const struct notes_item *it)
{
	switch (it->state) {
	case NOTES_NEW:
		return "new";
	case NOTES_SAME:
		return "same";
	case NOTES_CHANGED:
		break;
	}
	return "differs";
}

static void print_preview(const char *path, const struct notes *n)
{
	size_t i;

	printf("%s: session %d: %zu answer%s and note%s found, %zu not "
	       "matched\n", path, n->number, n->nr_items,
	       n->nr_items == 1 ? "" : "s", n->nr_items == 1 ? "" : "s",
	       n->nr_unmatched);
	for (i = 0; i < n->nr_items; i++) {
		const struct notes_item *it = &n->items[i];

		printf("%-7s %s %s", state_word(it),
		       it->what == NOTES_ANSWER ? "answer" : "note", it->id);
		print_line(it->line);
		fputs(": ", stdout);
		print_excerpt(it->value);
		putchar('\n');
	}
	for (i = 0; i < n->nr_unmatched; i++) {
		const struct notes_item *it = &n->unmatched[i];

		printf("not matched: %s \"",
		       it->what == NOTES_ANSWER ? "answer to" :
		       it->what == NOTES_NOTE ? "note on" : "text in");
		print_excerpt(it->source ? it->source : "");
		putchar('"');
		print_line(it->line);
		fputs(": ", stdout);
		print_excerpt(it->value);
		putchar('\n');
	}
}

/* Write what is new, and what changed when `replace`, in one
 * transaction (store_import_put: what is replaced stays in the
 * history).  Returns an exit status. */
static int write_notes(struct store *st, int64_t user,
		       const struct notes *n, int replace)
{
	struct answer_put *v = calloc(n->nr_items + 1, sizeof(*v));
	struct note_put *w = calloc(n->nr_items + 1, sizeof(*w));
	size_t i, nv = 0, nw = 0;
	int r = EXIT_OK;

	if (!v || !w) {
		fputs("alignplan: out of memory\n", stderr);
		r = EXIT_FAIL;
		goto out;
	}
	for (i = 0; i < n->nr_items; i++) {
		const struct notes_item *it = &n->items[i];

		if (it->state == NOTES_SAME ||
		    (it->state == NOTES_CHANGED && !replace))
			continue;
		if (it->what == NOTES_ANSWER)
			v[nv++] = (struct answer_put){ it->id, it->value,
						       strlen(it->value) };
		else if (it->what == NOTES_NOTE)
			w[nw++] = (struct note_put){ it->id, it->value };
	}
	if ((nv || nw) &&
	    store_import_put(st, user, n->number, v, nv, w, nw) != STORE_OK) {
		fprintf(stderr, "alignplan: database: %s\n", store_errmsg(st));
		r = EXIT_FAIL;
		goto out;
	}
	printf("wrote %zu answer%s and %zu note%s\n", nv, nv == 1 ? "" : "s",
	       nw, nw == 1 ? "" : "s");
out:
	free(v);
	free(w);
	return r;
}

/* The session the notes are of: --session, else the number in their
 * title.  0 (with a message) when neither says. */
static int notes_number(const struct import_args *a, const char *src,
			size_t len)
{
	struct session s;
	struct import_error e;
	int number = a->session;

	if (number)
		return number;
	if (session_parse(src, len, &s, &e)) {
		import_print_error(a->path, &e);
		return 0;
	}
	number = s.number;
	session_release(&s);
	if (!number)
		fprintf(stderr, "%s: the title names no session number; say "
			"which with --session N\n", a->path);
	return number;
}

/* Without --replace, refuse changed answers and notes: an exit status,
 * or -1 to go on. */
static int refuse_changes(const struct import_args *a, const struct notes *n)
{
	size_t i, changed = 0;

	for (i = 0; i < n->nr_items; i++)
		changed += n->items[i].state == NOTES_CHANGED;
	if (changed && !a->replace && !a->check) {
		fprintf(stderr, "%s: %zu answer%s or note%s differ%s from what "
			"is stored; nothing was written.  Run again with "
			"--replace to replace them (the stored ones stay in "
			"the plan's history)\n", a->path, changed,
			changed == 1 ? "" : "s", changed == 1 ? "" : "s",
			changed == 1 ? "s" : "");
		return EXIT_BADINPUT;
	}
	return -1;
}

int import_notes(const struct import_args *a)
{
	struct session course;
	struct store *st = NULL;
	struct user u = { 0 };
	struct workbook wb = { 0 };
	struct notes n = { 0 };
	struct import_error e;
	char *src = NULL, err[256];
	size_t len = 0;
	int r, number, loaded = 0;

	if ((r = import_read(a->path, &src, &len)) != EXIT_OK)
		return r;
	r = EXIT_BADINPUT;
	if (!(number = notes_number(a, src, len)))
		goto out;
	if (store_open(a->db, &st, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: %s: %s\n", a->db, err);
		r = EXIT_FAIL;
		goto out;
	}
	if ((r = cmd_find_user(st, a->user, &u)) != EXIT_OK)
		goto out;
	if ((r = cmd_load_session(st, number, &course)) != EXIT_OK)
		goto out;
	loaded = 1;
	r = EXIT_BADINPUT;
	if (notes_read(&course, src, len, &n, &e)) {
		import_print_error(a->path, &e);
		goto out;
	}
	r = EXIT_FAIL;
	if (workbook_load(st, u.id, number, WB_ALL, &wb) != STORE_OK) {
		fprintf(stderr, "alignplan: %s\n", store_errmsg(st));
		goto out;
	}
	notes_compare(&n, workbook_get, &wb, stored_note, &wb);
	print_preview(a->path, &n);
	if ((r = refuse_changes(a, &n)) < 0)
		r = a->check ? EXIT_OK : write_notes(st, u.id, &n, a->replace);
out:
	notes_release(&n);
	workbook_release(&wb);
	if (loaded)
		session_release(&course);
	store_close(st);
	free(src);
	if (fflush(stdout) && r == EXIT_OK)
		r = EXIT_FAIL;
	return r;
}
