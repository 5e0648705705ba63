/*
 * The login throttle and sign-up limits (auth.c): its keys and delays on
 * their own, with a clock of the test's choosing, then the attacks the
 * review ran, through app_handle() from many client addresses, counting
 * the argon2id checks that actually ran (auth_argon2_runs()).
 */
#include "app-env.h"

static const char session_md[] =
	"# Test Course: Session 4 - Practice\n\n"
	"# Exercises\n\n"
	"## Plan something\n\n"
	"- What is your plan?\n";

#define T0 ((int64_t)1900000000)   /* any clock will do for auth.c */
#define PRE "0123456789abcdef0123456789abcdef"   /* a pre-login token */

/* The throttle's counters live in the store: each test of auth.c alone
 * gets a fresh database, ts. */
static struct store *ts;
static char ts_path[APP_DB_PATH], ts_url[PG_URL_MAX];

static int unreset(void **state)
{
	(void)state;
	store_close(ts);
	ts = NULL;
	app_db_drop(ts_path);
	return 0;
}

static int forget_all(void *ctx, struct store_counter *c, size_t n)
{
	(void)ctx, (void)c, (void)n;
	return 1;
}

/* A fresh ts; and the app's database (the group's, in *state) forgets
 * every counter, as a new server's table once did. */
static int reset(void **state)
{
	struct app_env *e = *state;
	char msg[256];

	app_db_fresh(ts_path, ts_url, sizeof(ts_url), "auth-throttle");
	if (store_open(ts_url, &ts, msg, sizeof(msg)) != STORE_OK)
		fail_msg("store_open(%s): %s", ts_url, msg);
	if (e)
		assert_int_equal(store_counters(e->st, NULL, 0, INT64_MAX,
						forget_all, NULL), STORE_OK);
	return 0;
}

/* ---- auth.c alone ---- */

static void test_email_norm(void **state)
{
	char out[STORE_EMAIL_MAX + 1], small[6];

	(void)state;
	auth_email_norm("  Ada@Example.ORG\t\n", out, sizeof(out));
	assert_string_equal(out, "ada@example.org");
	auth_email_norm(" \t ", out, sizeof(out));
	assert_string_equal(out, "");
	/* Only ASCII folds, as in the store's NOCASE. */
	auth_email_norm("ÉLAN@X.ORG", out, sizeof(out));
	assert_string_equal(out, "Élan@x.org");
	auth_email_norm("abcdefgh", small, sizeof(small));
	assert_string_equal(small, "abcde");
}

/* Case variants and blanks around an email are one account: the 6th
 * failure waits, whatever the spelling and the address. */
static void test_account_key_is_normalised(void **state)
{
	static const char *const variants[] = {
		"victim@example.org", "VICTIM@example.org",
		" Victim@Example.Org", "victim@EXAMPLE.ORG\t",
		"vIcTiM@eXaMpLe.OrG", "victim@example.ORG ",
	};
	struct auth_attempt a;
	char addr[32];
	int i;

	(void)state;
	for (i = 0; i < AUTH_FREE_FAILS; i++) {
		snprintf(addr, sizeof(addr), "198.51.100.%d", i + 1);
		auth_attempt_init(&a, variants[i], addr, "");
		assert_string_equal(a.account, "victim@example.org");
		assert_int_equal(auth_attempt_begin(ts, &a, T0), 0);
		auth_attempt_end(ts, &a, 0);
	}
	auth_attempt_init(&a, variants[5], "203.0.113.99", "");
	assert_int_equal(auth_attempt_begin(ts, &a, T0), AUTH_DELAY_BASE);
	/* Another account is not touched. */
	auth_attempt_init(&a, "victim2@example.org", "198.51.100.1", "");
	assert_int_equal(auth_attempt_begin(ts, &a, T0), 0);
}

/* After the free failures each next attempt waits twice as long, up to
 * AUTH_DELAY_MAX; a success or AUTH_FORGET quiet seconds forget it. */
