#!/bin/sh
# Notifications and their mail through a real SMTP server (Debian's
# python3-aiosmtpd, tests/smtp-server.py on a loopback port): a comment,
# a mention, a digest of three events in one mail, an unsubscribe link
# that works without logging in (tests/notify-check.py checks each
# mail); then the fault test: the SMTP server stopped while 100
# notifications are queued and started again on its port, all 100
# arrive and none twice, with one app server and then with two on one
# SQLite file, both with --smtp.  Without --smtp the mail is kept and an
# admin reads it on /admin/mail.
set -eu
cd "$(dirname "$0")/.."
make -s alignplan >/dev/null
tmp=$(mktemp -d)
SERVERS=
SERVER2=
cleanup() {
	stop_server
	[ -z "$SERVER2" ] || { kill "$SERVER2" 2>/dev/null || true; wait "$SERVER2" 2>/dev/null || true; }
	for p in $SERVERS; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	[ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
. tests/serve-lib.sh

PY=$(aiosmtpd_python)

# start_smtp NAME [PORT]: tests/smtp-server.py saving into $tmp/NAME (on
# PORT, else a free one); sets PORT and SMTP_PID.
start_smtp() {
	name=$1
	mkdir -p "$tmp/$name"
	rm -f "$tmp/$name.port"
	"$PY" tests/smtp-server.py --dir "$tmp/$name" --ready "$tmp/$name.port" \
		--port "${2:-0}" 2>"$tmp/$name.log" &
	SMTP_PID=$!
	SERVERS="$SERVERS $SMTP_PID"
	i=0
	until [ -s "$tmp/$name.port" ]; do
		i=$((i + 1))
		[ $i -le 200 ] || { cat "$tmp/$name.log" >&2; fail "SMTP server $name did not start"; }
		sleep 0.05
	done
	PORT=$(cat "$tmp/$name.port")
}
stop_smtp() {
	kill "$SMTP_PID"
	wait "$SMTP_PID" 2>/dev/null || true
}

DB=$tmp/notify.db
printf 'long enough\n' | ./alignplan user add --db "sqlite:$DB" --admin \
	fac@example.org Facilitator >/dev/null
MAILOPTS="--public-url https://plan.example.org --mail-from noreply@plan.example.org --mail-retry-max 1 --digest-after 2"

# Without --smtp: a comment's mail is kept, and an admin reads it.
BASE=http://127.0.0.1:$(free_port)
start_server "$tmp/held.log" ./alignplan serve --db "sqlite:$DB" \
	--listen "${BASE#http://}" --load content/session-07.md $MAILOPTS
"$PY" tests/notify-check.py world "$BASE" "$tmp/state.json"
"$PY" - "$BASE" "$tmp/state.json" <<'EOF'
import sys, importlib.util
spec = importlib.util.spec_from_file_location("nc", "tests/notify-check.py")
nc = importlib.util.module_from_spec(spec); spec.loader.exec_module(nc)
base, state = sys.argv[1], sys.argv[2]
s = nc.load(state)
nc.comment(base, s, "bob", "Held while no mail server is set")
fac = nc.login(base, "fac@example.org", "long enough")
page = fac.get("/admin/mail")
if "1 waiting" not in page or "started without <code>--smtp</code>" not in page:
    nc.fail("the admin's outbox does not show the held mail:\n" + page[:1500])
import re
mid = re.search(r'href="/admin/mail/(\d+)"', page).group(1)
one = fac.get("/admin/mail/" + mid)
if "Held while no mail server is set" not in one or "List-Unsubscribe" not in one:
    nc.fail("the held mail is not readable")
nc.Who(base, s["people"]["bob"]).get("/admin/mail", want=403)
print("ok - without --smtp the mail is held and an admin reads it (others may not)")
EOF
stop_server

# With --smtp: the held mail goes first, then each check.
start_smtp main
start_server "$tmp/serve.log" ./alignplan serve --db "sqlite:$DB" \
	--listen "${BASE#http://}" --smtp "smtp://127.0.0.1:$PORT" $MAILOPTS
"$PY" - "$tmp/main" <<'EOF' || fail "the held mail was not sent"
import sys, time, glob
end = time.time() + 15
while time.time() < end and not glob.glob(sys.argv[1] + "/*.eml"):
    time.sleep(0.1)
sys.exit(0 if glob.glob(sys.argv[1] + "/*.eml") else 1)
EOF
pass "the held mail goes once a server with --smtp runs"
rm -f "$tmp/main"/*
"$PY" tests/notify-check.py mails "$BASE" "$tmp/state.json" "$tmp/main"

# Fault: the mail server goes down with 100 notices queued, comes back.
stop_smtp
"$PY" tests/notify-check.py flood "$BASE" "$tmp/state.json" 100
sleep 2
grep -q "mail .* to cleo@example.org: " "$tmp/serve.log" ||
	fail "the sender did not report the mail server down"
start_smtp flood1 "$PORT"
"$PY" tests/notify-check.py count "$tmp/flood1" 100 60

# The same with two app servers on one SQLite file, both sending.
BASE2=http://127.0.0.1:$(free_port)
./alignplan serve --db "sqlite:$DB" --listen "${BASE2#http://}" \
	--smtp "smtp://127.0.0.1:$PORT" $MAILOPTS 2>"$tmp/serve2.log" &
SERVER2=$!
i=0
until curl -sf -o /dev/null "$BASE2/login"; do
	i=$((i + 1)); [ $i -le 100 ] || fail "the second server did not start"; sleep 0.05
done
stop_smtp
"$PY" tests/notify-check.py flood "$BASE,$BASE2" "$tmp/state.json" 100
sleep 2
start_smtp flood2 "$PORT"
"$PY" tests/notify-check.py count "$tmp/flood2" 100 60
grep -q "mail .* to cleo@example.org: " "$tmp/serve2.log" ||
	fail "the second server's sender did not try"
pass "two app servers on one database: 100 queued while the mail server was down, each sent once"
