#ifndef XML_H
#define XML_H

#include <stdarg.h>
#include <stddef.h>

struct buf;

/*
 * The XML writer (the docx parts).  Every user-written byte reaches XML
 * through here.
 *
 * xml() takes a trusted format string (a literal in our code) and escapes
 * each argument:
 *   %s  text or a quoted attribute value: & < > " ' become entities;
 *       characters XML 1.0 forbids (C0 controls other than tab, LF and CR,
 *       U+FFFE, U+FFFF) are dropped and bytes that are not UTF-8 become
 *       U+FFFD, so any input gives well-formed XML
 *   %d  an int      %%  a percent sign
 * A NULL %s prints nothing.  Raw markup only goes through xml_raw().
 */
void xml(struct buf *b, const char *fmt, ...);
void xml_v(struct buf *b, const char *fmt, va_list ap);
void xml_txtn(struct buf *b, const char *s, size_t n);
void xml_raw(struct buf *b, const char *trusted);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes
 * there are not UTF-8 (shared with the other exporters). */
size_t utf8_seq(const unsigned char *s, size_t n);

#endif
