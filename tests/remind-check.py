#!/usr/bin/env python3
"""The reminders and nudges against a running server and a real SMTP
server (tests/cli-remind.sh drives it): a cohort with dates, invites by
mail, a cheap test due tomorrow, a partner, then the mails checked one
by one.  Uses tests/notify-check.py's helpers."""
import datetime
import importlib.util
import json
import re
import sys
import time

spec = importlib.util.spec_from_file_location("nc", "tests/notify-check.py")
nc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nc)


def day(n):
    return (datetime.datetime.now(datetime.timezone.utc).date() +
            datetime.timedelta(days=n)).isoformat()


def world(base, state):
    ana = nc.signup(base, "Ana Lima", "ana@example.org")
    bob = nc.signup(base, "Bob", "bob@example.org")
    fac = nc.login(base, "fac@example.org", "long enough")
    _, _, h = fac.post("/cohorts", [("name", "Remind cohort"),
                                    ("session", "7")])
    cohort = re.match(r"/c/(\d+)$", h["Location"]).group(1)
    # Invites by mail: Ana has an account, Zed has none.
    _, text, _ = fac.post("/c/%s/invites" % cohort,
                          [("role", "participant"),
                           ("email", "ana@example.org")], want=(201,))
    if "who has an account here" not in text:
        nc.fail("the invite page does not say Ana has an account")
    invite = re.search(r'href="(/join/[0-9a-f]{64})"', text).group(1)
    fac.post("/c/%s/invites" % cohort, [("role", "participant"),
                                        ("email", "zed@example.org")],
             want=(201,))
    ana.post(invite, [])
    bob.post(invite, [])
    # Bob backs Ana, by her consent.
    ana_id = re.search(r'action="/c/%s/partner/(\d+)"' % cohort,
                       bob.get("/c/%s" % cohort)).group(1)
    bob.post("/c/%s/partner/%s" % (cohort, ana_id), [("action", "request")])
    bob_id = re.search(r'action="/c/%s/backer/(\d+)"' % cohort,
                       ana.get("/s/7/checkins")).group(1)
    ana.post("/c/%s/backer/%s" % (cohort, bob_id), [("action", "accept")])
    # Ana's cheap test tomorrow; the cohort's dates: a check-in that
    # was due yesterday (Ana made none), the final review tomorrow.
    ana.post("/s/7/tests", [("form", "add"), ("idea", "Research"),
                            ("test", "Ask a researcher"),
                            ("status", "planned"), ("date", day(1)),
                            ("action", "save")])
    fac.post("/c/%s/dates" % cohort, [("action", "add"), ("kind", "checkin"),
                                      ("day", day(-1)), ("time", "00:00"),
                                      ("minutes", "30")])
    fac.post("/c/%s/dates" % cohort, [("action", "add"), ("kind", "review"),
                                      ("day", day(1)), ("time", "18:00"),
                                      ("minutes", "90"),
                                      ("title", "Demo <day>")])
    with open(state, "w") as f:
        json.dump({"ana": ana.cookie, "bob": bob.cookie, "fac": fac.cookie,
                   "cohort": cohort, "ana_id": ana_id}, f)
    print("ok - a cohort with dates, invites by mail, a partner, a cheap "
          "test due tomorrow")


def nounsub(m, subject_part, body_parts):
    if subject_part not in m["Subject"]:
        nc.fail("subject %r lacks %r" % (m["Subject"], subject_part))
    if m["List-Unsubscribe"]:
        nc.fail("an invite to an address with no account has no one to "
                "unsubscribe")
    text, _ = nc.parts(m)
    for p in body_parts:
        if p not in text:
            nc.fail("the text part lacks %r:\n%s" % (p, text))


