/*
 * calendar-settings.c: on the account page, the time zone (an IANA name,
 * chosen from the tz database's list or typed, checked by core/tz.c) and
 * the private calendar feed: its address to copy or subscribe to, made
 * anew (the old one stops working) or revoked.
 */
#include "web/widgets/calendar-settings.h"

#include "core/html.h"
#include "core/tz.h"
#include "web/page.h"

#include <stdio.h>
#include <string.h>

#define ZONE_LIST "/usr/share/zoneinfo/zone1970.tab"

void calendar_zone(struct page *pg, int64_t user, char out[65])
{
	char zone[STORE_TZ_MAX + 1];

	if (store_tz_get(pg->st, user, zone) != STORE_OK || !zone[0])
		snprintf(zone, sizeof(zone), "UTC");
	snprintf(out, 65, "%s", zone);
}

/* The tz database's zones (zone1970.tab's third column) as a datalist:
 * suggestions as one types; any valid name is accepted. */
static void zone_list(struct buf *b)
{
	char line[512];
	FILE *f = fopen(ZONE_LIST, "r");
	int n = 0;

	html_raw(b, "<datalist id=\"zones\"><option value=\"UTC\">");
	while (f && fgets(line, sizeof(line), f) && n < 1000) {
		char *name;

		if (line[0] == '#' || !(name = strchr(line, '\t')) ||
		    !(name = strchr(name + 1, '\t')))
			continue;
		name[1 + strcspn(name + 1, "\t\r\n")] = '\0';
		if (tz_name_ok(name + 1)) {
			html(b, "<option value=\"%s\">", name + 1);
			n++;
		}
	}
	if (f)
		fclose(f);
	html_raw(b, "</datalist>");
}

static void zone_form(struct page *pg, const char *error, const char *typed)
{
	struct buf *b = &pg->rs->body;
	char stored[STORE_TZ_MAX + 1] = "";

	if (store_tz_get(pg->st, pg->user.id, stored) != STORE_OK)
		stored[0] = '\0';
	html(b, "<h2 id=\"time-zone\">Time zone</h2><p>Your calendar feed "
	     "gives its times in this zone. %s</p>", stored[0] ? "" :
	     "None is set yet, so it uses UTC.");
	if (error)
		html(b, "<p class=\"error\" role=\"alert\" id=\"tz-err\">%s"
		     "</p>", error);
	html_raw(b, "<form method=\"post\" action=\"/account/timezone\" "
		 "class=\"auth\">");
	page_csrf_field(pg);
	html(b, "<label for=\"tz\">Time zone (a name such as Europe/Berlin "
	     "or America/New_York)</label><input id=\"tz\" name=\"tz\" "
	     "type=\"text\" list=\"zones\" maxlength=\"%d\" required "
	     "autocomplete=\"off\" value=\"%s\"%s%s>", TZ_NAME_MAX,
	     typed ? typed : stored[0] ? stored : "UTC",
	     stored[0] || typed ? "" : " data-browser-zone",
	     error ? " aria-describedby=\"tz-err\"" : "");
	zone_list(b);
	html_raw(b, "<button type=\"submit\">Save time zone</button></form>");
}

static void feed_part(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	struct feed f;
	int r = store_feed_of(pg->st, pg->user.id, &f);

	html_raw(b, "<h2 id=\"calendar\">Your calendar feed</h2><p>A private "
		 "address your calendar app can subscribe to: the "
		 "milestones of your plans and the dates of your cheap "
		 "tests, at 09:00 in your time zone. Anyone with the address "
		 "can read them, so keep it to yourself; make a new one if "
		 "it got out.</p><form method=\"post\" "
		 "action=\"/account/calendar\">");
	page_csrf_field(pg);
	if (r == STORE_OK && f.token[0]) {
		html(b, "<p><label for=\"feed-link\">Your calendar's address, "
		     "after this site's address</label><input type=\"text\" "
		     "id=\"feed-link\" readonly data-link value=\"/feed/%s/"
		     "alignplan.ics\"></p><p><a data-webcal href=\"/feed/%s/"
		     "alignplan.ics\">Subscribe in your calendar app</a></p>"
		     "<p><button type=\"submit\" name=\"action\" value=\"new\">"
		     "Make a new address (the old one stops working)</button> "
		     "<button type=\"submit\" name=\"action\" value=\"revoke\">"
		     "Revoke the address</button></p>", f.token, f.token);
	} else {
		html_raw(b, "<p>You have no calendar address. <button "
			 "type=\"submit\" name=\"action\" value=\"new\">Make "
			 "a calendar address</button></p>");
	}
	html_raw(b, "</form>");
}

void calendar_settings(struct page *pg, const char *tz_error,
		       const char *typed)
{
	zone_form(pg, tz_error, typed);
	feed_part(pg);
}
