/*
 * test-notes-upload.c: "Bring your notes" on the session page
 * (web/pages/notes.c) driven through app_handle(): a multipart upload
 * of tests/fixtures/notes-participant-07.md previewed with nothing
 * saved, confirmed, a second upload with one answer changed showing
 * that difference alone and keeping the old answer in the history, a
 * stale confirm refused, bad uploads refused with a clear message and
 * nothing changed; and the multipart parser itself (core/multipart.c).
 */
#include "app-env.h"
#include "session-util.h"

#include "core/multipart.h"
#include "export/export.h"
#include "import/notes.h"
#include "store/workbook.h"

#include <ctype.h>
#include <dirent.h>

#define NOTES "tests/fixtures/notes-participant-07.md"
#define BOUNDARY "----alignplanTestBoundary7"
#define CT "multipart/form-data; boundary=" BOUNDARY

/* ---- the parser ---- */

static int to_form(const char *ct, const char *body, struct buf *out)
{
	buf_reset(out);
	return multipart_to_form(ct, body, strlen(body), out);
}

static void test_multipart(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_true(multipart_is(CT));
	assert_true(multipart_is("Multipart/Form-Data;boundary=x"));
	assert_false(multipart_is("application/x-www-form-urlencoded"));
	assert_false(multipart_is("multipart/form-datax"));
	assert_int_equal(to_form(CT, "--" BOUNDARY "\r\n"
		"Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
		"abc\r\n--" BOUNDARY "\r\n"
		"Content-Disposition: form-data; name=\"file\"; "
		"filename=\"my notes.md\"\r\nContent-Type: text/markdown\r\n\r\n"
		"# T\r\n\r\n- a & b = 100%\r\n--" BOUNDARY "--\r\n", &out), 0);
	assert_string_equal(out.data, "csrf=abc&file=%23%20T%0D%0A%0D%0A-%20a"
			    "%20%26%20b%20%3D%20100%25&file.filename=my%20"
			    "notes.md");
	/* a quoted boundary, an empty part, no headers at all */
	assert_int_equal(to_form("multipart/form-data; boundary=\"q q\"",
		"--q q\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n"
		"\r\n--q q\r\n\r\nnameless\r\n--q q--", &out), 0);
	assert_string_equal(out.data, "text=");
	/* a file that is not UTF-8; a text field that is not goes through
	 * to the router's own check */
	assert_int_equal(to_form(CT, "--" BOUNDARY "\r\nContent-Disposition: "
		"form-data; name=\"file\"; filename=\"x.doc\"\r\n\r\n"
		"caf\xe9\r\n--" BOUNDARY "--", &out), MULTIPART_FILE_NOT_UTF8);
	assert_int_equal(to_form(CT, "--" BOUNDARY "\r\nContent-Disposition: "
		"form-data; name=\"text\"\r\n\r\ncaf\xe9\r\n--" BOUNDARY "--",
		&out), 0);
	assert_string_equal(out.data, "text=caf%E9");
	/* malformed: no boundary, another boundary, no close, no CRLF */
	assert_int_equal(to_form("multipart/form-data", "--x--", &out),
			 MULTIPART_BAD);
	assert_int_equal(to_form(CT, "--other\r\n\r\nv\r\n--other--", &out),
			 MULTIPART_BAD);
	assert_int_equal(to_form(CT, "--" BOUNDARY "\r\nContent-Disposition: "
		"form-data; name=\"a\"\r\n\r\nno end", &out), MULTIPART_BAD);
	assert_int_equal(to_form(CT, "--" BOUNDARY "x", &out), MULTIPART_BAD);
	assert_int_equal(to_form(CT, "", &out), MULTIPART_BAD);
	/* filename= is not name= */
	assert_int_equal(to_form(CT, "--" BOUNDARY "\r\nContent-Disposition: "
		"form-data; filename=\"f\"\r\n\r\nv\r\n--" BOUNDARY "--",
		&out), 0);
	assert_string_equal(out.data, "");
	buf_release(&out);
}

/* ---- the pages ---- */

struct env {
	char path[APP_DB_PATH];
	struct store *st;
	struct who me;
	char *notes;
	size_t len;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	size_t n;
	char *md = slurp("content/session-07.md", &n);
	const char *list[] = { md, NULL };

	assert_non_null(e);
	assert_non_null(md);
	app_db_open(e->path, &e->st, "notes-upload");
	app_db_load(e->st, list);
	free(md);
	person_as(e->st, &e->me, "Pat", "pat@example.org", 0);
	assert_non_null(e->notes = slurp(NOTES, &e->len));
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	app_db_close(e->path, e->st);
	free(e->notes);
	free(e);
	return 0;
}

