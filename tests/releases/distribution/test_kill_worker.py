"""A real worker killed (SIGKILL) in the middle of a send, then started again.

`manage.py db_worker` runs as a process of its own, against the test database and a mail
server of the test's (smtp_sink.py) that holds one message unanswered: the worker is
then inside `send_messages`, its row marked `sending`. The test kills it there with
SIGKILL, starts a new worker, and counts what the mail server got.

What is still possible, and shown by the second test: when the server had taken the held
message whole before the worker died (it had queued it, and only its answer was lost),
that one recipient gets it twice, both copies with the same Message-ID. Nobody else does,
and nobody gets nothing.
"""

import collections
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from releases.distribution import services
from releases.distribution.worker import IN_DOUBT
from tests import factories
from tests.releases.distribution.helpers import (
    DATABASE_QUEUE,
    make_journalist,
    make_list,
    make_send,
)
from tests.releases.distribution.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
RECIPIENTS = 12
HELD = 5  # the message the mail server holds unanswered
LEASE = 2  # seconds a silent worker keeps its send


class SharedDatabase:
    """The test database, as a worker in another process reaches it."""

    def __init__(self, tmp_path):
        settings = connection.settings_dict
        if connection.vendor == "postgresql":
            auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
            self.url = (
                f"postgres://{auth}@{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"
                f"/{settings['NAME']}"
            )
            self.path = None
        else:
            # The suite's SQLite database lives in this process's memory: copy it to a file
            # the worker opens, and read the outcome from there.
            self.path = tmp_path / "shared.sqlite3"
            target = sqlite3.connect(self.path)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.path}"

    def rows(self, sql):
        if self.path is None:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        with sqlite3.connect(self.path, timeout=30) as db:
            return db.execute(sql).fetchall()

    def deliveries(self):
        return {
            email: (status, reason)
            for email, status, reason in self.rows(
                "SELECT email, status, reason FROM releases_delivery"
            )
        }


def start_worker(database, sink, log):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.releases.distribution.worker_settings",
        "DATABASE_URL": database.url,
        "SINK_PORT": str(sink.port),
        "PRESS_SEND_LEASE_SECONDS": str(LEASE),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.05", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, what, *, seconds=90):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}")
        time.sleep(0.05)


def kill_mid_send(tmp_path, settings, count_on):
    """Queue a send, let a real worker send until the held message, kill -9 it, start
    another; returns the sink, the database and the held recipient."""
    settings.TASKS = DATABASE_QUEUE
    settings.PRESS_SEND_LEASE_SECONDS = LEASE  # as the workers have it: the sweeper's period
    journalists = [make_journalist(email=f"r{n:02}@news.example.org") for n in range(RECIPIENTS)]
    send = make_send(factories.make_statement(), lists=[make_list(members=journalists)])
    services.queue_send(send)
    database = SharedDatabase(tmp_path)
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115 - closed at the end
    with SmtpSink(hold_at=HELD, count_on=count_on) as sink:
        first = start_worker(database, sink, log)
        try:
            assert sink.holding.wait(90), (tmp_path / "worker.log").read_text()
            sending = [
                e for e, (status, _r) in database.deliveries().items() if status == "sending"
            ]
            assert len(sending) == 1  # the worker is inside the window, on one row
            (held,) = sending
            os.kill(first.pid, signal.SIGKILL)
            assert first.wait(30) == -signal.SIGKILL
        finally:
            if first.poll() is None:
                first.kill()
        sink.abandon()  # the dead worker's connection is gone
        before = len(sink.delivered)

        second = start_worker(database, sink, log)
        try:
            wait_for(
                lambda: all(s == "sent" for s, _r in database.deliveries().values()),
                "every row to be sent",
            )
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(30)
    log.close()
    print(
        f"\n[kill -9 test, count_on={count_on}] worker pid {first.pid} killed holding message "
        f"{HELD}/{RECIPIENTS} (to {held}); the mail server had {before} before the kill, "
        f"{len(sink.delivered)} after the restart, for "
        f"{len({to for to, _id in sink.delivered})} distinct recipients"
    )
    return sink, database, held


def test_a_worker_killed_waiting_for_the_server_s_answer_sends_to_everyone_exactly_once(
    tmp_path, settings
):
    sink, database, held = kill_mid_send(tmp_path, settings, count_on="reply")

    counts = collections.Counter(to for to, _id in sink.delivered)
    assert len(counts) == RECIPIENTS and set(counts.values()) == {1}
    deliveries = database.deliveries()
    assert deliveries[held] == ("sent", IN_DOUBT)  # sent again, and said so
    assert sum(1 for _s, reason in deliveries.values() if reason == IN_DOUBT) == 1


def test_the_one_duplicate_left_is_the_message_in_flight_with_the_same_message_id(
    tmp_path, settings
):
    sink, _database, held = kill_mid_send(tmp_path, settings, count_on="data")

    counts = collections.Counter(to for to, _id in sink.delivered)
    assert len(counts) == RECIPIENTS
    assert {to for to, n in counts.items() if n > 1} == {held} and counts[held] == 2
    ids = {message_id for to, message_id in sink.delivered if to == held}
    assert len(ids) == 1 and next(iter(ids)).startswith("<release.")