static void test_delay_doubles_then_forgets(void **state)
{
	static const long waits[] = { 60, 120, 240, 480, 900, 900 };
	struct auth_attempt a;
	int64_t now = T0;
	size_t i;

	(void)state;
	auth_attempt_init(&a, "d@example.org", "198.51.100.1", "");
	for (i = 0; i < AUTH_FREE_FAILS; i++)
		assert_int_equal(auth_attempt_begin(ts, &a, now), 0);
	for (i = 0; i < sizeof(waits) / sizeof(*waits); i++) {
		assert_int_equal(auth_attempt_begin(ts, &a, now), waits[i]);
		assert_int_equal(auth_attempt_begin(ts, &a, now + waits[i] - 1), 1);
		now += waits[i];
		assert_int_equal(auth_attempt_begin(ts, &a, now), 0);
	}
	/* Quiet for AUTH_FORGET: five free ones again. */
	now += AUTH_FORGET;
	for (i = 0; i < AUTH_FREE_FAILS; i++)
		assert_int_equal(auth_attempt_begin(ts, &a, now), 0);
	assert_int_not_equal(auth_attempt_begin(ts, &a, now), 0);
	/* A success (after the wait) forgets the count. */
	now += AUTH_DELAY_BASE;
	assert_int_equal(auth_attempt_begin(ts, &a, now), 0);
	auth_attempt_end(ts, &a, 1);
	for (i = 0; i < AUTH_FREE_FAILS; i++)
		assert_int_equal(auth_attempt_begin(ts, &a, now), 0);
	assert_int_not_equal(auth_attempt_begin(ts, &a, now), 0);
}

/* At most 10 checks in any 15 minutes however the attempts are spread:
 * one attempt a second for two hours, counting checks per window. */
static void test_ten_per_fifteen_minutes(void **state)
{
	static int64_t at[4096];
	struct auth_attempt a;
	size_t n = 0, i, j;
	int64_t t;

	(void)state;
	auth_attempt_init(&a, "t@example.org", "198.51.100.1", "");
	for (t = T0; t < T0 + 7200; t++)
		if (auth_attempt_begin(ts, &a, t) == 0) {
			assert_true(n < sizeof(at) / sizeof(*at));
			at[n++] = t;
		}
	assert_true(n >= 10);
	for (i = 0; i < n; i++) {
		for (j = i; j < n && at[j] < at[i] + AUTH_WINDOW; j++)
			;
		assert_true(j - i <= 10);
	}
}

/* An address's budget covers all accounts (spraying); an IPv6 client is
 * one /64, and an IPv4-mapped address is its IPv4 one. */
static void test_address_budget(void **state)
{
	struct auth_attempt a;
	char email[64];
	int i;

	(void)state;
	for (i = 0; i < AUTH_ADDR_FAILS; i++) {
		snprintf(email, sizeof(email), "spray%d@example.org", i);
		auth_attempt_init(&a, email, i % 2 ? "2001:db8:1:2::1" :
				  "2001:db8:1:2:ffff:ffff:ffff:fffe", "");
		assert_int_equal(auth_attempt_begin(ts, &a, T0 + i), 0);
		auth_attempt_end(ts, &a, 0);
	}
	auth_attempt_init(&a, "fresh@example.org", "2001:db8:1:2::77", "");
	assert_string_equal(a.addr, "2001:db8:1:2::");
	assert_int_equal(auth_attempt_begin(ts, &a, T0 + 100),
			 AUTH_WINDOW - 100);
	auth_attempt_init(&a, "fresh@example.org", "2001:db8:1:3::1", "");
	assert_int_equal(auth_attempt_begin(ts, &a, T0 + 100), 0);
	/* The window passes: the address may try again. */
	auth_attempt_init(&a, "fresh2@example.org", "2001:db8:1:2::77", "");
	assert_int_equal(auth_attempt_begin(ts, &a, T0 + AUTH_WINDOW), 0);

	auth_attempt_init(&a, "m@example.org", "::ffff:192.0.2.7", "");
	assert_string_equal(a.addr, "192.0.2.7");
}

