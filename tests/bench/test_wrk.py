"""The benchmark reads wrk's figures right: requests, errors and the page cache's answers
counted from their header (wrk from Debian; make bench installs it)."""

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.bench import wrk

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")


class Answers(BaseHTTPRequestHandler):
    """Every third answer is a miss, the others hits; /broken answers 500."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        with self.server.lock:
            self.server.answered += 1
            number = self.server.answered
        body = b"page"
        self.send_response(500 if self.path == "/broken" else 200)
        self.send_header("X-Page-Cache", "miss" if number % 3 == 0 else "hit")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    httpd.answered, httpd.lock = 0, threading.Lock()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()


def test_requests_and_cache_answers_are_counted(server):
    host, port = server.server_address
    figures = wrk.run(host, port, "/", seconds=1, connections=2, count_cache=True)
    assert figures["requests"] > 0 and figures["errors"] == 0
    counted = figures["cache"]
    assert counted["hit"] + counted["miss"] == figures["requests"]
    # wrk stops after the last answers it counted: the server may have sent a few more.
    assert abs(figures["requests"] - server.answered) <= 2
    assert counted["miss"] == pytest.approx(figures["requests"] / 3, abs=2)
    assert figures["p50_ms"] <= figures["p99_ms"] and figures["rps"] > 0


def test_an_error_status_is_an_error(server):
    host, port = server.server_address
    figures = wrk.run(host, port, "/broken", seconds=1, connections=1)
    assert figures["requests"] > 0
    assert figures["errors"] == figures["requests"]
    assert figures["error_kinds"] == {"status": figures["requests"]}


def test_wrk_by_itself_against_a_canned_answer():
    figures = wrk.generator_alone(10_000, seconds=1, connections=4)
    assert figures["requests"] > 100 and figures["errors"] == 0
    assert figures["bytes"] >= figures["requests"] * 10_000
