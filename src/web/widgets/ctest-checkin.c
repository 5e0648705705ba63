/*
 * ctest-checkin.c: cheap tests updated from a check-in (checkin-tests.h,
 * docs/calendar.md).  The fields are read in one walk over the body, as
 * the milestones' are; every test is checked before any is saved, and a
 * test whose record changed since the page loaded (another window, the
 * tracker) makes the post 409 instead of overwriting it.
 */
#include "web/widgets/ctest-checkin.h"

#include "core/html.h"
#include "model/session.h"
#include "store/workbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CKF_FID, CKF_UPD, CKF_KEY, CKF_ST, CKF_HS, CKF_CA, CKF_NOTE,
       NR_CKF };
static const char *const ckf_prefix[NR_CKF] = {
	"ct.", "ctu.", "ctk.", "cts.", "cths.", "ctca.", "ctn.",
};

/* The most bytes a field of ours holds. */
static size_t ckf_max(int f)
{
	return f == CKF_NOTE ? STORE_TEXT_MAX : f == CKF_KEY ?
	       STORE_IDEA_MAX : 32;
}

int ckin_tests_load(struct page *pg, const struct session *s,
		    struct workbook *wb, struct ckin_tests *k)
{
	int r;

	memset(k, 0, sizeof(*k));
	k->number = s->number;
	r = ctests_load(pg->st, pg->user.id, s->number, &k->c);
	if (r == STORE_OK)
		r = ctest_items_make(&k->c, s, wb, &k->it);
	return r;
}

void ckin_tests_release(struct ckin_tests *k)
{
	for (size_t i = 0; k->f && i < (k->it.n + 1) * NR_CKF; i++)
		buf_release(&k->f[i]);
	free(k->f);
	free(k->status);
	free(k->hs);
	free(k->ca);
	ctest_items_release(&k->it);
	ctests_release(&k->c);
	memset(k, 0, sizeof(*k));
}

bool ckin_tests_any(const struct ckin_tests *k)
{
	return k->it.n > 0;
}

static const char *posted(const struct ckin_tests *k, size_t i, int f)
{
	return k->posted ? k->f[i * NR_CKF + f].data : NULL;
}

/* The status radios of test i. */
static void status_radios(struct buf *b, size_t i, int cur)
{
	for (int s = CTEST_PLANNED; s <= CTEST_INCONCLUSIVE; s++)
		html(b, "<label class=\"check\"><input type=\"radio\" "
		     "name=\"cts.%d\" value=\"%s\"%s> %s</label>", (int)i,
		     ctest_status_key(s), s == cur ? " checked" : "",
		     ctest_status_name(s));
}

static void test_fields(struct buf *b, const struct ckin_tests *k, size_t i)
{
	const struct ctest_item *m = &k->it.v[i];
	const struct ctest *t = m->row ? &m->row->t : NULL;
	char hs[16], ca[16] = "";
	int st = t ? t->status : CTEST_PLANNED;

	ctest_hours_text(hs, t ? t->hours_spent : -1);
	if (t && t->conf_after >= 0)
		snprintf(ca, sizeof(ca), "%d", t->conf_after);
	if (k->posted && ctest_status_of(posted(k, i, CKF_ST)))
		st = ctest_status_of(posted(k, i, CKF_ST));
	html(b, "<fieldset class=\"prompt ctest\"><legend>%s: %s</legend>"
	     "<input type=\"hidden\" name=\"ct.%d\" value=\"%s\">"
	     "<input type=\"hidden\" name=\"ctu.%d\" value=\"%lld\">"
	     "<input type=\"hidden\" name=\"ctk.%d\" value=\"%s\">",
	     m->idea, *m->test ? m->test : "a cheap test", (int)i, m->fid,
	     (int)i, t ? (long long)t->updated : 0LL, (int)i, m->idea);
	if (t && (t->conf_before >= 0 || t->hours_planned >= 0)) {
		html_raw(b, "<p class=\"meta\">");
		ctest_figures(b, t);
		html_raw(b, "</p>");
	}
	status_radios(b, i, st);
	html(b, "<p><label for=\"cths-%d\">Hours spent</label><input "
	     "type=\"text\" inputmode=\"decimal\" id=\"cths-%d\" "
	     "name=\"cths.%d\" size=\"6\" maxlength=\"12\" value=\"%s\"></p>"
	     "<p><label for=\"ctca-%d\">Confidence in fit after (0–100 %%)"
	     "</label><input type=\"text\" inputmode=\"numeric\" "
	     "id=\"ctca-%d\" name=\"ctca.%d\" size=\"4\" maxlength=\"5\" "
	     "value=\"%s\"></p><label for=\"ctn-%d\">Result: what happened, "
	     "what it changed</label><textarea id=\"ctn-%d\" name=\"ctn.%d\" "
	     "rows=\"2\">%s</textarea></fieldset>", (int)i, (int)i, (int)i,
	     k->posted ? posted(k, i, CKF_HS) : hs, (int)i, (int)i, (int)i,
	     k->posted ? posted(k, i, CKF_CA) : ca, (int)i, (int)i, (int)i,
	     k->posted ? posted(k, i, CKF_NOTE) : m->row ? m->row->note : "");
}

