/*
 * profile.c: one's own profile in the people directory (issue 13).
 *
 *   GET  /people/profile   the form
 *   POST /people/profile   save it: opted_in=1 opts in (off by default:
 *                          a profile never saved, or saved without it,
 *                          is seen by no one), show=... the parts shown
 *
 * A refused form is shown again as typed, with what is wrong (422), and
 * nothing is stored.  The caps are match.h's, which are also what the
 * suggestions look at: 10 agendas, 5 roles, 20 skills each way.
 */
#include "web/pages/profile.h"

#include "core/buf.h"
#include "core/html.h"
#include "model/agenda.h"
#include "model/match.h"
#include "web/agendas.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	unsigned bit;
	const char *name, *label;
} shows[] = {
	{ SHOW_AGENDAS, "agendas", "My research agendas" },
	{ SHOW_ROLES, "roles", "The roles I aim at" },
	{ SHOW_SKILLS, "skills", "The skills I offer and want" },
	{ SHOW_TZ, "tz", "My time zone" },
	{ SHOW_OPEN, "open", "What I am open to" },
}, opens[] = {
	{ OPEN_PARTNER, "partner", "a project partner or team" },
	{ OPEN_MENTOR, "mentor", "mentoring someone" },
	{ OPEN_MENTEE, "mentee", "being mentored" },
};

static void checkbox(struct buf *b, const char *name, const char *value,
		     const char *label, bool on)
{
	html(b, "<li><label><input type=\"checkbox\" name=\"%s\" value=\"%s\""
	     "%s> %s</label></li>", name, value, on ? " checked" : "", label);
}

static void list_field(struct buf *b, const char *name, const char *label,
		       const char *hint, const char *value)
{
	html(b, "<label for=\"f-%s\">%s</label><p class=\"note\" id=\"h-%s\">"
	     "%s</p><textarea id=\"f-%s\" name=\"%s\" rows=\"4\" "
	     "aria-describedby=\"h-%s\">%s</textarea>", name, label, name,
	     hint, name, name, name, value);
}

static void tz_select(struct buf *b, int offset)
{
	html_raw(b, "<label for=\"f-tz\">Time zone (offset from UTC)</label>"
		 "<select id=\"f-tz\" name=\"tz\">");
	for (int m = -720; m <= 840; m += 30) {
		char tz[16];

		snprintf(tz, sizeof(tz), "%s%02d:%02d", m < 0 ?
			 "\xe2\x88\x92" : "+", abs(m) / 60, abs(m) % 60);
		html(b, "<option value=\"%d\"%s>UTC%s</option>", m,
		     m == offset ? " selected" : "", tz);
	}
	html_raw(b, "</select>");
}

static void agenda_boxes(struct buf *b, const struct profile *p)
{
	const struct agenda_catalog *c = agendas_current();

	html(b, "<fieldset><legend>Research agendas (up to %d)</legend>"
	     "<ul class=\"options\">", MATCH_MAX_AGENDAS);
	for (size_t i = 0; c && i < c->nr_agendas; i++) {
		const struct agenda *a = &c->agendas[i];
		const char *at = strstr(p->agendas, a->id);
		size_t n = strlen(a->id);
		bool on = at && (at == p->agendas || at[-1] == '\n') &&
			  (!at[n] || at[n] == '\n');

		checkbox(b, "agenda", a->id, a->title, on);
	}
	html_raw(b, "</ul>");
	if (!c)
		html_raw(b, "<p class=\"note\">No catalog of research agendas "
			 "is loaded yet.</p>");
	html_raw(b, "</fieldset>");
}