/* A multipart POST of `file` (len bytes, named fname) and `text`, with
 * w's form token (csrf NULL: none). */
static void upload(struct env *e, const char *csrf, const char *fname,
		   const char *file, size_t len, const char *text,
		   struct response *rs)
{
	struct buf b = BUF_INIT;

	buf_init(&b, 64u << 20);
	if (csrf)
		buf_addf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; "
			 "name=\"csrf\"\r\n\r\n%s\r\n", csrf);
	buf_addf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; "
		 "name=\"file\"; filename=\"%s\"\r\nContent-Type: "
		 "text/markdown\r\n\r\n", fname);
	buf_add(&b, file, len);
	buf_addf(&b, "\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; "
		 "name=\"text\"\r\n\r\n%s\r\n--" BOUNDARY "--\r\n", text);
	struct request rq = {
		.method = "POST", .path = "/s/7/notes", .query = "",
		.body = b.data, .body_len = b.len, .cookie = e->me.cookie,
		.content_type = CT, .csrf_header = "", .remote = "192.0.2.1",
		.store = e->st,
	};
	response_init(rs);
	app_handle(&rq, rs);
	buf_release(&b);
}

/* The confirm form of a preview, posted back as a browser would (the
 * notes with CRLF line ends); digest NULL: the preview's own. */
static void confirm(struct env *e, const char *preview, const char *digest,
		    struct response *rs)
{
	const char *t = strstr(preview, "<textarea name=\"notes\" hidden>\n");
	const char *d = strstr(preview, "name=\"digest\" value=\"");
	struct buf body = BUF_INIT, text = BUF_INIT;
	const char *p;

	assert_non_null(t);
	assert_non_null(d);
	t += strlen("<textarea name=\"notes\" hidden>\n");
	d += strlen("name=\"digest\" value=\"");
	/* Unescape the few entities html() writes. */
	for (p = t; strncmp(p, "</textarea>", 11); p++) {
		static const char *const ent[][2] = {
			{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
			{ "&quot;", "\"" }, { "&#39;", "'" },
		};
		size_t k;

		for (k = 0; k < 5; k++)
			if (!strncmp(p, ent[k][0], strlen(ent[k][0])))
				break;
		if (k < 5) {
			buf_adds(&text, ent[k][1]);
			p += strlen(ent[k][0]) - 1;
		} else if (*p == '\n') {
			buf_adds(&text, "%0D%0A");
		} else if (isalnum((unsigned char)*p)) {
			buf_addc(&text, *p);
		} else {
			buf_addf(&text, "%%%02X", (unsigned char)*p);
		}
	}
	buf_addf(&body, "digest=%.*s&notes=%s", 64, digest ? digest : d,
		 text.data);
	app_post(e->st, &e->me, "/s/7/notes/confirm", body.data, rs);
	buf_release(&body);
	buf_release(&text);
}

/* s with its first `from` replaced by `to`, malloc'd. */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	struct buf b = BUF_INIT;

	assert_non_null(at);
	buf_add(&b, s, (size_t)(at - s));
	buf_adds(&b, to);
	buf_adds(&b, at + strlen(from));
	return buf_detach(&b, NULL);
}

/* The stored answer to a prompt, or "" */
static char stored[4096];
static int on_answer(void *ctx, const char *id, const char *v, size_t len)
{
	if (!strcmp(id, ctx))
		snprintf(stored, sizeof(stored), "%.*s", (int)len, v);
	return 0;
}

static const char *answer_of(struct env *e, const char *prompt)
{
	stored[0] = '\0';
	assert_int_equal(store_answer_list(e->st, e->me.id, 7, on_answer,
					   (void *)prompt), STORE_OK);
	return stored;
}

static int count_version(void *ctx, const char *id,
			 const struct answer_version *v)
{
	(void)id;
	(void)v;
	(*(int *)ctx)++;
	return 0;
}

static int versions(struct env *e, const char *prompt)
{
	int n = 0;

	assert_int_equal(store_version_list(e->st, e->me.id, 7, prompt,
					    count_version, &n), STORE_OK);
	return n;
}

static void test_session_page_form(void **state)
{
	struct env *e = *state;
	struct response rs;

	app_call(e->st, &e->me, "GET", "/s/7", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "<h2 id=\"bring\">Bring your "
			       "notes</h2>"));
	assert_non_null(strstr(rs.body.data, "action=\"/s/7/notes\" "
			       "enctype=\"multipart/form-data\""));
	assert_non_null(strstr(rs.body.data, "<a href=\"#bring\">"));
	response_release(&rs);
}

