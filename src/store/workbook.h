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
/* The answers of n members of a cohort, users[i]'s into wb[i], read in
 * one statement (store_answer_cohort); release each workbook. */
int workbook_load_cohort(struct store *st, int64_t cohort, int number,
			 const int64_t *users, size_t n, struct workbook *wb);
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
