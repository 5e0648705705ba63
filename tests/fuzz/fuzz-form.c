/* libFuzzer harness: the urlencoded (field by name, and every field in
 * turn), cookie and UTF-8 parsers. */
#include "buf.h"
#include "http.h"

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
	if (z)
		cookie_get(z, "ap_session", cookie, sizeof(cookie));
	free(z);
	buf_release(&out);
	buf_release(&key);
	return 0;
}
