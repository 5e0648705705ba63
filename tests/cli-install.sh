#!/bin/sh
# `make install DESTDIR=...` puts the binary, its manual, session 7 and the
# systemd unit where PREFIX says, and `systemd-analyze verify` accepts the
# unit as installed: run with --root on the DESTDIR tree, so the ExecStart
# binary it checks is the one just installed, and held to no output at all
# (verify exits 0 on an unknown key or system call group, and only warns).
# Units with a planted fault must fail the same check.  The unit's command
# line must also start the installed binary, and its sandbox must rate
# "OK" or better in `systemd-analyze security`.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
. tests/serve-lib.sh
trap 'stop_server; rm -rf "$tmp"' EXIT
command -v systemd-analyze >/dev/null ||
	fail "systemd-analyze is missing: install Debian's systemd (make test-deps)"

# installed ROOT PREFIX: each file under ROOT/PREFIX, with its mode.
installed() {
	for f in "bin/alignplan 755" "share/man/man1/alignplan.1 644" \
		"share/alignplan/session-07.md 644" \
		"lib/systemd/system/alignplan.service 644"; do
		path=$1$2/${f% *}
		[ -f "$path" ] || fail "make install left no $2/${f% *}"
		[ "$(stat -c %a "$path")" = "${f#* }" ] ||
			fail "$2/${f% *} has mode $(stat -c %a "$path"), not ${f#* }"
	done
	cmp -s docs/alignplan.1 "$1$2/share/man/man1/alignplan.1" || fail "the manual differs"
	cmp -s content/session-07.md "$1$2/share/alignplan/session-07.md" ||
		fail "session 7 differs"
	"$1$2/bin/alignplan" --version | grep -q '^alignplan ' ||
		fail "the installed binary does not run"
	grep -qx "ExecStart=$2/bin/alignplan serve .*--load $2/share/alignplan/session-07.md.*" \
		"$1$2/lib/systemd/system/alignplan.service" ||
		fail "the unit does not start $2/bin/alignplan with $2's session 7"
}

root=$tmp/root
make -s install DESTDIR="$root" >/dev/null
installed "$root" /usr/local
make -s install DESTDIR="$tmp/usr" PREFIX=/usr >/dev/null
installed "$tmp/usr" /usr
pass "make install: binary, manual, session 7 and unit under PREFIX, in DESTDIR"

unit=$root/usr/local/lib/systemd/system/alignplan.service
for want in DynamicUser=yes ProtectSystem=strict StateDirectory=alignplan \
	NoNewPrivileges=yes PrivateTmp=yes ProtectHome=yes \
	"RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" \
	SystemCallFilter=@system-service CapabilityBoundingSet=; do
	grep -qx "$want" "$unit" || fail "the unit lacks $want"
done

# The unit's ExecStart, %S (/var/lib) made a scratch directory and the
# paths made the DESTDIR ones, starts the installed binary and serves.
mkdir -p "$tmp/state/alignplan"
BASE=http://127.0.0.1:$(free_port)
cmd=$(sed -n 's/^ExecStart=//p' "$unit" | sed -e "s|%S|$tmp/state|g" \
	-e "s|/usr/local/|$root/usr/local/|g" -e "s|127.0.0.1:8080|${BASE#http://}|")
# shellcheck disable=SC2086 # the unit's words, split as systemd splits them
start_server "$tmp/serve.log" $cmd
curl -sf "$BASE/login" | grep -q 'alignplan' || fail "the unit's server serves no login page"
stop_server
[ -f "$tmp/state/alignplan/alignplan.db" ] || fail "the database is not in the state directory"
pass "the unit's ExecStart serves, its database in the state directory"

# verify_ok UNIT: systemd-analyze verify accepts UNIT, silently.  The root
# is the DESTDIR tree, with the host's units (the targets ours hangs on)
# and kill (ExecReload), as an installed system has them.
mkdir -p "$root/usr/lib/systemd" "$root/bin"
cp -a /lib/systemd/system "$root/usr/lib/systemd/"
cp /bin/kill "$root/bin/kill"
verify_ok() {
	SYSTEMD_LOG_COLOR=0 systemd-analyze verify --man=no --root="$root" "$1" \
		>"$tmp/verify.out" 2>&1 && [ ! -s "$tmp/verify.out" ]
}
verify_ok "$unit" || fail "systemd-analyze verify: $(cat "$tmp/verify.out")"
pass "systemd-analyze verify accepts the installed unit, without a warning"

# Plant faults; each must be caught.  The broken unit sits beside ours.
broken=$root/usr/local/lib/systemd/system/alignplan-broken.service
plant() {
	sed "$1" "$unit" >"$broken"
	cmp -s "$unit" "$broken" && fail "planting '$2' changed nothing"
	if verify_ok "$broken"; then fail "verify accepts a unit with $2"; fi
	pass "verify rejects $2: $(head -1 "$tmp/verify.out")"
}
plant 's/^DynamicUser=yes/DynamicUsr=yes/' "a misspelt key"
plant 's/^ProtectSystem=strict/ProtectSystem=strickt/' "a bad value"
plant 's/^SystemCallFilter=@system-service/SystemCallFilter=@system-servic/' \
	"an unknown system call group"
