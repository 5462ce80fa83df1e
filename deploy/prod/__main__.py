"""Run what production runs, on this machine, in the background (`make prod-up`).

    bin/prod up                 nginx (TLS) -> two gunicorn app servers, the task worker,
                                PostgreSQL and Redis; returns once https://127.0.0.1:8443/ answers
    bin/prod down               stop all of it
    bin/prod status             what runs, on which ports
    bin/prod stop|start|kill|restart SERVICE
                                one service: postgres, redis (when the set-up runs its own),
                                web1, web2, worker, nginx (kill: SIGKILL)
    bin/prod manage ARGS...     manage.py with the set-up's settings (create_admin, backup...)
    bin/prod env                those settings, as shell `export` lines

Variables: PROD_PORT (8443), PROD_DIR (var/prod: state, logs, certificate, mail, media),
PROD_OWN_SERVICES=1 (PostgreSQL and Redis of its own, on free ports, under PROD_DIR;
else the machine's: PROD_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
pressroom_prod, created if missing, and PROD_REDIS_URL, default redis://127.0.0.1:6379/1).
Settings of .env.example set in the environment (EMAIL_HOST, LOG_LEVEL, ...) go to the app
processes, and stay theirs until `down`. Without EMAIL_HOST, mail is written to PROD_DIR/mail/.
"""

import os
import shlex
import sys

from . import processes, services
from .config import ROOT, SERVICES, Topology, from_environment
from .processes import Failed


def _owned(topology):
    """The services this set-up starts and stops, in the order it starts them."""
    return [name for name in SERVICES if topology.own_services or name not in ("postgres", "redis")]


STARTERS = {
    "postgres": services.start_postgres,
    "redis": services.start_redis,
    "web1": lambda topology: services.start_app_server(topology, "web1"),
    "web2": lambda topology: services.start_app_server(topology, "web2"),
    "worker": services.start_worker,
    "nginx": services.start_nginx,
}
STOPPERS = {"postgres": services.stop_postgres, "nginx": services.stop_nginx}


def start(topology, name):
    if processes.alive(topology.pids.get(name)):
        return
    topology.pids[name] = STARTERS[name](topology)
    topology.save()


def stop(topology, name, *, kill=False):
    entry = topology.pids.pop(name, None)
    if kill:
        processes.kill(entry)
    else:
        STOPPERS.get(name, processes.stop)(entry)
    topology.save()


def up(topology):
    services.nginx_binary()
    topology.save()
    try:
        for name in _owned(topology):
            if name == "web1":  # the database and cache are there: the app's turn
                services.create_database(topology.database_url)
                services.prepare_app(topology)
            start(topology, name)
    except BaseException:  # a failure, or Ctrl-C: leave nothing half-started
        down(topology)
        raise
    print(
        f"The press room runs at {topology.url}/ (self-signed: {topology.path}/tls/cert.pem)\n"
        f"  app servers  gunicorn on 127.0.0.1:{topology.ports['web1']} and "
        f":{topology.ports['web2']}, behind nginx; the task worker\n"
        f"  database     {topology.database_url}\n"
        f"  cache        {topology.redis_url}\n"
        f"  mail         {_mail(topology)}\n"
        f"  logs         {topology.logs}/\n"
        "  an administrator: bin/prod manage create_admin NAME\n"
        "  stop it all: make prod-down"
    )


def _mail(topology):
    env = topology.app_env()
    if "EMAIL_HOST" in env:
        return f"SMTP at {env['EMAIL_HOST']}:{env.get('EMAIL_PORT', '25')}"
    return f"written to {env['EMAIL_FILE_PATH']}/"


def down(topology):
    for name in reversed(SERVICES):
        if name in topology.pids:
            stop(topology, name)
    left = [name for name, entry in topology.pids.items() if processes.alive(entry)]
    if left:
        raise Failed(f"Still running: {', '.join(left)}")


def status(topology):
    for name in _owned(topology):
        entry = topology.pids.get(name)
        state = f"running (pid {entry['pid']})" if processes.alive(entry) else "stopped"
        port = topology.port if name == "nginx" else topology.ports.get(name, "")
        print(f"{name:8} {state:24} {port}")


def main(argv):
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    command, *rest = argv
    directory = os.environ.get("PROD_DIR") or ROOT / "var" / "prod"
    topology = Topology.load(directory) if command != "up" else from_environment()
    if topology is None:
        print(f"Nothing was started in {directory}: bin/prod up", file=sys.stderr)
        return 0 if command in ("down", "status") else 1
    try:
        if command == "up":
            up(topology)
        elif command == "down":
            down(topology)
        elif command == "status":
            status(topology)
        elif command in ("start", "stop", "kill", "restart") and len(rest) == 1:
            name = rest[0]
            if name not in _owned(topology):
                raise Failed(f"No service {name!r} here: {', '.join(_owned(topology))}")
            if command != "start":
                stop(topology, name, kill=command == "kill")
            if command in ("start", "restart"):
                start(topology, name)
        elif command == "manage":
            os.chdir(ROOT)
            env = {**os.environ, **topology.app_env()}
            os.execve(sys.executable, [sys.executable, "manage.py", *rest], env)
        elif command == "env":
            for name, value in topology.app_env().items():
                print(f"export {name}={shlex.quote(value)}")
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except Failed as error:
        print(f"bin/prod {command}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
