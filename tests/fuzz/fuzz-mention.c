/* libFuzzer harness: mention_find() on arbitrary text, and mention_html()
 * writing it.  The input's first line gives the people's names (split at
 * '|', two of them alike on purpose), the rest is the text.  Whatever it
 * holds, the mentions are in order, inside the text, start at an '@',
 * never overlap, are at most `max`; a found one names one of the people
 * and its name matches; and the HTML holds only our <strong> tags. */
#include "core/buf.h"
#include "model/mention.h"
#include "web/widgets/mentions.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PEOPLE 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *nl, *p, *text;
	struct mention_who who[PEOPLE];
	struct mention m[MENTION_MAX];
	size_t n = 0, count, k, len, end = 0;
	struct buf b;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	nl = memchr(s, '\n', size);
	text = nl ? nl + 1 : s + size;
	if (nl)
		*nl = '\0';
	for (p = s; nl && n < PEOPLE; n++) {
		who[n].id = (int64_t)n % 5 + 1;     /* two share an id */
		who[n].name = p;
		if (!(p = strchr(p, '|')))
			break;
		*p++ = '\0';
	}
	if (nl && n < PEOPLE)
		n++;
	len = strlen(text);
	count = mention_find(text, len, who, n, m, MENTION_MAX);
	if (count > MENTION_MAX)
		__builtin_trap();
	for (k = 0; k < count; k++) {
		if (m[k].at < end || m[k].len < 2 || m[k].at + m[k].len > len ||
		    text[m[k].at] != '@')
			__builtin_trap();
		end = m[k].at + m[k].len;
		if (m[k].kind == MENTION_FOUND) {
			size_t j;
			int ok = 0;

			for (j = 0; j < n; j++)
				if (who[j].id == m[k].user &&
				    strlen(who[j].name) == m[k].len - 1 &&
				    !strncasecmp(who[j].name, text + m[k].at + 1,
						 m[k].len - 1))
					ok = 1;
			if (!ok)
				__builtin_trap();
		}
	}
	buf_init(&b, 1 << 20);
	mention_html(&b, text, len, who, n);
	for (k = 0; k < b.len; k++)
		if (b.data[k] == '<' &&
		    strncmp(b.data + k, "<strong class=\"mention\">", 24) &&
		    strncmp(b.data + k, "</strong>", 9))
			__builtin_trap();
	buf_release(&b);
	free(s);
	return 0;
}
