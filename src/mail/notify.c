/*
 * notify.c: the mail of notifications (notify.h): a notice's mail, the
 * digest, and the signed unsubscribe links.
 */
#include "mail/notify.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct notify_cfg cfg = {
	NOTIFY_FROM_DEFAULT, "alignplan", NOTIFY_BASE_DEFAULT, false,
};

void notify_configure(const struct notify_cfg *c)
{
	cfg = *c;
}

const struct notify_cfg *notify_config(void)
{
	return &cfg;
}

static const struct {
	const char *word, *label;
} kinds[NOTICE_KINDS] = {
	[NOTICE_COMMENT] = { "comment", "Comments on my plans" },
	[NOTICE_REPLY] = { "reply", "Replies to my comments" },
	[NOTICE_MENTION] = { "mention", "Mentions of me" },
	[NOTICE_PARTNER] = { "partner", "Partner requests" },
	[NOTICE_MILESTONE] = { "milestone",
			       "Milestones and cheap tests due in two days" },
	[NOTICE_INTRO] = { "intro", "Introductions in the people directory" },
	[NOTICE_INVITE] = { "invite", "Invites to a cohort" },
	[NOTICE_MISSED] = { "missed", "Check-ins missed by someone I back" },
	[NOTICE_REVIEW] = { "review", "My cohort's final review session" },
	[NOTICE_NUDGE] = { "nudge", "Nudges from my facilitators" },
};

const char *notify_kind_label(int kind)
{
	return kind > 0 && kind < NOTICE_KINDS ? kinds[kind].label : NULL;
}

const char *notify_kind_word(int kind)
{
	return kind > 0 && kind < NOTICE_KINDS ? kinds[kind].word : NULL;
}

/* ---- unsubscribe tokens ---- */

#define MAC_BYTES 16

/* The MAC of (user, kind) under the database's key, as hex. */
static int token_mac(struct store *st, int64_t user, int kind,
		     char hex[2 * MAC_BYTES + 1])
{
	unsigned char key[crypto_auth_KEYBYTES], fresh[crypto_auth_KEYBYTES];
	unsigned char mac[crypto_auth_BYTES];
	char msg[64];
	int r;

	randombytes_buf(fresh, sizeof(fresh));
	r = store_secret(st, "unsubscribe", fresh, sizeof(fresh), key);
	sodium_memzero(fresh, sizeof(fresh));
	if (r != STORE_OK)
		return r;
	snprintf(msg, sizeof(msg), "unsubscribe:%lld:%d", (long long)user,
		 kind);
	crypto_auth(mac, (const unsigned char *)msg, strlen(msg), key);
	sodium_memzero(key, sizeof(key));
	sodium_bin2hex(hex, 2 * MAC_BYTES + 1, mac, MAC_BYTES);
	return STORE_OK;
}

int notify_token(struct store *st, int64_t user, int kind,
		 char out[NOTIFY_TOKEN_MAX])
{
	char hex[2 * MAC_BYTES + 1];
	int r = token_mac(st, user, kind, hex);

	if (r == STORE_OK)
		snprintf(out, NOTIFY_TOKEN_MAX, "%lld-%d-%s", (long long)user,
			 kind, hex);
	return r;
}

/* "USER-KIND-HEX" with plain decimal numbers; -1 when it is not. */
static int token_parse(const char *t, int64_t *user, int *kind,
		       const char **mac)
{
	char *end;
	long long u;
	long k;

	if (*t < '1' || *t > '9')
		return -1;
	u = strtoll(t, &end, 10);
	if (*end != '-' || end[1] < '0' || end[1] > '9')
		return -1;
	k = strtol(end + 1, &end, 10);
	if (*end != '-' || k < 0 || k >= NOTICE_KINDS ||
	    strlen(end + 1) != 2 * MAC_BYTES ||
	    strspn(end + 1, "0123456789abcdef") != 2 * MAC_BYTES)
		return -1;
	*user = u;
	*kind = (int)k;
	*mac = end + 1;
	return 0;
}

