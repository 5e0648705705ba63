# bench/lib.sh: what the benchmarks share (sourced by pages.sh, scale.sh,
# cohort.sh and render.sh...): free ports, waiting for a server, signing up
# the writers bench/autosave.lua saves for, reading wrk's output, checking
# that what was measured was the page, medians, building a helper against
# the app's objects.  Each wrk script defines die(), THREADS,
# CONNS, DURATION, OUT and FAILED=() itself.
# shellcheck shell=bash

# bench_setup NAME: a scratch directory TMP (/tmp/NAME.XXXXXX, with www/
# for nginx, whose workers run as nobody) and OUT; at exit the servers
# AP_PID and NG_PID are stopped and TMP removed.
bench_setup() {
	TMP=$(mktemp -d "/tmp/$1.XXXXXX")
	AP_PID='' NG_PID=''
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
	mkdir -p "$OUT" "$TMP/www"
	chmod 755 "$TMP" "$TMP/www"
}

bench_cleanup() {
	[ -n "$AP_PID" ] && kill "$AP_PID" 2>/dev/null && wait "$AP_PID" 2>/dev/null
	[ -n "$NG_PID" ] && kill "$NG_PID" 2>/dev/null && wait "$NG_PID" 2>/dev/null
	rm -rf "$TMP"
}

# link_helper OUT SRC: build bench/SRC, a helper program, with the app's
# library (all but the CLI), which `make alignplan` has built.
link_helper() {
	# shellcheck disable=SC2086,SC2046
	${CC:-cc} -std=c17 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -Isrc \
		$(pkg-config --cflags libmicrohttpd sqlite3 libsodium md4c libzip libpq) \
		-o "$1" "$2" bench/helper.c build/libalignplan.a \
		$(pkg-config --libs libmicrohttpd sqlite3 libsodium md4c libzip libcurl libpq) -lpthread
}

