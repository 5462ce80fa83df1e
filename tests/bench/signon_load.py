"""A sign-on load: valid, duplicate and spam submissions fired concurrently over HTTP.

`plan()` makes the mix, `fire()` posts it to a running server from many threads, each
submission on its own connection, and `summary()` counts what came back. The load test
of the suite (tests/coalitions/test_signon_load.py) and `manage.py signon_load` share it.

The mix, for every ten submissions: four new organizations, two second sign-ons of one
of those under another spelling (case, a leading "The", spacing, a trailing full stop),
and one each of four kinds of spam: the hidden field filled in, sent the moment the form
was served, a web address in the organization's name, a forged form timestamp.

On loopback each group of ten submissions comes from its own address (127.0.0.2,
127.0.0.3, ...), as partners on their own networks would: the per-address rate limit
stays in force and is not what refuses them.
"""

import http.client
import ipaddress
import random
import re
import socket
import statistics
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

VALID, DUPLICATE = "valid", "duplicate"
HONEYPOT, TOO_FAST, LINK_IN_NAME, BAD_STAMP = "honeypot", "too-fast", "link-in-name", "bad-stamp"
SPAM = (HONEYPOT, TOO_FAST, LINK_IN_NAME, BAD_STAMP)
_PATTERN = [VALID, DUPLICATE, VALID, HONEYPOT, VALID, TOO_FAST, DUPLICATE, LINK_IN_NAME]
_PATTERN += [VALID, BAD_STAMP]
PER_ADDRESS = 10

# How the form says why it refused (in English, the default language).
REASONS = {
    "looks automated": HONEYPOT,
    "quicker than a person": TOO_FAST,
    "cannot contain a link": LINK_IN_NAME,
    "out of date": BAD_STAMP,
    "Too many sign-ons": "rate-limit",
}


@dataclass
class Submission:
    index: int
    kind: str
    organization: str  # the organization this sign-on is for (its first spelling)
    fields: dict
    stamp: str = "valid"  # "valid", "fresh" or "forged"


@dataclass
class Outcome:
    submission: Submission
    status: int = 0
    reason: str = ""  # "accepted", a spam kind of REASONS, or what else happened
    seconds: float = 0.0


@dataclass
class Plan:
    run: str
    submissions: list = field(default_factory=list)

    @property
    def valid_organizations(self):
        return sorted({s.organization for s in self.submissions if s.kind == VALID})

    @property
    def spam_names(self):
        return [s.fields["organization_name"] for s in self.submissions if s.kind in SPAM]


def _spellings(name):
    return [name.upper(), f"The {name.lower()}", name.replace(" ", "  ") + ".", f"the {name}"]


def plan(total, *, run=None, seed=0):
    """`total` submissions in the mix above, in a shuffled but repeatable order."""
    run = run or uuid.uuid4().hex[:8]
    rng = random.Random(seed)
    result = Plan(run=run)
    valid_names = []
    for index in range(total):
        kind = _PATTERN[index % len(_PATTERN)]
        if kind == DUPLICATE and not valid_names:
            kind = VALID
        number = index + 1
        fields = {
            "signer_name": f"Signer {number}",
            "email": f"signer{number}.{run}@load.example.org",
            "country": "US",
            "city": "Chicago",
            "consent_to_list": "on",
            "homepage": "",
        }
        stamp = "valid"
        if kind == VALID:
            organization = f"Centro Comunitario {run} {number}"
            valid_names.append(organization)
            fields["organization_name"] = organization
        elif kind == DUPLICATE:
            organization = rng.choice(valid_names)
            fields["organization_name"] = rng.choice(_spellings(organization))
        else:
            organization = f"Spam Sender {run} {number}"
            fields["organization_name"] = organization
            if kind == HONEYPOT:
                fields["homepage"] = "http://cheap-pills.example.com/"
            elif kind == TOO_FAST:
                stamp = "fresh"
            elif kind == LINK_IN_NAME:
                fields["organization_name"] = f"Cheap pills www.pills-{number}.com {run}"
            elif kind == BAD_STAMP:
                stamp = "forged"
        result.submissions.append(Submission(index, kind, organization, fields, stamp))
    rng.shuffle(result.submissions)
    return result


def expected(submission):
    return "accepted" if submission.kind in (VALID, DUPLICATE) else submission.kind