/* Upload, preview (nothing saved), confirm; then one answer changed. */
static void test_preview_confirm(void **state)
{
	struct env *e = *state;
	struct response rs, rs2;
	char *changed;
	const char *b;

	upload(e, e->me.csrf, "notes.md", e->notes, e->len, "", &rs);
	assert_int_equal(rs.status, 200);
	b = rs.body.data;
	assert_non_null(strstr(b, "From notes.md: 8 new · 0 different from "
			       "what you saved · 0 the same · 4 not matched."));
	assert_non_null(strstr(b, "<h2 id=\"new\">New (8)</h2>"));
	assert_non_null(strstr(b, "Technical writer for a safety lab"));
	assert_non_null(strstr(b, "<h2 id=\"nm\">Not matched (4)</h2>"));
	assert_non_null(strstr(b, "How do I explain a career change to my "
			       "family?"));
	assert_non_null(strstr(b, ">Save 8 new</button>"));
	assert_string_equal(answer_of(e, "e2-support"), "");   /* not yet */

	confirm(e, b, NULL, &rs2);
	assert_int_equal(rs2.status, 303);
	assert_string_equal(header_of(&rs2, "Location"),
			    "/s/7/plan?notes=saved");
	response_release(&rs2);
	response_release(&rs);
	assert_string_equal(answer_of(e, "e2-support"),
			    "A weekly check-in with one partner.");
	assert_int_equal(versions(e, "e2-support"), 1);
	app_call(e->st, &e->me, "GET", "/s/7/plan?notes=saved", NULL, 0, 0,
		 &rs);
	assert_non_null(strstr(rs.body.data, "Your notes are saved"));
	assert_non_null(strstr(rs.body.data, "Technical writer for a safety "
			       "lab"));
	response_release(&rs);

	/* The same file again: all the same, nothing to confirm. */
	upload(e, e->me.csrf, "notes.md", e->notes, e->len, "", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "0 new · 0 different from what "
			       "you saved · 8 the same"));
	assert_null(strstr(rs.body.data, "notes/confirm"));
	response_release(&rs);

	/* One answer changed: that difference alone, and the old answer
	 * stays in the history though it was saved seconds ago. */
	changed = replace(e->notes, "A weekly check-in with",
			  "Two weekly check-ins with");
	upload(e, e->me.csrf, "notes.md", changed, strlen(changed), "", &rs);
	b = rs.body.data;
	assert_non_null(strstr(b, "0 new · 1 different from what you saved "
			       "· 7 the same"));
	assert_non_null(strstr(b, ">Replace 1</button>"));
	assert_int_equal(count(b, "<del><span"), 1);
	assert_int_equal(count(b, "<ins><span"), 1);
	assert_non_null(strstr(b, "<del><span class=\"mark\">− </span>A weekly "
			       "check-in with one partner.</del>"));
	assert_non_null(strstr(b, "<ins><span class=\"mark\">+ </span>Two "
			       "weekly check-ins with one partner.</ins>"));
	confirm(e, b, NULL, &rs2);
	assert_int_equal(rs2.status, 303);
	response_release(&rs2);
	response_release(&rs);
	free(changed);
	assert_string_equal(answer_of(e, "e2-support"),
			    "Two weekly check-ins with one partner.");
	assert_int_equal(versions(e, "e2-support"), 2);
}

/* A confirm after the answers changed: nothing saved, the new preview. */
static void test_stale_confirm(void **state)
{
	struct env *e = *state;
	struct response rs, rs2;
	char *changed = replace(e->notes, "A short write-up", "A long write-up");

	upload(e, e->me.csrf, "notes.md", changed, strlen(changed), "", &rs);
	assert_int_equal(rs.status, 200);
	assert_int_equal(store_answer_put(e->st, e->me.id, 7, "e2-deliverable",
					  "typed meanwhile", 15), STORE_OK);
	confirm(e, rs.body.data, NULL, &rs2);
	assert_int_equal(rs2.status, 409);
	assert_non_null(strstr(rs2.body.data, "changed since your preview"));
	assert_non_null(strstr(rs2.body.data, "typed meanwhile"));
	response_release(&rs2);
	assert_string_equal(answer_of(e, "e2-deliverable"), "typed meanwhile");
	/* A digest that is not the preview's is refused alike. */
	confirm(e, rs.body.data, "0000000000000000000000000000000000000000"
		"000000000000000000000000", &rs2);
	assert_int_equal(rs2.status, 409);
	response_release(&rs2);
	response_release(&rs);
	free(changed);
	assert_string_equal(answer_of(e, "e2-deliverable"), "typed meanwhile");
}

