#!/bin/sh
# Strict HTTP and the password pool, over real sockets:
# - a request with ambiguous framing (Content-Length with
#   Transfer-Encoding, two Content-Lengths, a coding other than chunked,
#   a blank in a header name) or an HTTP/1.1 request without exactly one
#   Host gets 400 (501 for the coding) and the connection is closed, with
#   nothing after it answered;
# - sign-ups beyond the pool's queue (--hash-threads 1 --hash-queue 1)
#   get 503 with Retry-After at once, while GET / is still served;
# - behind --trusted-proxy, X-Forwarded-For is the address the sign-up
#   limit counts;
# - every reply carries the server's own time in Server-Timing, a
#   sign-up's counting its wait for the pool and its hash.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
. tests/db-lib.sh
port=$((20000 + ($$ + 7) % 20000))
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

make -s alignplan >/dev/null
command -v python3 >/dev/null || { echo "python3 is missing: make test-deps"; exit 1; }

# A bad --trusted-proxy is refused before serving.
if ./alignplan serve --db "$tmp/x.db" --trusted-proxy nginx.local 2>"$tmp/err"; then
	echo "--trusted-proxy took a host name"; exit 1
fi
grep -q 'trusted-proxy' "$tmp/err" || { echo "no word on --trusted-proxy"; cat "$tmp/err"; exit 1; }

./alignplan serve --db "$(test_db h)" --listen "127.0.0.1:$port" \
	--hash-threads 1 --hash-queue 1 --trusted-proxy 127.0.0.1 \
	--load content/session-07.md 2>"$tmp/log" &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/login"; do sleep 0.05; done

python3 - "$port" <<'EOF'
import socket, sys, threading, time, re, urllib.parse

port = int(sys.argv[1])
fail = []

def exchange(raw, wait=3.0):
    """Send raw bytes; return (all bytes read, whether the server closed)."""
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(wait)
    s.sendall(raw)
    data, closed = b"", False
    try:
        while True:
            d = s.recv(65536)
            if not d:
                closed = True
                break
            data += d
    except socket.timeout:
        pass
    s.close()
    return data, closed

def statuses(data):
    return re.findall(rb"HTTP/1\.[01] (\d{3})", data)