class _Client:
    """One signer's browser: the form page's cookie and tokens, then the POST."""

    def __init__(self, base_url, path, stamps, source=None):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.path, self.stamps, self.source = path, stamps, source

    def connect(self):
        source = (self.source, 0) if self.source else None
        return http.client.HTTPConnection(self.host, self.port, timeout=60, source_address=source)

    def form(self):
        """GET the form: its CSRF cookie and token, and the timestamp it was served with."""
        connection = self.connect()
        try:
            connection.request("GET", self.path)
            response = connection.getresponse()
            html = response.read().decode()
        finally:
            connection.close()
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
        return {
            "cookie": f"csrftoken={cookie}",
            "csrf": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1),
            "started": re.search(r'name="started" value="([^"]+)"', html).group(1),
        }

    def post(self, submission, form):
        fields = dict(submission.fields, csrfmiddlewaretoken=form["csrf"])
        signing = self.stamps.signer is not None
        if submission.stamp == "forged":
            fields["started"] = "MTcwMDAwMDAwMC4w:1aaaaa:forged-signature-not-from-the-server"
        elif submission.stamp == "fresh":  # `form` was served just now
            fields["started"] = self.stamps.fresh() if signing else form["started"]
        else:
            fields["started"] = self.stamps.valid if signing else form["started"]
        connection = self.connect()
        started = time.perf_counter()
        try:
            connection.request(
                "POST",
                self.path,
                body=urlencode(fields),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": form["cookie"],
                    "Referer": f"http://{self.host}:{self.port}{self.path}",
                    "Accept-Language": "en",
                },
            )
            response = connection.getresponse()
            body = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:
            return Outcome(submission, 0, f"connection error: {error}", 0.0)
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        if response.status == 302:
            return Outcome(submission, 302, "accepted", seconds)
        reason = next((r for text, r in REASONS.items() if text in body), "")
        return Outcome(submission, response.status, reason or f"HTTP {response.status}", seconds)


class Stamps:
    """Where the forms' timestamps come from.

    By default each signer's form is fetched from the server and its timestamp used once
    the minimum fill time has passed (`wait`); `Stamps(signer=...)` makes them directly,
    for a server that shares this process's SECRET_KEY (the suite's live server).
    """

    def __init__(self, signer=None):
        self.signer = signer
        self.valid = signer(seconds_ago=60) if signer else None

    def fresh(self):
        return self.signer(seconds_ago=0)


def _loopback_sources(host, count):
    """A source address per group of submissions, when the server is on loopback."""
    try:
        loopback = ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        loopback = False
    if not loopback:
        return [None] * count
    return [f"127.0.{(n + 2) // 250}.{(n + 2) % 250 + 1}" for n in range(count)]


def fire(load, *, base_url, path, threads=20, stamps=None, min_seconds=0.0):
    """Post every submission of `load` to `base_url` + `path`; return (outcomes, seconds)."""
    stamps = stamps or Stamps()
    groups = (len(load.submissions) + PER_ADDRESS - 1) // PER_ADDRESS
    sources = _loopback_sources(urlsplit(base_url).hostname, groups)
    clients = [_Client(base_url, path, stamps, source) for source in sources]
    forms = {}
    lock = threading.Lock()

    def form_for(group):
        with lock:
            if group not in forms:
                forms[group] = clients[group].form()
            return forms[group]

    # The forms are fetched first, like people opening the page before they type.
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(form_for, range(groups)))
    if stamps.signer is None and min_seconds:
        time.sleep(min_seconds + 0.5)  # the people type: the forms' minimum fill time

    def send(submission):
        group = submission.index // PER_ADDRESS
        client = clients[group]
        form = client.form() if submission.stamp == "fresh" else form_for(group)
        return client.post(submission, form)

    began = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        outcomes = list(pool.map(send, load.submissions))
    return outcomes, time.perf_counter() - began


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(outcomes, seconds):
    """The figures of a run: counts by outcome, surprises, latency and throughput."""
    latencies = [o.seconds for o in outcomes if o.status]
    by_reason = Counter(o.reason for o in outcomes if o.reason != "accepted")
    return {
        "submissions": len(outcomes),
        "by_kind": dict(Counter(o.submission.kind for o in outcomes)),
        "accepted": sum(o.reason == "accepted" for o in outcomes),
        "refused": dict(sorted(by_reason.items())),
        "unexpected": [
            (o.submission.kind, o.submission.fields["organization_name"], o.reason)
            for o in outcomes
            if o.reason != expected(o.submission)
        ],
        "seconds": seconds,
        "per_second": len(outcomes) / seconds if seconds else 0.0,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "max_ms": max(latencies, default=0.0) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else 0.0,
    }