plant 's/^RestrictAddressFamilies=.*/RestrictAddressFamilies=AF_INET AF_INETT/' \
	"an unknown address family"
plant 's|^ExecStart=/usr/local/bin/alignplan|ExecStart=/usr/local/bin/alignplan-gone|' \
	"a missing ExecStart binary"
rm "$broken"

# The sandbox lets the app run: under strace, as the unprivileged user
# the unit gives it, the server starts, signs up (argon2id), serves, saves,
# reloads and stops using only the system calls the unit's
# SystemCallFilter= lines allow, sockets of its RestrictAddressFamilies=,
# and no memory both writable and executable (MemoryDenyWriteExecute=).
command -v strace >/dev/null || fail "strace is missing (make test-deps)"
as=
if [ "$(id -u)" = 0 ]; then
	as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	chown -R nobody "$tmp/state"
	chmod 0755 "$tmp"
fi
rm -f "$tmp/state/alignplan/alignplan.db"
# shellcheck disable=SC2086
start_server "$tmp/strace.log" $as strace -f -qq -o "$tmp/state/trace" $cmd
jar=$tmp/jar
sign_up "$jar" sandbox%40example.org
exercise_form "$jar"
[ "$(save_answer "$jar" sandboxed)" = 303 ] || fail "a save under strace"
[ "$(save_answer "$jar" sandboxed-autosave autosave)" = 200 ] || fail "an autosave under strace"
shown "$jar" sandboxed-autosave || fail "the autosave is not shown under strace"
server=$(pgrep -P "$SERVER_PID" -x alignplan) || fail "no server process under strace"
kill -HUP "$server"
sleep 0.3
kill "$server"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=
grep -q 'sessions reloaded' "$tmp/strace.log" || fail "no reload under strace"
systemd-analyze syscall-filter >"$tmp/groups"
cat >"$tmp/sandbox.py" <<'EOF_PY'
import re, sys
unit, groups_file, trace = sys.argv[1:]
groups, cur = {}, None
for l in open(groups_file):
    if l.startswith("@"):
        cur = groups.setdefault(l.strip(), [])
    elif l.startswith("    ") and cur is not None and not l.strip().startswith("#"):
        cur.append(l.strip())
def expand(names):
    out = set()
    for n in names:
        out |= expand(groups[n]) if n.startswith("@") else {n}
    return out
allowed, families, wx = None, set(), False
for l in open(unit):
    k, _, v = l.strip().partition("=")
    if k == "SystemCallFilter":
        if v.startswith("~"):
            allowed -= expand(v[1:].split())
        else:
            allowed = expand(v.split()) | (allowed or set())
    elif k == "RestrictAddressFamilies":
        families = set(v.split())
    elif k == "MemoryDenyWriteExecute":
        wx = v == "yes"
used, bad = {}, []
for l in open(trace):
    m = re.match(r"\d+ +([a-z0-9_]+)\((.*)", l)
    if not m:
        continue
    used[m[1]] = used.get(m[1], 0) + 1
    if m[1] == "socket":
        fam = m[2].split(",")[0]
        if fam not in families:
            bad.append(f"a socket of {fam}, not in {sorted(families)}")
    if wx and m[1] in ("mmap", "mprotect", "pkey_mprotect") and \
            "PROT_WRITE" in m[2] and "PROT_EXEC" in m[2]:
        bad.append("memory both writable and executable: " + l.strip())
for name in sorted(used):
    if name not in allowed and name not in ("execve",):  # strace's own exec
        bad.append(f"system call {name} ({used[name]} times) is filtered out")
for b in bad:
    print("not ok - " + b, file=sys.stderr)
if not bad:
    print(f"  {len(used)} distinct system calls, {sum(used.values())} calls")
sys.exit(1 if bad else 0)
EOF_PY
python3 "$tmp/sandbox.py" "$unit" "$tmp/groups" "$tmp/state/trace" ||
	fail "the sandbox would stop the app"
pass "the app runs within the unit's system calls, address families and W^X"
# ... and a filter that leaves out what it uses fails the same check.
sed 's/^SystemCallFilter=~.*/& @io-event/' "$unit" >"$tmp/strict.service"
if python3 "$tmp/sandbox.py" "$tmp/strict.service" "$tmp/groups" "$tmp/state/trace" \
	2>"$tmp/strict.err" >/dev/null; then
	fail "a filter without @io-event (poll) passes the sandbox check"
fi
pass "a filter without @io-event fails it: $(head -1 "$tmp/strict.err" | sed 's/^not ok - //')"

# The sandbox, rated offline: "OK" is an exposure of 2.0 (20) or less.
systemd-analyze security --offline=yes --root="$root" --threshold=20 "$unit" \
	>"$tmp/security.out" 2>&1 || fail "exposure above 2.0: $(tail -1 "$tmp/security.out")"
pass "systemd-analyze security: $(grep -o 'exposure level.*' "$tmp/security.out")"
echo "cli-install: ok"