static void profile_form(struct page *pg, const struct profile *p,
			 const char *error)
{
	struct buf *b = &pg->rs->body;
	size_t i;

	page_begin(pg, "Your profile");
	html(b, "<p class=\"crumbs\"><a href=\"/people\">People</a></p>"
	     "<h1>Your profile</h1><p>Your profile is <strong>%s</strong>. "
	     "Only people who opted in themselves see it, and only the parts "
	     "you tick under “Show”. Your email is given only to someone "
	     "whose intro you accept, or who accepts yours.</p>",
	     p->opted_in ? "in the directory" : "not in the directory");
	if (error)
		html(b, "<p class=\"error\" role=\"alert\">%s</p>", error);
	html_raw(b, "<form method=\"post\" action=\"/people/profile\" "
		 "class=\"profile\">");
	page_csrf_field(pg);
	html_raw(b, "<fieldset><legend>Directory</legend><ul class=\"options\">");
	checkbox(b, "opted_in", "1", "Put me in the people directory and "
		 "suggest me to others who opted in", p->opted_in);
	html_raw(b, "</ul></fieldset><fieldset><legend>Show</legend>"
		 "<ul class=\"options\">");
	for (i = 0; i < sizeof(shows) / sizeof(*shows); i++)
		checkbox(b, "show", shows[i].name, shows[i].label,
			 p->shown & shows[i].bit);
	html_raw(b, "</ul></fieldset>");
	agenda_boxes(b, p);
	list_field(b, "roles", "Roles you aim at", "One a line, up to 5.",
		   p->roles);
	list_field(b, "offers", "Skills you offer", "One a line, up to 20.",
		   p->offers);
	list_field(b, "wants", "Skills you want", "One a line, up to 20.",
		   p->wants);
	tz_select(b, p->utc_offset);
	html_raw(b, "<fieldset><legend>Open to</legend><ul class=\"options\">");
	for (i = 0; i < sizeof(opens) / sizeof(*opens); i++)
		checkbox(b, "open", opens[i].name, opens[i].label,
			 p->open & opens[i].bit);
	html(b, "</ul></fieldset><label for=\"f-cap\">Mentees you could take "
	     "(0 to %d)</label><input id=\"f-cap\" name=\"capacity\" "
	     "type=\"number\" min=\"0\" max=\"%d\" value=\"%d\">"
	     "<button type=\"submit\">Save profile</button></form>",
	     PROFILE_CAPACITY_MAX, PROFILE_CAPACITY_MAX, p->mentor_capacity);
	page_end(pg);
}

void ui_profile(struct page *pg)
{
	struct profile *p = calloc(1, sizeof(*p));
	int rc;

	if (!p) {
		page_fail(pg, 503, "Out of memory; try again in a moment.");
		return;
	}
	rc = store_profile_get(pg->st, pg->user.id, p);
	if (rc == STORE_NOTFOUND) {
		memset(p, 0, sizeof(*p));
		p->shown = SHOW_ALL;
		rc = STORE_OK;
	}
	if (rc != STORE_OK)
		page_fail(pg, 503, "Your profile could not be read; try again "
			  "in a moment.");
	else
		profile_form(pg, p, NULL);
	free(p);
}

/* Is a[0..n) a line of list, ASCII case ignored? */
static bool has_line(const char *list, const char *a, size_t n)
{
	while (*list) {
		size_t w = strcspn(list, "\n");

		if (w == n && !strncasecmp(list, a, n))
			return true;
		list += w + (list[w] == '\n');
	}
	return false;
}

/* A textarea's lines into out: trimmed, blank ones dropped, each once
 * (ASCII case ignored); NULL, or what is wrong. */
static const char *lines_of(struct page *pg, const char *name, size_t max,
			    char *out, size_t size)
{
	struct buf v;
	const char *s, *err = NULL;
	size_t n = 0, len = 0;

	buf_init(&v, 4 * PROFILE_LIST_MAX);
	out[0] = '\0';
	if (page_field(pg, name, 0, &v) == -2)
		err = "A list is too long.";
	for (s = v.data; !err && *s; ) {
		size_t w = strcspn(s, "\r\n"), t = w;
		const char *a = s;

		while (t && (*a == ' ' || *a == '\t'))
			a++, t--;
		while (t && (a[t - 1] == ' ' || a[t - 1] == '\t'))
			t--;
		s += w;
		s += strspn(s, "\r\n");
		if (!t)
			continue;
		if (t > PROFILE_LINE_MAX)
			err = "Each line of a list is at most "
			      UI_STR(PROFILE_LINE_MAX) " bytes.";
		else if (++n > max)
			err = "A list has more lines than it may.";
		else if (!has_line(out, a, t))
			len += (size_t)snprintf(out + len, size - len, "%s%.*s",
						len ? "\n" : "", (int)t, a);
	}
	buf_release(&v);
	return err;
}

