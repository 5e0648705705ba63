#!/bin/sh
# `alignplan serve` started as root opens its socket and database, then
# becomes an unprivileged user (nobody, or --user NAME) before serving:
# /proc shows no root id and no capability left, and pages, saves and a
# SIGHUP reload still work with the database in a directory only root can
# enter.  Root itself is refused as --user.  Needs root (CI runs as root).
set -eu
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
	echo "cli-root: skipped (needs root)"
	exit 0
fi
tmp=$(mktemp -d)        # 0700, root's: nobody cannot even look inside
. tests/serve-lib.sh
trap 'stop_server; rm -rf "$tmp"' EXIT
make -s alignplan >/dev/null
BASE=http://127.0.0.1:$(free_port)

# ids LINE: the ids of one /proc/PID/status line (Uid:, Gid:, Groups:).
ids() { awk -v k="$1" '$1 == k { $1 = ""; print }' "/proc/$SERVER_PID/status"; }

start_server "$tmp/log" ./alignplan serve --db "$tmp/db" \
	--listen "${BASE#http://}" --load content/session-07.md
nobody=$(id -u nobody) nogroup=$(id -g nobody)
[ "$(ids Uid: | xargs)" = "$nobody $nobody $nobody $nobody" ] ||
	fail "serve runs with uids $(ids Uid:), not nobody's"
[ "$(ids Gid: | xargs)" = "$nogroup $nogroup $nogroup $nogroup" ] ||
	fail "serve runs with gids $(ids Gid:)"
for g in $(ids Groups:); do
	[ "$g" != 0 ] || fail "serve kept the root group: $(ids Groups:)"
done
[ "$(ids CapEff:)" = " 0000000000000000" ] && [ "$(ids CapPrm:)" = " 0000000000000000" ] ||
	fail "serve kept capabilities: $(ids CapEff:)"
grep -q "running as user nobody (uid $nobody)" "$tmp/log" ||
	fail "the log does not say who the server runs as"
pass "serve started as root runs as nobody, no capabilities"

jar=$tmp/jar
sign_up "$jar" root%40example.org
exercise_form "$jar"
[ "$(save_answer "$jar" "saved-by-form")" = 303 ] || fail "form save: $(cat "$tmp/reply")"
shown "$jar" saved-by-form || fail "the saved answer is not shown"
[ "$(save_answer "$jar" "saved-by-autosave" autosave)" = 200 ] ||
	fail "autosave: $(cat "$tmp/reply")"
grep -q '"saved"' "$tmp/reply" || fail "autosave reply: $(cat "$tmp/reply")"
shown "$jar" saved-by-autosave || fail "the autosaved answer is not shown"
pass "pages and saves work after giving up root"

kill -HUP "$SERVER_PID"
i=0
until grep -q 'sessions reloaded' "$tmp/log"; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "no reload after SIGHUP: $(cat "$tmp/log")"
	sleep 0.05
done
shown "$jar" saved-by-autosave || fail "pages fail after the reload"
stop_server
pass "SIGHUP reloads after giving up root"

# Saves made as nobody are in the database after a restart.
start_server "$tmp/log2" ./alignplan serve --db "$tmp/db" --listen "${BASE#http://}" \
	--user daemon
[ "$(ids Uid: | xargs)" = "$(id -u daemon) $(id -u daemon) $(id -u daemon) $(id -u daemon)" ] ||
	fail "--user daemon runs with uids $(ids Uid:)"
shown "$jar" saved-by-autosave || fail "the save is lost after a restart"
stop_server
pass "--user daemon; the saves outlive a restart"

# refused ARGS -- PATTERN: serve ARGS exits 2, saying PATTERN, serving nothing.
refused() {
	set +e
	"$@" 2>"$tmp/err" >/dev/null
	got=$?
	set -e
	[ $got = 2 ] || fail "'$*' exited $got, not 2: $(cat "$tmp/err")"
}
refused ./alignplan serve --db "$tmp/db" --listen "${BASE#http://}" --user root
grep -q "will not run as root" "$tmp/err" || fail "--user root: $(cat "$tmp/err")"
refused ./alignplan serve --db "$tmp/db" --listen "${BASE#http://}" --user no-such-user-here
grep -q "no user 'no-such-user-here'" "$tmp/err" || fail "unknown --user: $(cat "$tmp/err")"
refused runuser -u nobody -- ./alignplan serve --db "$tmp/x.db" --listen "${BASE#http://}" --user daemon
grep -q "needs serve to be started as root" "$tmp/err" || fail "--user as nobody: $(cat "$tmp/err")"
pass "--user root, an unknown user, and --user without root are refused"
echo "cli-root: ok"
