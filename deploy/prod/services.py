"""The services of the production set-up: how each starts, answers and stops.

PostgreSQL and Redis are the machine's own unless the topology runs instances of its own
(the production suite's, which it stops and starts to see the site through the faults).
"""

import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from . import processes
from .config import (
    APP_SERVERS,
    CERTIFICATE,
    COLLECTSTATIC,
    GUNICORN,
    MIGRATE,
    NGINX_SITE,
    ROOT,
    WORKER,
    upstream_line,
)
from .processes import Failed

START_SECONDS = 60

# --- PostgreSQL -------------------------------------------------------------------------


def postgres_bin():
    """The newest PostgreSQL server programs on this machine (Debian's layout first)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"),
        key=lambda path: int(re.sub(r"\D", "", path.parent.parent.name) or 0),
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("postgres")
    if on_path:
        return Path(on_path).parent
    raise Failed("PostgreSQL's server programs (initdb, postgres) are missing: bin/ensure-nginx")


def _as_postgres(argv):
    """PostgreSQL refuses to run as root: as root, run it as the `postgres` account."""
    if os.geteuid() != 0:
        return argv
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", *argv]


def _give_to_postgres(*paths):
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        for path in paths:
            os.chown(path, account.pw_uid, account.pw_gid)


def start_postgres(topology):
    data = topology.path / "postgres" / "data"
    sockets = topology.path / "postgres" / "run"
    log = topology.log("postgres")
    for folder in (data.parent, sockets, topology.logs):
        folder.mkdir(parents=True, exist_ok=True)
    log.touch()
    _give_to_postgres(data.parent, sockets, log)
    programs = postgres_bin()
    if not (data / "PG_VERSION").exists():
        data.mkdir(mode=0o700, exist_ok=True)
        _give_to_postgres(data)
        argv = [str(programs / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
        _run(_as_postgres([*argv, "--encoding=UTF8", "--no-sync"]), log=log, what="initdb")
    entry = processes.start(
        _as_postgres(
            [
                str(programs / "postgres"),
                "-D",
                str(data),
                "-p",
                str(topology.ports["postgres"]),
                "-k",
                str(sockets),
                "-c",
                "listen_addresses=127.0.0.1",
            ]
        ),
        log=log,
    )
    processes.wait_until(
        lambda: _database_answers(topology.database_url, "postgres"),
        timeout=START_SECONDS,
        what="PostgreSQL",
        entry=entry,
        log=log,
    )
    return entry


def stop_postgres(entry):
    # Fast shutdown: open connections (the app servers keep theirs) are cut, not waited for.
    return processes.stop(entry, sig=signal.SIGINT)


def _database_answers(url, dbname=None):
    import psycopg

    try:
        options = {"dbname": dbname} if dbname else {}
        psycopg.connect(url, connect_timeout=2, **options).close()
    except psycopg.Error:
        return False
    return True


def create_database(url):
    """Create the database of `url` if the server has none by that name."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    try:
        with psycopg.connect(url, dbname="postgres", autocommit=True, connect_timeout=5) as db:
            exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        raise Failed(f"PostgreSQL at {url}: {' '.join(str(error).split())}") from None


# --- Redis ------------------------------------------------------------------------------


def start_redis(topology):
    folder = topology.path / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    port = topology.ports["redis"]
    argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    argv += ["--appendonly", "no", "--dir", str(folder), "--daemonize", "no"]
    log = topology.log("redis")
    entry = processes.start(argv, log=log)
    processes.wait_until(
        lambda: redis_answers(port), timeout=START_SECONDS, what="Redis", entry=entry, log=log
    )
    return entry


