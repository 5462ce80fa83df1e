"""A mail server for the production suite: it takes what the worker sends over SMTP.

Just enough SMTP for Django's SMTP backend (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
QUIT; no TLS, no login), listening on a free local port in a thread of the test process,
so that the tests read each message as it arrives.

`hold()` makes it stop before its final "250 OK" to a message: the message is in, the
sender is still waiting for the answer (a worker "in the middle of sending"). That message
counts as delivered, as it would be at a real server that had taken it when the sender
died: the sender cannot know, and sends it again.
"""

import email
import email.policy
import socketserver
import threading
import time


class Message:
    def __init__(self, sender, recipients, data):
        self.sender = sender
        self.recipients = recipients
        self.parsed = email.message_from_bytes(data, policy=email.policy.default)
        self.subject = str(self.parsed["Subject"])
        part = self.parsed.get_body(preferencelist=("plain",)) or self.parsed
        self.body = part.get_content()

    def __repr__(self):
        return f"<Message to {self.recipients}: {self.subject!r}>"


class _Handler(socketserver.StreamRequestHandler):
    timeout = 60

    def reply(self, line):
        try:
            self.wfile.write(line.encode() + b"\r\n")
            self.wfile.flush()
        except OSError:
            pass  # the sender is gone

    def handle(self):
        sink = self.server.sink
        self.reply("220 sink ESMTP")
        sender, recipients = None, []
        while True:
            line = self.rfile.readline(1024)
            if not line:
                return
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = self._read_data()
                if data is None:
                    return
                sink._deliver(Message(sender, recipients, data))
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            elif verb in ("RSET", "NOOP"):
                sender, recipients = (None, []) if verb == "RSET" else (sender, recipients)
                self.reply("250 OK")
            else:
                self.reply("502 Command not implemented")

    def _read_data(self):
        lines = []
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return None
            if line in (b".\r\n", b".\n"):
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    def __init__(self):
        self.messages = []
        self._changed = threading.Condition()
        self._holding = False
        self._held = 0
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.sink = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.release()
        self._server.shutdown()
        self._server.server_close()

    # --- what the tests use -------------------------------------------------------------

    def hold(self):
        """Keep every sender waiting for its answer after its message, until `release()`."""
        with self._changed:
            self._holding = True

    def release(self):
        with self._changed:
            self._holding = False
            self._changed.notify_all()

    @property
    def held(self):
        """How many senders wait for their answer now."""
        with self._changed:
            return self._held

    def to(self, address):
        with self._changed:
            return [message for message in self.messages if address in message.recipients]

    def wait_for(self, condition, *, timeout, what):
        """Wait until `condition(sink)` holds, each time a message comes."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"Waited {timeout} s for {what}; got {self.messages}")
                self._changed.wait(left)

    # --- the handler's --------------------------------------------------------------------

    def _deliver(self, message):
        with self._changed:
            self.messages.append(message)
            self._changed.notify_all()
            if self._holding:
                self._held += 1
                self._changed.notify_all()
                while self._holding:
                    self._changed.wait()
                self._held -= 1