int notify_token_check(struct store *st, const char *token, int64_t *user,
		       int *kind, int *store_err)
{
	char want[2 * MAC_BYTES + 1];
	const char *mac;
	int64_t u;
	int k, r;

	*store_err = 0;
	if (strlen(token) >= NOTIFY_TOKEN_MAX ||
	    token_parse(token, &u, &k, &mac))
		return -1;
	if ((r = token_mac(st, u, k, want)) != STORE_OK) {
		*store_err = r;
		return -1;
	}
	if (sodium_memcmp(want, mac, 2 * MAC_BYTES))
		return -1;
	*user = u;
	*kind = k;
	return 0;
}

/* ---- mails ---- */



/* The whole message for `to`; nm->m points into nm. */
static int compose(struct notify_mail *nm, struct store *st,
		   const struct user *to, int kind, const char *subject,
		   const char *text, const struct mail_link *links,
		   size_t nlinks, const char *from_name, char *err,
		   size_t errlen)
{
	char token[NOTIFY_TOKEN_MAX], unsub[MAIL_URL_MAX];
	struct mail_msg m = {
		.from_name = from_name ? from_name : cfg.from_name,
		.from_addr = cfg.from_addr,
		.to_name = to->name, .to_addr = to->email,
		.subject = subject, .text = text, .links = links,
		.nlinks = nlinks, .unsubscribe = unsub,
		.date = (time_t)store_now(st),
	};

	buf_init(&nm->msg, MAIL_MESSAGE_MAX);
	buf_init(&nm->text, MAIL_BODY_MAX);
	snprintf(nm->subject, sizeof(nm->subject), "%s", subject);
	snprintf(nm->env_to, sizeof(nm->env_to), "%s", to->email);
	buf_adds(&nm->text, text);
	if (nm->text.err)
		snprintf(err, errlen, "out of memory");
	else if (notify_token(st, to->id, kind, token) != STORE_OK)
		snprintf(err, errlen, "the unsubscribe key could not be read: "
			 "%s", store_errmsg(st));
	else {
		snprintf(unsub, sizeof(unsub), "%s/unsubscribe/%s",
			 cfg.base_url, token);
		if (!mail_compose(&nm->msg, &m, nm->msgid, err, errlen))
			goto made;
	}
	notify_mail_release(nm);
	return -1;
made:
	nm->m = (struct mail_new){
		.env_from = cfg.from_addr, .env_to = nm->env_to,
		.message_id = nm->msgid, .subject = nm->subject,
		.text = nm->text.data,
		.msg = nm->msg.data, .len = nm->msg.len,
	};
	return 0;
}

int notify_mail_make(struct notify_mail *nm, struct store *st,
		     const struct user *to, int kind, const char *subject,
		     const char *text, const char *path, char *err,
		     size_t errlen)
{
	return notify_mail_from(nm, st, NULL, to, kind, subject, text, path,
				err, errlen);
}

int notify_mail_from(struct notify_mail *nm, struct store *st,
		     const char *from_name, const struct user *to, int kind,
		     const char *subject, const char *text, const char *path,
		     char *err, size_t errlen)
{
	char url[MAIL_URL_MAX], prefs[MAIL_URL_MAX];
	struct mail_link links[2] = {
		{ "Open it", url },
		{ "Choose which mail you get", prefs },
	};

	snprintf(url, sizeof(url), "%s%s", cfg.base_url, path);
	snprintf(prefs, sizeof(prefs), "%s/notifications", cfg.base_url);
	return compose(nm, st, to, kind, subject, text, links, 2, from_name,
		       err, errlen);
}

int notify_invite_mail(struct notify_mail *nm, struct store *st,
		       const char *from_name, const char *to_addr,
		       const char *subject, const char *text,
		       const char *path, char *err, size_t errlen)
{
	char url[MAIL_URL_MAX];
	struct mail_link link = { "Join the cohort", url };
	struct mail_msg m = {
		.from_name = from_name, .from_addr = cfg.from_addr,
		.to_addr = to_addr, .subject = subject, .text = text,
		.links = &link, .nlinks = 1, .date = (time_t)store_now(st),
	};

	snprintf(url, sizeof(url), "%s%s", cfg.base_url, path);
	buf_init(&nm->msg, MAIL_MESSAGE_MAX);
	buf_init(&nm->text, MAIL_BODY_MAX);
	snprintf(nm->subject, sizeof(nm->subject), "%s", subject);
	snprintf(nm->env_to, sizeof(nm->env_to), "%s", to_addr);
	buf_adds(&nm->text, text);
	if (nm->text.err || mail_compose(&nm->msg, &m, nm->msgid, err,
					 errlen)) {
		if (nm->text.err)
			snprintf(err, errlen, "out of memory");
		notify_mail_release(nm);
		return -1;
	}
	nm->m = (struct mail_new){
		.env_from = cfg.from_addr, .env_to = nm->env_to,
		.message_id = nm->msgid, .subject = nm->subject,
		.text = nm->text.data, .msg = nm->msg.data, .len = nm->msg.len,
	};
	return 0;
}

