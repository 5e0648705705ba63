#ifndef CSV_H
#define CSV_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * A CSV writer (RFC 4180): records end in CRLF; a field holding a comma,
 * a double quote, CR or LF is quoted, its quotes doubled.  Everything a
 * CSV download holds goes through here, as HTML goes through html.h.
 *
 * A field that starts with = + - @ (or TAB or CR) gets a ' in front: a
 * spreadsheet would otherwise run it as a formula ("=HYPERLINK(...)",
 * CSV injection).  The ' shows in the cell; the text after it is intact.
 */
struct csv {
	struct buf *out;
	bool mid_row;       /* a field was written on this row */
};

/* Start a document in `out`: the UTF-8 byte order mark. */
void csv_init(struct csv *c, struct buf *out);
/* Append one field of the current row. */
void csv_field(struct csv *c, const char *s);
void csv_fieldn(struct csv *c, const char *s, size_t n);
void csv_field_int(struct csv *c, long long v);
/* End the current row (CRLF). */
void csv_end_row(struct csv *c);

#endif