/* A success gives the address back only its own charge. */
static void test_success_refunds_one(void **state)
{
	struct auth_attempt a;
	char email[64];
	int i;

	(void)state;
	for (i = 0; i < AUTH_ADDR_FAILS - 1; i++) {
		snprintf(email, sizeof(email), "s%d@example.org", i);
		auth_attempt_init(&a, email, "192.0.2.50", "");
		assert_int_equal(auth_attempt_begin(ts, &a, T0), 0);
	}
	auth_attempt_init(&a, "mine@example.org", "192.0.2.50", "");
	for (i = 0; i < 20; i++) {      /* own account, logged into often */
		assert_int_equal(auth_attempt_begin(ts, &a, T0), 0);
		auth_attempt_end(ts, &a, 1);
	}
	auth_attempt_init(&a, "other@example.org", "192.0.2.50", "");
	assert_int_equal(auth_attempt_begin(ts, &a, T0), 0);
	assert_int_not_equal(auth_attempt_begin(ts, &a, T0), 0);
}

/* The device cookie: valid for its own account only, whatever the case
 * of the email typed; it has its own budget, beside the account's. */
static void test_device_cookie(void **state)
{
	char dev[AUTH_DEVICE_HEX + 1], bad[AUTH_DEVICE_HEX + 1];
	struct auth_attempt a, stranger;
	int i;

	(void)state;
	auth_device_cookie("Owner@Example.org", dev);
	assert_int_equal(strlen(dev), AUTH_DEVICE_HEX);
	auth_attempt_init(&a, " OWNER@example.org", "192.0.2.9", dev);
	assert_string_equal(a.device, dev);
	auth_attempt_init(&a, "other@example.org", "192.0.2.9", dev);
	assert_string_equal(a.device, "");
	memcpy(bad, dev, sizeof(bad));
	bad[AUTH_DEVICE_HEX - 1] = bad[AUTH_DEVICE_HEX - 1] == '0' ? '1' : '0';
	auth_attempt_init(&a, "owner@example.org", "192.0.2.9", bad);
	assert_string_equal(a.device, "");
	auth_attempt_init(&a, "owner@example.org", "192.0.2.9", "zz");
	assert_string_equal(a.device, "");

	/* Strangers delay the account... */
	auth_attempt_init(&stranger, "owner@example.org", "203.0.113.1", "");
	for (i = 0; i < AUTH_FREE_FAILS; i++)
		assert_int_equal(auth_attempt_begin(ts, &stranger, T0), 0);
	assert_int_not_equal(auth_attempt_begin(ts, &stranger, T0), 0);
	/* ...not the owner's browser, which has a budget of its own. */
	auth_attempt_init(&a, "owner@example.org", "192.0.2.9", dev);
	for (i = 0; i < AUTH_FREE_FAILS; i++)
		assert_int_equal(auth_attempt_begin(ts, &a, T0), 0);
	assert_int_equal(auth_attempt_begin(ts, &a, T0), AUTH_DELAY_BASE);
	auth_attempt_end(ts, &a, 1);   /* a success on the device... */
	assert_int_equal(auth_attempt_begin(ts, &a, T0), 0);
	/* ...leaves the strangers' delay where it was. */
	assert_int_not_equal(auth_attempt_begin(ts, &stranger, T0), 0);
}

/* A flood of 5,000 other accounts failing once each, from as many
 * addresses, leaves the account under attack as it was: counters are
 * never pushed out, only forgotten once quiet for AUTH_FORGET. */
