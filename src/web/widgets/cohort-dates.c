/*
 * cohort-dates.c: a cohort's dates on its page (cohort-dates.h): the
 * list, in the viewer's time zone, and the facilitators' form.  What
 * was typed goes back into the form through the escaping writer.
 */
#include "web/widgets/cohort-dates.h"

#include "core/html.h"
#include "core/tz.h"
#include "web/page.h"
#include "web/widgets/calendar-settings.h"
#include "web/widgets/when.h"

#include <stdio.h>
#include <string.h>

static const char *const names[] = {
	"", "Session", "Check-in due", "Final review session",
};
static const char *const words[] = { "", "session", "checkin", "review" };

const char *cdate_kind_name(int kind)
{
	return kind >= CDATE_SESSION && kind <= CDATE_REVIEW ? names[kind] :
	       "Date";
}

const char *cdate_kind_word(int kind)
{
	return kind >= CDATE_SESSION && kind <= CDATE_REVIEW ? words[kind] :
	       "";
}

struct dates_list {
	struct page *pg;
	const struct cohort *c;
	const struct tz *z;
	bool facil;
	int n;
};

static int on_date(void *ctx, const struct cdate *d, const char *name)
{
	struct dates_list *l = ctx;
	struct buf *b = &l->pg->rs->body;
	char when[80];

	(void)name;
	l->n++;
	if (l->n == 1) {
		html(b, "<div class=\"scroll\"><table class=\"dates\"><caption>"
		     "Times in %s</caption><thead><tr><th scope=\"col\">When"
		     "</th><th scope=\"col\">What</th><th scope=\"col\">"
		     "Minutes</th>", l->z->name);
		if (l->facil)
			html_raw(b, "<th scope=\"col\"><span class=\"sr-only\">"
				 "Delete</span></th>");
		html_raw(b, "</tr></thead><tbody>");
	}
	when_local(when, sizeof(when), l->z, d->starts);
	html(b, "<tr><td>%s</td><td>%s", when, cdate_kind_name(d->kind));
	if (d->title[0])
		html(b, ": %s", d->title);
	html(b, "</td><td>%d</td>", d->minutes);
	if (l->facil) {
		html(b, "<td><form method=\"post\" action=\"/c/%lld/dates\">",
		     (long long)l->c->id);
		page_csrf_field(l->pg);
		html(b, "<input type=\"hidden\" name=\"action\" value=\"delete\">"
		     "<input type=\"hidden\" name=\"id\" value=\"%lld\">"
		     "<button type=\"submit\" aria-label=\"Delete the date of "
		     "%s\">Delete</button></form></td>", (long long)d->id, when);
	}
	html_raw(b, "</tr>");
	return 0;
}

static void add_form(struct page *pg, const struct cohort *c,
		     const char *zone, const struct cdate_draft *d)
{
	struct buf *b = &pg->rs->body;
	int k;

	html(b, "<form method=\"post\" action=\"/c/%lld/dates\" "
	     "class=\"stack\">", (long long)c->id);
	page_csrf_field(pg);
	html(b, "<input type=\"hidden\" name=\"action\" value=\"add\">"
	     "<label for=\"date-kind\">What</label>"
	     "<select id=\"date-kind\" name=\"kind\">");
	for (k = CDATE_SESSION; k <= CDATE_REVIEW; k++)
		html(b, "<option value=\"%s\"%s>%s</option>", words[k],
		     d && d->kind && !strcmp(d->kind, words[k]) ?
		     " selected" : "", names[k]);
	html(b, "</select><label for=\"date-day\">Day</label>"
	     "<input id=\"date-day\" name=\"day\" type=\"date\" required "
	     "value=\"%s\"><label for=\"date-time\">Time (%s)</label>"
	     "<input id=\"date-time\" name=\"time\" type=\"time\" required "
	     "value=\"%s\"><label for=\"date-minutes\">Minutes</label>"
	     "<input id=\"date-minutes\" name=\"minutes\" type=\"number\" "
	     "min=\"1\" max=\"%d\" value=\"%s\"><label for=\"date-title\">"
	     "Title (optional)</label><input id=\"date-title\" name=\"title\" "
	     "type=\"text\" "
	     "maxlength=\"%d\" value=\"%s\"><button type=\"submit\">Add the "
	     "date</button></form>", d && d->day ? d->day : "", zone,
	     d && d->time ? d->time : "18:00", STORE_CDATE_MINUTES_MAX,
	     d && d->minutes ? d->minutes : "60", STORE_CDATE_TITLE_MAX,
	     d && d->title ? d->title : "");
}

void cohort_dates_section(struct page *pg, const struct cohort *c,
			  bool facil, const char *error,
			  const struct cdate_draft *draft)
{
	struct buf *b = &pg->rs->body;
	char zone[65];
	struct tz z;
	struct dates_list l = { pg, c, &z, facil, 0 };
	int r;

	calendar_zone(pg, pg->user.id, zone);
	if (tz_load(zone, &z) && tz_load("UTC", &z)) {
		html_raw(b, "<p class=\"error\">The time zone could not be "
			 "read.</p>");
		return;
	}
	html_raw(b, "<section id=\"dates\" aria-labelledby=\"dates-h\">"
		 "<h2 id=\"dates-h\">Dates</h2>");
	r = store_cdate_list(pg->st, c->id, on_date, &l);
	if (r != STORE_OK)
		html_raw(b, "<p class=\"error\">The dates could not be read."
			 "</p>");
	else if (l.n)
		html_raw(b, "</tbody></table></div>");
	else
		html_raw(b, "<p>No dates are set yet.</p>");
	if (facil) {
		html(b, "<h3>Add a date</h3><p>Sessions, the days check-ins are "
		     "due and the final review: each member's calendar feed "
		     "holds them, a missed check-in tells the member's partners, "
		     "and the final review is announced two days before. Times "
		     "are in your time zone, %s (<a href=\"/account\">change it"
		     "</a>).</p>", z.name);
		if (error)
			html(b, "<p class=\"error\" role=\"alert\">%s</p>", error);
		add_form(pg, c, z.name, draft);
	}
	html_raw(b, "</section>");
	tz_release(&z);
}
