#!/bin/sh
# Two `alignplan serve` processes on one database behind nginx, with the
# example config docs/nginx.conf (its addresses changed, nothing else),
# behave as one site:
#  - a sign-up through nginx is a login on both servers; a save through
#    server A is read through server B at once;
#  - a session re-imported (`alignplan import` beside them) is served by
#    both without a restart or SIGHUP;
#  - the login throttle holds across both: failures spread over A and B
#    count against one account;
#  - under 64 connections autosaving through nginx (tests/autosave-load.py,
#    a client-side log of every acknowledged save), server B is killed
#    with SIGKILL; nginx sends the rest to A, and afterwards every save
#    that was acknowledged is in the database;
#  - on SQLite, `alignplan backup` taken under that load, restored and
#    served, holds every save acknowledged before the backup began (and
#    none begun after it ended).
# On SQLite (one file, one host), or on PostgreSQL when tests/db-lib.sh
# says so (make test runs tests/cli.sh both ways).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
chmod 755 "$tmp"
. tests/serve-lib.sh
. tests/db-lib.sh
A_PID= B_PID= NG_PID=
stop_all() {
	for p in $A_PID $B_PID $NG_PID; do kill "$p" 2>/dev/null || true; done
	for p in $A_PID $B_PID $NG_PID; do wait "$p" 2>/dev/null || true; done
	A_PID= B_PID= NG_PID=
}
trap 'stop_all; rm -rf "$tmp"' EXIT
make -s alignplan >/dev/null
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || fail "nginx is missing: run 'make test-deps'"
command -v python3 >/dev/null || fail "python3 is missing"

# wait_up URL PID LOG: until URL answers (or the process is gone).
wait_up() {
	i=0
	until curl -sf -o /dev/null "$1"; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 "$2" 2>/dev/null; then
			cat "$3" >&2
			fail "$1 did not come up"
		fi
		sleep 0.05
	done
}

# start_site DB: servers A and B on DB, nginx in front; sets A, B, N.
start_site() {
	pa=$(free_port); pb=$(free_port); pn=$(free_port)
	while [ "$pb" = "$pa" ]; do pb=$(free_port); done
	while [ "$pn" = "$pa" ] || [ "$pn" = "$pb" ]; do pn=$(free_port); done
	A=http://127.0.0.1:$pa B=http://127.0.0.1:$pb N=http://127.0.0.1:$pn
	./alignplan serve --db "$1" --listen "127.0.0.1:$pa" \
		--trusted-proxy 127.0.0.1 2>"$tmp/a.log" &
	A_PID=$!
	./alignplan serve --db "$1" --listen "127.0.0.1:$pb" \
		--trusted-proxy 127.0.0.1 2>"$tmp/b.log" &
	B_PID=$!
	wait_up "$A/login" "$A_PID" "$tmp/a.log"
	wait_up "$B/login" "$B_PID" "$tmp/b.log"
	rm -rf "$tmp/nginx"
	mkdir -p "$tmp/nginx"
	sed -e "s/127\.0\.0\.1:8081/127.0.0.1:$pa/" \
	    -e "s/127\.0\.0\.1:8082/127.0.0.1:$pb/" \
	    -e "s/listen 80;/listen 127.0.0.1:$pn;/" docs/nginx.conf \
		>"$tmp/nginx/site.conf"
	grep -q "127.0.0.1:$pa" "$tmp/nginx/site.conf" &&
		grep -q "127.0.0.1:$pb" "$tmp/nginx/site.conf" &&
		grep -q "listen 127.0.0.1:$pn;" "$tmp/nginx/site.conf" ||
		fail "docs/nginx.conf no longer has the addresses this test changes"
	cat >"$tmp/nginx/nginx.conf" <<NGINX
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $tmp/nginx/body;
	proxy_temp_path $tmp/nginx/proxy;
	fastcgi_temp_path $tmp/nginx/fastcgi;
	uwsgi_temp_path $tmp/nginx/uwsgi;
	scgi_temp_path $tmp/nginx/scgi;
	include $tmp/nginx/site.conf;
}
NGINX
	"$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' \
		2>>"$tmp/nginx/error.log" &
	NG_PID=$!
	wait_up "$N/login" "$NG_PID" "$tmp/nginx/error.log"
}

