#ifndef PAGES_AGENDAS_H
#define PAGES_AGENDAS_H

#include "web/page.h"

/* The research-agenda catalog (agendas.c): every agenda with its
 * description, links, related roles, project ideas and fit tests. */
page_fn ui_agendas;

#endif
