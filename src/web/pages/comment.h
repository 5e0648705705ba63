#ifndef PAGES_COMMENT_H
#define PAGES_COMMENT_H

#include "web/page.h"

/* Adding a comment to a plan's section, and its author's edit or
 * delete; resolving or reopening a thread; who may be @mentioned on a
 * plan (comment.c). */
page_fn ui_comment_add, ui_comment_change, ui_thread_state, ui_comment_people;

#endif