# signup BASE JAR EMAIL ADDR: a new account from client address ADDR
# (X-Forwarded-For, as nginx passes on); its login into JAR.
signup() {
	curl -sf -c "$2" -H "X-Forwarded-For: $4" -o "$2.html" "$1/signup" ||
		fail "GET /signup"
	c=$(csrf_of <"$2.html")
	code=$(curl -s -b "$2" -c "$2" -o /dev/null -w '%{http_code}' \
		-H "X-Forwarded-For: $4" \
		--data "csrf=$c&name=Site&email=$3&password=long+enough" "$1/signup")
	[ "$code" = 303 ] || fail "sign-up of $3 through $1 answered $code"
}

# form BASE JAR: CSRF and PID of JAR's exercise page on BASE.
form() {
	curl -sf -b "$2" -o "$2.ex" "$1/s/7/e/$EX" || fail "GET $1/s/7/e/$EX"
	CSRF=$(csrf_of <"$2.ex")
	PID=$(grep -o '<textarea name="a\.[^"]*"' "$2.ex" | head -1 |
		sed 's/.*name="a\.//; s/"$//')
	[ -n "$CSRF" ] && [ -n "$PID" ] || fail "no form on $1's exercise page"
}

# save BASE JAR TEXT: the HTTP status of an autosave of TEXT.
save() {
	curl -s -b "$2" -o /dev/null -w '%{http_code}' -H "X-Autosave: 1" \
		--data-urlencode "csrf=$CSRF" --data-urlencode "p=$PID" \
		--data-urlencode "a.$PID=$3" "$1/s/7/e/$EX"
}

# login BASE EMAIL PASSWORD ADDR: the status of a login attempt.
login() {
	curl -s -c "$tmp/pre" -o "$tmp/pre.html" "$1/login"
	c=$(csrf_of <"$tmp/pre.html")
	curl -s -b "$tmp/pre" -o /dev/null -w '%{http_code}' \
		-H "X-Forwarded-For: $4" \
		--data-urlencode "csrf=$c" --data-urlencode "email=$2" \
		--data-urlencode "password=$3" "$1/login"
}

# restored NAME: the backup taken under load, restored (copied into place
# and served), holds every save acknowledged before it began, and none
# begun after it ended.
restored() {
	cp "$tmp/backup.db" "$tmp/restored.db"
	pr=$(free_port)
	R=http://127.0.0.1:$pr
	./alignplan serve --db "sqlite:$tmp/restored.db" --listen "127.0.0.1:$pr" \
		2>"$tmp/r.log" &
	A_PID=$!
	wait_up "$R/login" "$A_PID" "$tmp/r.log"
	before=0 n=0
	while read -r cookie csrf pid path; do
		curl -sf -H "Cookie: $cookie" "$R$path" | tr -d '\n' |
			sed -n "s/.*<textarea name=\"a\.$pid\"[^>]*>\([^<]*\)<.*/\1/p" |
			tr ' ' '\n' | grep -v : | sort >"$tmp/have" || true
		awk -v n=$n -v t="$bstart" '$1 == "A" && $2 == n && $4 < t { print $3 }' \
			"$tmp/acks" | sort >"$tmp/want"
		missing=$(comm -13 "$tmp/have" "$tmp/want" | wc -l)
		[ "$missing" = 0 ] ||
			fail "$1: the backup lacks $missing saves of client $n acknowledged before it began"
		begun=$(awk -v n=$n -v t="$bend" '$1 == "S" && $2 == n && $4 < t { k = $3 } END { print k + 0 }' "$tmp/acks")
		newest=$(sort -n "$tmp/have" | tail -1)
		[ "${newest:-0}" -le "$begun" ] ||
			fail "$1: the backup holds client $n's save $newest, begun after it ended"
		before=$((before + $(wc -l <"$tmp/want")))
		n=$((n + 1))
	done <"$tmp/clients"
	[ "$before" -gt 0 ] || fail "$1: nothing was acknowledged before the backup"
	stop_all
	pass "$1: a backup taken under that load, restored, holds all $before saves acknowledged before it began"
}

