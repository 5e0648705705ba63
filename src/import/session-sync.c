/*
 * Stable prompt ids across re-imports (session_adopt_ids in session.h).
 *
 * A prompt's id is a slug of its first words, so rewording a prompt would
 * give it a new id and orphan every participant's answer.  Before storing
 * a re-imported session we match each new id that the store has never
 * seen with the most similar old prompt of the same exercise and reuse
 * that old id.
 */
#include "model/session.h"

#include "core/buf.h"
#include "import/words.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#define MIN_SIMILARITY 0.5

/* Length of the "eN-" prefix of an id, or 0 if it has none. */
static size_t id_prefix(const char *id)
{
	size_t i = 1;

	if (!id || id[0] != 'e' || !(id[1] >= '0' && id[1] <= '9'))
		return 0;
	while (id[i] >= '0' && id[i] <= '9')
		i++;
	return id[i] == '-' ? i + 1 : 0;
}

static int same_prefix(const char *a, const char *b)
{
	size_t n = id_prefix(a);

	return n && n == id_prefix(b) && !strncmp(a, b, n);
}

static int is_new_id(const struct session *s, const char *id)
{
	return session_find_prompt(s, id, NULL) == NULL;
}

/*
 * Greedy, in document order: each new prompt takes the best unclaimed old
 * prompt.  Old prompts whose id a new prompt already has are claimed from
 * the start, and so are ids that would collide with another new prompt.
 */
void session_adopt_ids(struct session *s, const char *const *old_ids,
		       const char *const *old_texts, size_t n_old)
{
	char *claimed = NULL;
	struct words *old_words = NULL;
	size_t i, j, k;

	if (!s || !n_old)
		return;
	claimed = calloc(n_old, 1);
	old_words = calloc(n_old, sizeof(*old_words));
	if (!claimed || !old_words)
		goto out;
	for (k = 0; k < n_old; k++) {
		if (!old_ids[k] || !is_new_id(s, old_ids[k]))
			claimed[k] = 1;   /* still in use, or unusable */
		else if (words_of(old_texts[k], &old_words[k]))
			goto out;
	}
	for (i = 0; i < s->nr_exercises; i++) {
		struct exercise *e = &s->exercises[i];

		for (j = 0; j < e->nr_prompts; j++) {
			struct prompt *p = &e->prompts[j];
			struct words nw;
			double best_score = MIN_SIMILARITY;
			size_t best = n_old;
			char *id;
			int known = 0;

			if (p->name)
				continue;   /* a declared name is its id */
			for (k = 0; k < n_old && !known; k++)
				known = old_ids[k] && !strcmp(old_ids[k], p->id);
			if (known)
				continue;
			if (words_of(p->text, &nw))
				goto out;
			for (k = 0; k < n_old; k++) {
				double score;

				if (claimed[k] || !same_prefix(p->id, old_ids[k]))
					continue;
				score = jaccard(&nw, &old_words[k]);
				if (score >= best_score) {
					if (score > best_score || best == n_old)
						best = k;
					best_score = score;
				}
			}
			words_release(&nw);
			if (best == n_old)
				continue;
			id = strdup(old_ids[best]);
			if (!id)
				goto out;
			free(p->id);
			p->id = id;
			claimed[best] = 1;
		}
	}
out:
	if (old_words)
		for (k = 0; k < n_old; k++)
			words_release(&old_words[k]);
	free(old_words);
	free(claimed);
}

/* Prompts a previous import stored: their ids and texts, copied. */
struct old_prompts {
	char **ids, **texts;
	size_t n, alloc;
	int nomem;
};

static int collect_prompt(void *ctx, const char *id, const char *text,
			  int archived)
{
	struct old_prompts *o = ctx;

	(void)archived;   /* an archived prompt may come back */
	if (o->n == o->alloc) {
		size_t want = o->alloc ? 2 * o->alloc : 32;
		char **ids = realloc(o->ids, want * sizeof(*ids));

		if (!ids)
			goto nomem;
		o->ids = ids;
		ids = realloc(o->texts, want * sizeof(*ids));
		if (!ids)
			goto nomem;
		o->texts = ids;
		o->alloc = want;
	}
	o->ids[o->n] = xstrdup(id);
	o->texts[o->n] = xstrdup(text ? text : "");
	if (!o->ids[o->n] || !o->texts[o->n]) {
		free(o->ids[o->n]);
		free(o->texts[o->n]);
		goto nomem;
	}
	o->n++;
	return 0;
nomem:
	o->nomem = 1;
	return 1;
}

static void old_prompts_release(struct old_prompts *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->ids[i]);
		free(o->texts[i]);
	}
	free(o->ids);
	free(o->texts);
}

int session_sync_ids(struct store *st, struct session *s)
{
	struct old_prompts old = { 0 };
	int r = store_prompt_list(st, s->number, collect_prompt, &old);

	if (r == STORE_OK && !old.nomem)
		session_adopt_ids(s, (const char *const *)old.ids,
				  (const char *const *)old.texts, old.n);
	old_prompts_release(&old);
	return r == STORE_OK && old.nomem ? STORE_ERR : r;
}
