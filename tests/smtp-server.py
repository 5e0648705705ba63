"""tests/smtp-server.py: a real SMTP server for the mail tests.

Debian's python3-aiosmtpd on a loopback port of the kernel's choosing,
written to READY once it listens.  Each message it takes is saved as
DIR/N.eml (the bytes as received) with DIR/N.json (the envelope and the
login used).  Options make it misbehave the ways a mail server can:

  --rcpt-reply "550 5.1.1 no such user"   answer RCPT TO with this
  --data-reply "554 5.6.0 bad content"   answer the end of DATA with this
  --auth USER:PASSWORD                   require this login (AUTH PLAIN or
                                         LOGIN, allowed without TLS here)
  --mute                                 accept connections, never answer
  --host ADDR                            listen there, not on 127.0.0.1
  --port N                               that port (a restart), not a free one
  --tls-cert FILE --tls-key FILE         TLS from the first byte (smtps)

Run: python3 tests/smtp-server.py --dir DIR --ready FILE [options]
"""
import argparse
import asyncio
import json
import os
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, options):
        if self.args.rcpt_reply:
            return self.args.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.data_reply:
            return self.args.data_reply
        self.count += 1
        base = os.path.join(self.args.dir, "%03d" % self.count)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        login = session.auth_data.login.decode() if isinstance(
            session.auth_data, LoginPassword) else None
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from,
                       "rcpt_tos": envelope.rcpt_tos,
                       "login": login}, f)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Message accepted"


def authenticator(want):
    user, _, password = want.partition(":")

    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and
              auth_data.login == user.encode() and
              auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False, auth_data=auth_data)
    return check


async def mute(reader, writer):
    await reader.read()  # until the client gives up
    writer.close()


async def main(args):
    loop = asyncio.get_running_loop()
    tls = None
    if args.tls_cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
    if args.mute:
        server = await asyncio.start_server(mute, args.host, args.port)
    else:
        handler = Handler(args)
        extra = {}
        if args.auth:
            extra = dict(authenticator=authenticator(args.auth),
                         auth_required=True, auth_require_tls=False)
        server = await loop.create_server(
            lambda: SMTP(handler, hostname="smtp.test", **extra),
            args.host, args.port, ssl=tls, reuse_address=True)
    port = server.sockets[0].getsockname()[1]
    with open(args.ready + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(args.ready + ".tmp", args.ready)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--ready", required=True)
    p.add_argument("--rcpt-reply")
    p.add_argument("--data-reply")
    p.add_argument("--auth")
    p.add_argument("--mute", action="store_true")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    asyncio.run(main(p.parse_args()))
