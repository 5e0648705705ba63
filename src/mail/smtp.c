/*
 * smtp.c: one message to one SMTP server through libcurl (see smtp.h).
 * libcurl speaks the protocol; this file chooses its settings, keeps the
 * credentials out of the URL, and watches the exchange (its debug
 * callback) to tell "try again later" from "refused for good".
 */
#include "mail/smtp.h"

#include "mail/message.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int smtp_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static int loopback(const char *host)
{
	if (!strcmp(host, "localhost") || !strcmp(host, "[::1]"))
		return 1;
	return !strncmp(host, "127.", 4) &&
	       strspn(host, "0123456789.") == strlen(host);
}

/* The URL: smtp(s), a host, no user, password, options, query or
 * fragment.  Sets s->url and s->loopback. */
static const char *check_url(struct smtp *s, const char *url)
{
	CURLU *u = curl_url();
	char *part = NULL;
	const char *why = NULL;
	static const CURLUPart banned[] = { CURLUPART_USER,
		CURLUPART_PASSWORD, CURLUPART_OPTIONS };
	size_t i;

	if (!u)
		return "out of memory";
	if (strlen(url) > SMTP_URL_MAX ||
	    curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		why = "--smtp is not a URL (smtp://HOST[:PORT] or "
		      "smtps://HOST[:PORT])";
		goto out;
	}
	for (i = 0; i < sizeof(banned) / sizeof(banned[0]); i++)
		if (curl_url_get(u, banned[i], &part, 0) == CURLUE_OK) {
			why = "credentials in the URL would be on the command "
			      "line for all to see: give them in a file "
			      "(--smtp-credentials) or in " SMTP_ENV_USER
			      " and " SMTP_ENV_PASSWORD;
			goto out;
		}
	if (curl_url_get(u, CURLUPART_QUERY, &part, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_FRAGMENT, &part, 0) == CURLUE_OK) {
		why = "the mail server's URL takes no query or fragment";
		goto out;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &part, 0) != CURLUE_OK ||
	    (strcmp(part, "smtp") && strcmp(part, "smtps"))) {
		why = "the mail server's URL must start with smtp:// or "
		      "smtps://";
		goto out;
	}
	curl_free(part);
	part = NULL;
	if (curl_url_get(u, CURLUPART_HOST, &part, 0) != CURLUE_OK) {
		why = "the mail server's URL has no host";
		goto out;
	}
	s->loopback = loopback(part);
	snprintf(s->url, sizeof(s->url), "%s", url);
out:
	curl_free(part);
	curl_url_cleanup(u);
	return why;
}

/* Copy one line of `p` into `out` (size SMTP_LOGIN_MAX + 1); returns the
 * rest, or NULL when the line is empty or too long. */
static const char *take_line(const char *p, char *out)
{
	size_t n = strcspn(p, "\r\n");

	if (!n || n > SMTP_LOGIN_MAX)
		return NULL;
	memcpy(out, p, n);
	out[n] = '\0';
	p += n;
	if (*p == '\r')
		p++;
	if (*p == '\n')
		p++;
	return p;
}

/* The credentials file: a regular file only its owner may read or
 * write, holding the user on its first line and the password on its
 * second. */
static const char *read_login(struct smtp *s, const char *path)
{
	char data[2 * SMTP_LOGIN_MAX + 8];
	struct stat st;
	const char *why = NULL, *p;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return "cannot open the credentials file";
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		why = "the credentials file is not a regular file";
	else if (st.st_mode & 077)
		why = "others may read or write the credentials file: "
		      "chmod 600 it";
	else if ((n = read(fd, data, sizeof(data) - 1)) < 0)
		why = "cannot read the credentials file";
	else if ((size_t)n == sizeof(data) - 1)
		why = "the credentials file is too long (a user and a "
		      "password, each on one line)";
	else {
		data[n] = '\0';
		p = take_line(data, s->user);
		if (!p || !take_line(p, s->password))
			why = "the credentials file needs the user on its "
			      "first line and the password on its second";
		s->login = !why;
	}
	sodium_memzero(data, sizeof(data));
	close(fd);
	return why;
}

static const char *env_login(struct smtp *s)
{
	const char *u = getenv(SMTP_ENV_USER), *p = getenv(SMTP_ENV_PASSWORD);

	if (!u && !p)
		return NULL;
	if (!u || !p || !*u || !*p)
		return SMTP_ENV_USER " and " SMTP_ENV_PASSWORD
		       " go together: set both or neither";
	if (strlen(u) > SMTP_LOGIN_MAX || strlen(p) > SMTP_LOGIN_MAX)
		return "the SMTP user or password is over 256 bytes";
	snprintf(s->user, sizeof(s->user), "%s", u);
	snprintf(s->password, sizeof(s->password), "%s", p);
	s->login = 1;
	return NULL;
}

