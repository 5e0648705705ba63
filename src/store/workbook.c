#include "store/workbook.h"

#include "core/buf.h"
#include "model/session.h"

#include <stdlib.h>
#include <string.h>

static int grow(void **arr, size_t *alloc, size_t n, size_t size)
{
	void *p;
	size_t want;

	if (n < *alloc)
		return 0;
	want = *alloc ? *alloc * 2 : 16;
	p = realloc(*arr, want * size);
	if (!p)
		return -1;
	*arr = p;
	*alloc = want;
	return 0;
}

static int add_answer(void *ctx, const char *id, const char *value,
		      size_t len)
{
	struct workbook *wb = ctx;
	struct wb_answer *a;

	if (grow((void **)&wb->answers, &wb->alloc_answers, wb->nr_answers,
		 sizeof(*a)))
		return wb->oom = 1;
	a = &wb->answers[wb->nr_answers];
	a->id = xstrdup(id);
	a->value = xstrndup(value, len);
	a->len = len;
	if (!a->id || !a->value) {
		free(a->id);
		free(a->value);
		return wb->oom = 1;
	}
	wb->nr_answers++;
	return 0;
}

static int add_reading(void *ctx, const char *id, const char *notes,
		       int done)
{
	struct workbook *wb = ctx;
	struct wb_reading *r;

	if (grow((void **)&wb->readings, &wb->alloc_readings, wb->nr_readings,
		 sizeof(*r)))
		return wb->oom = 1;
	r = &wb->readings[wb->nr_readings];
	r->id = xstrdup(id);
	r->notes = xstrdup(notes ? notes : "");
	r->done = done;
	if (!r->id || !r->notes) {
		free(r->id);
		free(r->notes);
		return wb->oom = 1;
	}
	wb->nr_readings++;
	return 0;
}

int workbook_load(struct store *st, int64_t user, int number, int what,
		  struct workbook *wb)
{
	int r = STORE_OK;

	memset(wb, 0, sizeof(*wb));
	if (what & WB_ANSWERS)
		r = store_answer_list(st, user, number, add_answer, wb);
	if (r == STORE_OK && (what & WB_READINGS))
		r = store_reading_list(st, user, number, add_reading, wb);
	/* A workbook missing rows would show stored answers as empty, and
	 * a save of that form would blank them: fail instead. */
	if (r == STORE_OK && wb->oom)
		r = STORE_ERR;
	if (r != STORE_OK)
		workbook_release(wb);
	return r;
}

/* The slot of user in cw->slot[]: its own, or the free one where it
 * would go. */
static size_t *slot_of(const struct cohort_workbooks *cw, int64_t user)
{
	size_t mask = cw->nr_slots - 1;
	size_t i = (size_t)((uint64_t)user * 0x9e3779b97f4a7c15u >> 32) & mask;

	while (cw->slot[i] && cw->v[cw->slot[i] - 1].user != user)
		i = (i + 1) & mask;
	return &cw->slot[i];
}

/* Room in v and slot[] for one more member; the table is twice as
 * large as v can be, so a probe stays short. */
static int room_for_member(struct cohort_workbooks *cw)
{
	size_t want = cw->nr_slots ? cw->nr_slots : 64, i, *slot;

	if (grow((void **)&cw->v, &cw->alloc, cw->n, sizeof(*cw->v)))
		return -1;
	while (want < 2 * cw->alloc)
		want *= 2;
	if (want == cw->nr_slots)
		return 0;
	if (!(slot = calloc(want, sizeof(*slot))))
		return -1;
	free(cw->slot);
	cw->slot = slot;
	cw->nr_slots = want;
	for (i = 0; i < cw->n; i++)
		*slot_of(cw, cw->v[i].user) = i + 1;
	return 0;
}

/* A member's workbook is begun at their first row, and found again by
 * the table for the rest. */
