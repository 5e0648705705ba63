/*
 * fields.c: one prompt's field on the exercise page, for every field
 * kind of the session model: the head every participant shares, then
 * the controls its kind writes (the `control` slot of its row in
 * model/kinds/kind.h).  fields-post.c reads the posted form back into an
 * answer in normal form (answer.h) through the kind's `posted` slot.
 * Everything is driven by the prompt's declaration (kind, bounds,
 * options, rows=, columns), never by prompt ids.
 *
 * Form fields, for a prompt with id P (a post may carry several prompts):
 *   p=P            the prompt is part of this post
 *   a.P            text: the answer
 *   l.P (repeated) list items; your own items on a checklist; ranked:
 *                  the items, in the order shown
 *   c.P (repeated) checklist: the ticked options, by their exact text
 *   k.P (repeated) ranked: the rank typed for the l.P at the same
 *                  position; items are sorted by it on save (stable,
 *                  items without a rank keep their place after the rest)
 *   r.P (repeated) table, rounds, sprint: a row marker; it starts a row
 *   t.P.C          the cell of column C (0-based) of the row whose marker
 *                  came last before it in the body.  A mark column is a
 *                  checkbox, posted only when ticked, so cells are placed
 *                  by position and column number, never by counting.
 * Browsers post fields in document order, and app.js's autosave walks
 * the fieldset's elements in the same order, so one walk of the markers
 * and one per column rebuild every row.
 */
#include "web/widgets/fields.h"

#include "core/buf.h"
#include "core/html.h"
#include "model/kinds/kind.h"
#include "web/agendas.h"
#include "web/fragments.h"

/* ---- head: the same for every participant (pre-rendered) ---- */

static void timer_widget(struct buf *b, const struct prompt *p)
{
	html(b, "<div class=\"timer\" data-seconds=\"%d\" hidden>"
	     "<span class=\"clock\" role=\"timer\" aria-label=\"Time left\">"
	     "%d:00</span>"
	     "<button type=\"button\" data-timer=\"start\">Start %d-minute "
	     "timer</button>"
	     "<button type=\"button\" data-timer=\"pause\" disabled>Pause</button>"
	     "<button type=\"button\" data-timer=\"reset\">Reset</button>"
	     "<span class=\"announce\" role=\"alert\" aria-live=\"assertive\">"
	     "</span></div>",
	     p->timer_minutes * 60, p->timer_minutes, p->timer_minutes);
}

/* "Give 3 to 5 picks.": in the words of the prompt's kind. */
static void bounds_note(struct buf *b, const struct prompt *p)
{
	const struct kind *k = kind_of(p);
	const char *one = k->one, *many = k->many;
	int lo = p->min_items, hi = p->max_items;

	if (!(k->flags & KIND_COUNTED))
		return;
	if (lo && hi == lo)
		html(b, "<p class=\"bounds\">Give %d %s.</p>", lo,
		     lo == 1 ? one : many);
	else if (lo && hi)
		html(b, "<p class=\"bounds\">Give %d to %d %s.</p>", lo, hi,
		     many);
	else if (lo)
		html(b, "<p class=\"bounds\">Give at least %d %s.</p>", lo,
		     lo == 1 ? one : many);
	else if (hi)
		html(b, "<p class=\"bounds\">Give at most %d %s.</p>", hi,
		     hi == 1 ? one : many);
}

void ui_prompt_head(struct buf *b, const struct prompt *p)
{
	const char *pid = p->id;

	html(b, "<fieldset class=\"prompt kind-%s\" id=\"p-%s\" "
	     "data-prompt=\"%s\"><legend id=\"q-%s\">",
	     prompt_kind_name(p->kind), pid, pid, pid);
	fragment_markdown(b, p->text, 1);
	if (p->optional)
		html_raw(b, " <span class=\"tag\">optional</span>");
	else if (p->required)
		html_raw(b, " <span class=\"tag\">required</span>");
	html(b, "</legend><input type=\"hidden\" name=\"p\" value=\"%s\">", pid);
	if (p->hint) {
		html_raw(b, "<div class=\"hint\">");
		fragment_markdown(b, p->hint, 0);
		html_raw(b, "</div>");
	}
	if (p->minutes)
		html(b, "<p class=\"bounds\">Spend about %d minutes.</p>",
		     p->minutes);
	/* Who sees a support request, and from when (docs/cohorts.md). */
	if (p->support)
		html_raw(b, "<p class=\"note\">Your cohort sees this answer "
			 "on the cohort's page, and can offer to be your "
			 "accountability partner, once you share this plan "
			 "with your cohort (under “Sharing” on “Your plans”). "
			 "Your facilitators see it at once.</p>");
	bounds_note(b, p);
	if (p->timer_minutes)
		timer_widget(b, p);
}

/* ---- fields ---- */

void ui_field(struct buf *b, const struct field_ctx *fc,
	      const struct prompt *p, const char *value)
{
	/* Options as the session's copies rendered at load. */
	const struct kind_ctx c = {
		fc->s, fc->get, fc->ctx, fc->today, fragment_markdown,
		agendas_current(),
	};

	kind_of(p)->control(b, &c, p, value);
}
