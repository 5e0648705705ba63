#ifndef IMPORT_OPPORTUNITIES_H
#define IMPORT_OPPORTUNITIES_H

#include "model/opportunity.h"
#include "model/session.h"

/*
 * Read an operator's file of openings (docs/agendas.md, "Opportunities"):
 * CSV with a header row, or JSON (an array of objects) when its first
 * character that is not blank is '['.  Columns / keys: title,
 * organisation, url (required), kind, agendas, roles (';'-separated in
 * CSV, arrays of strings or ';'-separated in JSON), location, remote
 * (yes/no, true/false, 1/0), deadline (YYYY-MM-DD, or empty).
 *
 * Returns 0 and fills `out`, or -1 with one message naming the line in
 * `err` ("line 12: deadline '2025-13-01' is not a date (YYYY-MM-DD)")
 * and `out` left empty: a file is taken whole or not at all.
 */
int opportunities_parse(const char *src, size_t len,
			struct opportunity_list *out,
			struct import_error *err);

#endif