int smtp_config(struct smtp *s, const char *url, const char *cred_path,
		long timeout, char *err, size_t errlen)
{
	const char *why;

	memset(s, 0, sizeof(*s));
	s->timeout = timeout ? timeout : SMTP_TIMEOUT_DEFAULT;
	if (s->timeout < 1 || s->timeout > SMTP_TIMEOUT_MAX)
		why = "the timeout must be 1 to 600 seconds";
	else if (!(why = check_url(s, url)))
		why = cred_path ? read_login(s, cred_path) : env_login(s);
	if (why) {
		smtp_release(s);
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	return 0;
}

void smtp_release(struct smtp *s)
{
	sodium_memzero(s->password, sizeof(s->password));
	s->login = 0;
}

enum smtp_result smtp_result_of(int curl_code, long reply, int in_message)
{
	if (curl_code == CURLE_OK)
		return SMTP_SENT;
	/* A 5xx to the message's own commands refuses this message; one to
	 * EHLO, STARTTLS or AUTH refuses the setting, not the message, and
	 * so does 530, "authentication required" (RFC 4954), to MAIL. */
	if (reply >= 500 && reply <= 599 && reply != 530 && in_message &&
	    curl_code != CURLE_LOGIN_DENIED)
		return SMTP_REFUSED;
	return SMTP_RETRY;
}

/* What the exchange showed, gathered by watch(). */
struct exchange {
	const char *msg;
	size_t len, off;
	long reply;		/* the last reply's code */
	char line[200];		/* its text, printable ASCII */
	int in_message;		/* MAIL FROM was sent */
	int quit;		/* QUIT was sent: later replies are not news */
};

static size_t reader(char *dst, size_t size, size_t nmemb, void *p)
{
	struct exchange *x = p;
	size_t n = size * nmemb;

	if (n > x->len - x->off)
		n = x->len - x->off;
	memcpy(dst, x->msg + x->off, n);
	x->off += n;
	return n;
}

/* libcurl's debug callback: the commands we send (only their verb is
 * looked at: AUTH carries the password) and the replies we get. */
static int watch(CURL *c, curl_infotype type, char *data, size_t n,
		 void *p)
{
	struct exchange *x = p;
	size_t i, k = 0;

	(void)c;
	if (type == CURLINFO_HEADER_OUT && n >= 4) {
		if (!strncmp(data, "MAIL", 4))
			x->in_message = 1;
		if (!strncmp(data, "QUIT", 4))
			x->quit = 1;
	}
	if (type != CURLINFO_HEADER_IN || x->quit || n < 3 ||
	    data[0] < '2' || data[0] > '5')
		return 0;
	x->reply = (data[0] - '0') * 100 + (data[1] - '0') * 10 +
		   (data[2] - '0');
	for (i = 0; i < n && k + 1 < sizeof(x->line); i++) {
		if (data[i] == '\r' || data[i] == '\n')
			break;
		x->line[k++] = data[i] >= ' ' && data[i] <= '~' ? data[i] : '?';
	}
	x->line[k] = '\0';
	return 0;
}

static void describe(enum smtp_result r, CURLcode rc, const char *ebuf,
		     const struct smtp *s, const struct exchange *x,
		     char *err, size_t errlen)
{
	const char *detail = *ebuf ? ebuf : curl_easy_strerror(rc);

	if (r == SMTP_REFUSED)
		snprintf(err, errlen, "the mail server refused the message: "
			 "%s", x->line);
	else if (rc == CURLE_LOGIN_DENIED)
		snprintf(err, errlen, "the mail server refused the login "
			 "(check the credentials): %s", x->line);
	else if (x->reply == 530)
		snprintf(err, errlen, "the mail server wants a login (give "
			 "credentials): %s", x->line);
	else if (rc == CURLE_USE_SSL_FAILED)
		snprintf(err, errlen, "the mail server offers no STARTTLS, "
			 "which smtp:// requires for a server on another "
			 "machine (%s)", detail);
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(err, errlen, "the mail server did not finish within "
			 "%ld s (%s)", s->timeout, detail);
	else if (rc == CURLE_COULDNT_CONNECT ||
		 rc == CURLE_COULDNT_RESOLVE_HOST)
		snprintf(err, errlen, "cannot reach the mail server: %s",
			 detail);
	else if (x->reply >= 400)
		snprintf(err, errlen, "the mail server answered: %s",
			 x->line);
	else
		snprintf(err, errlen, "the delivery failed: %s", detail);
}

static void setup(CURL *c, const struct smtp *s, struct exchange *x,
		  struct curl_slist *rcpt, const char *from, char *ebuf)
{
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, s->timeout);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, s->timeout);
	curl_easy_setopt(c, CURLOPT_USE_SSL, s->loopback ? CURLUSESSL_NONE :
			 (long)CURLUSESSL_ALL);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, reader);
	curl_easy_setopt(c, CURLOPT_READDATA, x);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)x->len);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, watch);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, x);
	if (s->login) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
	}
}

enum smtp_result smtp_send(const struct smtp *s, const char *from,
			   const char *to, const char *msg, size_t len,
			   char *err, size_t errlen)
{
	struct exchange x = { .msg = msg, .len = len };
	char ebuf[CURL_ERROR_SIZE] = "", env_from[MAIL_ADDR_MAX + 3],
	     env_to[MAIL_ADDR_MAX + 3];
	struct curl_slist *rcpt = NULL;
	enum smtp_result r;
	CURLcode rc;
	CURL *c;

	/* Checked again here: the addresses become SMTP commands. */
	if (!mail_addr_ok(from) || !mail_addr_ok(to)) {
		snprintf(err, errlen, "not an address to send from or to");
		return SMTP_REFUSED;
	}
	snprintf(env_from, sizeof(env_from), "<%s>", from);
	snprintf(env_to, sizeof(env_to), "<%s>", to);
	if (!(c = curl_easy_init()) ||
	    !(rcpt = curl_slist_append(NULL, env_to))) {
		curl_easy_cleanup(c);
		snprintf(err, errlen, "no delivery: out of memory");
		return SMTP_RETRY;
	}
	setup(c, s, &x, rcpt, env_from, ebuf);
	rc = curl_easy_perform(c);
	r = smtp_result_of(rc, x.reply, x.in_message);
	if (r != SMTP_SENT)
		describe(r, rc, ebuf, s, &x, err, errlen);
	else if (errlen)
		*err = '\0';
	curl_easy_cleanup(c);
	curl_slist_free_all(rcpt);
	return r;
}