static void test_flood_keeps_the_victim(void **state)
{
	struct auth_attempt a;
	char email[64], addr[32];
	long wait;
	int i;

	(void)state;
	auth_attempt_init(&a, "victim@example.org", "198.51.100.1", "");
	for (i = 0; i < AUTH_FREE_FAILS; i++)
		assert_int_equal(auth_attempt_begin(ts, &a, T0), 0);
	wait = auth_attempt_begin(ts, &a, T0);
	assert_int_equal(wait, AUTH_DELAY_BASE);
	for (i = 0; i < 5000; i++) {
		struct auth_attempt x;

		snprintf(email, sizeof(email), "flood%d@example.org", i);
		snprintf(addr, sizeof(addr), "10.%d.%d.%d", i >> 16,
			 (i >> 8) & 255, i & 255);
		auth_attempt_init(&x, email, addr, "");
		assert_int_equal(auth_attempt_begin(ts, &x, T0 + 1), 0);
	}
	assert_int_equal(auth_attempt_begin(ts, &a, T0 + 1), wait - 1);
}

/* Two servers on one database: what one charged, the other sees (a
 * second connection to the same file stands for the second server). */
static void test_two_servers_share_counts(void **state)
{
	struct store *other;
	struct auth_attempt a;
	char msg[256];
	int i;

	(void)state;
	assert_int_equal(store_open(ts_url, &other, msg, sizeof(msg)),
			 STORE_OK);
	auth_attempt_init(&a, "both@example.org", "198.51.100.7", "");
	for (i = 0; i < AUTH_FREE_FAILS; i++)
		assert_int_equal(auth_attempt_begin(i % 2 ? other : ts, &a,
						    T0), 0);
	assert_int_equal(auth_attempt_begin(other, &a, T0), AUTH_DELAY_BASE);
	assert_int_equal(auth_attempt_begin(ts, &a, T0), AUTH_DELAY_BASE);
	/* A success through one clears it for both. */
	auth_attempt_end(other, &a, 1);
	assert_int_equal(auth_attempt_begin(ts, &a, T0), 0);
	for (i = 0; i < AUTH_SIGNUP_MAX; i++)
		assert_int_equal(auth_signup_begin(i % 2 ? other : ts,
						   "192.0.2.61", T0), 0);
	assert_int_equal(auth_signup_begin(other, "192.0.2.61", T0),
			 AUTH_WINDOW);
	store_close(other);
}

static void test_signup_limit(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < AUTH_SIGNUP_MAX; i++)
		assert_int_equal(auth_signup_begin(ts, "192.0.2.60", T0 + i), 0);
	assert_int_equal(auth_signup_begin(ts, "192.0.2.60", T0 + 30),
			 AUTH_WINDOW - 30);
	assert_int_equal(auth_signup_begin(ts, "192.0.2.61", T0 + 30), 0);
	assert_int_equal(auth_signup_begin(ts, "192.0.2.60", T0 + AUTH_WINDOW), 0);
}

/* ---- through the app: real accounts, real argon2id ---- */

/* A POST from a browser at `addr` with the pre-login token, and the
 * cookie `extra` ("" or "name=value") beside it. */
static void post_from(struct app_env *e, const char *addr, const char *extra,
		      const char *path, const char *fields,
		      struct response *rs)
{
	char cookie[300], body[600];
	struct request rq = {
		.method = "POST", .path = path, .query = "", .cookie = cookie,
		.content_type = "", .csrf_header = "", .remote = addr,
		.store = e->st,
	};

	snprintf(cookie, sizeof(cookie), "ap_pre=" PRE "%s%s",
		 *extra ? "; " : "", extra);
	snprintf(body, sizeof(body), "csrf=" PRE "&%s", fields);
	rq.body = body;
	rq.body_len = strlen(body);
	response_init(rs);
	app_handle(&rq, rs);
}

/* The value of cookie `name` the reply sets, into out ("" when none). */
static void set_cookie(struct response *rs, const char *name, char *out,
		       size_t len)
{
	size_t n = strlen(name);

	*out = '\0';
	for (int i = 0; i < rs->nheaders; i++)
		if (!strcmp(rs->header[i].name, "Set-Cookie") &&
		    !strncmp(rs->header[i].value, name, n) &&
		    rs->header[i].value[n] == '=')
			snprintf(out, len, "%.*s",
				 (int)strcspn(rs->header[i].value, ";"),
				 rs->header[i].value);
}

