/*
 * Readings of a Readings or Resources section (md-readings.c).  Internal
 * to the importer.
 */
#ifndef IMPORT_MD_READINGS_H
#define IMPORT_MD_READINGS_H

#include "import/md.h"

/* A new reading from heading (or list item) text `head` on `line`; NULL
 * when the cap is reached or memory runs out. */
struct reading *new_reading(struct builder *B, const struct inl *head,
			    int line);

/* Its summary (the first quote) and notes (the rest) from [n, stop). */
void reading_body(struct builder *B, struct reading *r, const struct node *n,
		  const struct node *stop);

/* Readings written as a list in [n, stop): "- [Title](url) by Author". */
void add_list_readings(struct builder *B, const struct node *n,
		       const struct node *stop);

#endif
