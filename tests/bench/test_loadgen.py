"""The benchmark's load generator against a tiny HTTP server of its own.

Figures from `make bench` are only as good as the client that produced them: a server
that drops idle keep-alive connections must not show up as failed requests, and a
failed request must not be counted as answered.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.bench import loadgen


class OneRequestPerConnection(BaseHTTPRequestHandler):
    """Answers one request, then closes the socket without saying so, as a server does
    when a kept-alive connection has sat idle past its timeout."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        status = 500 if self.path == "/broken" else 200
        body = b"ok"
        with self.server.lock:  # counted before the client can have the answer
            self.server.answered += 1
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), OneRequestPerConnection)
    httpd.answered = 0
    httpd.lock = threading.Lock()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_a_connection_the_server_closed_is_reopened_not_counted_as_an_error(server):
    host, port = server.server_address

    summary = loadgen.run(host, port, "/", seconds=0.3, clients=2)

    assert summary["requests"] > 2  # each client reused its connection at least once
    assert summary["errors"] == 0
    assert summary["statuses"] == {"200": summary["requests"]}
    assert server.answered == summary["requests"]


def test_an_error_answer_is_counted_as_an_error(server):
    host, port = server.server_address

    summary = loadgen.run(host, port, "/broken", seconds=0.2, clients=1)

    assert summary["requests"] > 0
    assert summary["errors"] == summary["requests"]
