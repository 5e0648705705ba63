#!/bin/sh
# `alignplan mail`: a composed mail read back by Python's email parser
# (headers, both parts, non-ASCII and hostile text, short lines), then
# sent to a real SMTP server (Debian's python3-aiosmtpd, started here on a
# loopback port): it arrives once with the right envelope; a server that
# is down, slow or answers 4xx gives "try again later" (exit 75), one
# answering 5xx "for good" (exit 1); credentials are taken from a private
# file or the environment and refused on the command line.
set -eu
cd "$(dirname "$0")/.."
make -s alignplan >/dev/null
tmp=$(mktemp -d)
SERVERS=
cleanup() {
	for p in $SERVERS; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
. tests/serve-lib.sh

PY=$(aiosmtpd_python)

# start_smtp NAME [OPTION...]: tests/smtp-server.py saving into $tmp/NAME;
# sets PORT.
start_smtp() {
	name=$1
	shift
	mkdir -p "$tmp/$name"
	"$PY" tests/smtp-server.py --dir "$tmp/$name" --ready "$tmp/$name.port" \
		"$@" 2>"$tmp/$name.log" &
	SERVERS="$SERVERS $!"
	i=0
	until [ -s "$tmp/$name.port" ]; do
		i=$((i + 1))
		[ $i -le 200 ] || { cat "$tmp/$name.log" >&2; fail "SMTP server $name did not start"; }
		sleep 0.05
	done
	PORT=$(cat "$tmp/$name.port")
}

# mail ARG...: alignplan mail with $tmp/text on stdin; sets RC.
mail() {
	set +e
	./alignplan mail "$@" <"$tmp/text" >"$tmp/out" 2>"$tmp/err"
	RC=$?
	set -e
}
expect() { # WANT-RC STDERR-PART WHAT
	[ -z "${MAIL_TEST_VERBOSE:-}" ] || cat "$tmp/err" >&2
	[ "$RC" = "$1" ] || fail "$3: exit $RC, want $1: $(cat "$tmp/err")"
	grep -qF -- "$2" "$tmp/err" || fail "$3: stderr lacks '$2': $(cat "$tmp/err")"
	pass "$3"
}
arrived() { ls "$tmp/$1" | grep -c '\.eml$' || true; }

FROM=noreply@plan.example.org
TO=ada@example.org
SUBJ='Grâce a commenté ton plan — 計画 🙂'
UNSUB=https://plan.example.org/unsubscribe/tok3n
LINK='https://plan.example.org/s/7/plan?c=1&d=2#c1'
{
	printf 'Dear Ada — ça va? 計画 🙂\n\n'
	printf 'Grace wrote: <script>alert("x")</script> & <b>bold</b> it'"'"'s\r\n'
	printf '.a line that starts with a dot\nFrom here on, mbox beware\n'
	printf 'trailing blanks   \n\n'
	i=0
	while [ $i -lt 300 ]; do printf 'long-line-%03d-é=' $i; i=$((i + 1)); done
	printf '\n'
} >"$tmp/text"
set -- --from "$FROM" --to "$TO" --to-name 'Ada Lövelace' \
	--from-name 'alignplan' --subject "$SUBJ" --unsubscribe "$UNSUB" \
	--link "$LINK" 'Read the comment'
check() { # FILE [mail-check.py OPTION...]
	f=$1
	shift
	"$PY" tests/mail-check.py "$f" --from "$FROM" --to "$TO" \
		--text "$tmp/text" "$@" || fail "$f is not the mail sent (above)"
}

# 1. Composed: Python's parser gets the headers and both parts back.
mail compose "$@"
[ "$RC" = 0 ] || fail "compose: exit $RC: $(cat "$tmp/err")"
check "$tmp/out" --to-name 'Ada Lövelace' --subject "$SUBJ" \
	--unsubscribe "$UNSUB" --link "$LINK" 'Read the comment'
pass "compose: headers, both parts, non-ASCII text and a 4800-byte line parse back"

# Header injection through the subject and the name: one line each.
evil=$(printf 'Hi\r\nBcc: everyone@example.org\r\n\r\nfake body')
mail compose --from "$FROM" --to "$TO" --to-name "$evil" --subject "$evil"
[ "$RC" = 0 ] || fail "compose (CR/LF in the subject): exit $RC"
check "$tmp/out" --to-name 'Hi Bcc: everyone@example.org fake body' \
	--subject 'Hi Bcc: everyone@example.org fake body'
pass "CR/LF in a subject or a name start no header"
long=$(i=0; while [ $i -lt 40 ]; do printf 'écrit%02d ' $i; i=$((i + 1)); done)
mail compose --from "$FROM" --to "$TO" --subject "$long"
[ "$RC" = 0 ] || fail "compose (a long subject): exit $RC"
check "$tmp/out" --subject "${long% }"
pass "a 360-byte non-ASCII subject folds within 78 bytes and reads back"
mail compose --from "$FROM" --to 'ädä@example.org' --subject x
expect 2 "To address" "an address that is not ASCII is refused"

# 2. Sent to a real server: arrives once, as composed.
start_smtp ok
mail send --smtp "smtp://127.0.0.1:$PORT" "$@"
[ "$RC" = 0 ] || fail "send: exit $RC: $(cat "$tmp/err")"
[ "$(arrived ok)" = 1 ] || fail "send: $(arrived ok) messages arrived, want 1"
check "$tmp/ok/001.eml" --to-name 'Ada Lövelace' --subject "$SUBJ" \
	--unsubscribe "$UNSUB" --link "$LINK" 'Read the comment' \
	--msgid "$(cat "$tmp/out")"
"$PY" -c 'import json, sys; e = json.load(open(sys.argv[1]))
sys.exit(e["mail_from"] != sys.argv[2] or e["rcpt_tos"] != [sys.argv[3]])' \
	"$tmp/ok/001.json" "$FROM" "$TO" || fail "the envelope: $(cat "$tmp/ok/001.json")"
pass "send: the server got the message once, envelope and headers right"

# 3. Try again later: nobody listening, a 4xx, a server that never answers.
down=$(free_port)
mail send --smtp "smtp://127.0.0.1:$down" "$@"
expect 75 "not sent (try again later): cannot reach the mail server" \
	"a server that is down: try again later"
start_smtp busy --rcpt-reply '451 4.3.0 mailbox busy, try later'
mail send --smtp "smtp://127.0.0.1:$PORT" "$@"
expect 75 "451 4.3.0 mailbox busy" "a 451: try again later"
start_smtp mute --mute
t0=$(date +%s)
mail send --smtp "smtp://127.0.0.1:$PORT" --timeout 1 "$@"
expect 75 "did not finish within 1 s" "a server that never answers: try again later"
[ $(($(date +%s) - t0)) -le 5 ] || fail "--timeout 1 took $(($(date +%s) - t0)) s"

# 4. For good: a 5xx to RCPT or to the end of DATA.
start_smtp nouser --rcpt-reply '550 5.1.1 no such user here'
mail send --smtp "smtp://127.0.0.1:$PORT" "$@"
expect 1 "not sent (for good): the mail server refused the message: 550 5.1.1 no such user here" \
	"a 550 to RCPT: refused for good"
start_smtp spam --data-reply '554 5.6.0 content refused'
mail send --smtp "smtp://127.0.0.1:$PORT" "$@"
expect 1 "554 5.6.0 content refused" "a 554 after DATA: refused for good"
[ "$(arrived nouser)$(arrived spam)" = 00 ] || fail "a refused message was saved"

# TLS is checked: a self-signed certificate, and a server on another
# address that offers no STARTTLS, get nothing (and the message waits).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null ||
	fail "openssl could not make a certificate"
start_smtp tls --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem"
mail send --smtp "smtps://127.0.0.1:$PORT" "$@"
expect 75 "certificate" "smtps to a self-signed certificate: try again later"
addr=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -v '^127\.' | grep '^[0-9.]*$' | head -1 || true)
if [ -n "$addr" ]; then
	start_smtp plain --host "$addr"
	mail send --smtp "smtp://$addr:$PORT" "$@"
	expect 75 "offers no STARTTLS" "smtp:// to $addr without STARTTLS: nothing sent in clear"