site() { # DB NAME
	db=$1 name=$2
	start_site "$db"

	# A login made through nginx works on each server; a save through A
	# is read through B at once.
	signup "$N" "$tmp/jar" "one%40example.org" 10.1.0.1
	for s in "$A" "$B"; do
		code=$(curl -s -b "$tmp/jar" -o /dev/null -w '%{http_code}' "$s/s/7/e/$EX")
		[ "$code" = 200 ] || fail "$name: the login made through nginx: $s answered $code"
	done
	form "$A" "$tmp/jar"
	for i in 1 2 3; do
		[ "$(save "$A" "$tmp/jar" "saved-on-A-$i")" = 200 ] || fail "$name: save $i on A"
		curl -sf -b "$tmp/jar" "$B/s/7/e/$EX" | grep -q "saved-on-A-$i" ||
			fail "$name: B does not show save $i made through A"
		[ "$(save "$B" "$tmp/jar" "saved-on-B-$i")" = 200 ] || fail "$name: save $i on B"
		curl -sf -b "$tmp/jar" "$A/s/7/e/$EX" | grep -q "saved-on-B-$i" ||
			fail "$name: A does not show save $i made through B"
	done
	pass "$name: a login made through nginx works on both; each save is read through the other server at once"

	# A logout through A ends the login on B at once, though B has just
	# served it (on PostgreSQL B's pages guess it: store_login_confirm).
	signup "$N" "$tmp/jar3" "leaves%40example.org" 10.1.0.3
	for i in 1 2 3; do
		code=$(curl -s -b "$tmp/jar3" -o /dev/null -w '%{http_code}' "$B/s/7/e/$EX")
		[ "$code" = 200 ] || fail "$name: B answered $code to the new login"
	done
	form "$A" "$tmp/jar3"
	code=$(curl -s -b "$tmp/jar3" -o /dev/null -w '%{http_code}' \
		--data "csrf=$CSRF" "$A/logout")
	[ "$code" = 303 ] || fail "$name: logout through A answered $code"
	for i in 1 2; do
		code=$(curl -s -b "$tmp/jar3" -o /dev/null -w '%{http_code} %{redirect_url}' "$B/s/7/e/$EX")
		case $code in
		"303 "*/login*) ;;
		*) fail "$name: after the logout through A, B answered $code" ;;
		esac
	done
	pass "$name: a logout through A ends the login on B at once"

	# A re-import beside the servers: both serve it, no SIGHUP.
	sed "1s/.*/# AI Safety Fundamentals: Session 7 - Retitled $name/" \
		content/session-07.md >"$tmp/s7.md"
	./alignplan import --db "$db" "$tmp/s7.md" >/dev/null
	for s in "$A" "$B"; do
		i=0
		until curl -sf -b "$tmp/jar" "$s/s/7" | grep -q "Retitled $name"; do
			i=$((i + 1))
			[ $i -lt 40 ] || fail "$name: $s does not serve the re-imported session"
			sleep 0.05
		done
	done
	curl -sf -b "$tmp/jar" "$B/s/7/e/$EX" | grep -q "saved-on-B-3" ||
		fail "$name: the answer is gone after the re-import"
	pass "$name: a session re-imported beside the servers is served by both at once"

	# The throttle: five failures spread over A and B, from five
	# addresses, use up the account's free ones on both.
	signup "$N" "$tmp/jar2" "target%40example.org" 10.2.0.1
	for i in 1 2 3 4 5; do
		if [ $((i % 2)) = 1 ]; then s=$A; else s=$B; fi
		code=$(login "$s" target@example.org "wrong guess $i" "10.3.0.$i")
		[ "$code" = 401 ] || fail "$name: failed login $i on $s answered $code"
	done
	for s in "$A" "$B"; do
		code=$(login "$s" target@example.org "long enough" 10.3.1.1)
		[ "$code" = 429 ] || fail "$name: after 5 failures over both servers, $s answered $code"
	done
	code=$(login "$N" target@example.org "long enough" 10.3.1.2)
	[ "$code" = 429 ] || fail "$name: through nginx: $code"
	pass "$name: 5 failed logins spread over A and B hold the account on both (429)"

	# kill -9 of B under 64 connections of autosave through nginx: 16
	# people, each on their 4 text prompts (one connection each).
	t0=$(date +%s)
	groups=
	for g in 0 1 2 3; do
		(
			for k in 0 1 2 3; do
				n=$((g * 4 + k))
				j=$tmp/load$n
				signup "$N" "$j" "load$n%40example.org" "10.4.$g.$k"
				tok=$(awk '$6 == "ap_session" { print $7 }' "$j")
				for ex in make-your-career-awesome make-your-project-awesome; do
					curl -sf -b "$j" -o "$j.ex" "$N/s/7/e/$ex" || exit 1
					c=$(csrf_of <"$j.ex")
					grep -o '<textarea name="a\.[^"]*"' "$j.ex" |
						sed 's/.*name="a\.//; s/"$//' | while read -r p; do
						echo "ap_session=$tok $c $p /s/7/e/$ex"
					done
				done >"$j.lines"
			done
		) &
		groups="$groups $!"
	done
	for p in $groups; do wait "$p" || fail "$name: signing up the clients"; done
	cat "$tmp"/load*.lines >"$tmp/clients"
	[ "$(wc -l <"$tmp/clients")" = 64 ] || fail "$name: 64 clients, not $(wc -l <"$tmp/clients")"
	t1=$(date +%s)
	rm -f "$tmp/ready" "$tmp/stop"
	python3 tests/autosave-load.py "$N" "$tmp/clients" "$tmp/acks" 120 \
		"$tmp/ready" "$tmp/stop" &
	load=$!
	# acks_after T: saves acknowledged after time T (ns).
	acks_after() { awk -v t="$1" '$1 == "A" && $4 > t' "$tmp/acks" | wc -l; }
	# wait_acks T N: until N saves were acknowledged after T (60 s at most).
	wait_acks() {
		i=0
		until [ -e "$tmp/ready" ] && [ "$(acks_after "$1")" -ge "$2" ]; do
			i=$((i + 1))
			[ $i -lt 600 ] || fail "$name: fewer than $2 saves acknowledged"
			sleep 0.1
		done
	}
	wait_acks 0 500
	# SQLite: a backup taken now, under this load (checked below).
	case $db in
	sqlite:*)
		bstart=$(date +%s%N)
		./alignplan backup --db "$db" "$tmp/backup.db" >/dev/null ||
			fail "$name: backup under load"
		bend=$(date +%s%N)
		wait_acks "$bend" 100 ;;
	*) bstart= ;;
	esac
	killed=$(date +%s%N)
	kill -9 "$B_PID"
	wait "$B_PID" 2>/dev/null || true
	B_PID=
	wait_acks "$killed" 500
	touch "$tmp/stop"
	wait "$load" || fail "$name: the load client failed"
	acked=$(grep -c '^A' "$tmp/acks" || true)
	after=$(acks_after "$killed")
	failed=$(grep -c '^F' "$tmp/acks" || true)

	# Every acknowledged save is in the database: read through A, each
	# client's answer holds the numbers of all its saves that got there.
	lost=0 n=0
	while read -r cookie csrf pid path; do
		curl -sf -H "Cookie: $cookie" "$A$path" | tr -d '\n' |
			sed -n "s/.*<textarea name=\"a\.$pid\"[^>]*>\([^<]*\)<.*/\1/p" |
			tr ' ' '\n' | grep -v : | sort >"$tmp/have" || true
		awk -v n=$n '$1 == "A" && $2 == n { print $3 }' "$tmp/acks" |
			sort >"$tmp/want"
		[ -s "$tmp/want" ] || fail "$name: client $n had no save acknowledged"
		missing=$(comm -13 "$tmp/have" "$tmp/want" | wc -l)
		[ "$missing" = 0 ] || {
			echo "client $n: $missing acknowledged saves missing:" \
				"$(comm -13 "$tmp/have" "$tmp/want" | head -5 | tr '\n' ' ')" >&2
			lost=$((lost + missing))
		}
		n=$((n + 1))
	done <"$tmp/clients"
	[ "$lost" = 0 ] || fail "$name: $lost acknowledged saves are not in the database"
	pass "$name: kill -9 of B under 64 autosaving connections: $acked saves acknowledged ($after after the kill, $failed not), every one in the database (sign-ups $((t1 - t0)) s)"
	stop_all
	[ -z "$bstart" ] || restored "$name"
	stop_all
}

db=$(test_db site)
./alignplan import --db "$db" content/session-07.md >/dev/null
if test_db_pg; then
	site "$db" postgresql
else
	site "sqlite:$db" sqlite
fi
echo "cli-servers: ok"