int workbook_cohort_add(void *ctx, int64_t user, const char *id,
			const char *value, size_t len)
{
	struct cohort_workbooks *cw = ctx;
	struct member_workbook *m = cw->n ? &cw->v[cw->n - 1] : NULL;
	size_t *at;

	if (!m || m->user != user) {
		if (room_for_member(cw))
			return cw->oom = 1;
		at = slot_of(cw, user);
		if (!*at) {
			m = &cw->v[cw->n];
			memset(m, 0, sizeof(*m));
			m->user = user;
			*at = ++cw->n;
		}
		m = &cw->v[*at - 1];
	}
	if (add_answer(&m->wb, id, value, len))
		cw->oom = 1;
	return cw->oom;
}

int workbook_ask_cohort(struct store *st, int64_t cohort, int number,
			struct cohort_workbooks *cw)
{
	memset(cw, 0, sizeof(*cw));
	return store_answer_cohort(st, cohort, number, workbook_cohort_add, cw);
}

void workbook_take(struct cohort_workbooks *cw, int64_t user,
		   struct workbook *out)
{
	size_t *at = cw->nr_slots ? slot_of(cw, user) : NULL;

	memset(out, 0, sizeof(*out));
	if (at && *at) {
		*out = cw->v[*at - 1].wb;
		memset(&cw->v[*at - 1].wb, 0, sizeof(*out));
	}
}

void workbook_cohort_release(struct cohort_workbooks *cw)
{
	size_t i;

	for (i = 0; i < cw->n; i++)
		workbook_release(&cw->v[i].wb);
	free(cw->v);
	free(cw->slot);
	memset(cw, 0, sizeof(*cw));
}

int workbook_save(struct store *st, int64_t user, int number,
		  const struct answer_put *v, size_t n, struct workbook *wb)
{
	int r;

	memset(wb, 0, sizeof(*wb));
	r = store_answers_put(st, user, number, v, n, add_answer, wb);
	if (r != STORE_OK)
		workbook_release(wb);
	return r;
}

void workbook_release(struct workbook *wb)
{
	size_t i;

	for (i = 0; i < wb->nr_answers; i++) {
		free(wb->answers[i].id);
		free(wb->answers[i].value);
	}
	for (i = 0; i < wb->nr_readings; i++) {
		free(wb->readings[i].id);
		free(wb->readings[i].notes);
	}
	free(wb->answers);
	free(wb->readings);
	memset(wb, 0, sizeof(*wb));
}

const struct wb_answer *workbook_answer(const struct workbook *wb,
					const char *prompt_id)
{
	size_t i;

	for (i = 0; i < wb->nr_answers; i++)
		if (!strcmp(wb->answers[i].id, prompt_id))
			return &wb->answers[i];
	return NULL;
}

const char *workbook_get(void *wb, const char *prompt_id)
{
	const struct wb_answer *a = workbook_answer(wb, prompt_id);

	return a ? a->value : NULL;
}

const struct wb_reading *workbook_reading(const struct workbook *wb,
					  const char *reading_id)
{
	size_t i;

	for (i = 0; i < wb->nr_readings; i++)
		if (!strcmp(wb->readings[i].id, reading_id))
			return &wb->readings[i];
	return NULL;
}

static int answered(const struct wb_answer *a)
{
	size_t i;

	if (!a)
		return 0;
	for (i = 0; i < a->len; i++)
		if (!strchr(" \t\r\n", a->value[i]))
			return 1;
	return 0;
}

void workbook_progress(const struct workbook *wb, const struct session *s,
		       const struct exercise *only, struct progress *out)
{
	size_t i, j;

	memset(out, 0, sizeof(*out));
	if (!only) {
		for (i = 0; i < s->nr_readings; i++) {
			const struct wb_reading *r =
				workbook_reading(wb, s->readings[i].id);

			out->readings++;
			out->readings_done += r && r->done;
		}
	}
	for (i = 0; i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];
		bool any_required = false;

		if (only && e != only)
			continue;
		for (j = 0; j < e->nr_prompts; j++)
			any_required |= !e->optional && !e->prompts[j].optional;
		for (j = 0; j < e->nr_prompts; j++) {
			int done = answered(workbook_answer(wb,
						e->prompts[j].id));

			if (any_required && (e->optional ||
					     e->prompts[j].optional)) {
				out->optional++;
				out->optional_done += done;
			} else {
				out->prompts++;
				out->prompts_done += done;
			}
		}
	}
}
