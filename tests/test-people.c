/*
 * test-people.c: research agendas, people and opportunities (issue 13)
 * through the store and the pages: the catalog stored, re-imported and
 * shown.  Run from the repository root (it reads content/agendas.md).
 */
#include "app-env.h"

#include "import/agenda.h"
#include "model/agenda.h"

#define CATALOG "content/agendas.md"

static const char session_md[] =
	"# Test Course: Session 4 - Projects\n\n"
	"# Exercises\n\n"
	"## Plan it\n\n"
	"- What will you deliver? <!-- alignplan: text name=deliverable -->\n";

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

static int setup(void **state)
{
	const char *const md[] = { session_md, NULL };

	return app_env_setup(state, "people", md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_stored_and_shown),
	};

	return cmocka_run_group_tests(tests, setup, app_env_teardown);
}