def mails(base, state, maildir):
    # Bob's request to back Ana is a mail of its own (docs/mail.md).
    got = nc.wait_mails(maildir, lambda x: True, 8, what="the reminders")
    time.sleep(1.5)
    got = nc.read_mails(maildir)
    ids = [m["Message-ID"] for _, m, _ in got]
    if len(got) != 8 or len(set(ids)) != 8:
        nc.fail("8 mails, each once, expected: %d (%d ids): %s" % (
            len(got), len(set(ids)), [m["Subject"] for _, m, _ in got]))
    by = {}
    for _, m, env in got:
        by.setdefault(env["rcpt_tos"][0], []).append(m)
    subj = lambda who: sorted(m["Subject"] for m in by.get(who, []))
    zed = by.get("zed@example.org", [])
    if len(zed) != 1:
        nc.fail("Zed's invite: %s" % subj("zed@example.org"))
    nounsub(zed[0], "Facilitator invites you to Remind cohort",
            ["Facilitator invites you to join the cohort Remind cohort",
             "/join/"])
    if "Facilitator via alignplan" not in zed[0]["From"]:
        nc.fail("the invite is not from the facilitator: " + zed[0]["From"])
    ana = {m["Subject"]: m for m in by.get("ana@example.org", [])}
    if len(ana) != 4:
        nc.fail("Ana's mails: %s" % sorted(ana))
    for s, m in ana.items():
        if "invites you" in s:
            nc.check_mail(m, "invites you", ["/join/"])
        elif "accountability partner" in s:
            pass
        elif "Cheap test" in s:
            nc.check_mail(m, "Cheap test planned for " + day(1),
                          ['Your cheap test of "Research" is planned for'])
        else:
            nc.check_mail(m, "Demo <day> of Remind cohort",
                          ["The final review session of Remind cohort"])
            _, html = nc.parts(m)
            if "Demo &lt;day&gt;" not in html:
                nc.fail("the review's title is not escaped in HTML")
    bob = subj("bob@example.org")
    if len(bob) != 2 or not any("Ana Lima missed a check-in" in s
                                for s in bob):
        nc.fail("Bob's mails: %s" % bob)
    for m in by["bob@example.org"]:
        if "missed" in m["Subject"]:
            nc.check_mail(m, "missed a check-in",
                          ["Ana Lima has not checked in", "/checkins"])
    if len(by.get("fac@example.org", [])) != 1:
        nc.fail("the facilitator's review: %s" % subj("fac@example.org"))
    print("ok - 8 mails, each once: two invites (one to an address with no "
          "account), a cheap test, a missed check-in to the partner, the "
          "review to each member")


def nudge(base, state, maildir):
    s = json.load(open(state))
    fac = nc.Who(base, s["fac"])
    bob = nc.Who(base, s["bob"])
    path = "/c/%s/nudge/%s" % (s["cohort"], s["ana_id"])
    bob.post(path, [], want=(403,))
    fac.post(path, [])
    fac.post(path, [], want=(429,))
    got = nc.wait_mails(maildir, lambda x: "checking in on you" in
                        x[1]["Subject"], 1, what="the nudge")
    time.sleep(1)
    got = [x for x in nc.read_mails(maildir)
           if "checking in on you" in x[1]["Subject"]]
    if len(got) != 1:
        nc.fail("one nudge mail expected, %d came" % len(got))
    _, m, env = got[0]
    if env["rcpt_tos"] != ["ana@example.org"] or \
            "Facilitator via alignplan" not in m["From"]:
        nc.fail("the nudge: to %s from %s" % (env["rcpt_tos"], m["From"]))
    nc.check_mail(m, "Facilitator is checking in on you",
                  ["facilitator of Remind cohort"])
    page = fac.get("/c/%s/dashboard" % s["cohort"])
    if "nudged " + day(0) not in page or "by Facilitator" not in page:
        nc.fail("the dashboard does not log the nudge")
    print("ok - a nudge: a mail from the facilitator, logged, one a day, "
          "only by a facilitator")


def review2(base, state):
    s = json.load(open(state))
    fac = nc.Who(base, s["fac"])
    # Tomorrow at noon (UTC) is inside the reminders' two days whatever
    # the time of day the test runs; the day after at 09:00 was not
    # before 09:00.
    fac.post("/c/%s/dates" % s["cohort"],
             [("action", "add"), ("kind", "review"), ("day", day(1)),
              ("time", "12:00"), ("minutes", "60"), ("title", "Second")])


def count(maildir, subject_part, n, seconds):
    nc.wait_mails(maildir, lambda x: subject_part in x[1]["Subject"], n,
                  seconds, what=subject_part)
    time.sleep(2)
    got = [x for x in nc.read_mails(maildir)
           if subject_part in x[1]["Subject"]]
    if len(got) != n:
        nc.fail("%s: %d mails, %d expected" % (subject_part, len(got), n))
    print("ok - %s: %d mails, each once" % (subject_part, n))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "world":
        world(sys.argv[2], sys.argv[3])
    elif cmd == "mails":
        mails(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "nudge":
        nudge(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "review2":
        review2(sys.argv[2], sys.argv[3])
    elif cmd == "count":
        count(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
