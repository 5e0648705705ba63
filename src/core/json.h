#ifndef JSON_H
#define JSON_H

struct buf;

/* Append `s` as a JSON string literal, quotes included; NULL gives null.
 * Control characters, quotes, backslashes and U+2028/2029 are escaped, so
 * the output is also safe inside a <script> block. */
void json_str(struct buf *b, const char *s);

#endif
