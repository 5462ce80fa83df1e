"""Many clients at once, each from an address of its own, while a test breaks something.

A `Storm` runs a few threads; each in turn takes the next client number, opens the
sign-on form or a page as that client and, for a sign-on, sends it. Every answer is
recorded (the moment, what was asked, the status, the text), transport errors included,
so that the test can say what each reader saw before, during and after a fault.
"""

import itertools
import threading
import time
from dataclasses import dataclass

from deploy.prod.processes import wait_until
from tests.production.client import address, sign_on_fields


@dataclass
class Answer:
    at: float
    n: int
    what: str  # "sign-on", "form" or the page's path
    status: int | None  # None: no HTTP answer at all (connection refused, reset...)
    text: str
    headers: dict


class Storm:
    def __init__(self, site, *, block, slug, first=0, pages=(), threads=4):
        self.site = site
        self.block = block
        self.slug = slug
        self.first = first
        self.pages = list(pages)
        self.answers = []
        self._numbers = itertools.count()
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stopped.set()
        for thread in self._threads:
            thread.join(timeout=120)

    def _record(self, n, what, response=None, error=None):
        answer = Answer(
            at=time.monotonic(),
            n=n,
            what=what,
            status=response.status if response else None,
            text=response.text if response else repr(error),
            headers=response.headers if response else {},
        )
        with self._lock:
            self.answers.append(answer)

    def _run(self):
        while not self._stopped.is_set():
            n = next(self._numbers)
            client = self.site.client(address(self.block, n))
            try:
                if self.pages and n % 2:
                    page = self.pages[n % len(self.pages)]
                    self._record(n, page, client.get(page))
                    continue
                path = f"/statements/{self.slug}/sign/"
                form = client.get(path)
                if form.status != 200:
                    self._record(n, "form", form)
                    continue
                fields = {**form.hidden_inputs(), **sign_on_fields(self.site, self.first + n)}
                self._record(n, "sign-on", client.post(path, fields))
            except OSError as error:
                self._record(n, "error", error=error)

    # --- what the test asks ---------------------------------------------------------------

    def since(self, moment):
        with self._lock:
            return [answer for answer in self.answers if answer.at >= moment]

    def accepted(self, since=0.0):
        return [a for a in self.since(since) if a.what == "sign-on" and a.status == 302]

    def wait_for(self, condition, *, timeout=60, what):
        wait_until(condition, timeout=timeout, what=what)

    def organizations(self, answers):
        return {f"Partner Organization {self.first + answer.n}" for answer in answers}

    def statuses(self, answers=None):
        counts = {}
        for answer in self.answers if answers is None else answers:
            counts[answer.status] = counts.get(answer.status, 0) + 1
        return counts
