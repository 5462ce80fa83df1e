"""What `make prod-up` runs, and with which settings: the one place for both.

The commands below are also those of the container image and compose.yaml
(tests/production/test_packaging.py holds them to it). Paths are relative to the
checkout, where the site runs from.
"""

import json
import os
import re
import secrets
import socket
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# --- The commands -------------------------------------------------------------------------

GUNICORN = [".venv/bin/gunicorn", "--config", "deploy/gunicorn.conf.py", "advocacy.wsgi"]
WORKER = [".venv/bin/python", "manage.py", "db_worker", "--no-reload"]
MIGRATE = [".venv/bin/python", "manage.py", "migrate", "--noinput"]
COLLECTSTATIC = [".venv/bin/python", "manage.py", "collectstatic", "--noinput", "-v0"]
CERTIFICATE = "deploy/self-signed-cert"
NGINX_SITE = "deploy/nginx/pressroom.conf"


def upstream_line(address):
    """An app server in nginx's upstream (pressroom/upstream.conf): left alone for 10 s
    after one failed connection (passive health checks)."""
    return f"server {address} max_fails=1 fail_timeout=10s;\n"


# The settings every app process gets, whatever the machine (compose.yaml sets the same).
APP_SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "advocacy.settings.prod",
    "DEBUG": "0",
    "TASKS_BACKEND": "database",
    "CONN_MAX_AGE": "60",
    "TRUSTED_PROXY_COUNT": "1",  # nginx, which appends the client to X-Forwarded-For
    "CACHE_KEY_PREFIX": "pressroom-prod",
}
# Set by the topology itself (addresses, paths, the secret): not taken from the caller.
TOPOLOGY_SETTINGS = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SITE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "BACKUP_DIR",
    "EMAIL_BACKEND",
    "EMAIL_FILE_PATH",
}

SERVICES = ["postgres", "redis", "web1", "web2", "worker", "nginx"]
APP_SERVERS = ["web1", "web2"]


def settings_in_env_example():
    """The names of .env.example: the settings a caller may set for the app processes."""
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.M))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Topology:
    """One run of the production set-up on this machine, kept in `<dir>/state.json`."""

    dir: str
    port: int
    own_services: bool
    database_url: str
    redis_url: str
    ports: dict = field(default_factory=dict)
    pids: dict = field(default_factory=dict)
    caller_settings: dict = field(default_factory=dict)

    # --- where things are ------------------------------------------------------------

    @property
    def path(self):
        return Path(self.dir)

    @property
    def public(self):
        """What nginx serves itself: static/ and media/."""
        return self.path / "public"

    @property
    def logs(self):
        return self.path / "logs"

    @property
    def url(self):
        return f"https://127.0.0.1:{self.port}"

    def log(self, service):
        return self.logs / f"{service}.log"

    # --- state -------------------------------------------------------------------------

    def save(self):
        self.path.mkdir(parents=True, exist_ok=True)
        state = self.path / "state.json"
        written = state.with_suffix(".json.new")
        written.write_text(json.dumps(asdict(self), indent=2) + "\n")
        written.replace(state)  # whole, for anyone reading it meanwhile

    @classmethod
    def load(cls, directory):
        state = Path(directory) / "state.json"
        if not state.exists():
            return None
        return cls(**json.loads(state.read_text()))

    # --- the app's environment -------------------------------------------------------

    def secret_key(self):
        """Made once per run directory and kept (sessions outlive a restart)."""
        path = self.path / "secret_key"
        if not path.exists():
            self.path.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(50))
        return path.read_text().strip()

    def app_env(self):
        """The environment of every app process: gunicorn, the worker, manage.py."""
        hosts = [f"127.0.0.1:{self.port}", f"localhost:{self.port}"]
        env = {
            **APP_SETTINGS,
            "SECRET_KEY": self.secret_key(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": ",".join(f"https://{host}" for host in hosts),
            "SITE_URL": self.url,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "STATIC_ROOT": str(self.public / "static"),
            "MEDIA_ROOT": str(self.public / "media"),
            "BACKUP_DIR": str(self.path / "backups"),
            "WEB_CONCURRENCY": "2",
        }
        if "EMAIL_HOST" not in self.caller_settings:
            # No mail server named: each email is written to a file, to read there.
            env["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
            env["EMAIL_FILE_PATH"] = str(self.path / "mail")
        env.update(self.caller_settings)
        return env


def caller_settings(environ):
    """The settings of .env.example the caller set (EMAIL_HOST, LOG_LEVEL, ...), but not
    those the topology decides."""
    names = settings_in_env_example() - TOPOLOGY_SETTINGS - set(APP_SETTINGS) | {"WEB_CONCURRENCY"}
    return {name: environ[name] for name in sorted(names) if name in environ}


def from_environment(environ=os.environ):
    """The topology asked for by PROD_* variables, or the one already running there."""
    directory = Path(environ.get("PROD_DIR") or ROOT / "var" / "prod").resolve()
    existing = Topology.load(directory)
    if existing is not None and existing.pids:
        return existing
    own = environ.get("PROD_OWN_SERVICES", "0") not in ("", "0", "no", "false")
    topology = Topology(
        dir=str(directory),
        port=int(environ.get("PROD_PORT", "8443")),
        own_services=own,
        database_url="",
        redis_url="",
        caller_settings=caller_settings(environ),
    )
    for name in ["web1", "web2", *(["postgres", "redis"] if own else [])]:
        topology.ports[name] = free_port()
    if own:
        topology.database_url = (
            f"postgres://postgres@127.0.0.1:{topology.ports['postgres']}/pressroom"
        )
        topology.redis_url = f"redis://127.0.0.1:{topology.ports['redis']}/0"
    else:
        topology.database_url = environ.get(
            "PROD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pressroom_prod"
        )
        topology.redis_url = environ.get("PROD_REDIS_URL", "redis://127.0.0.1:6379/1")
    return topology
