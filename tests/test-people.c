/*
 * test-people.c: research agendas, people and opportunities (issue 13)
 * through the store and the pages: the catalog stored, re-imported and
 * shown.  Run from the repository root (it reads content/agendas.md).
 */
#include "app-env.h"

#include "import/agenda.h"
#include "model/agenda.h"
#include "web/agendas.h"

#define CATALOG "content/agendas.md"

static const char session_md[] =
	"# Test Course: Session 4 - Projects\n\n"
	"# Exercises\n\n"
	"## Plan it\n\n"
	"- What will you deliver? <!-- alignplan: text name=deliverable -->\n"
	"- Which agendas? <!-- alignplan: agendas name=agendas "
	"label=\"Agendas\" -->\n";

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s;

	assert_non_null(f);
	s = malloc(AGENDA_MAX_BYTES + 1);
	assert_non_null(s);
	*len = fread(s, 1, AGENDA_MAX_BYTES, f);
	s[*len] = '\0';
	fclose(f);
	return s;
}

struct ids {
	char got[64][48];
	int archived[64];
	size_t n;
};

static int on_agenda(void *ctx, const char *id, const char *title,
		     int archived)
{
	struct ids *v = ctx;

	(void)title;
	assert_true(v->n < 64);
	snprintf(v->got[v->n], sizeof(v->got[0]), "%s", id);
	v->archived[v->n++] = archived;
	return 0;
}

/* Store the shipped catalog; again with an agenda's id changed (the old
 * one archived, nothing duplicated); the page shows the current one. */
static void test_catalog_stored_and_shown(void **state)
{
	struct app_env *e = *state;
	struct agenda_catalog c;
	struct import_error err;
	struct response rs;
	struct ids v = { .n = 0 };
	size_t len;
	char *src = slurp(CATALOG, &len), *at, *back;

	/* Nothing stored yet: the page says so. */
	app_call(e->st, NULL, "GET", "/agendas", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "No catalog"));
	response_release(&rs);
	assert_int_equal(store_agendas_source(e->st, &back, &len),
			 STORE_NOTFOUND);

	len = strlen(src);
	assert_int_equal(agenda_catalog_parse(src, len, &c, &err), 0);
	assert_int_equal(store_agendas_put(e->st, &c, src, len), STORE_OK);
	assert_int_equal(store_agenda_list(e->st, on_agenda, &v), STORE_OK);
	assert_int_equal(v.n, c.nr_agendas);
	assert_string_equal(v.got[0], c.agendas[0].id);
	agenda_catalog_release(&c);

	/* Re-import with interpretability renamed. */
	at = strstr(src, "id=interpretability");
	assert_non_null(at);
	memcpy(at, "id=interpretabilitx", 19);
	assert_int_equal(agenda_catalog_parse(src, len, &c, &err), 0);
	assert_int_equal(store_agendas_put(e->st, &c, src, len), STORE_OK);
	v.n = 0;
	assert_int_equal(store_agenda_list(e->st, on_agenda, &v), STORE_OK);
	assert_int_equal(v.n, c.nr_agendas + 1);
	assert_string_equal(v.got[v.n - 1], "interpretability");
	assert_int_equal(v.archived[v.n - 1], 1);
	assert_int_equal(v.archived[0], 0);
	agenda_catalog_release(&c);
	assert_int_equal(store_agendas_source(e->st, &back, &len), STORE_OK);
	assert_non_null(strstr(back, "id=interpretabilitx"));
	free(back);

	/* Loaded by the app: the page lists every agenda with its parts,
	 * its links escaped as addresses. */
	assert_int_equal(app_load(e->st), 0);
	app_call(e->st, NULL, "GET", "/agendas", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "id=\"a-interpretabilitx\""));
	assert_null(strstr(rs.body.data, "id=\"a-interpretability\""));
	assert_non_null(strstr(rs.body.data, "<h3>Related roles</h3>"));
	assert_non_null(strstr(rs.body.data,
			       "href=\"https://distill.pub/2020/circuits/"
			       "zoom-in/\""));
	assert_int_equal(count(rs.body.data, "<section class=\"agenda\""),
			 v.n - 1);
	response_release(&rs);
	free(src);
}

/* An agendas prompt: the exercise page offers the catalog's agendas, a
 * save keeps valid ids only, the plan, the exports and the dashboard's
 * spread show them. */
static void test_agendas_kind(void **state)
{
	struct app_env *e = *state;
	const struct prompt *p = session_named_prompt(course_get(4),
						      "agendas");
	struct who me, fay;
	struct cohort c = { .number = 4 };
	struct response rs;
	struct buf body = BUF_INIT;
	const char *pid;

	assert_non_null(p);
	assert_int_equal(p->kind, PROMPT_AGENDAS);
	assert_non_null(agendas_current());   /* the test above stored it */
	pid = p->id;
	person_as(e->st, &me, "Mia", "mia@example.org", 0);
	person_as(e->st, &fay, "Fay", "fay@example.org", 0);
	snprintf(c.name, sizeof(c.name), "Spring");
	c.created_by = fay.id;
	assert_int_equal(store_cohort_add(e->st, &c), STORE_OK);
	assert_int_equal(store_member_put(e->st, c.id, me.id,
					  ROLE_PARTICIPANT), STORE_OK);

	app_call(e->st, &me, "GET", "/s/4/e/plan-it", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	buf_addf(&body, "name=\"g.%s\" value=\"scalable-oversight\"", pid);
	assert_non_null(strstr(rs.body.data, body.data));
	response_release(&rs);

	buf_reset(&body);
	buf_addf(&body, "p=%s&g.%s=scalable-oversight&g.%s=Not_An_Id&"
		 "g.%s=evaluations&g.%s=scalable-oversight", pid, pid, pid,
		 pid, pid);
	app_post(e->st, &me, "/s/4/e/plan-it", body.data, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	app_call(e->st, &me, "GET", "/s/4/export.md", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	/* Each id once, valid ones only, as Markdown items. */
	assert_non_null(strstr(rs.body.data, "label=\"Agendas\" -->\n"
			       "  - scalable\\-oversight\n  - evaluations\n"));
	assert_null(strstr(rs.body.data, "Not_An_Id"));
	response_release(&rs);
	/* The plan shows titles, linked to the catalog. */
	app_call(e->st, &me, "GET", "/s/4/plan", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "<a href=\"/agendas#a-"
			       "scalable-oversight\">Scalable oversight</a>"));
	response_release(&rs);

	/* The facilitator's dashboard: the cohort's spread. */
	app_call(e->st, &fay, "GET", "/c/1/dashboard", NULL, 0, 0, &rs);
	if (rs.status == 200) {
		assert_non_null(strstr(rs.body.data, "Research agendas"));
		assert_non_null(strstr(rs.body.data, "1 of 1 participants"));
		assert_non_null(strstr(rs.body.data, ">Scalable oversight</a>"
				       "</th><td><meter min=\"0\" max=\"1\" "
				       "value=\"1\""));
	}
	assert_int_equal(rs.status, 200);
	response_release(&rs);
	buf_release(&body);
}

static int setup(void **state)
{
	const char *const md[] = { session_md, NULL };

	return app_env_setup(state, "people", md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_stored_and_shown),
		cmocka_unit_test(test_agendas_kind),
	};

	return cmocka_run_group_tests(tests, setup, app_env_teardown);
}