/* Log in: the reply's status; the device cookie it sets into dev. */
static int login(struct app_env *e, const char *addr, const char *device,
		 const char *email, const char *password, char *dev)
{
	struct response rs;
	char fields[400];
	int status;

	snprintf(fields, sizeof(fields), "email=%s&password=%s", email,
		 password);
	post_from(e, addr, device, "/login", fields, &rs);
	status = rs.status;
	if (status == 429)
		assert_non_null(header_of(&rs, "Retry-After"));
	if (dev)
		set_cookie(&rs, AUTH_DEVICE_COOKIE, dev, AUTH_DEVICE_HEX + 16);
	response_release(&rs);
	return status;
}

static int sign_up(struct app_env *e, const char *addr, const char *email,
		   char *dev)
{
	struct response rs;
	char fields[400];
	int status;

	snprintf(fields, sizeof(fields), "name=N&email=%s&"
		 "password=correct+horse", email);
	post_from(e, addr, "", "/signup", fields, &rs);
	status = rs.status;
	if (dev)
		set_cookie(&rs, AUTH_DEVICE_COOKIE, dev, AUTH_DEVICE_HEX + 16);
	response_release(&rs);
	return status;
}

/* The email with letters in upper case where bit i of `mask` is set, and
 * a blank before it for odd masks (URL-encoded). */
static void variant(char *out, size_t len, const char *email, unsigned mask)
{
	size_t i, o = 0;

	if (mask & 1)
		o += (size_t)snprintf(out, len, "+");
	for (i = 0; email[i] && o + 4 < len; i++) {
		char c = email[i];

		if (c == '@') {
			memcpy(out + o, "%40", 3);
			o += 3;
			continue;
		}
		out[o++] = ((mask >> (i % 16)) & 1) && c >= 'a' && c <= 'z' ?
			   (char)(c - 'a' + 'A') : c;
	}
	out[o] = '\0';
}

/*
 * The acceptance test of the review's attack: 50 wrong passwords over
 * case variants of the email and 50 client addresses, within 15 minutes,
 * get at most 10 checks; meanwhile the owner logs in from their own
 * browser, and another account logs in from an attacker's address and
 * from its own.  Afterwards the owner gets in from a new browser too.
 */
static void test_attack_on_one_account(void **state)
{
	struct app_env *e = *state;
	char dev[AUTH_DEVICE_HEX + 16], other_dev[AUTH_DEVICE_HEX + 16];
	char addr[32], email[128];
	unsigned long before, checked = 0;
	int i, status, delayed = 0;

	store_set_clock(e->st, T0);
	assert_int_equal(sign_up(e, "192.0.2.10", "owner%40example.org", dev),
			 303);
	assert_non_null(strstr(dev, AUTH_DEVICE_COOKIE "="));
	assert_int_equal(sign_up(e, "192.0.2.11", "other%40example.org",
				 other_dev), 303);

	for (i = 0; i < 50; i++) {
		store_set_clock(e->st, T0 + i * (AUTH_WINDOW / 50));
		snprintf(addr, sizeof(addr), "203.0.113.%d", i + 1);
		variant(email, sizeof(email), "owner@example.org",
			(unsigned)i * 2654435761u);
		before = auth_argon2_runs();
		status = login(e, addr, "", email, "wrong+guess", NULL);
		checked += auth_argon2_runs() - before;
		assert_true(status == 401 || status == 429);
		delayed += status == 429;

		if (i == 25) {
			/* The owner, from their own browser. */
			assert_int_equal(login(e, "192.0.2.10", dev,
					       "owner%40example.org",
					       "correct+horse", NULL), 303);
			/* A stranger with the right password still waits. */
			assert_int_equal(login(e, "203.0.113.200", "",
					       "owner%40example.org",
					       "correct+horse", NULL), 429);
			/* Another account, from an attacker's address in a
			 * new browser, and from its own. */
			assert_int_equal(login(e, addr, "",
					       "other%40example.org",
					       "correct+horse", NULL), 303);
			assert_int_equal(login(e, "192.0.2.11", other_dev,
					       "other%40example.org",
					       "correct+horse", NULL), 303);
		}
	}
	printf("attack: 50 attempts, %lu checked, %d delayed\n", checked,
	       delayed);
	assert_true(checked <= 10);
	assert_true(checked >= AUTH_FREE_FAILS);
	assert_int_equal(delayed, 50 - (int)checked);

	/* Not locked out for good: after the delay, a new browser. */
	store_set_clock(e->st, T0 + AUTH_WINDOW + AUTH_DELAY_MAX);
	assert_int_equal(login(e, "198.51.100.1", "", "OWNER%40example.org",
			       "correct+horse", NULL), 303);
	store_set_clock(e->st, 0);
}

