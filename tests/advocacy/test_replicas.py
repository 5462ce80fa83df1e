"""Read replicas: only anonymous readers' pages read from them; writes and staff never."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from advocacy import replicas
from advocacy.models import User
from releases import cache as page_cache
from releases.cache import versions as page_versions
from releases.models import Statement
from tests.advocacy.test_settings import run


@pytest.fixture
def two_replicas(monkeypatch):
    monkeypatch.setattr(replicas, "replicas", lambda: ["replica1", "replica2"])


def database_used(request):
    """Which database the router picks for a read made while serving `request`."""
    seen = {}

    def view(request):
        seen["read"] = replicas.PrimaryReplicaRouter().db_for_read(Statement)
        seen["write"] = replicas.PrimaryReplicaRouter().db_for_write(Statement)
        return None

    replicas.ReplicaReadsMiddleware(view)(request)
    return seen


def anonymous(request):
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return request


def test_anonymous_readers_read_from_a_replica(two_replicas):
    seen = database_used(anonymous(RequestFactory().get("/statements/")))
    assert seen["read"] in ("replica1", "replica2") and seen["write"] == "default"


@pytest.mark.parametrize(
    "request_", ["post", "staff", "admin"], ids=["a form posted", "staff", "the admin"]
)
def test_everything_else_reads_from_the_primary(two_replicas, request_):
    factory = RequestFactory()
    if request_ == "post":
        request = anonymous(factory.post("/statements/x/sign/"))
    elif request_ == "staff":
        request = factory.get("/statements/")
        request.user = User(username="staff", is_staff=True)
    else:
        request = anonymous(factory.get("/admin/login/"))
    assert database_used(request) == {"read": "default", "write": "default"}


def test_commands_and_the_worker_read_from_the_primary(two_replicas):
    assert replicas.PrimaryReplicaRouter().db_for_read(Statement) == "default"


def test_a_page_rendered_right_after_a_change_is_kept_only_as_long_as_replicas_lag(
    settings, monkeypatch
):
    settings.REPLICA_LAG_SECONDS = 5
    assert page_cache._seconds(int(timezone.now().timestamp() * 1e9)) == page_cache.PAGE_SECONDS
    monkeypatch.setattr(page_versions, "replicas", lambda: ["replica1"])
    just_now = int(timezone.now().timestamp() * 1e9)
    a_while_ago = int((timezone.now() - datetime.timedelta(minutes=1)).timestamp() * 1e9)
    assert page_cache._seconds(just_now) == 5
    assert page_cache._seconds(a_while_ago) == page_cache.PAGE_SECONDS


def test_replica_urls_add_databases_and_the_router():
    result = run(
        "databases = settings.DATABASES\n"
        "print(sorted(databases), settings.DATABASE_ROUTERS,"
        " databases['replica2']['HOST'], databases['replica1']['TEST']['MIRROR'])",
        settings="advocacy.settings.dev",
        DATABASE_URL="postgres://press@primary/press",
        DATABASE_REPLICA_URLS="postgres://press@r1/press,postgres://press@r2/press",
    )
    assert result.stdout.split("\n")[0] == (
        "['default', 'replica1', 'replica2'] ['advocacy.replicas.PrimaryReplicaRouter'] r2 default"
    )


def test_an_s3_bucket_needs_django_storages():
    result = run(
        "print(settings.STORAGES['default'])",
        settings="advocacy.settings.dev",
        AWS_STORAGE_BUCKET_NAME="press-media",
    )
    try:
        import storages  # noqa: F401
    except ImportError:
        assert result.returncode != 0 and "pip install" in result.stderr
    else:
        assert "S3Storage" in result.stdout