else
	pass "# skipped: no address but loopback for the STARTTLS check"
fi
[ "$(arrived tls)$(arrived plain 2>/dev/null || echo 0)" = 00 ] ||
	fail "a message went out without verified TLS"

# 5. Credentials: never on the command line; from the environment or a
# file only its owner reads.
start_smtp auth --auth 'ada:s3cret pw'
mail send --smtp "smtp://ada:s3cret@127.0.0.1:$PORT" "$@"
expect 2 "credentials in the URL" "credentials in the URL are refused"
for opt in --smtp-password --password --smtp-user --user; do
	mail send --smtp "smtp://127.0.0.1:$PORT" $opt s3cret "$@"
	expect 2 "credentials are never taken on the command line" "$opt is refused"
done
mail send --smtp "smtp://127.0.0.1:$PORT" "$@"
expect 75 "wants a login" "no credentials for a server that wants them: try again later"
ALIGNPLAN_SMTP_USER=ada ALIGNPLAN_SMTP_PASSWORD=wrong mail send \
	--smtp "smtp://127.0.0.1:$PORT" "$@"
expect 75 "refused the login" "a wrong password: try again later, the message kept"
[ "$(arrived auth)" = 0 ] || fail "a message got through without the login"
ALIGNPLAN_SMTP_USER=ada ALIGNPLAN_SMTP_PASSWORD='s3cret pw' mail send \
	--smtp "smtp://127.0.0.1:$PORT" "$@"
[ "$RC" = 0 ] || fail "send with the environment's login: exit $RC: $(cat "$tmp/err")"
printf 'ada\ns3cret pw\n' >"$tmp/login"
chmod 644 "$tmp/login"
mail send --smtp "smtp://127.0.0.1:$PORT" --smtp-credentials "$tmp/login" "$@"
expect 2 "chmod 600" "a credentials file others can read is refused"
chmod 600 "$tmp/login"
mail send --smtp "smtp://127.0.0.1:$PORT" --smtp-credentials "$tmp/login" "$@"
[ "$RC" = 0 ] || fail "send with a credentials file: exit $RC: $(cat "$tmp/err")"
[ "$(arrived auth)" = 2 ] || fail "$(arrived auth) messages arrived logged in, want 2"
grep -q '"login": "ada"' "$tmp/auth/001.json" "$tmp/auth/002.json" ||
	fail "not logged in as ada"
pass "the login from the environment and from a private file"

echo "cli-mail: ok"
