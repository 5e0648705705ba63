#!/bin/sh
# Run every command-line test script (tests/cli-*.sh) against ./alignplan.
set -eu
cd "$(dirname "$0")/.."
fail=0
for t in tests/cli-*.sh; do
	[ -e "$t" ] || continue
	echo "== $t"
	sh "$t" || { echo "FAILED: $t"; fail=1; }
done
exit $fail
