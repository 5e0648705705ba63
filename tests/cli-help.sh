#!/bin/sh
# --help everywhere: every command `alignplan --help` lists answers
# `alignplan COMMAND --help` (and -h, and `alignplan help COMMAND`) with its
# usage on stdout and exit 0, and a bad option with the usage on stderr
# and exit 2.  The options each --help lists are the ones docs/alignplan.1
# gives that command, so a new command or option without help or without
# a manual entry fails here.
set -eu
cd "$(dirname "$0")/.."
make -s alignplan >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*" >&2; fails=$((fails + 1)); }

# run NAME WANT ARGS...: run alignplan ARGS, stdout/stderr into
# $tmp/NAME.out and .err; the exit status must be WANT.
run() {
	name=$1 want=$2
	shift 2
	set +e
	./alignplan "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	got=$?
	set -e
	[ "$got" = "$want" ] || bad "alignplan $*: exit $got, want $want"
}

run top 0 --help
run top-h 0 -h
run top-help 0 help
for v in top-h top-help; do
	cmp -s "$tmp/top.out" "$tmp/$v.out" || bad "$v differs from --help"
done
[ ! -s "$tmp/top.err" ] || bad "--help wrote to stderr"
run none 2
grep -q '^usage: alignplan' "$tmp/none.err" || bad "no arguments: no usage on stderr"
run unknown 2 frobnicate
grep -q '^usage: alignplan' "$tmp/unknown.err" || bad "an unknown command: no usage on stderr"
run help-unknown 2 help frobnicate

# The commands --help lists: the word after "alignplan" on each synopsis line.
cmds=$(sed -n 's/^\(usage: \|       \)alignplan \([a-z][a-z-]*\).*/\2/p' "$tmp/top.out" | uniq)
[ "$(echo "$cmds" | wc -l)" -ge 5 ] || bad "--help lists only: $cmds"
for c in $cmds; do
	run "$c" 0 "$c" --help
	if ! head -1 "$tmp/$c.out" | grep -q "^usage: alignplan $c"; then
		bad "$c --help: stdout does not start with its usage: $(head -2 "$tmp/$c.out")"
		continue
	fi
	[ ! -s "$tmp/$c.err" ] || bad "$c --help wrote to stderr: $(cat "$tmp/$c.err")"
	run "$c-h" 0 "$c" -h
	run "$c-help" 0 help "$c"
	cmp -s "$tmp/$c.out" "$tmp/$c-h.out" || bad "$c -h differs from $c --help"
	cmp -s "$tmp/$c.out" "$tmp/$c-help.out" || bad "help $c differs from $c --help"
	if [ "$c" != help ]; then
		# Its synopsis is the one the overall --help lists.
		sed -n '/^usage: /,/^[A-Z]/p' "$tmp/$c.out" | sed '$d' |
			sed 's/^usage: /       /' >"$tmp/$c.syn"
		grep -qxF -f "$tmp/$c.syn" "$tmp/top.out" ||
			bad "$c: its synopsis is not the one alignplan --help lists"
	fi
	run "$c-bad" 2 "$c" --no-such-option
	grep -q "^usage: alignplan $c" "$tmp/$c-bad.err" ||
		bad "$c --no-such-option: no usage on stderr: $(cat "$tmp/$c-bad.err")"
	[ ! -s "$tmp/$c-bad.out" ] || bad "$c --no-such-option wrote to stdout"
	ok "$c: --help, -h, help $c, and a bad option"
done

# The options each --help lists are those the manual gives the command.
python3 - docs/alignplan.1 "$tmp" $cmds <<'EOF_PY' || fails=$((fails + 1))
import re, sys
man, tmp, cmds = sys.argv[1], sys.argv[2], sys.argv[3:]
lines = open(man).read().split("\n")
# COMMANDS: ".TP" then ".B NAME" outside .RS/.RE starts NAME's entry.
entries, cur, depth, sect = {}, None, 0, None
for i, l in enumerate(lines):
    if l.startswith(".SH "):
        sect, cur = l[4:], None
        continue
    if sect != "COMMANDS":
        continue
    if l == ".RS":
        depth += 1
    elif l == ".RE":
        depth -= 1
    elif depth == 0 and l.startswith(".B ") and lines[i - 1] == ".TP":
        cur = l[3:].split()[0]
        entries.setdefault(cur, "")
    elif cur:
        entries[cur] += l + "\n"
# An option is defined by a line of its own: "  --db URL  ..." in --help,
# ".BI \-\-db " URL"" after a ".TP" in the manual's entry.
opt = re.compile(r"^(--[a-z][a-z-]*|-o)(?![\w-])")
failed = 0
for c in cmds:
    mine = set()
    for l in open(f"{tmp}/{c}.out"):
        if l.startswith("  "):
            mine.update(opt.findall(l.strip()))
    if c not in entries:
        print(f"not ok - docs/alignplan.1 has no COMMANDS entry for {c}", file=sys.stderr)
        failed = 1
        continue
    theirs, prev = set(), ""
    for l in entries[c].split("\n"):
        if prev == ".TP" and l.startswith("."):
            theirs.update(opt.findall(l.split(" ", 1)[-1].replace("\\-", "-").lstrip('"')))
        prev = l
    if mine != theirs:
        print(f"not ok - {c}: --help lists {sorted(mine)}, the manual {sorted(theirs)}",
              file=sys.stderr)
        failed = 1
    else:
        print(f"ok - {c}: --help and the manual give the same options {sorted(mine)}")
sys.exit(failed)
EOF_PY

[ $fails = 0 ] || { echo "cli-help: $fails failed"; exit 1; }
echo "cli-help: ok"