smuggled = b"GET /login HTTP/1.1\r\nHost: x\r\n\r\n"
cases = [
    ("HTTP/1.1 without Host", b"GET / HTTP/1.1\r\n\r\n", b"400"),
    ("two Host headers", b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", b"400"),
    ("Content-Length with chunked",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
     b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, b"400"),
    ("chunked with Content-Length",
     b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
     b"Content-Length: 40\r\n\r\n0\r\n\r\n" + smuggled, b"400"),
    ("two equal Content-Lengths",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
     b"Content-Length: 5\r\n\r\nabcde" + smuggled, b"400"),
    ("two different Content-Lengths",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
     b"Content-Length: 36\r\n\r\nabcde" + smuggled, b"400"),
    ("a coding other than chunked",
     b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked"
     b"\r\n\r\n0\r\n\r\n" + smuggled, b"501"),
    ("chunked in HTTP/1.0",
     b"POST /login HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
     b"400"),
    ("a blank before the colon",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nabcde"
     + smuggled, b"400"),
]
for name, raw, want in cases:
    data, closed = exchange(raw)
    got = statuses(data)
    if got != [want] or not closed:
        fail.append("%s: got %s, %s" % (name, got, "closed" if closed else
                                         "connection left open"))
    elif b"Connection: close" not in data:
        fail.append("%s: no Connection: close" % name)

# Control: good requests keep the connection for the next one, chunked
# bodies included (this one is refused by the page: no form token).
data, closed = exchange(b"GET /login HTTP/1.1\r\nHost: x\r\n\r\n" * 2, wait=1.0)
if statuses(data) != [b"200", b"200"] or closed:
    fail.append("keep-alive lost for good requests: %s" % statuses(data))
# Each reply says the server's own time (ms) in Server-Timing.
timing = rb"\r\nServer-Timing: app;dur=(\d+\.\d{3})\r\n"
if len(re.findall(timing, data)) != 2:
    fail.append("not one Server-Timing a reply: %r" % data[:600])
data, closed = exchange(b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                        b"chunked\r\n\r\n5\r\nab=cd\r\n0\r\n\r\n" + smuggled, wait=1.0)
if statuses(data) != [b"403", b"200"] or closed:
    fail.append("a chunked request and the next: %s" % statuses(data))

# --- the pool: 1 thread, a queue of 1.  A pre-login token for the forms.
data, _ = exchange(b"GET /signup HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
pre = re.search(rb"ap_pre=([0-9a-f]+)", data).group(1).decode()

def signup_request(email, xff=None):
    body = urllib.parse.urlencode({"csrf": pre, "name": "N", "email": email,
                                   "password": "long enough"}).encode()
    head = ("POST /signup HTTP/1.1\r\nHost: x\r\nCookie: ap_pre=%s\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: %d\r\nConnection: close\r\n" % (pre, len(body)))
    if xff:
        head += "X-Forwarded-For: %s\r\n" % xff
    return head.encode() + b"\r\n" + body

N = 8
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(N)]
replies = [b""] * N
def read(i):
    socks[i].settimeout(30)
    while True:
        d = socks[i].recv(65536)
        if not d:
            break
        replies[i] += d
threads = [threading.Thread(target=read, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for i, s in enumerate(socks):     # all at once: far more than 1 + 1
    s.sendall(signup_request("flood%d@example.org" % i, "198.51.100.%d" % (i + 1)))
t0 = time.time()
data, _ = exchange(b"GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
get_ms = (time.time() - t0) * 1000
for t in threads:
    t.join()
codes = [statuses(r)[0] if statuses(r) else b"none" for r in replies]
busy = [r for r in replies if statuses(r) == [b"503"]]
if statuses(data) != [b"200"]:
    fail.append("GET /login during the flood: %s" % statuses(data))
if not busy:
    fail.append("no 503 with 8 sign-ups on a queue of 1: %s" % codes)
elif not all(re.search(rb"\r\nRetry-After: \d+\r\n", r) for r in busy):
    fail.append("a 503 without Retry-After")
if codes.count(b"303") < 1:
    fail.append("no sign-up got through the pool: %s" % codes)
# A sign-up hashes its password (argon2id, 64 MiB) in the pool: its
# Server-Timing counts that, from the headers read to the reply.
slow = [float(m.group(1)) for r in replies if statuses(r) == [b"303"]
        for m in [re.search(timing, r)] if m]
if len(slow) != codes.count(b"303") or min(slow or [0]) < 5:
    fail.append("sign-ups' Server-Timing: %s" % slow)
print("pool of 1, queue of 1, 8 sign-ups at once: %s; GET /login meanwhile %.0f ms;"
      " sign-ups' Server-Timing %s ms" % (b" ".join(codes).decode(), get_ms,
                                          " ".join("%.1f" % t for t in slow)))

for s in socks:
    s.close()
if fail:
    print("\n".join("FAIL: " + f for f in fail))
    sys.exit(1)
EOF
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

# X-Forwarded-For from a trusted proxy is the address the sign-up limit
# (30 per 15 minutes) counts: the 31st from one forwarded address is
# refused, another forwarded address goes on.
./alignplan serve --db "$(test_db p)" --listen "127.0.0.1:$port" \
	--trusted-proxy 127.0.0.1 --load content/session-07.md 2>"$tmp/log2" &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/login"; do sleep 0.05; done
jar=$tmp/jar
csrf=$(curl -sf -c "$jar" "http://127.0.0.1:$port/signup" |
	sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
signup() { # EMAIL XFF: prints the status
	curl -s -o /dev/null -w '%{http_code}\n' -b "$jar" -H "X-Forwarded-For: $2" \
		--data "csrf=$csrf&name=N&email=$1&password=long+enough" \
		"http://127.0.0.1:$port/signup"
}
seq 30 | sed 's/.*/p&%40example.org/' >"$tmp/emails"
export csrf jar port
codes=$(xargs -P 2 -I{} sh -c 'curl -s -o /dev/null -w "%{http_code}\n" -b "$jar" \
	-H "X-Forwarded-For: 6.6.6.6, 198.51.100.9" \
	--data "csrf=$csrf&name=N&email={}&password=long+enough" \
	"http://127.0.0.1:$port/signup"' <"$tmp/emails" | sort | uniq -c | tr -s ' ')
[ "$codes" = " 30 303" ] || { echo "30 sign-ups from one forwarded address: $codes"; exit 1; }
[ "$(signup last%40example.org 198.51.100.9)" = 429 ] ||
	{ echo "the 31st sign-up from 198.51.100.9 was not refused"; exit 1; }
[ "$(signup last%40example.org '198.51.100.9, 198.51.100.10')" = 303 ] ||
	{ echo "another forwarded address was refused too"; exit 1; }
echo "cli-http: ok"
