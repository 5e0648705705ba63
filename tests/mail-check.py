"""tests/mail-check.py: read one composed mail back with Python's own
parser (the email package, RFC 5322 policy) and check what alignplan put
in it.  Used by tests/cli-mail.sh; prints "not ok - ..." lines and exits 1
on the first message that differs.

  mail-check.py FILE --from ADDR --to ADDR --subject TEXT --text FILE
                [--to-name NAME] [--msgid ID] [--unsubscribe URL]
                [--link URL LABEL]...
"""
import argparse
import datetime
import email
import email.policy
import email.utils
import re
import sys
from html.parser import HTMLParser

problems = []


def check(cond, what):
    if not cond:
        problems.append(what)


class Page(HTMLParser):
    """The tags of the HTML part and its text, entity references decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.hrefs = set(), [], []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href"))

    def handle_data(self, data):
        self.text.append(data)


def check_lines(raw):
    check(b"\n" not in raw.replace(b"\r\n", b""), "a line ends in a bare LF")
    check(b"\r" not in raw.replace(b"\r\n", b""), "a bare CR")
    for n, line in enumerate(raw.split(b"\r\n")):
        check(len(line) <= 78, "line %d has %d bytes" % (n + 1, len(line)))
        check(all(32 <= c < 127 or c == 9 for c in line),
              "line %d is not 7-bit text" % (n + 1))


def check_headers(msg, a):
    check(not msg.defects, "the parser found defects: %r" % msg.defects)
    for name in ("Date", "From", "To", "Subject", "Message-ID",
                 "MIME-Version", "Content-Type"):
        check(len(msg.get_all(name) or []) == 1, "not one %s header" % name)
    check(msg.get_all("Bcc") is None and msg.get_all("Cc") is None,
          "a Bcc or Cc header")
    check(str(msg["Subject"]) == a.subject,
          "Subject %r, want %r" % (str(msg["Subject"]), a.subject))
    frm, to = msg["From"].addresses, msg["To"].addresses
    check(len(frm) == 1 and frm[0].addr_spec == a.frm, "From %r" % frm)
    check(len(to) == 1 and to[0].addr_spec == a.to, "To %r" % to)
    if a.to_name is not None:
        check(to[0].display_name == a.to_name,
              "To's name %r, want %r" % (to[0].display_name, a.to_name))
    date = email.utils.parsedate_to_datetime(str(msg["Date"]))
    now = datetime.datetime.now(datetime.timezone.utc)
    check(date.tzinfo is not None and abs((now - date).total_seconds()) < 300,
          "Date %s is not now" % msg["Date"])
    mid = str(msg["Message-ID"])
    check(re.fullmatch(r"<[0-9a-f]{32}@" + re.escape(a.frm.split("@")[1]) +
                       ">", mid), "Message-ID %s" % mid)
    if a.msgid:
        check(mid == a.msgid, "Message-ID %s, printed %s" % (mid, a.msgid))
    check(str(msg["MIME-Version"]) == "1.0", "MIME-Version")
    if a.unsubscribe:
        check(str(msg["List-Unsubscribe"]) == "<%s>" % a.unsubscribe,
              "List-Unsubscribe %s" % msg["List-Unsubscribe"])
        check(str(msg["List-Unsubscribe-Post"]) ==
              "List-Unsubscribe=One-Click", "List-Unsubscribe-Post")
    else:
        check(msg["List-Unsubscribe"] is None, "List-Unsubscribe")


def check_parts(msg, a):
    text = open(a.text, encoding="utf-8").read()
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip() + "\n"
    check(msg.get_content_type() == "multipart/alternative",
          "Content-Type %s" % msg.get_content_type())
    parts = list(msg.iter_parts())
    check([p.get_content_type() for p in parts] ==
          ["text/plain", "text/html"], "parts %r" % parts)
    for p in parts:
        check(p.get_content_charset() == "utf-8", "charset")
        check(not p.defects, "a part has defects: %r" % p.defects)
    plain = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    check(plain.startswith(text), "the text part does not start with the "
          "text: %r" % plain[:200])
    for url, label in a.link:
        check("\n%s:\n%s\n" % (label, url) in plain, "link %s" % url)
    page = Page()
    page.feed(msg.get_body(("html",)).get_content())
    check(page.tags <= {"html", "head", "meta", "title", "body", "p", "br",
                        "a", "hr", "small"}, "HTML tags %r" % page.tags)
    shown = "".join(page.text)
    for line in text.split("\n"):
        check(line.strip() in shown, "the HTML lacks %r" % line[:80])
    want = [u for u, _ in a.link] + ([a.unsubscribe] if a.unsubscribe
                                     else [])
    check(page.hrefs == want, "HTML links %r, want %r" % (page.hrefs, want))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--from", dest="frm", required=True)
    p.add_argument("--to", required=True)
    p.add_argument("--to-name")
    p.add_argument("--subject", required=True)
    p.add_argument("--text", required=True)
    p.add_argument("--msgid")
    p.add_argument("--unsubscribe")
    p.add_argument("--link", nargs=2, action="append", default=[])
    a = p.parse_args()
    raw = open(a.file, "rb").read()
    check_lines(raw)
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    check_headers(msg, a)
    check_parts(msg, a)
    for what in problems:
        print("not ok - %s: %s" % (a.file, what), file=sys.stderr)
    sys.exit(1 if problems else 0)


main()
