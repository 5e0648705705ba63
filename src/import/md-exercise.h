/*
 * An exercise of the Exercises section (md-exercise.c).  Internal to the
 * importer.
 */
#ifndef IMPORT_MD_EXERCISE_H
#define IMPORT_MD_EXERCISE_H

#include "import/md.h"

/* Add the exercise headed by `h` (or titled `title`, when the section has
 * no sub-headings) whose body is the blocks [n, stop). */
void add_exercise(struct builder *B, const struct node *h, const char *title,
		  const struct node *n, const struct node *stop);

#endif
