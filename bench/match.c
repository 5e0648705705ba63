/*
 * match: the suggestions page (GET /people), the opportunities board
 * unfiltered and filtered (GET /opportunities?agenda=...&remote=1, and
 * by a location no opening has, the location filter's worst case), each
 * with its "For your plan" ranking of every open opening, in-process (no
 * socket, so the time is the server's own), on a database filled
 * through the store.  Linked with the app's objects by bench/match.sh:
 *
 *   match DB AGENDAS.md SESSION.md USERS OPENINGS ROUNDS N
 *
 * makes DB with the agenda catalog and the session (session 7: its plan
 * names agendas and roles), USERS people each with an opted-in profile
 * (1-3 agendas of the catalog, a role or two, skills offered and wanted,
 * what they are open to, a time zone: drawn from a fixed seed), and
 * OPENINGS openings; the person the pages are asked as has a plan too
 * (two agendas in the project plan, three roles in the career plan);
 * then for each of ROUNDS rounds times N requests of each page as that
 * person.  Prints the median microseconds per request of each page.
 */
#include "helper.h"
#include "auth/auth.h"
#include "core/buf.h"
#include "import/agenda.h"
#include "model/agenda.h"
#include "model/opportunity.h"
#include "model/session.h"
#include "store/store.h"
#include "web/agendas.h"
#include "web/courses.h"
#include "web/request.h"
#include "web/response.h"
#include "web/router.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ROUNDS 64
#define BOARD "agenda=interpretability&remote=1"
/* The location filter's worst case: it matches no opening (all are in
 * London), so the deadline index is walked over every open one. */
#define NOWHERE "location=nowhere"

static const char *const roles[] = {
	"Research scientist", "Research engineer", "Policy or governance "
	"researcher", "Founder", "Grantmaker", "Software engineer",
	"Communicator", "Operations",
};
static const char *const skills[] = {
	"Python", "PyTorch", "Statistics", "Writing", "Policy", "Economics",
	"Math", "Forecasting", "Management", "Fundraising", "Teaching",
	"Law", "Security", "Distributed systems", "Design", "Biology",
};
#define NR(a) (sizeof(a) / sizeof(*(a)))

static void die(const char *what)
{
	fprintf(stderr, "match: %s\n", what);
	exit(2);
}

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static size_t call(struct store *st, const char *path, const char *query,
		   const char *cookie)
{
	struct request rq = {
		.method = "GET", .path = path, .query = query, .body = "",
		.cookie = cookie, .content_type = "", .csrf_header = "",
		.remote = "127.0.0.1", .store = st,
	};
	struct response rs;
	size_t n;

	response_init(&rs);
	app_handle(&rq, &rs);
	if (rs.status != 200) {
		fprintf(stderr, "match: GET %s answered %d\n", path, rs.status);
		exit(2);
	}
	n = rs.body.len;
	response_release(&rs);
	return n;
}

/* k distinct picks of n into a list of lines of `names` (NULL: ids). */
static void picks(char *out, size_t size, const struct agenda_catalog *c,
		  const char *const *names, size_t n, int k)
{
	size_t len = 0, used[8], nu = 0;

	out[0] = '\0';
	while (k-- > 0 && nu < 8) {
		size_t i = (size_t)rand() % n, j;

		for (j = 0; j < nu && used[j] != i; j++)
			;
		if (j < nu)
			continue;
		used[nu++] = i;
		len += (size_t)snprintf(out + len, size - len, "%s%s",
					len ? "\n" : "",
					names ? names[i] : c->agendas[i].id);
	}
}

static void fill_people(struct store *st, const struct agenda_catalog *c,
			int users)
{
	struct profile *p = malloc(sizeof(*p));
	struct user u;

	if (!p)
		die("out of memory");
	for (int i = 0; i < users; i++) {
		memset(&u, 0, sizeof(u));
		snprintf(u.email, sizeof(u.email), "p%d@example.org", i);
		snprintf(u.name, sizeof(u.name), "Person %d", i);
		snprintf(u.pwhash, sizeof(u.pwhash), "x");
		if (store_user_add(st, &u) != STORE_OK)
			die("cannot add a user");
		memset(p, 0, sizeof(*p));
		p->user = u.id;
		p->opted_in = 1;
		p->shown = SHOW_ALL;
		picks(p->agendas, sizeof(p->agendas), c, NULL, c->nr_agendas,
		      1 + rand() % 3);
		picks(p->roles, sizeof(p->roles), c, roles, NR(roles),
		      1 + rand() % 2);
		picks(p->offers, sizeof(p->offers), c, skills, NR(skills),
		      1 + rand() % 3);
		picks(p->wants, sizeof(p->wants), c, skills, NR(skills),
		      1 + rand() % 3);
		p->utc_offset = (rand() % 25 - 12) * 60;
		p->open = 1 + (unsigned)rand() % 7;
		p->mentor_capacity = rand() % 3;
		if (store_profile_put(st, p) != STORE_OK)
			die(store_errmsg(st));
	}
	free(p);
}

static void fill_openings(struct store *st, const struct agenda_catalog *c,
			  int n)
{
	struct opportunity_list l = { calloc((size_t)n, sizeof(*l.v)),
				      (size_t)n };
	char (*text)[4][160] = calloc((size_t)n, sizeof(*text));

	if (!l.v || !text)
		die("out of memory");
	for (int i = 0; i < n; i++) {
		struct opportunity *o = &l.v[i];

		snprintf(text[i][0], 160, "https://example.org/job/%d", i);
		snprintf(text[i][1], 160, "Opening %d", i);
		picks(text[i][2], 160, c, NULL, c->nr_agendas, 1 + rand() % 2);
		picks(text[i][3], 160, c, roles, NR(roles), 1);
		o->url = text[i][0];
		o->title = text[i][1];
		o->organisation = (char *)"Org";
		o->kind = (char *)"job";
		o->location = (char *)"London";
		o->agendas = text[i][2];
		o->roles = text[i][3];
		o->remote = rand() % 2;
		/* a quarter expired, the rest over the next two years */
		o->deadline = (int)(time(NULL) / 86400) - 30 + rand() % 760;
	}
	if (store_opportunities_put(st, &l) != STORE_OK)
		die(store_errmsg(st));
	free(text);
	free(l.v);
}

