/*
 * test-people.c: research agendas, people and opportunities (issue 13)
 * through the store and the pages: the catalog stored, re-imported and
 * shown.  Run from the repository root (it reads content/agendas.md).
 */
#include "app-env.h"

#include "import/agenda.h"
#include "model/agenda.h"
#include "model/answer.h"
#include "model/opportunity.h"
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
	int64_t v0, v1;

	/* Nothing stored yet: the page says so. */
	app_call(e->st, NULL, "GET", "/agendas", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "No catalog"));
	response_release(&rs);
	assert_int_equal(store_agendas_source(e->st, &back, &len),
			 STORE_NOTFOUND);

	len = strlen(src);
	assert_int_equal(agenda_catalog_parse(src, len, &c, &err), 0);
	assert_int_equal(store_catalog_version(e->st, &v0), STORE_OK);
	assert_int_equal(store_agendas_put(e->st, &c, src, len), STORE_OK);
	/* The catalog's version moved: running servers load it again. */
	assert_int_equal(store_catalog_version(e->st, &v1), STORE_OK);
	assert_true(v1 > v0);
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

/* A profile: agendas, roles, offers, wants as lines. */
static void profile(struct store *st, struct who *w, int opted,
		    unsigned shown, const char *agendas, const char *roles,
		    const char *offers, const char *wants, unsigned open,
		    int tz)
{
	struct profile p = { .user = w->id, .opted_in = opted,
			     .shown = shown, .open = open, .utc_offset = tz,
			     .mentor_capacity = 2 };

	snprintf(p.agendas, sizeof(p.agendas), "%s", agendas);
	snprintf(p.roles, sizeof(p.roles), "%s", roles);
	snprintf(p.offers, sizeof(p.offers), "%s", offers);
	snprintf(p.wants, sizeof(p.wants), "%s", wants);
	assert_int_equal(store_profile_put(st, &p), STORE_OK);
}

/* The position of `needle` in the page, or -1. */
static long at(const char *page, const char *needle)
{
	const char *p = strstr(page, needle);

	return p ? p - page : -1;
}

/* A hand-built population: the suggestions rank by the score and give
 * its reasons; someone who has not opted in, or hides a part, is not
 * found by it. */
