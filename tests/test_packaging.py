"""The Dockerfile and compose.yaml run what `make prod-up` runs.

No container can be built here, so this reads them: the same commands (gunicorn with its
one settings file, the worker, migrate, collectstatic), the same settings, the same nginx
file and upstream, a non-root user, the pinned dependencies. deploy/prod/config.py is the
one place those commands are written for `make prod-up`.
"""

import json
import re

import pytest

from deploy.prod import config, services

DOCKERFILE = (config.ROOT / "Dockerfile").read_text()
COMPOSE = (config.ROOT / "compose.yaml").read_text()


def stage(name):
    """The lines of one stage of the Dockerfile."""
    match = re.search(rf"^FROM \S+ AS {name}\n(.*?)(?=^FROM |\Z)", DOCKERFILE, re.M | re.S)
    assert match, f"no stage {name}"
    return match[1]


def compose_service(name):
    match = re.search(rf"^  {name}:\n((?:    .*\n|\n)*)", COMPOSE, re.M)
    assert match, f"no service {name} in compose.yaml"
    return match[1]


def compose_command(name):
    return json.loads(re.search(r"^    command: (\[.*\])$", compose_service(name), re.M)[1])


def compose_app_environment():
    block = re.search(r"^x-app: &app\n(.*?)^\S", COMPOSE, re.M | re.S)[1]
    environment = re.search(r"^  environment:\n((?:    .*\n)*)", block, re.M)[1]
    return dict(re.findall(r"^    ([A-Z_0-9]+): (.*)$", environment, re.M))


def compose_value(value):
    """A value as compose gives it when nothing overrides it: ${NAME:-default} -> default."""
    value = value.strip('"')
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)


def test_the_image_runs_gunicorn_as_prod_up_does():
    cmd = re.search(r"^CMD (\[.*\])$", stage("app"), re.M)[1]
    assert json.loads(cmd) == config.GUNICORN
    assert "GUNICORN_BIND=0.0.0.0:8000" in stage("app")


@pytest.mark.parametrize(
    ("service", "command"),
    [
        ("web1", config.GUNICORN),
        ("web2", config.GUNICORN),
        ("worker", config.WORKER),
        ("migrate", config.MIGRATE),
    ],
)
def test_compose_runs_the_commands_of_prod_up(service, command):
    assert compose_command(service) == command


def test_static_files_are_collected_at_build_as_prod_up_collects_them():
    assert " ".join(config.COLLECTSTATIC) in stage("build")


def test_the_image_installs_the_pinned_versions_and_runs_as_another_user_than_root():
    assert "pip install --quiet -c constraints.txt -e ." in stage("build")
    assert len(re.findall(r"^FROM ", DOCKERFILE, re.M)) == 3  # build, app, proxy
    users = re.findall(r"^USER (\S+)$", stage("app"), re.M)
    assert users and users[-1] not in ("root", "0")
    assert re.search(rf"useradd .* {users[-1]}\b", stage("app"))


def test_the_proxy_is_the_repositorys_nginx_file_with_the_same_upstream():
    proxy = stage("proxy")
    assert f"COPY {config.NGINX_SITE} /etc/nginx/conf.d/pressroom.conf" in proxy
    assert "COPY deploy/compose/nginx/ /etc/nginx/pressroom/" in proxy
    assert f"COPY {config.CERTIFICATE} /usr/local/bin/self-signed-cert" in proxy
    upstream = (config.ROOT / "deploy/compose/nginx/upstream.conf").read_text()
    servers = [line + "\n" for line in upstream.splitlines() if line.startswith("server ")]
    assert servers == [config.upstream_line(f"{name}:8000") for name in config.APP_SERVERS]
    assert set(config.APP_SERVERS) <= set(re.findall(r"^  (\w+):$", COMPOSE, re.M))


def test_both_nginx_set_ups_include_the_same_two_files_of_their_own():
    site = (config.ROOT / config.NGINX_SITE).read_text()
    included = set(re.findall(r"^\s*include (pressroom/\S+);", site, re.M))
    assert included == {"pressroom/upstream.conf", "pressroom/site.conf"}
    for folder in ("deploy/compose/nginx", "deploy/nginx/example"):
        assert {f"pressroom/{path.name}" for path in (config.ROOT / folder).iterdir()} == included


def test_compose_gives_the_app_the_settings_prod_up_gives(tmp_path):
    topology = config.Topology(
        dir=str(tmp_path), port=8443, own_services=False, database_url="", redis_url=""
    )
    prod_up = topology.app_env()
    compose = compose_app_environment()
    assert set(prod_up) <= set(compose)
    for name, value in config.APP_SETTINGS.items():
        assert compose_value(compose[name]) == value, name
    for name in ("ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL", "EMAIL_BACKEND"):
        assert compose_value(compose[name]) == prod_up[name], name


def test_the_nginx_file_prod_up_includes_is_the_repositorys(tmp_path):
    topology = config.Topology(
        dir=str(tmp_path), port=8443, own_services=False, database_url="", redis_url=""
    )
    topology.ports = {"web1": 8001, "web2": 8002}
    services.write_nginx_config(topology, check=False)
    main = (tmp_path / "nginx" / "nginx.conf").read_text()
    assert f"include {config.ROOT / config.NGINX_SITE};" in main
    upstream = (tmp_path / "nginx" / "pressroom" / "upstream.conf").read_text()
    assert upstream == config.upstream_line("127.0.0.1:8001") + config.upstream_line(
        "127.0.0.1:8002"
    )
