"""Settings come from the environment; production refuses to start half-configured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code="", *, settings, argv=None, **env):
    """Run Python with only the given settings variables, as a fresh process would."""
    clean = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARS}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings)
    setup = "import django; django.setup(); from django.conf import settings"
    args = argv or ["-c", f"{setup}\n{code}"]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


_SETTINGS_VARS = {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}


def test_production_refuses_to_start_without_a_secret_key():
    result = run("print('started')", settings="advocacy.settings.prod")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_off_refuses_a_missing_secret_key_in_base_settings_too():
    result = run("print('started')", settings="advocacy.settings.base", DEBUG="0")
    assert "SECRET_KEY must be set" in result.stderr


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
        "d = settings.DATABASES['default']; print(d['ENGINE'], d['HOST'], d['PORT'], d['NAME'])",
        settings="advocacy.settings.dev",
        DATABASE_URL="postgres://press:pw@db.internal:5433/pressroom",
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db.internal",
        "5433",
        "pressroom",
    ]


def test_production_settings_pass_the_deployment_checklist():
    result = run(
        settings="advocacy.settings.prod",
        argv=["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="press.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