static void test_suggestions(void **state)
{
	struct app_env *e = *state;
	struct who me, best, second, hidden, out, far;
	struct response rs;
	char url[64];
	const char *page;

	person_as(e->st, &me, "Me Myself", "me@example.org", 0);
	person_as(e->st, &best, "Bea Best", "bea@example.org", 0);
	person_as(e->st, &second, "Sid Second", "sid@example.org", 0);
	person_as(e->st, &hidden, "Hal Hidden", "hal@example.org", 0);
	person_as(e->st, &out, "Otto Out", "otto@example.org", 0);
	person_as(e->st, &far, "Fay Far", "far@example.org", 0);
	profile(e->st, &me, 1, SHOW_ALL, "interpretability\nevaluations",
		"Research engineer", "Python", "Statistics", OPEN_PARTNER, 60);
	/* two agendas, a skill each way, a partner: the best */
	profile(e->st, &best, 1, SHOW_ALL, "evaluations\ninterpretability",
		"", "statistics", "python", OPEN_PARTNER, 60);
	/* one agenda and the role */
	profile(e->st, &second, 1, SHOW_ALL, "interpretability",
		"research engineer", "", "", OPEN_PARTNER, 60);
	/* shares everything but shows no agendas, roles or skills */
	profile(e->st, &hidden, 1, SHOW_TZ | SHOW_OPEN,
		"interpretability\nevaluations", "Research engineer",
		"Statistics", "Python", OPEN_PARTNER, 60);
	/* shares everything, not opted in */
	profile(e->st, &out, 0, SHOW_ALL, "interpretability\nevaluations",
		"Research engineer", "Statistics", "Python", OPEN_PARTNER, 60);
	/* shares an agenda, far away, open to nothing: not eligible */
	profile(e->st, &far, 1, SHOW_ALL, "interpretability", "", "", "", 0,
		-600);

	app_call(e->st, &me, "GET", "/people", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	page = strstr(rs.body.data, "Suggested for you");
	assert_non_null(page);
	assert_true(at(page, "Bea Best") >= 0);
	assert_true(at(page, "Sid Second") > at(page, "Bea Best"));
	assert_true(at(page, "<h2 id=\"intros\">") > at(page, "Sid Second"));
	/* Bea: 2 agendas (60) + a skill each way (40) + partner (10) +
	 * 14 h of daytime (28) */
	assert_true(at(page, "score 138") > at(page, "Bea Best"));
	assert_true(at(page, "You both work on Evaluations") >= 0);
	assert_true(at(page, "They offer Statistics, which you want") >= 0);
	assert_true(at(page, "You offer Python, which they want") >= 0);
	assert_true(at(page, "You both aim at the role Research engineer") >
		    at(page, "Sid Second"));
	/* Not suggested: hidden parts, not opted in, not eligible. */
	{
		long intros = at(page, "<h2 id=\"intros\">");

		assert_true(at(page, "Hal Hidden") < 0 ||
			    at(page, "Hal Hidden") > intros);
		assert_true(at(page, "Fay Far") < 0 ||
			    at(page, "Fay Far") > intros);
	}
	assert_null(strstr(rs.body.data, "Otto Out"));
	/* Our own markup is never escaped as text. */
	assert_null(strstr(rs.body.data, "&lt;"));
	assert_null(strstr(rs.body.data, "%?"));
	/* The directory shows Hal without what he hides. */
	assert_non_null(strstr(rs.body.data, "Hal Hidden"));
	response_release(&rs);

	/* Otto's profile is nobody's to see; Otto sees no one's. */
	snprintf(url, sizeof(url), "/people/%lld", (long long)out.id);
	app_call(e->st, &me, "GET", url, NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
	snprintf(url, sizeof(url), "/people/%lld", (long long)best.id);
	app_call(e->st, &out, "GET", url, NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 404);
	assert_null(strstr(rs.body.data, "Bea"));
	response_release(&rs);
	app_call(e->st, &out, "GET", "/people", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_null(strstr(rs.body.data, "Bea"));
	assert_non_null(strstr(rs.body.data, "/people/profile"));
	response_release(&rs);
	snprintf(url, sizeof(url), "/people/%lld", (long long)hidden.id);
	app_call(e->st, &me, "GET", url, NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_null(strstr(rs.body.data, "Statistics"));
	assert_null(strstr(rs.body.data, "Interpretability"));
	response_release(&rs);
}

/* An intro: asked, seen by the other, accepted: only then the emails. */
static void test_intro(void **state)
{
	struct app_env *e = *state;
	struct who a, b;
	struct response rs;
	char url[64], form[64];

	person_as(e->st, &a, "Ann Asker", "ann@example.org", 0);
	person_as(e->st, &b, "Bob Asked", "bob@example.org", 0);
	profile(e->st, &a, 1, SHOW_ALL, "evaluations", "", "", "",
		OPEN_PARTNER, 0);
	profile(e->st, &b, 1, SHOW_ALL, "evaluations", "", "", "",
		OPEN_PARTNER, 0);
	snprintf(url, sizeof(url), "/people/%lld/intro", (long long)b.id);
	app_post(e->st, &a, url, "action=request", &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	app_post(e->st, &a, url, "action=request", &rs);
	assert_int_equal(rs.status, 409);
	response_release(&rs);
	/* Ann cannot accept her own request. */
	app_post(e->st, &a, url, "action=accept", &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
	app_call(e->st, &b, "GET", "/people", NULL, 0, 0, &rs);
	assert_non_null(strstr(rs.body.data, "They asked to be introduced"));
	assert_null(strstr(rs.body.data, "ann@example.org"));
	response_release(&rs);
	snprintf(url, sizeof(url), "/people/%lld/intro", (long long)a.id);
	snprintf(form, sizeof(form), "action=accept");
	app_post(e->st, &b, url, form, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	app_call(e->st, &b, "GET", "/people", NULL, 0, 0, &rs);
	assert_non_null(strstr(rs.body.data, "mailto:ann@example.org"));
	response_release(&rs);
	snprintf(url, sizeof(url), "/people/%lld", (long long)b.id);
	app_call(e->st, &a, "GET", url, NULL, 0, 0, &rs);
	assert_non_null(strstr(rs.body.data, "mailto:bob@example.org"));
	response_release(&rs);
}

/* The newest notice of a person, and how many they have. */
struct seen_notice {
	int n, kind;
	int64_t actor;
	char text[STORE_NOTICE_TEXT_MAX + 1];
	char link[STORE_NOTICE_LINK_MAX + 1];
};

static int on_notice(void *ctx, const struct notice *n)
{
	struct seen_notice *s = ctx;

	if (!s->n++) {
		s->kind = n->kind;
		s->actor = n->actor;
		snprintf(s->text, sizeof(s->text), "%s", n->text);
		snprintf(s->link, sizeof(s->link), "%s", n->link);
	}
	return 0;
}

static struct seen_notice notices_of(struct store *st, int64_t user)
{
	struct seen_notice s = { 0 };

	assert_int_equal(store_notice_list(st, user, 100, on_notice, &s),
			 STORE_OK);
	return s;
}

/* The mails queued for a person: how many, the newest one's subject. */
struct seen_mail {
	int64_t user;
	int n, kind;
	char subject[404];
};

static int on_mail(void *ctx, const struct mail_row *m, const char *text)
{
	struct seen_mail *s = ctx;

	(void)text;
	if (m->user_id == s->user && !s->n++) {
		s->kind = m->kind;
		snprintf(s->subject, sizeof(s->subject), "%s", m->subject);
	}
	return 0;
}

static struct seen_mail mails_of(struct store *st, int64_t user)
{
	struct seen_mail s = { .user = user };

	assert_int_equal(store_mail_list(st, 0, 200, on_mail, &s), STORE_OK);
	return s;
}

/* Intros notify the other side (NOTICE_INTRO): a request the one asked,
 * an acceptance the asker; in-app always, by mail as each chose for the
 * kind; a refused request or a decline tells no one. */
static void test_intro_notices(void **state)
{
	struct app_env *e = *state;
	struct who a, b;
	struct seen_notice sn;
	struct seen_mail sm;
	struct response rs;
	char url[64];

	person_as(e->st, &a, "Nia Notified", "nia@example.org", 0);
	person_as(e->st, &b, "Ole Other", "ole@example.org", 0);
	profile(e->st, &a, 1, SHOW_ALL, "evaluations", "", "", "",
		OPEN_PARTNER, 0);
	profile(e->st, &b, 1, SHOW_ALL, "evaluations", "", "", "",
		OPEN_PARTNER, 0);
	/* Nia wants no mail of intros; Ole keeps the default (each). */
	assert_int_equal(store_notice_pref_set(e->st, a.id, NOTICE_INTRO,
					       NOTICE_OFF, 0), STORE_OK);
	snprintf(url, sizeof(url), "/people/%lld/intro", (long long)b.id);
	app_post(e->st, &a, url, "action=request&note=Probes%3F", &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	sn = notices_of(e->st, b.id);
	assert_int_equal(sn.n, 1);
	assert_int_equal(sn.kind, NOTICE_INTRO);
	assert_int_equal(sn.actor, a.id);
	assert_non_null(strstr(sn.text, "Nia Notified asks to be introduced"));
	assert_non_null(strstr(sn.text, "Probes?"));
	snprintf(url, sizeof(url), "/people/%lld", (long long)a.id);
	assert_string_equal(sn.link, url);
	sm = mails_of(e->st, b.id);
	assert_int_equal(sm.n, 1);
	assert_int_equal(sm.kind, NOTICE_INTRO);
	assert_non_null(strstr(sm.subject, "Nia Notified asks"));
	/* The header of Ole's pages counts it. */
	app_call(e->st, &b, "GET", "/people", NULL, 0, 0, &rs);
	assert_non_null(strstr(rs.body.data, "Notifications <span "
			       "class=\"count\">1</span>"));
	response_release(&rs);
	/* Asking again is refused, and tells no one. */
	snprintf(url, sizeof(url), "/people/%lld/intro", (long long)b.id);
	app_post(e->st, &a, url, "action=request", &rs);
	assert_int_equal(rs.status, 409);
	response_release(&rs);
	assert_int_equal(notices_of(e->st, b.id).n, 1);
	assert_int_equal(mails_of(e->st, b.id).n, 1);
	/* Ole accepts: Nia is told in-app, and by no mail (her choice). */
	assert_int_equal(notices_of(e->st, a.id).n, 0);
	snprintf(url, sizeof(url), "/people/%lld/intro", (long long)a.id);
	app_post(e->st, &b, url, "action=accept", &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	sn = notices_of(e->st, a.id);
	assert_int_equal(sn.n, 1);
	assert_int_equal(sn.kind, NOTICE_INTRO);
	assert_non_null(strstr(sn.text, "Ole Other accepted your intro"));
	assert_int_equal(mails_of(e->st, a.id).n, 0);
	/* Once she wants them, a mail goes too (a second intro, declined:
	 * a decline tells no one). */
	assert_int_equal(store_notice_pref_set(e->st, a.id, NOTICE_INTRO,
					       NOTICE_EACH, 0), STORE_OK);
	{
		struct who c;

		person_as(e->st, &c, "Cy Third", "cy@example.org", 0);
		profile(e->st, &c, 1, SHOW_ALL, "evaluations", "", "", "",
			OPEN_PARTNER, 0);
		snprintf(url, sizeof(url), "/people/%lld/intro",
			 (long long)a.id);
		app_post(e->st, &c, url, "action=request", &rs);
		assert_int_equal(rs.status, 303);
		response_release(&rs);
		sm = mails_of(e->st, a.id);
		assert_int_equal(sm.n, 1);
		assert_non_null(strstr(sm.subject, "Cy Third asks"));
		snprintf(url, sizeof(url), "/people/%lld/intro",
			 (long long)c.id);
		app_post(e->st, &a, url, "action=decline", &rs);
		assert_int_equal(rs.status, 303);
		response_release(&rs);
		assert_int_equal(notices_of(e->st, c.id).n, 0);
		assert_int_equal(mails_of(e->st, c.id).n, 0);
	}
}

/* The board's filters: by location (a part of it, any case, '_' a
 * character like any other), with the others, expired openings dropped;
 * a filter saved keeps its location. */
static void test_board_filters(void **state)
{
	struct app_env *e = *state;
	static char tt[4][16] = { "Berlin fellow", "London grant",
				  "Past Berlin", "Saxby job" };
	static char url[4][40] = { "https://example.org/o/1",
				   "https://example.org/o/2",
				   "https://example.org/o/3",
				   "https://example.org/o/4" };
	static char loc[4][24] = { "Berlin, Germany", "London, UK",
				   "berlin", "Saxby" };
	static char org[] = "Org", kind[] = "job", ag[] = "evaluations",
		    role[] = "Research engineer", none[] = "";
	struct opportunity op[4];
	struct opportunity_list l = { op, 4 };
	int today = answer_today();
	struct who u;
	struct response rs;
	const char *page;

	for (int i = 0; i < 4; i++)
		op[i] = (struct opportunity){
			.title = tt[i], .organisation = org, .url = url[i],
			.kind = kind, .location = loc[i], .agendas = ag,
			.roles = i == 1 ? none : role, .remote = i == 1,
			.deadline = i == 2 ? today - 1 : today + 30 };
	assert_int_equal(store_opportunities_put(e->st, &l), STORE_OK);
	person_as(e->st, &u, "Bo Board", "bo@example.org", 0);

	app_call(e->st, &u, "GET", "/opportunities?location=BERL", NULL, 0, 0,
		 &rs);
	assert_int_equal(rs.status, 200);
	page = rs.body.data;
	assert_non_null(strstr(page, "Berlin fellow"));
	assert_null(strstr(page, "London grant"));
	assert_null(strstr(page, "Past Berlin"));      /* expired */
	assert_null(strstr(page, "Saxby job"));
	assert_non_null(strstr(page, "name=\"location\" value=\"BERL\""));
	response_release(&rs);
	/* '_' is a character, not any one ("a_b" is not in "saxby"). */
	app_call(e->st, &u, "GET", "/opportunities?location=a_b", NULL, 0, 0,
		 &rs);
	assert_null(strstr(rs.body.data, "Saxby job"));
	assert_non_null(strstr(rs.body.data, "No opening matches."));
	response_release(&rs);
	app_call(e->st, &u, "GET", "/opportunities?location=axb", NULL, 0, 0,
		 &rs);
	assert_non_null(strstr(rs.body.data, "Saxby job"));
	response_release(&rs);
	/* With the others: London is remote, but has not the role. */
	app_call(e->st, &u, "GET", "/opportunities?location=on&remote=1",
		 NULL, 0, 0, &rs);
	assert_non_null(strstr(rs.body.data, "London grant"));
	assert_null(strstr(rs.body.data, "Berlin fellow"));
	response_release(&rs);
	app_call(e->st, &u, "GET", "/opportunities?location=on&role="
		 "research+engineer", NULL, 0, 0, &rs);
	assert_non_null(strstr(rs.body.data, "No opening matches."));
	response_release(&rs);
	/* Saved, the filter keeps its location, and following it finds
	 * the same. */
	app_post(e->st, &u, "/opportunities/filters", "name=Berlin&agenda="
		 "evaluations&location=Berlin", &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	app_call(e->st, &u, "GET", "/opportunities", NULL, 0, 0, &rs);
	assert_non_null(strstr(rs.body.data, "/opportunities?agenda="
			       "evaluations&amp;location=Berlin\">Berlin</a>"));
	response_release(&rs);
}

/* A team: proposed, asked to join, accepted, left. */
static void test_team(void **state)
{
	struct app_env *e = *state;
	struct who o, j;
	struct response rs;
	char url[64], form[64];
	const char *loc;

	person_as(e->st, &o, "Tess Owner", "tess@example.org", 0);
	person_as(e->st, &j, "Jo Joiner", "jo@example.org", 0);
	profile(e->st, &o, 1, SHOW_ALL, "", "", "", "", 0, 0);
	profile(e->st, &j, 1, SHOW_ALL, "", "", "", "", 0, 0);
	app_post(e->st, &o, "/teams", "title=Probe+study&summary=Linear+probes",
		 &rs);
	assert_int_equal(rs.status, 303);
	loc = header_of(&rs, "Location");
	assert_non_null(loc);
	snprintf(url, sizeof(url), "%s", loc);
	response_release(&rs);
	app_post(e->st, &j, url, "action=join", &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	app_call(e->st, &o, "GET", url, NULL, 0, 0, &rs);
	assert_non_null(strstr(rs.body.data, "Accept Jo Joiner"));
	response_release(&rs);
	/* Only the owner accepts. */
	snprintf(form, sizeof(form), "action=accept&user=%lld",
		 (long long)j.id);
	app_post(e->st, &j, url, form, &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
	app_post(e->st, &o, url, form, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	app_call(e->st, &j, "GET", url, NULL, 0, 0, &rs);
	assert_true(at(rs.body.data, "Jo Joiner") <
		    at(rs.body.data, "Asking to join"));
	assert_non_null(strstr(rs.body.data, "Leave the team"));
	response_release(&rs);
	app_post(e->st, &o, url, "action=leave", &rs);
	assert_int_equal(rs.status, 404);     /* the owner stays */
	response_release(&rs);
	app_post(e->st, &j, url, "action=leave", &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	app_call(e->st, &o, "GET", url, NULL, 0, 0, &rs);
	assert_null(strstr(rs.body.data, "Jo Joiner"));
	response_release(&rs);
}

/* A team's plan: its owner shares one of theirs; its members (only the
 * accepted ones, while they are) read it; only the owner chooses it. */
static void test_team_plan(void **state)
{
	struct app_env *e = *state;
	struct who o, m, a;
	struct response rs;
	char team[64], plan[80], form[64];
	const char *loc;

	person_as(e->st, &o, "Pat Planner", "pat@example.org", 0);
	person_as(e->st, &m, "Mo Member", "mo@example.org", 0);
	person_as(e->st, &a, "Ash Asker", "ash@example.org", 0);
	profile(e->st, &o, 1, SHOW_ALL, "", "", "", "", 0, 0);
	profile(e->st, &m, 1, SHOW_ALL, "", "", "", "", 0, 0);
	profile(e->st, &a, 1, SHOW_ALL, "", "", "", "", 0, 0);
	app_post(e->st, &o, "/teams", "title=Evals&summary=S", &rs);
	assert_int_equal(rs.status, 303);
	loc = header_of(&rs, "Location");
	assert_non_null(loc);
	snprintf(team, sizeof(team), "%s", loc);
	response_release(&rs);
	app_post(e->st, &m, team, "action=join", &rs);
	response_release(&rs);
	app_post(e->st, &a, team, "action=join", &rs);
	response_release(&rs);
	snprintf(form, sizeof(form), "action=accept&user=%lld",
		 (long long)m.id);
	app_post(e->st, &o, team, form, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	snprintf(plan, sizeof(plan), "/p/%lld/4/plan-it", (long long)o.id);

	/* Nothing shared yet: the member does not see the plan. */
	app_call(e->st, &m, "GET", plan, NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
	/* Only the owner shares, and only a plan there is. */
	app_post(e->st, &m, team, "action=plan&plan=4%2Fplan-it", &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
	app_post(e->st, &o, team, "action=plan&plan=4%2Fno-such", &rs);
	assert_int_equal(rs.status, 422);
	response_release(&rs);
	app_post(e->st, &o, team, "action=plan&plan=4%2Fplan-it", &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	app_call(e->st, &o, "GET", team, NULL, 0, 0, &rs);
	assert_non_null(strstr(rs.body.data, "value=\"4/plan-it\" selected"));
	response_release(&rs);
	/* The member reads it, from the team's page; the one who only
	 * asked does not. */
	app_call(e->st, &m, "GET", team, NULL, 0, 0, &rs);
	assert_non_null(strstr(rs.body.data, plan));
	response_release(&rs);
	app_call(e->st, &m, "GET", plan, NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	response_release(&rs);
	app_call(e->st, &a, "GET", plan, NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 404);
	assert_null(strstr(rs.body.data, "pat@example.org"));
	response_release(&rs);
	app_call(e->st, &a, "GET", team, NULL, 0, 0, &rs);
	assert_null(strstr(rs.body.data, plan));
	response_release(&rs);
	/* Once gone from the team, it is gone for them. */
	app_post(e->st, &m, team, "action=leave", &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	app_call(e->st, &m, "GET", plan, NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
	/* Shared no more: none. */
	app_post(e->st, &o, team, "action=plan&plan=", &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	app_call(e->st, &o, "GET", team, NULL, 0, 0, &rs);
	assert_non_null(strstr(rs.body.data, "No plan is shared"));
	response_release(&rs);
}

/* The profile form: off by default; a refused one comes back as typed
 * and stores nothing. */
static void test_profile_form(void **state)
{
	struct app_env *e = *state;
	struct who w;
	struct response rs;
	struct profile p;

	person_as(e->st, &w, "Flo Form", "flo@example.org", 0);
	app_call(e->st, &w, "GET", "/people/profile", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "not in the directory"));
	assert_non_null(strstr(rs.body.data, "name=\"opted_in\" value=\"1\">"));
	response_release(&rs);
	app_post(e->st, &w, "/people/profile", "opted_in=1&roles=a%0Ab%0Ac%0A"
		 "d%0Ae%0ASixth+role&tz=60&capacity=1", &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "more lines than it may"));
	assert_non_null(strstr(rs.body.data, "Sixth role"));
	response_release(&rs);
	assert_int_equal(store_profile_get(e->st, w.id, &p), STORE_NOTFOUND);
	app_post(e->st, &w, "/people/profile", "opted_in=1&show=roles&"
		 "roles=Founder%0A+founder+%0A%0AGrantmaker&tz=-330&"
		 "capacity=1&open=mentor", &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	assert_int_equal(store_profile_get(e->st, w.id, &p), STORE_OK);
	assert_true(p.opted_in);
	assert_int_equal(p.shown, SHOW_ROLES);
	assert_string_equal(p.roles, "Founder\nGrantmaker");
	assert_int_equal(p.utc_offset, -330);
	assert_int_equal(p.open, OPEN_MENTOR);
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
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_intro),
		cmocka_unit_test(test_intro_notices),
		cmocka_unit_test(test_team),
		cmocka_unit_test(test_team_plan),
		cmocka_unit_test(test_board_filters),
		cmocka_unit_test(test_profile_form),
	};

	return cmocka_run_group_tests(tests, setup, app_env_teardown);
}
