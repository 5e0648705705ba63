/*
 * libFuzzer harness: the session Markdown importer and its JSON output,
 * and the same bytes read as a participant's notes of themselves and of
 * the first half of themselves (import/notes.c: matching, the course's
 * annotations taken over, notes beyond the course's text).
 */
#include "core/buf.h"
#include "import/notes.h"
#include "model/session.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void as_notes(const struct session *course, const uint8_t *data,
		     size_t size)
{
	struct notes n;
	struct import_error err;

	if (notes_read(course, (const char *)data, size, &n, &err) == 0)
		notes_release(&n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session s, half;
	struct import_error err;
	struct buf json = BUF_INIT;

	if (session_parse((const char *)data, size, &s, &err) != 0)
		return 0;
	session_to_json(&s, &json);
	buf_release(&json);
	as_notes(&s, data, size);
	if (session_parse((const char *)data, size / 2, &half, &err) == 0) {
		as_notes(&half, data, size);
		session_release(&half);
	}
	session_release(&s);
	return 0;
}
