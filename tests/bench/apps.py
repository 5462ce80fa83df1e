from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark and the load generators: `manage.py bench`, `bench_data` and
    `signon_load`. No running site needs them: only the development, test and benchmark
    settings install this app."""

    name = "tests.bench"
    label = "bench"
    verbose_name = "Benchmark"
