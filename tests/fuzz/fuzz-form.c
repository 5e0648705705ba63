/* libFuzzer harness: the urlencoded (field by name, and every field in
 * turn), cookie and UTF-8 parsers, and what the login throttle reads:
 * X-Forwarded-For, the email, the device cookie. */
#include "auth/auth.h"
#include "core/buf.h"
#include "core/form.h"
#include "web/http.h"

#include <sodium.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out, key;
	char cookie[64], *z = xstrndup((const char *)data, size);
	size_t pos = 0;

	buf_init(&out, 4096);
	buf_init(&key, 32);
	for (unsigned i = 0; i < 3; i++)
		form_get((const char *)data, size, "a.e1-x", i, &out);
	form_get((const char *)data, size, "p", 0, &out);
	while (form_pair((const char *)data, size, &pos, &key, &out) != -1)
		if (pos > size)
			abort();
	utf8_valid((const char *)data, size);
	if (z) {
		static const char proxies[][64] = { "10.0.0.1", "::1" };
		struct auth_attempt a;
		char addr[64];

	/* The router's whole-form check agrees with the field reader: a
	 * form it passes has no field form_get refuses as not UTF-8. */
	if (form_check((const char *)data, size) == 0 &&
	    form_get((const char *)data, size, "a", 0, &out) == -2 &&
	    !out.err)
		__builtin_trap();
	/* A form parsed once answers as the scans of the body do. */
	{
		const char *body = (const char *)data;
		struct buf v2, k2;
		struct form f;
		size_t p1 = 0, p2 = 0;
		long r1, r2;

		buf_init(&v2, 4096);
		buf_init(&k2, 32);
		if (form_parse(&f, body, size) == 0) {
			static const char *const names[] = {
				"p", "a b", "a.e1-x", "",
			};

			for (size_t k = 0; k < 4; k++) {
				p1 = p2 = 0;
				do {
					r1 = form_next(body, size, &p1,
						       names[k], &out);
					r2 = form_field_next(&f, &p2,
							     names[k], &v2);
					if (r1 != r2 || p1 != p2 ||
					    (r1 >= 0 && memcmp(out.data,
						v2.data, (size_t)r1)))
						__builtin_trap();
				} while (r1 != -1);
			}
			p1 = p2 = 0;
			do {
				r1 = form_pair(body, size, &p1, &key, &out);
				r2 = form_field_pair(&f, &p2, &k2, &v2);
				if (r1 != r2 || p1 != p2 ||
				    strcmp(key.data, k2.data))
					__builtin_trap();
			} while (r1 != -1);
		}
		form_release(&f);
		buf_release(&v2);
		buf_release(&k2);
	}
	text_line_valid((const char *)data, size);
	if (z)
		cookie_get(z, "ap_session", cookie, sizeof(cookie));
		http_client_addr("10.0.0.1", z, proxies, 2, addr);
		if (sodium_init() >= 0)
			auth_attempt_init(&a, z, z, z);
	}
	free(z);
	buf_release(&out);
	buf_release(&key);
	return 0;
}
