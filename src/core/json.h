#ifndef JSON_H
#define JSON_H

struct buf;

/* Append `s` as a JSON string literal, quotes included; NULL gives null.
 * Control characters, quotes, backslashes and U+2028/2029 are escaped, so
 * the output is also safe inside a <script> block. */
void json_str(struct buf *b, const char *s);

/*
 * A writer of compact JSON objects, for the replies the app builds (an
 * autosave's): the writer places the braces, colons and commas, and every
 * name and string goes through json_str().  A member's key is NULL only
 * for the outermost object.  Nesting deeper than JSON_DEPTH sets the
 * buffer's error, like any other overflow.
 *
 *	json_init(&j, b);
 *	json_open(&j, NULL);		{
 *	json_int(&j, "saved", 12);	"saved":12
 *	json_open(&j, "fields");	,"fields":{
 *	json_string(&j, "a", "x");	"a":"x"
 *	json_close(&j);			}
 *	json_close(&j);			}
 */
#define JSON_DEPTH 8

struct json {
	struct buf *b;
	int depth;
	unsigned char more[JSON_DEPTH];  /* a member written at this depth */
};

void json_init(struct json *j, struct buf *b);
void json_open(struct json *j, const char *key);
void json_close(struct json *j);
void json_string(struct json *j, const char *key, const char *s);
void json_int(struct json *j, const char *key, long long v);

#endif
