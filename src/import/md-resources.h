/*
 * A section of links to follow up (md-resources.c).  Internal to the
 * importer.
 */
#ifndef IMPORT_MD_RESOURCES_H
#define IMPORT_MD_RESOURCES_H

#include "import/md.h"

/* The resources of the blocks [n, stop), and the section's introduction. */
void add_resources(struct builder *B, const struct node *n,
		   const struct node *stop);

#endif
