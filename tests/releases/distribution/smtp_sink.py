"""A mail server for tests that counts what it accepts and can hold one message.

Enough SMTP for Django's SMTP backend (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT). The
message numbered `hold_at` is held after its data has arrived whole, before the server
answers: the sending worker then waits, in the one window where a crash leaves the
outcome unknown. When the message counts as delivered is `count_on`:

- "reply": once the server has answered 250 (a client that vanished before the answer
  has not had it delivered);
- "data": as soon as its data is whole, before the answer (as a mail server that has
  queued it already): a worker killed then never learns that it went.
"""

import socketserver
import threading
import time
from email import message_from_bytes


class SmtpSink:
    def __init__(self, *, hold_at=None, count_on="reply"):
        self.hold_at = hold_at
        self.count_on = count_on
        self.delivered = []  # (recipient, Message-ID)
        self.times = []  # when each message was accepted (time.monotonic())
        self.received = 0
        self.holding = threading.Event()
        self._release = threading.Event()
        self._abandoned = False
        self._lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                sink._converse(self.rfile, self.wfile)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self):
        return self.server.server_address[1]

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.abandon()
        self.server.shutdown()
        self.server.server_close()

    def abandon(self):
        """The held message's client is gone: drop its conversation without an answer."""
        self._abandoned = True
        self._release.set()

    def count(self, recipient):
        with self._lock:
            return sum(1 for to, _id in self.delivered if to == recipient)

    def _record(self, recipients, data):
        message_id = message_from_bytes(data).get("Message-ID", "")
        with self._lock:
            self.delivered.extend((to, message_id) for to in recipients)
            self.times.append(time.monotonic())

    def _converse(self, rfile, wfile):
        def say(line):
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        say("220 sink ESMTP")
        recipients = []
        while line := rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                say("250-sink")
                say("250 8BITMIME")
            elif verb in ("HELO", "NOOP", "RSET"):
                recipients = [] if verb == "RSET" else recipients
                say("250 OK")
            elif verb == "MAIL":
                recipients = []
                say("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].split()[0].strip("<>").lower())
                say("250 OK")
            elif verb == "DATA":
                say("354 End data with <CR><LF>.<CR><LF>")
                data = self._read_data(rfile)
                with self._lock:
                    self.received += 1
                    number = self.received
                if number == self.hold_at:
                    if self.count_on == "data":
                        self._record(recipients, data)
                    self.holding.set()
                    self._release.wait()
                    if self._abandoned:
                        return  # no answer: the client is gone
                    if self.count_on == "reply":
                        self._record(recipients, data)
                else:
                    self._record(recipients, data)
                say("250 OK queued")
            elif verb == "QUIT":
                say("221 Bye")
                return
            else:
                say("502 Command not implemented")

    @staticmethod
    def _read_data(rfile):
        lines = []
        while (line := rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)
