"""Journalists, lists and sends for the tests of sending, and the worker run in-process."""

import itertools
import signal

from django.core.management import call_command

from releases.distribution.models import Journalist, MediaList, Send
from tests import factories

_seq = itertools.count(1)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def make_journalist(**fields):
    n = next(_seq)
    fields.setdefault("email", f"reporter{n}@news{n}.example.org")
    fields.setdefault("name", f"Reporter {n}")
    topics = fields.pop("topics", ())
    journalist = Journalist.objects.create(**fields)
    if topics:
        journalist.topics.set(topics)
    return journalist


def make_list(name=None, *, members=(), **rule):
    media_list = MediaList.objects.create(name=name or f"List {next(_seq)}", **rule)
    if members:
        media_list.members.add(*members)
    return media_list


def make_send(statement=None, *, lists=(), **fields):
    statement = statement or factories.make_statement(title="Asylum ruling condemned")
    send = Send.objects.create(statement=statement, **fields)
    send.lists.set(lists)
    return send


def run_worker():
    """Run the database worker until no task is due, as `db_worker --batch` does."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in signals}
    try:
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0
        )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
