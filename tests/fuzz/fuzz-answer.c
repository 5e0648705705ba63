/*
 * libFuzzer harness: answer normal form.  The first byte picks the field
 * kind; the rest is what a participant sent.  Checks the promises of
 * answer.h: the result is valid UTF-8 with no CR, no control characters
 * but LF (and TAB in row kinds), no trailing blanks, no blank line at the
 * ends, and normalising it again changes nothing.
 */
#include "model/answer.h"
#include "core/buf.h"
#include "core/form.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(enum prompt_kind kind, const struct buf *b)
{
	int rows = kind == PROMPT_TABLE || kind == PROMPT_ROUNDS ||
		   kind == PROMPT_SPRINT;
	struct span l;
	const char *cur = b->data;

	if (!utf8_valid(b->data, b->len) || strlen(b->data) != b->len)
		abort();
	if (b->len && (b->data[0] == '\n' || b->data[b->len - 1] == '\n'))
		abort();
	while (answer_next(&cur, &l)) {
		if (l.n && (l.s[l.n - 1] == ' ' || l.s[l.n - 1] == '\t'))
			abort();
		if (kind != PROMPT_TEXT && !l.n)
			abort();
		for (size_t i = 0; i < l.n; i++) {
			unsigned char c = (unsigned char)l.s[i];

			if ((c < 0x20 && !(rows && c == '\t')) || c == 0x7f)
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf once = BUF_INIT, twice = BUF_INIT;
	enum prompt_kind kind;

	if (!size)
		return 0;
	kind = (enum prompt_kind)(data[0] % (PROMPT_SPRINT + 1));
	if (!answer_normalize(kind, (const char *)data + 1, size - 1, &once)) {
		check(kind, &once);
		if (answer_normalize(kind, once.data, once.len, &twice) ||
		    twice.len != once.len ||
		    memcmp(twice.data, once.data, once.len))
			abort();
	}
	buf_release(&once);
	buf_release(&twice);
	return 0;
}
