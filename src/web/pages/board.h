#ifndef PAGES_BOARD_H
#define PAGES_BOARD_H

#include "web/page.h"

/* The opportunities board (board.c): openings filtered, and the filters
 * a person saves. */
page_fn ui_board, ui_filter_save, ui_filter_delete;

#endif
