#ifndef WORKBOOK_H
#define WORKBOOK_H

#include "store/store.h"

#include <stddef.h>

struct session;
struct exercise;

/* One participant's state for one session: answers and reading marks,
 * loaded in two queries and looked up by id while a page renders. */
struct wb_answer {
	char *id;
	char *value;
	size_t len;
};

struct wb_reading {
	char *id;
	char *notes;
	int done;
};

struct workbook {
	struct wb_answer *answers;
	size_t nr_answers, alloc_answers;
	struct wb_reading *readings;
	size_t nr_readings, alloc_readings;
	int oom;        /* a row could not be kept: the load fails */
};

/* What to load: an exercise page needs only the answers. */
enum { WB_ANSWERS = 1, WB_READINGS = 2, WB_ALL = 3 };
int workbook_load(struct store *st, int64_t user, int number, int what,
		  struct workbook *wb);
/*
 * A cohort's answers, read in one statement (store_answer_cohort()), one
 * workbook per member who has any, kept as they come: so the read may
 * wait inside store_together() beside the roster's, and the workbooks be
 * taken once both are in.  The rows come in no set order: each finds
 * its member's workbook through slot[], a table open by user id
 * (nr_slots, a power of two, at least twice n).  oom: a row could not
 * be kept, and the read must not be shown.
 */
struct cohort_workbooks {
	struct member_workbook {
		int64_t user;
		struct workbook wb;
	} *v;
	size_t n, alloc;
	size_t *slot, nr_slots;         /* 1 + an index into v; 0: free */
	int oom;
};
int workbook_ask_cohort(struct store *st, int64_t cohort, int number,
			struct cohort_workbooks *cw);
/* One row of the read into cw (a struct cohort_workbooks, zeroed before
 * the first): the read's callback (store_member_answer_fn). */
int workbook_cohort_add(void *cw, int64_t user, const char *id,
			const char *value, size_t len);
/* Move user's workbook into *out (empty when they answered nothing). */
void workbook_take(struct cohort_workbooks *cw, int64_t user,
		   struct workbook *out);
void workbook_cohort_release(struct cohort_workbooks *cw);
/* Save n answers (store_answers_put) and load the session's answers as
 * they are after it, in one transaction.  STORE_OK means saved; wb->oom
 * then says the answers read back are incomplete and must not be shown. */
int workbook_save(struct store *st, int64_t user, int number,
		  const struct answer_put *v, size_t n, struct workbook *wb);
void workbook_release(struct workbook *wb);
const struct wb_answer *workbook_answer(const struct workbook *wb,
					const char *prompt_id);
/* workbook_answer's value as an answer_get_fn (answer.h): pass the
 * workbook as ctx. */
const char *workbook_get(void *wb, const char *prompt_id);
const struct wb_reading *workbook_reading(const struct workbook *wb,
					  const char *reading_id);

/* Progress: readings marked done, and prompts answered counted one way
 * that does not change as one answers: the prompts that are not
 * optional (all of an exercise's prompts when every one is optional);
 * the optional prompts beside them are counted apart. */
struct progress {
	int readings_done, readings;
	int prompts_done, prompts;
	int optional_done, optional;
};
void workbook_progress(const struct workbook *wb, const struct session *s,
		       const struct exercise *only, struct progress *out);

#endif
