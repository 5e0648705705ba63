/*
 * The parts of http.c that need no socket: which address a request is
 * counted against, with and without trusted proxies.  The framing checks
 * (400 and a closed connection) are tested over a socket in
 * tests/cli-http.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "web/http.h"

static const char proxies[][64] = { "10.0.0.1", "10.0.0.2", "2001:db8::10" };

static const char *client(const char *peer, const char *xff)
{
	static char out[64];

	http_client_addr(peer, xff, proxies, 3, out);
	return out;
}

static void test_untrusted_peer_is_the_client(void **state)
{
	char out[64];

	(void)state;
	assert_string_equal(client("192.0.2.1", "198.51.100.1"), "192.0.2.1");
	assert_string_equal(client("192.0.2.1", NULL), "192.0.2.1");
	/* No proxies declared: X-Forwarded-For is nobody's word. */
	http_client_addr("10.0.0.1", "198.51.100.1", proxies, 0, out);
	assert_string_equal(out, "10.0.0.1");
}

static void test_trusted_proxy_forwards(void **state)
{
	(void)state;
	assert_string_equal(client("10.0.0.1", "198.51.100.1"), "198.51.100.1");
	/* The client may write anything left of what our proxy added. */
	assert_string_equal(client("10.0.0.1", "6.6.6.6, 198.51.100.1"),
			    "198.51.100.1");
	assert_string_equal(client("10.0.0.1", "6.6.6.6,198.51.100.1 "),
			    "198.51.100.1");
	/* A chain of trusted proxies is skipped, right to left. */
	assert_string_equal(client("10.0.0.1", "6.6.6.6, 198.51.100.2, "
				   "10.0.0.2"), "198.51.100.2");
	/* All trusted: the leftmost. */
	assert_string_equal(client("10.0.0.1", "10.0.0.2"), "10.0.0.2");
	/* Ports and brackets, canonical IPv6. */
	assert_string_equal(client("10.0.0.1", "198.51.100.3:4711"),
			    "198.51.100.3");
	assert_string_equal(client("10.0.0.1", "[2001:DB8:0::5]:443"),
			    "2001:db8::5");
	assert_string_equal(client("2001:db8::10", "2001:db8:0:0::6"),
			    "2001:db8::6");
}

static void test_garbage_stays_with_the_proxy(void **state)
{
	(void)state;
	assert_string_equal(client("10.0.0.1", ""), "10.0.0.1");
	assert_string_equal(client("10.0.0.1", "unknown"), "10.0.0.1");
	assert_string_equal(client("10.0.0.1", "198.51.100.1, nonsense"),
			    "10.0.0.1");
	assert_string_equal(client("10.0.0.1", "198.51.100.1,"), "10.0.0.1");
	assert_string_equal(client("10.0.0.1", "1.2.3"), "10.0.0.1");
	/* Behind two proxies, garbage after the first: the first one. */
	assert_string_equal(client("10.0.0.1", "x, 10.0.0.2"), "10.0.0.2");
}

static void test_addr_norm(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(http_addr_norm("127.0.0.1", out, sizeof(out)), 0);
	assert_string_equal(out, "127.0.0.1");
	assert_int_equal(http_addr_norm("::FFFF:1.2.3.4", out, sizeof(out)), 0);
	assert_string_equal(out, "::ffff:1.2.3.4");
	assert_int_equal(http_addr_norm("localhost", out, sizeof(out)), -1);
	assert_int_equal(http_addr_norm("1.2.3.4/8", out, sizeof(out)), -1);
	assert_int_equal(http_addr_norm("", out, sizeof(out)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_untrusted_peer_is_the_client),
		cmocka_unit_test(test_trusted_proxy_forwards),
		cmocka_unit_test(test_garbage_stays_with_the_proxy),
		cmocka_unit_test(test_addr_norm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
