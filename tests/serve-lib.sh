# tests/serve-lib.sh: helpers for the CLI tests that start a server (sourced,
# not a test itself).  The caller sets `tmp` (a scratch directory) and runs
# from the repository root; `fail MSG` ends the test.

EX=make-your-career-awesome     # a session 7 exercise with text prompts

fail() { echo "not ok - $*" >&2; exit 1; }
pass() { echo "ok - $*"; }

# A TCP port nobody listens on just now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server LOG CMD...: run CMD (a serve command line) in the background
# with stderr into LOG, and wait until $BASE answers.  Sets SERVER_PID.
start_server() {
	log=$1
	shift
	"$@" 2>"$log" &
	SERVER_PID=$!
	i=0
	until curl -sf -o /dev/null "$BASE/login"; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
			cat "$log" >&2
			fail "the server did not start: $*"
		fi
		sleep 0.05
	done
}

stop_server() {
	[ -n "${SERVER_PID:-}" ] || return 0
	kill "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=
}

csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1; }

# sign_up JAR EMAIL: a new account, its login cookie kept in JAR.
sign_up() {
	curl -sf -c "$1" -o "$tmp/signup.html" "$BASE/signup" ||
		fail "GET /signup"
	csrf=$(csrf_of <"$tmp/signup.html")
	code=$(curl -s -b "$1" -c "$1" -o /dev/null -w '%{http_code}' \
		--data "csrf=$csrf&name=Cli&email=$2&password=long+enough" \
		"$BASE/signup")
	[ "$code" = 303 ] || fail "sign-up answered $code"
}

# exercise_form JAR: fetch the exercise page as JAR's owner; sets CSRF and
# PID (its first text prompt) for save_answer.
exercise_form() {
	curl -sf -b "$1" -o "$tmp/exercise.html" "$BASE/s/7/e/$EX" ||
		fail "GET /s/7/e/$EX"
	CSRF=$(csrf_of <"$tmp/exercise.html")
	PID=$(grep -o '<textarea name="a\.[^"]*"' "$tmp/exercise.html" | head -1 |
		sed 's/.*name="a\.//; s/"$//')
	[ -n "$CSRF" ] && [ -n "$PID" ] || fail "no form on the exercise page"
}

# save_answer JAR TEXT [autosave]: save TEXT as the answer to $PID; prints
# the HTTP status, the reply body goes to $tmp/reply.
save_answer() {
	if [ -n "${3:-}" ]; then set -- "$1" "$2" -H "X-Autosave: 1"
	else set -- "$1" "$2"; fi
	jar=$1 text=$2
	shift 2
	curl -s -b "$jar" -o "$tmp/reply" -w '%{http_code}' "$@" \
		--data-urlencode "csrf=$CSRF" --data-urlencode "p=$PID" \
		--data-urlencode "a.$PID=$text" "$BASE/s/7/e/$EX"
}

# shown JAR TEXT: does the exercise page show TEXT as an answer?
shown() {
	curl -sf -b "$1" "$BASE/s/7/e/$EX" | grep -qF "$2"
}

# A python3 with aiosmtpd (Debian's, when python3 on PATH is another),
# for tests/smtp-server.py; fail when there is none.
aiosmtpd_python() {
	for p in python3 /usr/bin/python3; do
		if "$p" -c 'import aiosmtpd' 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	fail "no python3 with aiosmtpd: make test-deps installs python3-aiosmtpd"
}
