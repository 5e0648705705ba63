#ifndef WIDGETS_CTEST_CHECKIN_H
#define WIDGETS_CTEST_CHECKIN_H

#include "web/page.h"
#include "web/widgets/ctests.h"

#include <stdbool.h>

struct session;
struct workbook;

/*
 * The cheap tests in the check-in form (ctest-checkin.c): each test the
 * tracker shows (the career plan's and those added there) with its
 * status and result, hours spent and confidence in fit after, filled in
 * as they stand; saving the check-in updates the tests whose fields
 * changed, logged as coming from a check-in (CTEST_VIA_CHECKIN).
 *
 * Fields of test i: ct.i its form id (p-K, t-ID), ctu.i the record's
 * last change (0: not tracked yet), ctk.i its idea, cts.i the status,
 * cths.i hours spent, ctca.i confidence after (0-100 %), ctn.i the
 * result.
 */
struct ckin_tests {
	struct ctests c;
	struct ctest_items it;
	struct buf *f;              /* posted: NR_CKF per test */
	int *status, *hs, *ca;      /* posted, read */
	int number;                 /* the session */
	bool posted;
	const char *msg;            /* why the post was refused, or NULL */
	char why[240];
};
int ckin_tests_load(struct page *pg, const struct session *s,
		    struct workbook *wb, struct ckin_tests *k);
void ckin_tests_release(struct ckin_tests *k);
/* Any test to check in on? */
bool ckin_tests_any(const struct ckin_tests *k);
/* The tests' fieldsets, inside the check-in form: as they stand, or as
 * posted after a refusal. */
void ckin_tests_form(struct page *pg, const struct ckin_tests *k);
/* Read and check the posted fields.  0: fine; 1: refused, k->msg says
 * why (show the form again); -1: replied (409: the tests changed since
 * the page loaded). */
int ckin_tests_read(struct page *pg, struct ckin_tests *k);
/* Save the tests whose fields changed; STORE_OK, or the store's code
 * (after replying). *saved counts them. */
int ckin_tests_save(struct page *pg, const struct session *s,
		    struct ckin_tests *k, int *saved);

#endif