/* Bad uploads: a clear message each, and nothing saved. */
static void test_bad_uploads(void **state)
{
	struct env *e = *state;
	struct response rs;
	size_t n;
	char *other = slurp("tests/fixtures/notes-pick-one.md", &n);
	static const char latin1[] = "# Session 7\n\n- caf\xe9\n";
	static const char binary[] = "# Session 7\n\n- a\0b\n";
	assert_non_null(other);
	assert_int_equal(store_answer_put(e->st, e->me.id, 7, "e2-deliverable",
					  "kept", 4), STORE_OK);
	upload(e, e->me.csrf, "notes.doc", latin1, sizeof(latin1) - 1, "",
	       &rs);
	assert_int_equal(rs.status, 400);
	assert_non_null(strstr(rs.body.data, "The file you chose is not UTF-8 "
			       "text"));
	response_release(&rs);
	upload(e, e->me.csrf, "notes.bin", binary, sizeof(binary) - 1, "", &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "Line 3: binary data (NUL byte). "
			       "Nothing was saved."));
	assert_non_null(strstr(rs.body.data, "name=\"text\" rows=\"6\">"
			       "</textarea>"));     /* not put back */
	response_release(&rs);
	upload(e, e->me.csrf, "other.md", other, n, "", &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "These are notes of session 14, "
			       "not of session 7. Nothing was saved."));
	/* the form again, to try another file */
	assert_non_null(strstr(rs.body.data, "enctype=\"multipart/form-data\""));
	response_release(&rs);
	upload(e, e->me.csrf, "", "", 0, "", &rs);
	assert_int_equal(rs.status, 400);
	assert_non_null(strstr(rs.body.data, "Choose a file of your notes"));
	response_release(&rs);
	/* A paste is read as a file is; its text comes back when refused. */
	upload(e, e->me.csrf, "", "", 0, "# Session 7\n\njust some thoughts",
	       &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "No answers or notes found"));
	assert_non_null(strstr(rs.body.data, "just some thoughts</textarea>"));
	response_release(&rs);
	/* One answer over 64 KB, what a page's save refuses. */
	{
		struct buf big = BUF_INIT;

		buf_adds(&big, "# Session 7\n\n## Exercises\n\n"
			 "### Make your project awesome\n\n"
			 "2. What will you deliver at the end of the project?\n"
			 "   - ");
		for (int i = 0; i < 7000; i++)
			buf_adds(&big, "ten bytes ");
		buf_adds(&big, "\n");
		upload(e, e->me.csrf, "big.md", big.data, big.len, "", &rs);
		assert_int_equal(rs.status, 422);
		assert_non_null(strstr(rs.body.data, "Line 7: this answer is "
				       "longer than 64 KB"));
		response_release(&rs);
		buf_release(&big);
	}
	/* Without the form token: 403. */
	upload(e, NULL, "notes.md", e->notes, e->len, "", &rs);
	assert_int_equal(rs.status, 403);
	response_release(&rs);
	app_post(e->st, &e->me, "/s/7/notes/confirm", "notes=x&digest=y", &rs);
	assert_int_equal(rs.status, 422);
	response_release(&rs);
	assert_string_equal(answer_of(e, "e2-deliverable"), "kept");
	free(other);
}

/* ---- the round trip through the store ---- */

static const char *note_get(void *wb, const char *reading_id)
{
	const struct wb_reading *r = workbook_reading(wb, reading_id);

	return r ? r->notes : NULL;
}

/*
 * The notes in `path` read against the course in `course_path` (stored
 * first): imported into the store (store_import_put, as the confirm
 * does), exported as Markdown from the store, read again: every answer
 * and note the same as stored and as first read, nothing unmatched.
 * Returns the number of items, 0 when the course is no session or the
 * notes hold no answers.
 */