void ckin_tests_form(struct page *pg, const struct ckin_tests *k)
{
	struct buf *b = &pg->rs->body;

	if (!ckin_tests_any(k))
		return;
	html(b, "<h3 id=\"ck-tests\">Your cheap tests</h3><p>Update those "
	     "that moved since last time: status and result, hours spent, "
	     "your confidence in your fit after the test (0–100 %%). Tests "
	     "you leave as they are are not changed. <a href=\"/s/%d/"
	     "tests\">The tracker</a> has the rest of each test.</p>",
	     k->number);
	for (size_t i = 0; i < k->it.n; i++)
		test_fields(b, k, i);
}

/* "cths.12": the field (CKF_*) and its test, or -1. */
static int field_of(const struct buf *name, size_t n, size_t *row)
{
	for (int f = NR_CKF; f-- > 0;) {
		size_t l = strlen(ckf_prefix[f]);
		const char *d = name->data + l;
		char *end;
		unsigned long r;

		if (name->len <= l || memcmp(name->data, ckf_prefix[f], l))
			continue;
		if (*d < '0' || *d > '9' || (*d == '0' && d[1]))
			return -1;
		r = strtoul(d, &end, 10);
		if (*end || r >= n)
			return -1;
		*row = r;
		return f;
	}
	return -1;
}

/* The fields of the post into k->f, the first of each kept; false when
 * one of ours is malformed or too long. */
static bool read_fields(struct page *pg, struct ckin_tests *k)
{
	struct buf name, value;
	size_t pos = 0, row;
	long got;
	int f;
	bool ok = true;

	buf_init(&name, 32);
	buf_init(&value, STORE_TEXT_MAX + 1);
	while ((got = page_field_pair(pg, &pos, &name, &value)) != -1) {
		struct buf *to;

		if ((f = field_of(&name, k->it.n, &row)) < 0)
			continue;
		to = &k->f[row * NR_CKF + f];
		if (got == -2 || value.len > ckf_max(f)) {
			ok = false;
			break;
		}
		if (!to->len)
			buf_add(to, value.data, value.len);
	}
	buf_release(&name);
	buf_release(&value);
	return ok;
}

/* Test i as posted, against the page now: 0 fine, 1 refused, -1 out of
 * date. */
static int check_one(struct ckin_tests *k, size_t i)
{
	const struct ctest_item *m = &k->it.v[i];
	const struct buf *f = &k->f[i * NR_CKF];
	char what[64];

	/* The same test, as it was: its place, its last change, and its
	 * idea (a plan row not tracked yet has no change to compare). */
	if (strcmp(f[CKF_FID].data, m->fid) ||
	    strtoll(f[CKF_UPD].data, NULL, 10) !=
	    (m->row ? m->row->t.updated : 0) ||
	    strcmp(f[CKF_KEY].data, m->idea))
		return -1;
	k->status[i] = ctest_status_of(f[CKF_ST].data);
	if (!k->status[i]) {
		snprintf(k->why, sizeof(k->why), "Pick a status for the "
			 "cheap test “%.60s”.", m->idea);
		k->msg = k->why;
		return 1;
	}
	snprintf(what, sizeof(what), "%.40s: hours spent", m->idea);
	if ((k->msg = ctest_parse_hours(f[CKF_HS].data, what, k->why,
					sizeof(k->why), &k->hs[i])))
		return 1;
	snprintf(what, sizeof(what), "%.40s: confidence after", m->idea);
	if ((k->msg = ctest_parse_conf(f[CKF_CA].data, what, k->why,
				       sizeof(k->why), &k->ca[i])))
		return 1;
	return 0;
}