/* The viewer's plan: agendas in the project plan, roles in the career
 * plan (the session's prompts named "agendas" and "roles"). */
static void plan_of(struct store *st, int64_t user)
{
	static const struct { const char *name, *value; } a[] = {
		{ "agendas", "interpretability\nevaluations" },
		{ "roles", "Research engineer\nGrantmaker\nML engineer at a "
		  "lab" },
	};
	const struct session *s = course_get(7);

	for (size_t i = 0; i < NR(a); i++) {
		const struct prompt *p = s ? session_named_prompt(s, a[i].name) :
			NULL;

		if (!p || store_answer_put(st, user, 7, p->id, a[i].value,
					   strlen(a[i].value)) != STORE_OK)
			die("cannot answer the plan (is SESSION.md session 7?)");
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = malloc(AGENDA_MAX_BYTES + 1);

	if (!f || !s)
		die("cannot read the catalog");
	*len = fread(s, 1, AGENDA_MAX_BYTES, f);
	fclose(f);
	return s;
}

static double time_page(struct store *st, const char *path,
			const char *query, const char *cookie, int n,
			size_t *bytes)
{
	double t = now_us();

	for (int i = 0; i < n; i++)
		*bytes = call(st, path, query, cookie);
	return (now_us() - t) / n;
}

#define TARGET_US 5000.0

int main(int argc, char **argv)
{
	int slow;
	char msg[256], token[AUTH_TOKEN_HEX + 1], hash[65];
	char cookie[AUTH_TOKEN_HEX + 32];
	double people[MAX_ROUNDS], board[MAX_ROUNDS], where[MAX_ROUNDS], t;
	double all[MAX_ROUNDS];
	struct agenda_catalog c;
	struct import_error ierr;
	struct login l = { 0 };
	struct store *st;
	size_t len, pb = 0, bb = 0, wb = 0, ab = 0;
	int rounds, n, users, opps;
	char *src;

	if (argc != 8 || (users = atoi(argv[4])) < 2 ||
	    (opps = atoi(argv[5])) < 1 || (rounds = atoi(argv[6])) < 1 ||
	    rounds > MAX_ROUNDS || (n = atoi(argv[7])) < 1)
		die("usage: match DB AGENDAS.md SESSION.md USERS OPENINGS "
		    "ROUNDS N");
	if (sodium_init() < 0)
		die("libsodium did not start");
	if (store_open(argv[1], &st, msg, sizeof(msg)) != STORE_OK)
		die(msg);
	src = slurp(argv[2], &len);
	if (agenda_catalog_parse(src, len, &c, &ierr) ||
	    store_agendas_put(st, &c, src, len) != STORE_OK || app_load(st))
		die("cannot load the catalog");
	if (load_session(st, argv[3]))
		die("cannot load the session");
	srand(13);
	t = now_us();
	fill_people(st, &c, users);
	fill_openings(st, &c, opps);
	fprintf(stderr, "match: filled %d people and %d openings in %.1f s\n",
		users, opps, (now_us() - t) / 1e6);

	auth_random_hex(token, AUTH_TOKEN_HEX);
	auth_token_hash(token, hash);
	auth_random_hex(l.csrf, AUTH_CSRF_HEX);
	l.user_id = users / 2;      /* someone in the middle */
	plan_of(st, l.user_id);
	l.expires = time(NULL) + 86400;
	if (store_login_add(st, hash, &l) != STORE_OK)
		die("cannot add the login");
	snprintf(cookie, sizeof(cookie), "%s=%s", AUTH_COOKIE, token);
	for (int r = 0; r < rounds; r++) {
		people[r] = time_page(st, "/people", "", cookie, n, &pb);
		all[r] = time_page(st, "/opportunities", "", cookie, n, &ab);
		board[r] = time_page(st, "/opportunities", BOARD, cookie, n,
				     &bb);
		where[r] = time_page(st, "/opportunities", NOWHERE, cookie, n,
				     &wb);
	}
	t = median(people, rounds);
	printf("%d people, %d openings; %d rounds of %d requests in-process:\n"
	       "  GET /people (suggestions)     %6zu bytes, median %8.1f us\n"
	       "  GET /opportunities (for your plan, unfiltered) %6zu bytes, "
	       "median %8.1f us\n"
	       "  GET /opportunities?" BOARD " %6zu bytes, median %8.1f us\n"
	       "  GET /opportunities?" NOWHERE " %6zu bytes, median %8.1f us\n",
	       users, opps, rounds, n, pb, t, ab, median(all, rounds), bb,
	       median(board, rounds), wb, median(where, rounds));
	/* The target: each page under 5 ms of server time. */
	slow = (t >= TARGET_US) + (median(all, rounds) >= TARGET_US) +
	       (median(board, rounds) >= TARGET_US) +
	       (median(where, rounds) >= TARGET_US);
	if (slow)
		printf("FAILED: %d of the 4 pages at or over %.0f us\n", slow,
		       TARGET_US);
	else
		printf("all 4 pages under %.0f us\n", TARGET_US);
	agenda_catalog_release(&c);
	free(src);
	app_unload();
	store_close(st);
	return slow ? 1 : 0;
}
