"""The production suite's set-up: `bin/prod up` as `make prod-up` runs it, with
PostgreSQL and Redis of its own (so that the faults disturb nothing else), on free ports,
in var/prod-test/, its mail going to an SMTP server in the test process.

Nothing is skipped: if nginx, PostgreSQL's programs or Redis are missing, or a service
does not come up, every test of the suite fails and says why.
"""

import json
import os
import shutil
import subprocess
import sys

import psycopg
import pytest

from deploy.prod import processes
from deploy.prod.config import ROOT, SERVICES, Topology, free_port, settings_in_env_example
from tests.production.client import Client
from tests.production.smtp_sink import SmtpSink

PROD_DIR = ROOT / "var" / "prod-test"
LEASE_SECONDS = 6  # the worker's lease, short so that a killed worker's tasks soon go again


class Site:
    """The running set-up, seen from the tests."""

    def __init__(self, env, sink):
        self.env = env
        self.sink = sink
        self.data = {}

    @property
    def topology(self):
        return Topology.load(PROD_DIR)

    @property
    def port(self):
        return self.data["port"]

    @property
    def url(self):
        return f"https://127.0.0.1:{self.port}"

    @property
    def certificate(self):
        return PROD_DIR / "tls" / "cert.pem"

    @property
    def secret_key(self):
        return self.topology.secret_key()

    def prod(self, *args, timeout=180):
        """Run `bin/prod ARGS` (as `python -m deploy.prod`); its output, or fail with it."""
        result = subprocess.run(
            [sys.executable, "-m", "deploy.prod", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            pytest.fail(f"bin/prod {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def stop(self, service):
        self.prod("stop", service)

    def start(self, service):
        self.prod("start", service)

    def kill(self, service):
        self.prod("kill", service)

    def pid(self, service):
        return self.topology.pids[service]["pid"]

    def running(self, service):
        return processes.alive(self.topology.pids.get(service))

    def heal(self):
        """Start whatever a test stopped, in order."""
        for service in SERVICES:
            if not self.running(service):
                self.start(service)

    def manage(self, *args, env=None, timeout=180):
        command = [sys.executable, "manage.py", *args]
        full_env = {**self.env, **self.topology.app_env(), **(env or {})}
        result = subprocess.run(
            command, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def sql(self, query, params=(), *, database_url=None):
        """Rows of a query on the set-up's database (each call its own connection)."""
        with psycopg.connect(database_url or self.topology.database_url, autocommit=True) as db:
            cursor = db.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def client(self, address="127.0.0.1", **kwargs):
        """A client of the site through nginx, from `address`."""
        return Client(self, address, **kwargs)

    def app_server(self, service, address="127.0.0.1"):
        """A client of one gunicorn directly, as nginx talks to it."""
        return Client(self, address, through=("127.0.0.1", self.topology.ports[service]))

    def slug(self, test):
        return self.data["statements"][test]


def _environment(sink):
    """The caller's environment without any setting of its own (DATABASE_URL...), plus
    what the suite asks of the set-up."""
    settings = settings_in_env_example()
    env = {name: value for name, value in os.environ.items() if name not in settings}
    env.update(
        PROD_DIR=str(PROD_DIR),
        PROD_OWN_SERVICES="1",
        PROD_PORT=str(free_port()),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        TASK_WORKER_LEASE_SECONDS=str(LEASE_SECONDS),
    )
    return env


@pytest.fixture(scope="session")
def site():
    sink = SmtpSink().start()
    site = Site(_environment(sink), sink)
    if Topology.load(PROD_DIR) is not None:  # a run before this one did not end
        site.prod("down")
    shutil.rmtree(PROD_DIR, ignore_errors=True)
    try:
        site.prod("up", timeout=600)
        code = "from tests.production.site_data import main; main()"
        site.data = json.loads(site.manage("shell", "-c", code).strip().splitlines()[-1])
        site.data["port"] = site.topology.port
        yield site
    finally:
        if Topology.load(PROD_DIR) is not None:
            site.prod("down")
        sink.stop()


@pytest.fixture
def healed(site):
    """The set-up as a test found it, whatever the test stopped on the way."""
    yield site
    site.sink.release()
    site.heal()