int ckin_tests_read(struct page *pg, struct ckin_tests *k)
{
	size_t n = k->it.n, i;
	int r = 0;

	if (!n)
		return 0;
	k->f = calloc((n + 1) * NR_CKF, sizeof(*k->f));
	k->status = calloc(n, sizeof(*k->status));
	k->hs = calloc(n, sizeof(*k->hs));
	k->ca = calloc(n, sizeof(*k->ca));
	if (!k->f || !k->status || !k->hs || !k->ca) {
		page_fail(pg, 503, "Not saved: the server is short of memory. "
			  "Try again in a moment.");
		return -1;
	}
	for (i = 0; i < (n + 1) * NR_CKF; i++)
		buf_init(&k->f[i], ckf_max((int)(i % NR_CKF)));
	if (!read_fields(pg, k)) {
		page_fail(pg, 400, "A cheap test's field could not be read "
			  "(not valid text, or too long: a result holds at "
			  "most 8 KB). Nothing was saved.");
		return -1;
	}
	k->posted = true;
	for (i = 0; i < n && !r; i++) {
		if (!k->f[i * NR_CKF + CKF_FID].len)
			break;      /* a form from before the tests: none */
		r = check_one(k, i);
	}
	if (r < 0)
		page_fail(pg, 409, "Your cheap tests changed since the page "
			  "loaded. Reload it and check in again.");
	return r;
}

/* Save test i when its fields changed; 1 saved, 0 unchanged, or the
 * store's code. */
static int save_one(struct page *pg, const struct session *s,
		    struct ckin_tests *k, size_t i)
{
	const struct ctest_item *m = &k->it.v[i];
	const char *note = k->f[i * NR_CKF + CKF_NOTE].data;
	struct ctest t = { .user = pg->user.id, .number = s->number,
			   .hours_planned = -1, .hours_spent = -1,
			   .conf_before = -1, .conf_after = -1 };
	const char *test = m->test;
	int r;

	if (m->row) {
		t = m->row->t;
		if (t.status == k->status[i] && t.hours_spent == k->hs[i] &&
		    t.conf_after == k->ca[i] && !strcmp(m->row->note, note))
			return 0;
		test = m->row->test;
	} else if (k->status[i] == CTEST_PLANNED && k->hs[i] < 0 &&
		   k->ca[i] < 0 && !*note) {
		return 0;
	} else {
		snprintf(t.idea, sizeof(t.idea), "%s", m->idea);
		snprintf(t.date, sizeof(t.date), "%s", m->date);
	}
	t.status = k->status[i];
	t.hours_spent = k->hs[i];
	t.conf_after = k->ca[i];
	t.via = CTEST_VIA_CHECKIN;
	r = m->row ? store_ctest_set(pg->st, &t, test, note) :
		     store_ctest_add(pg->st, &t, test, note);
	return r == STORE_OK ? 1 : r;
}

int ckin_tests_save(struct page *pg, const struct session *s,
		    struct ckin_tests *k, int *saved)
{
	for (size_t i = 0; k->posted && i < k->it.n; i++) {
		int r;

		if (!k->f[i * NR_CKF + CKF_FID].len)
			break;
		r = save_one(pg, s, k, i);
		if (r == STORE_FULL) {
			page_fail(pg, 422, "You have 100 cheap tests on this "
				  "session, the most kept, so a new one was "
				  "not saved: delete one in the tracker.");
			return r;
		}
		if (r == STORE_NOTFOUND) {
			page_fail(pg, 409, "A cheap test is not there any "
				  "more: it may have been deleted in another "
				  "window. Reload the page and check in again.");
			return r;
		}
		if (r < 0) {
			page_store_failed(pg, r);
			return r;
		}
		*saved += r;
	}
	return STORE_OK;
}
