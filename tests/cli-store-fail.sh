#!/bin/sh
# A save the server cannot keep says why, to the person and in the log:
# a full disk (a small tmpfs, filled), a read-only database (its file not
# the server's to write), and an I/O error (writes past the file size
# limit, `ulimit -f`).  Each time nothing is kept, pages still work, and a
# save goes through again once the cause is gone.  The full disk and the
# read-only file need root (CI runs as root); the I/O error does not.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
mnt=
. tests/serve-lib.sh
cleanup() {
	stop_server
	[ -z "$mnt" ] || umount "$mnt" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
make -s alignplan >/dev/null
BASE=http://127.0.0.1:$(free_port)
root=
[ "$(id -u)" = 0 ] && root=1
big=$(python3 -c 'print("x" * 60000)')  # under the 64 KB answer cap

# refused JAR CAUSE MESSAGE LOG: a form save and an autosave both answer
# 503 with MESSAGE, and each logs "not saved: CAUSE".
refused() {
	code=$(save_answer "$1" "never-$big")
	[ "$code" = 503 ] || fail "$2: the save answered $code: $(head -c 300 "$tmp/reply")"
	grep -q "$3" "$tmp/reply" || fail "$2: the page lacks '$3': $(grep error "$tmp/reply")"
	code=$(save_answer "$1" "never-$big" autosave)
	[ "$code" = 503 ] || fail "$2: the autosave answered $code"
	grep -q "{\"error\":\"Not saved: .*$3" "$tmp/reply" ||
		fail "$2: the autosave reply lacks '$3': $(cat "$tmp/reply")"
	n=$(grep -c "alignplan: POST /s/7/e/$EX: not saved: $2 (" "$log" || true)
	[ "$n" = 2 ] || fail "$2: $n log lines, not 2:
$(cat "$log")"
	shown "$1" "never-" && fail "$2: part of a refused save is shown"
	pass "$2: both saves refused, named on the page and in the log"
}

# --- a full disk
if [ -n "$root" ] && mkdir "$tmp/full" &&
	mount -t tmpfs -o size=4m,mode=0777 tmpfs "$tmp/full" 2>"$tmp/err"; then
	mnt=$tmp/full
	start_server "$tmp/full.log" ./alignplan serve --db "$mnt/db" \
		--listen "${BASE#http://}" --load content/session-07.md
	jar=$tmp/jar-full
	sign_up "$jar" full%40example.org
	exercise_form "$jar"
	[ "$(save_answer "$jar" before-full)" = 303 ] || fail "a save before the disk filled"
	dd if=/dev/zero of="$mnt/filler" bs=64k 2>/dev/null || true
	log=$tmp/full.log
	refused "$jar" "the disk is full" "s disk is full"
	grep -q "not saved: the disk is full (database or disk is full)" "$log" ||
		fail "the log lacks SQLite's own words: $(cat "$log")"
	shown "$jar" before-full || fail "the page fails on a full disk"
	rm "$mnt/filler"
	[ "$(save_answer "$jar" after-full autosave)" = 200 ] || fail "no save once there is room"
	shown "$jar" after-full || fail "the save after the disk full is not shown"
	pass "a full disk: saves work again once there is room"
	stop_server
	umount "$mnt"
	mnt=
else
	echo "skipped: a full disk (needs root and mount: $(cat "$tmp/err" 2>/dev/null))"
fi

# --- a read-only database: the server runs as nobody, the file is root's.
if [ -n "$root" ]; then
	mkdir "$tmp/ro" && chown nobody "$tmp/ro" && chmod 0755 "$tmp"
	start_server "$tmp/ro.log" runuser -u nobody -- ./alignplan serve \
		--db "$tmp/ro/db" --listen "${BASE#http://}" --load content/session-07.md
	jar=$tmp/jar-ro
	sign_up "$jar" ro%40example.org
	exercise_form "$jar"
	[ "$(save_answer "$jar" before-ro)" = 303 ] || fail "a save before read-only"
	stop_server
	chown root "$tmp/ro/db" && chmod 0644 "$tmp/ro/db"
	log=$tmp/ro2.log
	start_server "$log" runuser -u nobody -- ./alignplan serve \
		--db "$tmp/ro/db" --listen "${BASE#http://}"
	shown "$jar" before-ro || fail "pages fail on a read-only database"
	refused "$jar" "the database is read-only" "database is read-only"
	grep -q "attempt to write a readonly database" "$log" ||
		fail "the log lacks SQLite's own words: $(cat "$log")"
	stop_server
else
	echo "skipped: a read-only database (needs root)"
fi

# --- an I/O error: past the file size limit, a write fails with EFBIG.
mkdir "$tmp/io"
[ -z "$root" ] || chown nobody "$tmp/io"
start_server "$tmp/io.log" ./alignplan serve --db "$tmp/io/db" \
	--listen "${BASE#http://}" --load content/session-07.md
jar=$tmp/jar-io
sign_up "$jar" io%40example.org
exercise_form "$jar"
stop_server
# 128 blocks of 512 bytes: the log (a new file) can grow to 64 KB; so can
# the write-ahead log, which a 60 KB answer and its version pass.
log=$tmp/io2.log
start_server "$log" sh -c 'ulimit -f 128; trap "" XFSZ; exec "$@"' sh \
	./alignplan serve --db "$tmp/io/db" --listen "${BASE#http://}"
refused "$jar" "the disk reported an I/O error" "disk reported an error"
grep -q "not saved: the disk reported an I/O error (disk I/O error)" "$log" ||
	fail "the log lacks SQLite's own words: $(cat "$log")"
[ "$(save_answer "$jar" small-enough autosave)" = 200 ] || fail "a small save after the I/O error"
shown "$jar" small-enough || fail "the small save is not shown"
pass "an I/O error: a save that fits goes through afterwards"
stop_server
echo "cli-store-fail: ok"
