/* libFuzzer harness: the urlencoded, cookie and UTF-8 parsers, and the
 * whole-form check. */
#include "buf.h"
#include "http.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out;
	char cookie[64], *z = xstrndup((const char *)data, size);

	buf_init(&out, 4096);
	for (unsigned i = 0; i < 3; i++)
		form_get((const char *)data, size, "a.e1-x", i, &out);
	form_get((const char *)data, size, "p", 0, &out);
	utf8_valid((const char *)data, size);
	/* The router's whole-form check agrees with the field reader: a
	 * form it passes has no field form_get refuses as not UTF-8. */
	if (form_check((const char *)data, size) == 0 &&
	    form_get((const char *)data, size, "a", 0, &out) == -2 &&
	    !out.err)
		__builtin_trap();
	text_line_valid((const char *)data, size);
	if (z)
		cookie_get(z, "ap_session", cookie, sizeof(cookie));
	free(z);
	buf_release(&out);
	return 0;
}
