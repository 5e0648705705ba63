# tests/check-lib.sh: the counting checks of the CLI tests that go on
# after a failure (sourced, not a test itself).  The caller runs in its
# scratch directory and ends with `exit $((fails > 0))` or its own report.

fails=0
pass() { echo "ok - $1"; }
fail() { echo "not ok - $1" >&2; fails=$((fails + 1)); }

# expect_status WANT NAME CMD...: run CMD with its output in out.txt and
# err.txt, compare its exit status.
expect_status() {
	want=$1 name=$2
	shift 2
	set +e
	"$@" >out.txt 2>err.txt
	got=$?
	set -e
	if [ "$got" -eq "$want" ]; then pass "$name (exit $got)"
	else fail "$name: exit $got, want $want; stderr: $(cat err.txt)"; fi
}
