"""tests/autosave-load.py: autosave load with a client-side log of every
save the server acknowledged, for the tests that kill or copy a server
under load (tests/cli-servers.sh).

One thread per line of CLIENTS ("cookie csrf prompt_id path": a person's
login, a text prompt of theirs and the exercise page it is on; no two
lines with the same person and prompt), each with its own keep-alive connection to URL, saving its
prompt as app.js autosaves (X-Autosave: 1) one save at a time: save k of
client c holds "c<c>:" and the numbers 1..k, so the answer stored holds
every save that reached it.  A save is acknowledged by a 200 with the
autosave's JSON (its "saved" time); each acknowledged save is written to LOG as
"A c k time_ns" the moment its reply is read, every attempt as
"S c k time_ns" before it is sent.  A connection error or another status
is logged ("F c k status") and the client goes on with its next save on
a new connection.  Stops after SECONDS, or once STOP exists.  READY is
written once every thread runs (a loaded machine may take seconds to
start the interpreter).

Run: python3 tests/autosave-load.py URL CLIENTS LOG SECONDS READY [STOP]
"""
import http.client
import sys
import threading
import time
import urllib.parse


def client(n, base, path, cookie, csrf, pid, log, lock, until, stop):
    u = urllib.parse.urlsplit(base)
    conn = None
    k = 0
    value = "c%d:" % n
    while time.time() < until and not (stop and _exists(stop)):
        k += 1
        value += " %d" % k
        body = urllib.parse.urlencode(
            [("csrf", csrf), ("p", pid), ("a." + pid, value)])
        with lock:
            log.write("S %d %d %d\n" % (n, k, time.time_ns()))
        status = "error"
        try:
            if conn is None:
                conn = http.client.HTTPConnection(u.hostname, u.port,
                                                  timeout=10)
            conn.request("POST", path, body, {
                "Cookie": cookie, "X-Autosave": "1",
                "Content-Type": "application/x-www-form-urlencoded"})
            r = conn.getresponse()
            reply = r.read()
            status = r.status
            if r.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException):
            if conn is not None:
                conn.close()
            conn = None
        if status == 200 and b'"saved"' in reply:
            with lock:
                log.write("A %d %d %d\n" % (n, k, time.time_ns()))
        else:
            with lock:
                log.write("F %d %d %s\n" % (n, k, status))
            time.sleep(0.01)


def _exists(p):
    try:
        open(p).close()
        return True
    except OSError:
        return False


def main():
    base, clients, logname, seconds, ready = sys.argv[1:6]
    stop = sys.argv[6] if len(sys.argv) > 6 else None
    until = time.time() + float(seconds)
    lock = threading.Lock()
    log = open(logname, "w", buffering=1)
    threads = []
    for n, line in enumerate(open(clients).read().split("\n")):
        if not line.strip():
            continue
        cookie, csrf, pid, path = line.split()
        t = threading.Thread(target=client, args=(
            n, base, path, cookie, csrf, pid, log, lock, until, stop))
        t.start()
        threads.append(t)
    open(ready, "w").close()
    for t in threads:
        t.join()
    log.close()


if __name__ == "__main__":
    main()