void notify_mail_release(struct notify_mail *nm)
{
	buf_release(&nm->msg);
	buf_release(&nm->text);
}

/* ---- the digest ---- */

#define DIGEST_ITEMS 40         /* notices in one digest mail; more go in
				 * the next one */

struct digest {
	struct buf text;
	char urls[DIGEST_ITEMS][MAIL_URL_MAX];
	char labels[DIGEST_ITEMS][16];
	char prefs[MAIL_URL_MAX];
	struct mail_link links[DIGEST_ITEMS + 1];
	size_t n;
	int64_t upto;
};

static int on_waiting(void *ctx, const struct notice *n)
{
	struct digest *d = ctx;

	snprintf(d->labels[d->n], sizeof(d->labels[d->n]), "Open %zu",
		 d->n + 1);
	snprintf(d->urls[d->n], MAIL_URL_MAX, "%s%s", cfg.base_url, n->link);
	d->links[d->n] = (struct mail_link){ d->labels[d->n], d->urls[d->n] };
	buf_addf(&d->text, "%zu. %s\n", d->n + 1, n->text);
	d->upto = n->id;
	d->n++;
	return d->n == DIGEST_ITEMS;
}

/* One person's digest, queued with its notices marked done. */
static int digest_one(struct store *st, int64_t user)
{
	struct digest *d = calloc(1, sizeof(*d));
	struct notify_mail nm;
	struct user to;
	char subject[80], err[200];
	int r = -1;

	if (!d)
		return -1;
	buf_init(&d->text, MAIL_BODY_MAX);
	if (store_user_by_id(st, user, &to) != STORE_OK ||
	    store_digest_list(st, user, DIGEST_ITEMS, on_waiting, d) !=
		    STORE_OK || !d->n)
		goto out;
	snprintf(d->prefs, sizeof(d->prefs), "%s/notifications",
		 cfg.base_url);
	d->links[d->n] = (struct mail_link){ "Choose which mail you get",
					     d->prefs };
	snprintf(subject, sizeof(subject), "alignplan: %zu new notification%s",
		 d->n, d->n == 1 ? "" : "s");
	buf_adds(&d->text, "\nWhat happened since your last digest; the "
		 "links below open each.\n");
	if (d->text.err ||
	    compose(&nm, st, &to, 0, subject, d->text.data, d->links,
		    d->n + 1, NULL, err, sizeof(err))) {
		/* Said once: its notices are marked done without a mail. */
		fprintf(stderr, "alignplan: the digest for user %lld: %s; its "
			"%zu notices stay in the app only\n", (long long)user,
			d->text.err ? "out of memory" : err, d->n);
		store_digest_queue(st, user, d->upto, NULL);
		goto out;
	}
	r = store_digest_queue(st, user, d->upto, &nm.m) == STORE_OK ? 0 : -1;
	notify_mail_release(&nm);
out:
	buf_release(&d->text);
	free(d);
	return r;
}

struct due {
	int64_t users[64];
	size_t n;
};

static int on_due(void *ctx, int64_t user)
{
	struct due *d = ctx;

	d->users[d->n++] = user;
	return d->n == sizeof(d->users) / sizeof(*d->users);
}

int notify_digests(struct store *st, int64_t before)
{
	struct due d = { .n = 0 };
	size_t i;
	int sent = 0;

	/* The list is read first: no write may run inside its walk. */
	if (store_digest_due(st, before, 64, on_due, &d) != STORE_OK)
		return -1;
	for (i = 0; i < d.n; i++)
		if (!digest_one(st, d.users[i]))
			sent++;
	return sent;
}
