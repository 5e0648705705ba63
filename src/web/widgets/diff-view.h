#ifndef WIDGETS_DIFF_VIEW_H
#define WIDGETS_DIFF_VIEW_H

#include "core/buf.h"

#include <stddef.h>

/* The lines of `old` removed and of `now` added, each with its marker
 * as text ("−", "+"), and two unchanged lines around each change (a
 * longer unchanged stretch is counted, not shown).  A row's cells are
 * written as the answer view writes them. */
void diff_view(struct buf *b, const char *old, size_t old_len,
	       const char *now, size_t now_len);

#endif
