#ifndef PAGES_EXERCISE_H
#define PAGES_EXERCISE_H

#include "web/page.h"

/* An exercise page and the save of its answers, plain or autosaved
 * (exercise.c). */
page_fn ui_exercise, ui_exercise_save;

#endif
