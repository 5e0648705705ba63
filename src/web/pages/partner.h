#ifndef PAGES_PARTNER_H
#define PAGES_PARTNER_H

#include "web/page.h"

/* Accountability partners by consent: the visitor as supporter or as
 * the one backed (partner.c). */
page_fn ui_partner, ui_backer;

#endif