/* Behind a proxy that is not declared (--trusted-proxy), everyone has
 * its address: an attack on one account delays that account only. */
static void test_attack_behind_one_proxy(void **state)
{
	struct app_env *e = *state;
	unsigned long before = auth_argon2_runs();
	char email[128];
	int i;

	store_set_clock(e->st, T0);
	assert_int_equal(sign_up(e, "10.0.0.1", "p1%40example.org", NULL), 303);
	assert_int_equal(sign_up(e, "10.0.0.1", "p2%40example.org", NULL), 303);
	before = auth_argon2_runs();
	for (i = 0; i < 50; i++) {
		variant(email, sizeof(email), "p1@example.org", (unsigned)i);
		login(e, "10.0.0.1", "", email, "wrong", NULL);
	}
	assert_true(auth_argon2_runs() - before <= 10);
	/* p2, a new browser behind the same proxy, gets in at once. */
	assert_int_equal(login(e, "10.0.0.1", "", "p2%40example.org",
			       "correct+horse", NULL), 303);
	store_set_clock(e->st, 0);
}

/* Password spraying from one address: its budget runs out for new
 * browsers (cheap accounts here: their hash fails without argon2), while
 * the owner's own browser there, and other addresses, go on. */
static void test_spraying_one_address(void **state)
{
	struct app_env *e = *state;
	struct who w;
	char email[64], dev[AUTH_DEVICE_HEX + 16];
	int i;

	store_set_clock(e->st, T0);
	assert_int_equal(sign_up(e, "192.0.2.30", "sprayed%40example.org",
				 dev), 303);
	for (i = 0; i < AUTH_ADDR_FAILS; i++) {
		snprintf(email, sizeof(email), "cheap%d@example.org", i);
		person_as(e->st, &w, "Cheap", email, 0);
		snprintf(email, sizeof(email), "cheap%d%%40example.org", i);
		assert_int_equal(login(e, "198.51.100.66", "", email, "guess",
				       NULL), 401);
	}
	assert_int_equal(login(e, "198.51.100.66", "", "sprayed%40example.org",
			       "correct+horse", NULL), 429);
	assert_int_equal(login(e, "198.51.100.66", dev, "sprayed%40example.org",
			       "correct+horse", NULL), 303);
	assert_int_equal(login(e, "198.51.100.67", "", "sprayed%40example.org",
			       "correct+horse", NULL), 303);
	store_set_clock(e->st, 0);
}

static int count_user(void *ctx, const struct user *u)
{
	(void)u;
	(*(size_t *)ctx)++;
	return 0;
}

static size_t users(struct app_env *e)
{
	size_t n = 0;

	assert_int_equal(store_user_list(e->st, count_user,
					 &n), STORE_OK);
	return n;
}

/* A taken email costs one argon2id run, like a new one, and stores
 * nothing: no user, no login. */