static int store_round_trip(struct store *st, const char *course_path,
			    const char *path, int64_t uid)
{
	struct session s;
	struct import_error err;
	struct notes a, b;
	struct workbook wb;
	struct answer_put *av;
	struct note_put *nv;
	struct buf md = BUF_INIT;
	size_t len, clen, i, na = 0, nn = 0;
	char *src = slurp(path, &len), *csrc = slurp(course_path, &clen);
	int items;

	assert_non_null(src);
	assert_non_null(csrc);
	if (session_parse(csrc, clen, &s, &err)) {
		free(src);
		free(csrc);
		return 0;
	}
	if (s.number <= 0) {
		session_release(&s);
		free(src);
		free(csrc);
		return 0;
	}
	assert_int_equal(store_course_put(st, &s, csrc, clen), STORE_OK);
	assert_int_equal(session_sync_ids(st, &s), STORE_OK);
	free(csrc);
	if (notes_read(&s, src, len, &a, &err)) {
		assert_non_null(strstr(err.msg, "no answers or notes"));
		session_release(&s);
		free(src);
		return 0;
	}
	av = calloc(a.nr_items + 1, sizeof(*av));
	nv = calloc(a.nr_items + 1, sizeof(*nv));
	for (i = 0; i < a.nr_items; i++) {
		if (a.items[i].what == NOTES_ANSWER)
			av[na++] = (struct answer_put){ a.items[i].id,
				a.items[i].value, strlen(a.items[i].value) };
		else
			nv[nn++] = (struct note_put){ a.items[i].id,
						      a.items[i].value };
	}
	assert_int_equal(store_import_put(st, uid, s.number, av, na, nv, nn),
			 STORE_OK);
	assert_int_equal(workbook_load(st, uid, s.number, WB_ALL, &wb),
			 STORE_OK);
	/* The cheap-test tracker goes with the export, and is no item. */
	const struct ctest ct = { .idea = "Research <engineer>",
				  .status = CTEST_SUPPORTED, .date = "",
				  .hours_planned = 20, .hours_spent = -1,
				  .conf_before = 40, .conf_after = 80,
				  .uncertainty = "- Can I?\n  - [x] nested" };
	const struct doc_ctest tests[] = {
		{ &ct, "# A test", "Result:\n- a" },
	};
	struct plan_doc d = { .s = &s, .get = workbook_get, .ctx = &wb,
			      .note = note_get, .note_ctx = &wb,
			      .tests = tests, .nr_tests = 1 };
	assert_int_equal(export_markdown(&d, &md), 0);
	assert_non_null(strstr(md.data, "\n# Cheap tests tracked\n"));
	if (notes_read(&s, md.data, md.len, &b, &err))
		fail_msg("%s, exported from the store: %s\n%s", path, err.msg,
			 md.data);
	if (b.nr_unmatched || b.nr_items != a.nr_items)
		fail_msg("%s: %zu items, back %zu (%zu unmatched)\n%s", path,
			 a.nr_items, b.nr_items, b.nr_unmatched, md.data);
	/* Against the store: every item the same as stored. */
	assert_int_equal(notes_compare(&b, workbook_get, &wb, note_get, &wb),
			 0);
	for (i = 0; i < b.nr_items; i++) {
		if (b.items[i].state != NOTES_SAME)
			fail_msg("%s: %s is not the same as stored", path,
				 b.items[i].id);
		assert_string_equal(b.items[i].id, a.items[i].id);
		assert_string_equal(b.items[i].value, a.items[i].value);
	}
	items = (int)a.nr_items;
	notes_release(&a);
	notes_release(&b);
	workbook_release(&wb);
	buf_release(&md);
	free(av);
	free(nv);
	session_release(&s);
	free(src);
	return items;
}

static void test_store_round_trip(void **state)
{
	struct env *e = *state;
	DIR *dir = opendir("tests/fixtures");
	struct dirent *de;
	char path[512];
	int files = 0, n = 0;

	struct who w;

	/* A participant's notes of session 7 on the real course first: the
	 * fixtures below store courses of their own, one a session 7. */
	person_as(e->st, &w, "Round trip", "rt-07@example.org", 0);
	assert_int_equal(store_round_trip(e->st, "content/session-07.md",
					  NOTES, w.id), 8);
	/* Every fixture that carries answers, as notes of itself. */
	assert_non_null(dir);
	while ((de = readdir(dir)) != NULL) {
		size_t l = strlen(de->d_name);
		char email[64];

		if (l < 4 || strcmp(de->d_name + l - 3, ".md") ||
		    !strcmp(de->d_name, "notes-participant-07.md"))
			continue;
		snprintf(path, sizeof(path), "tests/fixtures/%s", de->d_name);
		snprintf(email, sizeof(email), "rt-%d@example.org", n++);
		person_as(e->st, &w, "Round trip", email, 0);
		files += store_round_trip(e->st, path, path, w.id) > 0;
	}
	closedir(dir);
	print_message("round trip through the store: %d fixtures with answers\n", files);
	assert_true(files >= 11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_session_page_form),
		cmocka_unit_test(test_preview_confirm),
		cmocka_unit_test(test_stale_confirm),
		cmocka_unit_test(test_bad_uploads),
		cmocka_unit_test(test_store_round_trip),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
