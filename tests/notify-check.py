"""tests/notify-check.py: notifications and their mail, end to end, for
tests/cli-notify.sh (which starts the SMTP server and alignplan serve).

  world BASE STATE            build a cohort over HTTP: Ana (who shares her
                              career plan), Bob, Cleo and two people named
                              Dana; save cookies and ids in STATE (JSON)
  mails BASE STATE MAILDIR    a comment, a mention (and names that reach
                              nobody), a digest of three, an unsubscribe
                              link without logging in; checks each mail
  flood BASE[,BASE2] STATE N  N comments by Bob mentioning Cleo, spread
                              over the servers given (the SMTP server is
                              down meanwhile)
  count MAILDIR N SECONDS     wait until N mails to Cleo are there, then
                              check none came twice (by Message-ID) and no
                              more come

Exits non-zero with a message on the first check that fails.
"""
import email
import email.policy
import glob
import http.cookiejar
import json
import os
import re
import sys
import time
import urllib.parse
import urllib.request

CAREER = "make-your-career-awesome"
PUBLIC = "https://plan.example.org"


def fail(msg):
    print("not ok - " + msg, file=sys.stderr)
    sys.exit(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


class Who:
    def __init__(self, base, cookies=None):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.op = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.cookie = cookies

    def req(self, method, path, data=None, headers=None):
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
        body = None
        if data is not None:
            body = (data if isinstance(data, bytes) else
                    urllib.parse.urlencode(data).encode())
            h.setdefault("Content-Type",
                         "application/x-www-form-urlencoded")
        r = urllib.request.Request(self.base + path, data=body, headers=h,
                                   method=method)
        try:
            with self.op.open(r) as resp:
                return resp.status, resp.read().decode(), resp.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(), e.headers

    def get(self, path, want=200):
        code, text, _ = self.req("GET", path)
        if code != want:
            fail("GET %s: %d %s" % (path, code, text[:300]))
        return text

    def csrf(self):
        text = self.get("/cohorts" if self.cookie else "/login")
        return re.search(r'name="csrf" value="([0-9a-f]+)"', text).group(1)

    def post(self, path, fields, want=(303,)):
        fields = [("csrf", self.csrf())] + list(fields)
        code, text, h = self.req("POST", path, fields)
        if code not in want:
            fail("POST %s: %d %s" % (path, code, text[:400]))
        return code, text, h

    def from_jar(self):
        for c in self.jar:
            if c.name == "ap_session":
                self.cookie = "ap_session=" + c.value
        return self


def signup(base, name, email_addr):
    w = Who(base)
    text = w.get("/signup")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', text).group(1)
    code, text, _ = w.req("POST", "/signup", [
        ("csrf", csrf), ("name", name), ("email", email_addr),
        ("password", "long enough")])
    if code != 303:
        fail("sign-up of %s: %d %s" % (name, code, text[:300]))
    return w.from_jar()


def login(base, email_addr, password):
    w = Who(base)
    text = w.get("/login")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', text).group(1)
    code, text, _ = w.req("POST", "/login", [
        ("csrf", csrf), ("email", email_addr), ("password", password)])
    if code != 303:
        fail("login of %s: %d" % (email_addr, code))
    return w.from_jar()


def world(base, state):
    fac = login(base, "fac@example.org", "long enough")
    _, _, h = fac.post("/cohorts", [("name", "Notify cohort"),
                                    ("session", "7")])
    cohort = re.match(r"/c/(\d+)$", h["Location"]).group(1)
    _, text, _ = fac.post("/c/%s/invites" % cohort,
                          [("role", "participant"), ("days", "7")],
                          want=(201,))
    invite = re.search(r'href="(/join/[0-9a-f]{64})"', text).group(1)
    people = {}
    for key, name in (("ana", "Ana Lima"), ("bob", "Bob"), ("cleo", "Cleo"),
                      ("dana1", "Dana"), ("dana2", "Dana")):
        w = signup(base, name, key + "@example.org")
        w.post(invite, [])
        people[key] = w.cookie
    ana = Who(base, people["ana"])
    ana.post("/s/7/e/%s/share" % CAREER, [("mode", "cohort")])
    plan = ana.get("/s/7/plan")
    owner = re.search(r'href="/p/(\d+)/7/', plan).group(1)
    with open(state, "w") as f:
        json.dump({"people": people, "owner": owner, "cohort": cohort}, f)
    print("ok - a cohort: Ana shares her plan with Bob, Cleo and two Danas")


def load(state):
    with open(state) as f:
        return json.load(f)


def comment(base, s, who, body, want=(303,)):
    w = Who(base, s["people"][who])
    return w.post("/p/%s/7/%s/comments" % (s["owner"], CAREER),
                  [("prompt", "e1-roles"), ("body", body)], want=want)


def read_mails(maildir):
    out = []
    for path in sorted(glob.glob(os.path.join(maildir, "*.eml"))):
        with open(path, "rb") as f:
            m = email.message_from_binary_file(f, policy=email.policy.SMTP)
        with open(path[:-4] + ".json") as f:
            env = json.load(f)
        out.append((path, m, env))
    return out


def wait_mails(maildir, pred, n, seconds=15, what="mail"):
    end = time.time() + seconds
    while time.time() < end:
        got = [x for x in read_mails(maildir) if pred(x)]
        if len(got) >= n:
            return got
        time.sleep(0.1)
    fail("%s: %d of %d arrived in %ds" % (what, len(got), n, seconds))


def to(addr):
    return lambda x: x[2]["rcpt_tos"] == [addr]


def parts(m):
    text = m.get_body(("plain",)).get_content()
    html = m.get_body(("html",)).get_content()
    return text, html


def check_mail(m, subject_part, body_parts):
    if subject_part not in m["Subject"]:
        fail("subject %r lacks %r" % (m["Subject"], subject_part))
    for h in ("Date", "Message-ID", "List-Unsubscribe"):
        if not m[h]:
            fail("no %s header" % h)
    if m["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click":
        fail("no RFC 8058 one-click header")
    if not m["List-Unsubscribe"].strip().startswith(
            "<" + PUBLIC + "/unsubscribe/"):
        fail("List-Unsubscribe: %s" % m["List-Unsubscribe"])
    text, html = parts(m)
    for p in body_parts:
        if p not in text:
            fail("the text part lacks %r:\n%s" % (p, text))
    return text, html


def unsub_path(m):
    url = m["List-Unsubscribe"].strip().strip("<>")
    return url[len(PUBLIC):]


def mails(base, state, maildir):
    s = load(state)
    # A comment: Ana hears of it, with the text escaped in HTML.
    comment(base, s, "bob", "Try <b>this</b> & that first.")
    got = wait_mails(maildir, to("ana@example.org"), 1, what="comment")
    text, html = check_mail(got[0][1], "Bob commented on your plan",
                            ["Try <b>this</b> & that first."])
    if "&lt;b&gt;this&lt;/b&gt; &amp; that" not in html or "<b>this" in html:
        fail("the comment is not escaped in the HTML part")
    print("ok - a comment: one mail to the plan's owner, text escaped")

    # A mention: Cleo hears of it; the plan shows it marked; names that
    # reach nobody are said.
    code, text, _ = comment(base, s, "bob",
                            "@Cleo could you look? @Dana and @Zed too",
                            want=(200,))
    if "names more than one person" not in text or \
            "@Zed names nobody" not in text:
        fail("the page does not say which names reached nobody:\n" +
             text[:2000])
    got = wait_mails(maildir, to("cleo@example.org"), 1, what="mention")
    check_mail(got[0][1], "Bob mentioned you", ["@Cleo could you look?"])
    page = Who(base, s["people"]["cleo"]).get(
        "/p/%s/7/%s" % (s["owner"], CAREER))
    if '<strong class="mention">@Cleo</strong> could you look? @Dana and ' \
            '@Zed too' not in page:
        fail("the mention is not marked on the plan page")
    if any(x[2]["rcpt_tos"] == ["dana1@example.org"] for x in
           read_mails(maildir)):
        fail("an ambiguous @Dana sent mail")
    print("ok - a mention: mail to Cleo, marked on the page, @Dana "
          "(two people) and @Zed (nobody) said and left as text")

    # The header counts Ana's unread notices: the comment held before
    # --smtp (cli-notify.sh), and these two; reading them clears it.
    ana = Who(base, s["people"]["ana"])
    page = ana.get("/notifications")
    m = re.search(r'Notifications <span class="count">(\d+)</span>', page)
    if not m or int(m.group(1)) != 3 or page.count('class="notice new"') != 3:
        fail("Ana's unread count is not 3: %r" % (m and m.group(0)))
    ana.post("/notifications/read", [])
    if 'class="count"' in ana.get("/notifications"):
        fail("marking all read leaves a count")
    print("ok - the header counts 3 unread notices, and none once read")

    # A digest: Ana wants comments in a daily digest; three comments
    # make one mail.
    ana = Who(base, s["people"]["ana"])
    ana.post("/notifications/prefs", [("kind-comment", "digest")])
    before = len([x for x in read_mails(maildir)
                  if x[2]["rcpt_tos"] == ["ana@example.org"]])
    for i in range(3):
        comment(base, s, "cleo", "Digest item %d" % (i + 1))
    got = wait_mails(maildir, to("ana@example.org"), before + 1,
                     what="digest")
    time.sleep(3)
    got = [x for x in read_mails(maildir)
           if x[2]["rcpt_tos"] == ["ana@example.org"]]
    if len(got) != before + 1:
        fail("the digest is not one mail: %d new" % (len(got) - before))
    digest = got[-1][1]
    text, _ = check_mail(digest, "3 new notifications",
                         ["Cleo commented on your plan"])
    if text.count("Cleo commented on your plan") != 3 or \
            any("Digest item %d" % i not in text for i in (1, 2, 3)):
        fail("the digest does not hold the three events:\n" + text)
    print("ok - a digest: three comments in one mail")

    # Unsubscribe without logging in: the page with its button, then
    # the one-click POST; a forged token is refused.
    path = unsub_path(digest)
    anon = Who(base)
    page = anon.get(path)
    if "Stop this mail" not in page or "<form method=\"post\"" not in page:
        fail("the unsubscribe page has no button")
    forged = re.sub(r"[0-9a-f]$", lambda m: "0" if m.group(0) != "0"
                    else "1", path)
    anon.get(forged, want=404)
    code, text, _ = anon.req("POST", path, b"List-Unsubscribe=One-Click")
    if code != 200 or "Mail stopped" not in text:
        fail("the one-click unsubscribe: %d %s" % (code, text[:300]))
    page = ana.get("/notifications")
    if not re.search(r'name="kind-comment" value="off" checked', page):
        fail("comments are not off after the digest's unsubscribe")
    # And a kind's own link: Cleo's mention mail turns mentions off.
    cleo_mail = read_mails(maildir)
    cleo_mail = [x for x in cleo_mail
                 if x[2]["rcpt_tos"] == ["cleo@example.org"]][0][1]
    code, _, _ = Who(base).req(
        "POST", unsub_path(cleo_mail), b"--b\r\nContent-Disposition: "
        b"form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n",
        {"Content-Type": "multipart/form-data; boundary=b"})
    if code != 200:
        fail("a multipart one-click unsubscribe: %d" % code)
    page = Who(base, s["people"]["cleo"]).get("/notifications")
    if not re.search(r'name="kind-mention" value="off" checked', page):
        fail("mentions are not off after the mention mail's unsubscribe")
    n = len(read_mails(maildir))
    comment(base, s, "bob", "After the unsubscribe, @Cleo")
    time.sleep(2.5)
    if len(read_mails(maildir)) != n:
        fail("mail was sent after unsubscribing")
    page = Who(base, s["people"]["cleo"]).get("/notifications")
    if "After the unsubscribe, @Cleo" not in page:
        fail("the notice is not listed in the app")
    # A partner request: Ana hears of it (partner requests are still on).
    Who(base, s["people"]["dana1"]).post(
        "/c/%s/partner/%s" % (s["cohort"], s["owner"]), [])
    wait_mails(maildir, lambda x: x[2]["rcpt_tos"] == ["ana@example.org"]
               and "accountability partner" in x[1]["Subject"], 1,
               what="the partner request")
    print("ok - a partner request: a mail to the one asked")
    # Mentions on again for the fault test.
    Who(base, s["people"]["cleo"]).post("/notifications/prefs",
                                        [("kind-mention", "each")])
    print("ok - unsubscribe without logging in: the page, one click "
          "(urlencoded and multipart), a forged link refused, no more mail")


def flood(bases, state, n):
    s = load(state)
    bases = bases.split(",")
    for i in range(n):
        comment(bases[i % len(bases)], s, "bob",
                "Flood %d for @Cleo" % (i + 1))
    print("ok - %d comments mentioning Cleo queued over %d server(s)" %
          (n, len(bases)))


def count(maildir, n, seconds):
    def cleo(x):
        return x[2]["rcpt_tos"] == ["cleo@example.org"] and \
            "Flood" in parts(x[1])[0]
    got = wait_mails(maildir, cleo, n, seconds, what="the flood")
    time.sleep(3)
    got = [x for x in read_mails(maildir) if cleo(x)]
    ids = [x[1]["Message-ID"] for x in got]
    texts = sorted(re.search(r"Flood (\d+)", parts(x[1])[0]).group(1)
                   for x in got)
    if len(got) != n or len(set(ids)) != n or len(set(texts)) != n:
        fail("%d mails, %d Message-IDs, %d comments: not %d once each" %
             (len(got), len(set(ids)), len(set(texts)), n))
    print("ok - all %d arrived, none twice" % n)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "world":
        world(sys.argv[2], sys.argv[3])
    elif cmd == "mails":
        mails(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "flood":
        flood(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "count":
        count(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        fail("unknown command " + cmd)
