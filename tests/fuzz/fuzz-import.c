/* libFuzzer harness: the session Markdown importer and its JSON output. */
#include "core/buf.h"
#include "model/session.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session s;
	struct import_error err;
	struct buf json = BUF_INIT;

	if (session_parse((const char *)data, size, &s, &err) == 0) {
		session_to_json(&s, &json);
		buf_release(&json);
		session_release(&s);
	}
	return 0;
}