static void test_signup_taken_email(void **state)
{
	struct app_env *e = *state;
	unsigned long before;
	struct response rs;
	struct user u;
	size_t n;

	before = auth_argon2_runs();
	assert_int_equal(sign_up(e, "192.0.2.40", "taken%40example.org", NULL),
			 303);
	assert_int_equal(auth_argon2_runs() - before, 1);
	n = users(e);
	before = auth_argon2_runs();
	post_from(e, "192.0.2.41", "", "/signup", "name=Thief&"
		  "email=TAKEN%40example.org&password=another+one", &rs);
	assert_int_equal(rs.status, 409);
	assert_null(header_of(&rs, "Set-Cookie"));
	response_release(&rs);
	assert_int_equal(auth_argon2_runs() - before, 1);
	assert_int_equal(users(e), n);
	assert_int_equal(store_user_by_email(e->st, "taken@example.org", &u),
			 STORE_OK);
	assert_string_equal(u.name, "N");
}

/* Past AUTH_SIGNUP_MAX from one address: 429, no hashing, nothing
 * stored; another address signs up. */
static void test_signup_limit_per_address(void **state)
{
	struct app_env *e = *state;
	unsigned long before;
	struct response rs;
	struct user u;
	int i;

	store_set_clock(e->st, T0);
	for (i = 0; i < AUTH_SIGNUP_MAX; i++)  /* as if signed up before */
		assert_int_equal(auth_signup_begin(e->st, "192.0.2.77", T0), 0);
	before = auth_argon2_runs();
	post_from(e, "192.0.2.77", "", "/signup", "name=N&"
		  "email=late%40example.org&password=correct+horse", &rs);
	assert_int_equal(rs.status, 429);
	assert_non_null(header_of(&rs, "Retry-After"));
	assert_non_null(strstr(rs.body.data, "Too many sign-ups"));
	response_release(&rs);
	assert_int_equal(auth_argon2_runs(), before);
	assert_int_equal(store_user_by_email(e->st, "late@example.org", &u),
			 STORE_NOTFOUND);
	assert_int_equal(sign_up(e, "192.0.2.78", "late%40example.org", NULL),
			 303);
	store_set_clock(e->st, 0);
}

/* Empty fields are refused without a check or a charge. */
static void test_login_needs_both_fields(void **state)
{
	struct app_env *e = *state;
	unsigned long before = auth_argon2_runs();
	int i;

	for (i = 0; i < 20; i++) {
		assert_int_equal(login(e, "192.0.2.90", "", "+", "x", NULL),
				 400);
		assert_int_equal(login(e, "192.0.2.90", "", "a%40b", "", NULL),
				 400);
	}
	assert_int_equal(auth_argon2_runs(), before);
}

static int setup(void **state)
{
	const char *const md[] = { session_md, NULL };

	return app_env_setup(state, "auth", md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_email_norm, reset, unreset),
		cmocka_unit_test_setup_teardown(test_account_key_is_normalised, reset, unreset),
		cmocka_unit_test_setup_teardown(test_delay_doubles_then_forgets, reset, unreset),
		cmocka_unit_test_setup_teardown(test_ten_per_fifteen_minutes, reset, unreset),
		cmocka_unit_test_setup_teardown(test_address_budget, reset, unreset),
		cmocka_unit_test_setup_teardown(test_success_refunds_one, reset, unreset),
		cmocka_unit_test_setup_teardown(test_device_cookie, reset, unreset),
		cmocka_unit_test_setup_teardown(test_flood_keeps_the_victim, reset, unreset),
		cmocka_unit_test_setup_teardown(test_signup_limit, reset, unreset),
		cmocka_unit_test_setup_teardown(test_two_servers_share_counts, reset, unreset),
		cmocka_unit_test_setup_teardown(test_attack_on_one_account, reset, unreset),
		cmocka_unit_test_setup_teardown(test_attack_behind_one_proxy, reset, unreset),
		cmocka_unit_test_setup_teardown(test_spraying_one_address, reset, unreset),
		cmocka_unit_test_setup_teardown(test_signup_taken_email, reset, unreset),
		cmocka_unit_test_setup_teardown(test_signup_limit_per_address, reset, unreset),
		cmocka_unit_test_setup_teardown(test_login_needs_both_fields, reset, unreset),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, app_env_teardown);
}
