"""Settings come from the environment; production refuses to start half-configured.

Each test loads the settings in a fresh Python process with only the variables it names, as
a server would on start-up.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_DIR = ROOT / "advocacy" / "settings"

READ_PATTERN = re.compile(
    r"""\b(?:env|env_bool|env_list|os\.environ\.get|os\.environ\.setdefault)\(\s*["']([A-Z0-9_]+)"""
)


def variables_read_by_settings():
    names = set()
    for source in SETTINGS_DIR.glob("*.py"):
        names.update(READ_PATTERN.findall(source.read_text()))
    return names | {"DJANGO_SETTINGS_MODULE"}


def variables_in_env_example():
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if re.match(r"[A-Z0-9_]+=", line)}


def run(code="", *, settings, argv=None, **env):
    """Run Python with the given settings module and variables and nothing else of ours."""
    ours = variables_read_by_settings() | variables_in_env_example()
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings)
    setup = "import django; django.setup(); from django.conf import settings"
    args = argv or ["-c", f"{setup}\n{code}"]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def production_env(**overrides):
    return {
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "press.example.org",
        **overrides,
    }


def test_production_refuses_to_start_without_a_secret_key():
    result = run("print('started')", settings="advocacy.settings.prod")
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_off_refuses_a_missing_secret_key_in_base_settings_too():
    result = run("print('started')", settings="advocacy.settings.base", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug_on():
    result = run("print('started')", settings="advocacy.settings.prod", **production_env(DEBUG="1"))
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_a_boolean_that_is_not_one_is_refused_by_name():
    result = run(
        "print('started')", settings="advocacy.settings.prod", **production_env(DEBUG="maybe")
    )
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_development_runs_with_a_default_key_and_sqlite_under_var():
    result = run(
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], "
        "settings.DATABASES['default']['NAME'])",
        settings="advocacy.settings.dev",
    )
    assert result.returncode == 0, result.stderr
    debug, engine, name = result.stdout.split()
    assert debug == "True"
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "var" / "db.sqlite3"


def test_database_url_points_at_postgresql():
    result = run(
        "d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['HOST'], d['PORT'], d['NAME'], d['USER'], d['CONN_MAX_AGE'])",
        settings="advocacy.settings.dev",
        DATABASE_URL="postgres://press:pw@db.internal:5433/pressroom",
        CONN_MAX_AGE="60",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db.internal",
        "5433",
        "pressroom",
        "press",
        "60",
    ]


def test_hosts_origins_and_file_roots_come_from_the_environment(tmp_path):
    result = run(
        "print(settings.ALLOWED_HOSTS, settings.CSRF_TRUSTED_ORIGINS, settings.STATIC_ROOT, "
        "settings.MEDIA_ROOT, sep='|')",
        settings="advocacy.settings.prod",
        **production_env(
            ALLOWED_HOSTS="press.example.org, www.press.example.org",
            CSRF_TRUSTED_ORIGINS="https://press.example.org",
            STATIC_ROOT=str(tmp_path / "static"),
            MEDIA_ROOT=str(tmp_path / "media"),
        ),
    )
    assert result.returncode == 0, result.stderr
    hosts, origins, static_root, media_root = result.stdout.strip().split("|")
    assert hosts == "['press.example.org', 'www.press.example.org']"
    assert origins == "['https://press.example.org']"
    assert (static_root, media_root) == (str(tmp_path / "static"), str(tmp_path / "media"))


def test_production_settings_pass_the_deployment_checklist():
    result = run(
        settings="advocacy.settings.prod",
        argv=["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **production_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_checklist_catches_a_weak_secret_key():
    result = run(
        settings="advocacy.settings.prod",
        argv=["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **production_env(SECRET_KEY="short"),
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_env_example_lists_every_variable_the_settings_read_and_no_other():
    read = variables_read_by_settings()
    listed = variables_in_env_example()
    assert {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_HOST"} <= read
    assert sorted(read - listed) == [], "read by the settings but missing from .env.example"
    assert sorted(listed - read) == [], "in .env.example but read by no setting"
