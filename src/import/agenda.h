/*
 * The research-agenda catalog importer: a catalog file in the course's
 * Markdown (docs/agendas.md) into the catalog model (model/agenda.h).
 */
#ifndef IMPORT_AGENDA_H
#define IMPORT_AGENDA_H

#include "model/agenda.h"
#include "model/session.h"   /* struct import_error */

#include <stddef.h>

/*
 * Is `src` an agenda catalog rather than a session?  Yes when its first
 * line that is not blank (after a byte order mark) is the marker
 * `<!-- alignplan: agendas -->` or a title `# Research agendas` (any case,
 * anything after a colon, dash or space following it).  Reads only that
 * line: cheap enough to ask of every file `import` is given.
 */
int agenda_catalog_sniff(const char *src, size_t len);

/*
 * Parse `len` bytes of catalog Markdown into `out`.  Returns 0 on success.
 * On failure returns -1, fills `err` with one message naming the line
 * ("line 12: agenda 'Control' has no links: ..."), and leaves `out` empty
 * (nothing to release).  Every cap of model/agenda.h is checked here.
 */
int agenda_catalog_parse(const char *src, size_t len,
			 struct agenda_catalog *out, struct import_error *err);

#endif
