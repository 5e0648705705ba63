#include "json.h"

#include "buf.h"

#include <string.h>

void json_str(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		buf_adds(b, "null");
		return;
	}
	buf_addc(b, '"');
	for (; *p; p++) {
		switch (*p) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '<': buf_adds(b, "\\u003c"); break;
		case '>': buf_adds(b, "\\u003e"); break;
		case '&': buf_adds(b, "\\u0026"); break;
		default:
			if (*p < 0x20)
				buf_addf(b, "\\u%04x", *p);
			else if (p[0] == 0xe2 && p[1] == 0x80 &&
				 (p[2] == 0xa8 || p[2] == 0xa9)) {
				buf_addf(b, "\\u%04x", p[2] == 0xa8 ? 0x2028 : 0x2029);
				p += 2;
			} else
				buf_addc(b, (char)*p);
		}
	}
	buf_addc(b, '"');
}