/* The ticked values of a repeated checkbox field, as bits of `tab`. */
#define BITS(pg, name, tab) bits_of(pg, name, tab, sizeof(tab) / sizeof(*tab))
static unsigned bits_of(struct page *pg, const char *name,
			const __typeof__(shows[0]) *tab, size_t n)
{
	struct buf v;
	size_t pos = 0, i;
	unsigned bits = 0;

	buf_init(&v, 64);
	while (page_field_next(pg, name, &pos, &v) >= 0)
		for (i = 0; i < n; i++)
			if (!strcmp(v.data, tab[i].name))
				bits |= tab[i].bit;
	buf_release(&v);
	return bits;
}

/* The ticked agendas: ids of the catalog, each once, at most 10. */
static const char *agendas_of(struct page *pg, char *out, size_t size)
{
	const struct agenda_catalog *c = agendas_current();
	struct buf v;
	size_t pos = 0, len = 0, n = 0;
	const char *err = NULL;

	buf_init(&v, 64);
	out[0] = '\0';
	while (!err && page_field_next(pg, "agenda", &pos, &v) >= 0) {
		if (!c || !agenda_find(c, v.data) ||
		    has_line(out, v.data, v.len))
			continue;
		if (++n > MATCH_MAX_AGENDAS)
			err = "Pick at most " UI_STR(MATCH_MAX_AGENDAS)
			      " research agendas.";
		else
			len += (size_t)snprintf(out + len, size - len, "%s%s",
						len ? "\n" : "", v.data);
	}
	buf_release(&v);
	return err;
}

static int small_int(struct page *pg, const char *name, int lo, int hi,
		     int *out)
{
	struct buf v;
	char *end;
	long n;

	buf_init(&v, 16);
	page_field(pg, name, 0, &v);
	n = strtol(v.data, &end, 10);
	if (!v.len || *end || n < lo || n > hi)
		n = LONG_MIN;
	buf_release(&v);
	if (n == LONG_MIN)
		return -1;
	*out = (int)n;
	return 0;
}

/* The posted form into p; NULL, or what is wrong with it. */
static const char *profile_read(struct page *pg, struct profile *p)
{
	const char *err;
	struct buf v;

	p->user = pg->user.id;
	buf_init(&v, 16);
	p->opted_in = page_field(pg, "opted_in", 0, &v) >= 0 &&
		      !strcmp(v.data, "1");
	buf_release(&v);
	p->shown = BITS(pg, "show", shows);
	p->open = BITS(pg, "open", opens);
	if ((err = agendas_of(pg, p->agendas, sizeof(p->agendas))) ||
	    (err = lines_of(pg, "roles", MATCH_MAX_ROLES, p->roles,
			    sizeof(p->roles))) ||
	    (err = lines_of(pg, "offers", MATCH_MAX_SKILLS, p->offers,
			    sizeof(p->offers))) ||
	    (err = lines_of(pg, "wants", MATCH_MAX_SKILLS, p->wants,
			    sizeof(p->wants))))
		return err;
	if (small_int(pg, "tz", -720, 840, &p->utc_offset))
		return "Pick a time zone from the list.";
	if (small_int(pg, "capacity", 0, PROFILE_CAPACITY_MAX,
		      &p->mentor_capacity))
		return "Mentees you could take: a number from 0 to "
		       UI_STR(PROFILE_CAPACITY_MAX) ".";
	return NULL;
}

static void raw_field(struct page *pg, const char *name, char *out,
		      size_t size)
{
	struct buf v;

	buf_init(&v, size - 1);
	if (page_field(pg, name, 0, &v) >= 0 && !v.err)
		memcpy(out, v.data, v.len + 1);
	buf_release(&v);
}

void ui_profile_save(struct page *pg)
{
	struct profile *p;
	const char *err;
	int rc;

	if (!page_post_ok(pg))
		return;
	if (!(p = calloc(1, sizeof(*p)))) {
		page_fail(pg, 503, "Out of memory; nothing was saved.");
		return;
	}
	if ((err = profile_read(pg, p))) {
		/* The lists again as typed, so nothing typed is lost. */
		raw_field(pg, "roles", p->roles, sizeof(p->roles));
		raw_field(pg, "offers", p->offers, sizeof(p->offers));
		raw_field(pg, "wants", p->wants, sizeof(p->wants));
		pg->rs->status = 422;
		profile_form(pg, p, err);
	} else if ((rc = store_profile_put(pg->st, p)) != STORE_OK)
		page_store_failed(pg, rc);
	else
		page_saved(pg, "/people");
	free(p);
}