# free_port: a port nothing listens on, below Linux's ephemeral range
# (32768-60999), where a client's connection (wrk's, curl's) may hold it
# as its own end, and a server could not bind it.
free_port() {
	local p
	for _ in $(seq 200); do
		p=$((20000 + RANDOM % 12000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	die "no free port found"
}
wait_http() { # URL
	for _ in $(seq 150); do
		curl -fso /dev/null "$1" && return 0
		sleep 0.1
	done
	echo "${0##*/}: $1 did not answer in 15 s" >&2
	return 1
}
csrf_of() { grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"$//'; }

# sign_up_writers BASE PAGE N FILE: N new participants, "writer-I@
# example.org", on the server at BASE, whose autosaves bench/autosave.lua
# sends.  The server must trust 127.0.0.1 as its proxy (--trusted-proxy
# 127.0.0.1): each writer signs up from an X-Forwarded-For address of its
# own, as an address may sign up only AUTH_SIGNUP_MAX (30) people in 15
# minutes.  Two at a time, as the server has two argon2id threads by
# default.  FILE gets a line "COOKIE CSRF" per writer: their session
# cookie and their form token on PAGE (autosave.lua's AP_WRITERS).
sign_up_writers() {
	local ap=$1 page=$2 n=$3 file=$4 pre i pids=()
	pre=$(curl -fs -c "$file.jar" "$ap/signup" | csrf_of)
	[ -n "$pre" ] || die "no csrf field on $ap/signup"
	for i in $(seq "$n"); do
		sign_up_writer "$ap" "$page" "$pre" "$file.jar" "$i" >"$file.$i" 2>&1 &
		pids+=("$!")
		if [ "${#pids[@]}" = 2 ] || [ "$i" = "$n" ]; then
			wait "${pids[@]}" || true  # each one's line is checked below
			pids=()
		fi
	done
	: >"$file"
	for i in $(seq "$n"); do
		grep -qx 'ap_session=[^ ][^ ]* [0-9a-f][0-9a-f]*' "$file.$i" ||
			die "writer $i on $ap: $(cat "$file.$i")"
		cat "$file.$i" >>"$file"
		rm -f "$file.$i"
	done
	rm -f "$file.jar"
}
# sign_up_writer BASE PAGE PRE_CSRF JAR I: writer I's "COOKIE CSRF" line.
sign_up_writer() {
	local hdr code token csrf
	hdr=$(curl -s -o /dev/null -D - -b "$4" \
		-H "X-Forwarded-For: 10.99.$(($5 / 256 % 256)).$(($5 % 256))" \
		--data-urlencode "csrf=$3" --data-urlencode "name=Writer $5" \
		--data-urlencode "email=writer-$5@example.org" \
		--data-urlencode "password=benchmark password" "$1/signup" | tr -d '\r') || true
	code=$(echo "$hdr" | awk 'NR == 1 { print $2 }')
	[ "$code" = 303 ] || { echo "sign-up answered ${code:-nothing}, not 303"; return 1; }
	token=$(echo "$hdr" | sed -n 's/^[Ss]et-[Cc]ookie: ap_session=\([^;]*\).*/\1/p')
	[ -n "$token" ] || { echo "sign-up set no ap_session cookie"; return 1; }
	csrf=$(curl -fs -H "Cookie: ap_session=$token" "$2" | csrf_of)
	[ -n "$csrf" ] || { echo "no csrf field on $2"; return 1; }
	echo "ap_session=$token $csrf"
}
to_ms() { # "1.23ms" | "850.00us" | "1.02s" | "2.00m"
	echo "$1" | awk '{ v = $1 + 0
		if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /ms$/) v = v;
		else if ($1 ~ /m$/) v *= 60000; else if ($1 ~ /s$/) v *= 1000;
		printf "%.2f", v }'
}
to_bytes() { # "456.78MB"
	echo "$1" | awk '{ v = $1 + 0
		if ($1 ~ /KB$/) v *= 1024; else if ($1 ~ /MB$/) v *= 1048576;
		else if ($1 ~ /GB$/) v *= 1073741824;
		printf "%.0f", v }'
}
rps_of() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
p99_of() { to_ms "$(awk '$1 == "99%" { print $2 }' "$1")"; }
check_run() { # FILE MIN_BYTES_PER_RESPONSE
	local f=$1 min=$2 n bytes
	if grep -q 'Non-2xx or 3xx' "$f"; then
		FAILED+=("$(basename "$f"): $(grep 'Non-2xx' "$f" | tr -s ' ') — error responses were measured")
	fi
	if grep -q 'Socket errors' "$f"; then
		echo "note: $(basename "$f"): $(grep 'Socket errors' "$f" | tr -s ' ')" >&2
	fi
	n=$(awk '/requests in/ { print $1 }' "$f")
	bytes=$(to_bytes "$(awk '/requests in/ { print $5 }' "$f" | tr -d ,)")
	if [ -z "$n" ] || [ "$n" -eq 0 ]; then
		FAILED+=("$(basename "$f"): no requests completed")
	elif [ "$((bytes / n))" -lt "$min" ]; then
		FAILED+=("$(basename "$f"): $((bytes / n)) bytes per response, want >= $min: not the page (a redirect?)")
	fi
}
wrk_run() { # NAME URL [wrk args...]
	local name=$1 url=$2
	shift 2
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" "$url" >"$OUT/$name.txt" 2>&1 ||
		die "wrk failed: $(cat "$OUT/$name.txt")"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Start nginx on a free port (not AP_PORT) serving $TMP/www, and wait
# until it serves FILE: sets NG_PORT, NG and NG_PID.  Uses NGINX, TMP.
start_nginx() { # FILE
	NG_PORT=$(free_port)
	while [ "$NG_PORT" = "$AP_PORT" ]; do NG_PORT=$(free_port); done
	NG=http://127.0.0.1:$NG_PORT
	mkdir -p "$TMP/nginx"
	cat >"$TMP/nginx.conf" <<EOF
worker_processes 2;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 65;
	keepalive_requests 1000000;
	client_body_temp_path $TMP/nginx/body;
	proxy_temp_path $TMP/nginx/proxy;
	fastcgi_temp_path $TMP/nginx/fastcgi;
	uwsgi_temp_path $TMP/nginx/uwsgi;
	scgi_temp_path $TMP/nginx/scgi;
	types { text/html html; }
	default_type text/html;
	server {
		listen 127.0.0.1:$NG_PORT;
		root $TMP/www;
	}
}
EOF
	"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx.conf" -g 'daemon off;' 2>>"$TMP/nginx/error.log" &
	NG_PID=$!
	wait_http "$NG/$1" || { cat "$TMP/nginx/error.log" >&2; exit 2; }
	cmp -s "$TMP/www/$1" <(curl -fs "$NG/$1") || die "nginx does not serve the page"
}
