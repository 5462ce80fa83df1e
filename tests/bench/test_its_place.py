"""The benchmark and the load generators are no part of a running site: production
settings do not install them, development and the benchmark's settings do."""

from tests.advocacy.test_settings import production_env, run

LIST_APPS = "print(' '.join(settings.INSTALLED_APPS))"


def test_production_does_not_install_the_benchmark():
    result = run(LIST_APPS, settings="advocacy.settings.prod", **production_env())
    assert result.returncode == 0, result.stderr
    assert "coalitions" in result.stdout.split()
    assert "tests.bench" not in result.stdout.split()


def test_development_and_the_benchmark_have_its_commands():
    for settings in ("advocacy.settings.dev", "advocacy.settings.bench"):
        result = run(argv=["manage.py", "help", "bench"], settings=settings)
        assert result.returncode == 0, result.stderr
        assert "--seconds" in result.stdout


def test_the_apps_hold_no_load_tooling():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for app in ("advocacy", "releases", "coalitions"):
        # (advocacy/settings/bench.py is the settings the benchmark serves the site with)
        names = {path.stem for path in (root / app).rglob("*.py") if path.parent.name != "settings"}
        assert not names & {"bench", "bench_data", "signon_load", "loadgen"}, app
