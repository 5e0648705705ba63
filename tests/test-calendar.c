/*
 * The time zone setting and the private calendar feed (account.c,
 * calendar.c, export/feed.c): a zone is checked against the tz
 * database; the feed's address works without a login, holds the
 * milestones at 09:00 in the person's zone with its VTIMEZONE, escapes
 * what they wrote, and stops working (410) once revoked or replaced.
 */
#include "peer-env.h"

/* The feed's path from the account page ("" when it shows none). */
static const char *feed_path(struct env *e, char *out, size_t size)
{
	const char *p, *q;

	assert_int_equal(call(e, &e->owner, "GET", "/account", NULL), 200);
	out[0] = '\0';
	if (!(p = strstr(body(e), "value=\"/feed/")))
		return out;
	p += strlen("value=\"");
	q = strchr(p, '"');
	snprintf(out, size, "%.*s", (int)(q - p), p);
	return out;
}

static void test_time_zone(void **state)
{
	struct env *e = *state;
	char zone[STORE_TZ_MAX + 1];

	assert_int_equal(call(e, &e->owner, "GET", "/account", NULL), 200);
	assert_non_null(strstr(body(e), "None is set yet, so it uses UTC."));
	assert_non_null(strstr(body(e), "<option value=\"Europe/Berlin\">"));
	assert_int_equal(post(e, &e->owner, "/account/timezone",
			      "tz=Europe%2FNowhere"), 422);
	assert_non_null(strstr(body(e), "There is no time zone of that name"));
	assert_non_null(strstr(body(e), "value=\"Europe/Nowhere\""));
	assert_int_equal(post(e, &e->owner, "/account/timezone",
			      "tz=..%2F..%2Fetc%2Fpasswd"), 422);
	assert_int_equal(post(e, &e->owner, "/account/timezone",
			      "tz=%3Cb%3E"), 422);
	assert_null(strstr(body(e), "<b>"));
	assert_int_equal(store_tz_get(e->st, e->owner.id, zone), STORE_OK);
	assert_string_equal(zone, "");
	assert_int_equal(post(e, &e->owner, "/account/timezone",
			      "tz=Europe%2FBerlin"), 303);
	assert_int_equal(store_tz_get(e->st, e->owner.id, zone), STORE_OK);
	assert_string_equal(zone, "Europe/Berlin");
	assert_int_equal(call(e, &e->owner, "GET", "/account", NULL), 200);
	assert_non_null(strstr(body(e), "value=\"Europe/Berlin\""));
}

static void test_feed(void **state)
{
	struct env *e = *state;
	char path[200], old[200];

	answer(e, &e->owner, "sprint", "2027-03-15\t4\t5");
	answer(e, &e->owner, "milestones",
	       "Read, think; write\t2027-03-27\t6\n"
	       "Build the probe\t2027-03-29\t8");
	assert_string_equal(feed_path(e, path, sizeof(path)), "");
	assert_int_equal(post(e, &e->owner, "/account/timezone",
			      "tz=Europe%2FBerlin"), 303);
	assert_int_equal(post(e, &e->owner, "/account/calendar",
			      "action=new"), 303);
	feed_path(e, path, sizeof(path));
	assert_non_null(strstr(path, "/alignplan.ics"));

	/* No login needed: the token is the key. */
	assert_int_equal(call(e, NULL, "GET", path, NULL), 200);
	assert_string_equal(e->rs.content_type, "text/calendar; charset=utf-8");
	assert_non_null(strstr(body(e), "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin"));
	assert_non_null(strstr(body(e), "TZOFFSETFROM:+0100\r\n"
			       "TZOFFSETTO:+0200\r\nTZNAME:CEST"));
	assert_non_null(strstr(body(e), "DTSTART:20270328T020000"));
	assert_non_null(strstr(body(e), "DTSTART;TZID=Europe/Berlin:"
			       "20270327T090000\r\nDURATION:PT30M"));
	assert_non_null(strstr(body(e), "DTSTART;TZID=Europe/Berlin:"
			       "20270329T090000"));
	assert_non_null(strstr(body(e), "SUMMARY:Read\\, think\\; write\r\n"));

	/* A new address replaces the old, which is gone (410); revoking
	 * ends the new one too; a made-up one is not there. */
	snprintf(old, sizeof(old), "%s", path);
	assert_int_equal(post(e, &e->owner, "/account/calendar",
			      "action=new"), 303);
	feed_path(e, path, sizeof(path));
	assert_string_not_equal(path, old);
	assert_int_equal(call(e, NULL, "GET", old, NULL), 410);
	assert_int_equal(call(e, NULL, "GET", path, NULL), 200);
	assert_int_equal(post(e, &e->owner, "/account/calendar",
			      "action=revoke"), 303);
	assert_int_equal(call(e, NULL, "GET", path, NULL), 410);
	assert_string_equal(feed_path(e, old, sizeof(old)), "");
	memset(path + 6, 'a', 64);
	assert_int_equal(call(e, NULL, "GET", path, NULL), 404);
	assert_int_equal(call(e, NULL, "GET", "/feed/xyz/alignplan.ics",
			      NULL), 404);
	assert_int_equal(post(e, &e->owner, "/account/calendar",
			      "action=maybe"), 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_time_zone, peer_setup,
						peer_teardown),
		cmocka_unit_test_setup_teardown(test_feed, peer_setup,
						peer_teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