def redis_answers(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


# --- The app: manage.py, gunicorn, the worker ----------------------------------------------


def _run(argv, *, log, what, env=None):
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as output:
        result = subprocess.run(argv, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise Failed(f"{what} failed (exit {result.returncode}).{processes.tail(log)}")


def prepare_app(topology):
    """Migrate the database and collect the static files, as after each update."""
    env = topology.app_env()
    log = topology.log("setup")
    _run(MIGRATE, env=env, log=log, what="migrate")
    _run(COLLECTSTATIC, env=env, log=log, what="collectstatic")
    (topology.public / "media").mkdir(parents=True, exist_ok=True)


def start_app_server(topology, name):
    port = topology.ports[name]
    env = {**topology.app_env(), "GUNICORN_BIND": f"127.0.0.1:{port}"}
    log = topology.log(name)
    entry = processes.start(GUNICORN, env=env, log=log)
    processes.wait_until(
        lambda: app_server_status(topology, port) == 200,
        timeout=START_SECONDS,
        what=f"gunicorn {name} on port {port}",
        entry=entry,
        log=log,
    )
    return entry


def app_server_status(topology, port, path="/"):
    """The status of `path` asked of one app server directly, as nginx would ask it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    headers = {"Host": f"127.0.0.1:{topology.port}", "X-Forwarded-Proto": "https"}
    try:
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def start_worker(topology):
    log = topology.log("worker")
    entry = processes.start(WORKER, env=topology.app_env(), log=log)
    processes.wait_until(
        lambda: _holds_lease(topology.database_url, entry["pid"]),
        timeout=START_SECONDS,
        what="the task worker",
        entry=entry,
        log=log,
    )
    return entry


def _holds_lease(url, pid):
    """Has the worker taken its lease (advocacy.worker)? Then it is at work."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=2) as db:
            sql = "SELECT 1 FROM advocacy_workerlease WHERE pid = %s"
            return db.execute(sql, [pid]).fetchone() is not None
    except psycopg.Error:
        return False


# --- nginx --------------------------------------------------------------------------------


def nginx_binary():
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise Failed("nginx is not installed: bin/ensure-nginx installs Debian's.")
    return found


def nginx_argv(topology):
    prefix = topology.path / "nginx"
    return [
        nginx_binary(),
        "-p",
        str(prefix),
        "-c",
        str(prefix / "nginx.conf"),
        "-e",
        str(topology.log("nginx-error")),
        "-g",
        "daemon off;",
    ]


def write_nginx_config(topology, *, check=True):
    """nginx.conf for this machine, which includes the site's file of the repository as
    it is, and the two files of this machine's values it includes in turn; then the
    certificate, and nginx's test of it all (unless `check` is false)."""
    prefix = topology.path / "nginx"
    site = prefix / "pressroom"
    site.mkdir(parents=True, exist_ok=True)
    temp = prefix / "temp"
    temp.mkdir(exist_ok=True)
    certificates = topology.path / "tls"
    user = ""
    if os.geteuid() == 0:  # workers as www-data (Debian's nginx package makes it)
        account = pwd.getpwnam("www-data")
        os.chown(temp, account.pw_uid, account.pw_gid)
        user = "user www-data;\n"
    servers = "".join(upstream_line(f"127.0.0.1:{topology.ports[name]}") for name in APP_SERVERS)
    (site / "upstream.conf").write_text(servers)
    (site / "site.conf").write_text(
        f"listen 127.0.0.1:{topology.port} ssl http2;\n"
        "server_name 127.0.0.1 localhost;\n"
        f"ssl_certificate {certificates / 'cert.pem'};\n"
        f"ssl_certificate_key {certificates / 'key.pem'};\n"
        f"access_log {topology.log('nginx-access')} pressroom;\n"
        f"root {topology.public};\n"
    )
    mime_types = "/etc/nginx/mime.types"
    temp_paths = "".join(
        f"    {kind}_temp_path {temp / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(
        "# Written by `make prod-up` (deploy/prod): nginx for this machine's run of the\n"
        "# press room. The site itself is the repository's file, included as it is.\n"
        f"{user}worker_processes 1;\n"
        f"pid {prefix / 'nginx.pid'};\n"
        f"error_log {topology.log('nginx-error')} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"    include {mime_types};\n"
        "    default_type application/octet-stream;\n"
        "    sendfile on;\n"
        f"{temp_paths}"
        f"    include {ROOT / NGINX_SITE};\n"
        "}\n"
    )
    if check:
        _run([CERTIFICATE, str(certificates)], log=topology.log("setup"), what="the certificate")
        log = topology.log("nginx-error")
        _run([*nginx_argv(topology)[:-2], "-t", "-q"], log=log, what="nginx -t")


def start_nginx(topology):
    write_nginx_config(topology)
    log = topology.log("nginx-error")
    entry = processes.start(nginx_argv(topology), log=log)
    processes.wait_until(
        lambda: site_status(topology) == 200,
        timeout=START_SECONDS,
        what=f"nginx at {topology.url}/",
        entry=entry,
        log=log,
    )
    return entry


def stop_nginx(entry):
    return processes.stop(entry, sig=signal.SIGQUIT)  # graceful: answers what it has begun


def site_status(topology, path="/"):
    context = ssl.create_default_context(cafile=str(topology.path / "tls" / "cert.pem"))
    connection = http.client.HTTPSConnection("127.0.0.1", topology.port, timeout=5, context=context)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()
