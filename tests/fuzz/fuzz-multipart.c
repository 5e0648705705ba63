/* libFuzzer harness: a multipart/form-data body (core/multipart.c), its
 * first line taken as the Content-Type, the rest as the body.  What it
 * makes must be a form the urlencoded parser walks to the end. */
#include "core/buf.h"
#include "core/form.h"
#include "core/multipart.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t ctlen = nl ? (size_t)(nl - (const char *)data) : size;
	char *ct = xstrndup((const char *)data, ctlen);
	const char *body = nl ? nl + 1 : (const char *)data + size;
	size_t len = size - (size_t)(body - (const char *)data), pos = 0;
	struct buf out, key, val;

	if (!ct)
		return 0;
	buf_init(&out, 4 * len + 64);
	buf_init(&key, 1 << 20);
	buf_init(&val, 1 << 20);
	if (multipart_is(ct) && multipart_to_form(ct, body, len, &out) == 0) {
		while (form_pair(out.data, out.len, &pos, &key, &val) != -1)
			if (pos > out.len)
				abort();
		if (form_check(out.data, out.len) == FORM_BAD_ESCAPE)
			abort();     /* every '%' it wrote has its digits */
	}
	buf_release(&out);
	buf_release(&key);
	buf_release(&val);
	free(ct);
	return 0;
}
