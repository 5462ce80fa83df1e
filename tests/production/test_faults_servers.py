"""Faults of the app servers, and the backup: an app server stopped or killed under load,
and a backup taken while partners sign on, restored into a fresh database and served.
"""

import re
import time
from pathlib import Path

import pytest

from deploy.prod import processes
from deploy.prod.config import GUNICORN, ROOT, free_port
from deploy.prod.services import app_server_status
from tests.production.client import Client, address, sign_on_fields
from tests.production.storm import Storm
from tests.production.test_faults import report

pytestmark = pytest.mark.production


def upstreams(log, since):
    """The app servers nginx asked, per request logged after byte `since` of its log."""
    with open(log, encoding="utf-8") as text:
        text.seek(since)
        return re.findall(r" upstream=([^(]*) \(", text.read())


def test_an_app_server_stopped_or_killed_is_not_seen_by_readers(healed):
    site = healed
    slug = site.slug("app-server")
    access_log = site.topology.log("nginx-access")
    pages = ["/", "/statements/", f"/statements/{slug}/", f"/statements/{site.data['seed']}/"]
    with Storm(site, block=23, slug=slug, first=5000, pages=pages) as storm:
        storm.wait_for(lambda: len(storm.answers) >= 20, what="answers before the fault")
        for service, fault in (("web1", site.stop), ("web2", site.kill)):
            port = site.topology.ports[service]
            logged = access_log.stat().st_size
            broken = time.monotonic()
            fault(service)  # stop: SIGTERM, gunicorn's graceful stop; kill: SIGKILL
            storm.wait_for(
                lambda broken=broken: len(storm.since(broken)) >= 40,
                what=f"answers without {service}",
            )
            without = storm.since(broken)
            asked = upstreams(access_log, logged)
            site.start(service)
            restarted = access_log.stat().st_size
            # nginx leaves a failed server alone for fail_timeout (10 s), then asks it again.
            storm.wait_for(
                lambda port=port, restarted=restarted: any(
                    f"127.0.0.1:{port}" in upstream for upstream in upstreams(access_log, restarted)
                ),
                what=f"{service} serving again",
            )
            retried = sum("," in upstream for upstream in asked)
            report(
                f"{service} {'stopped' if fault == site.stop else 'killed'}: {len(without)} "
                f"answers {storm.statuses(without)} while it was out, {retried} of them "
                f"passed on by nginx after {service} failed them; it served again "
                f"{time.monotonic() - broken:.1f} s after the fault"
            )
    # Nobody saw the fault: every page and every sign-on answered as usual.
    assert set(storm.statuses()) <= {200, 302}, storm.statuses()
    accepted = storm.organizations(storm.accepted())
    rows = site.sql(
        "SELECT s.name, count(*) FROM coalitions_signatory s JOIN releases_statement st "
        "ON st.id = s.statement_id WHERE st.slug = %s GROUP BY s.name",
        [slug],
    )
    assert dict(rows) == dict.fromkeys(accepted, 1)


APPROVE = """
from coalitions import services
from coalitions.models import Signatory
waiting = Signatory.objects.filter(statement__slug={slug!r}, status="submitted")
for signatory in waiting:
    services.confirm_signature(signatory=signatory)
services.approve_signatories(signatories=Signatory.objects.filter(statement__slug={slug!r}))
"""

MINE = (
    "SELECT s.id FROM coalitions_signatory s JOIN releases_statement st "
    "ON st.id = s.statement_id WHERE st.slug = %s"
)
PER_READER = re.compile(r'(name="(?:csrfmiddlewaretoken|started)" value=")[^"]*"')


def the_page(response):
    """The page as every reader gets it: without this reader's CSRF token and form stamp."""
    assert response.status == 200
    return PER_READER.sub(r'\1"', response.text)


def test_a_backup_taken_during_sign_ons_restores_the_same_site(healed, tmp_path):
    site = healed
    slug = site.slug("backup")
    for n in range(3):  # three signatories listed, with their history
        fields = sign_on_fields(site, 6900 + n)
        assert site.client(address(24, 240 + n)).submit(f"/statements/{slug}/sign/", fields)
    site.manage("shell", "-c", APPROVE.format(slug=slug))
    media = Path(site.topology.app_env()["MEDIA_ROOT"])
    upload = media / "attachments" / "2026" / "backup-test" / "statement.txt"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text("An uploaded file, kept by the backup.\n")

    with Storm(site, block=24, slug=slug, first=6000) as storm:
        storm.wait_for(lambda: len(storm.accepted()) >= 5, what="sign-ons before the backup")
        before = {row[0] for row in site.sql(MINE, [slug])}
        began = time.monotonic()
        output = site.manage("backup")
        took = time.monotonic() - began
        storm.wait_for(
            lambda: len(storm.accepted(since=began + took)) >= 5, what="sign-ons after it"
        )
    archive = re.search(r"Backup written: (\S+) ", output)[1]
    during = [a for a in storm.accepted(since=began) if a.at <= began + took]

    server = site.topology.database_url.rsplit("/", 1)[0]
    site.sql("DROP DATABASE IF EXISTS restored", database_url=f"{server}/postgres")
    site.sql("CREATE DATABASE restored", database_url=f"{server}/postgres")
    restored_url = f"{server}/restored"
    restored_env = {
        "DATABASE_URL": restored_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CACHE_KEY_PREFIX": "pressroom-restored",
    }
    site.manage("restore", archive, env=restored_env)

    # A third app server, on the restored database, beside the live ones.
    port = free_port()
    env = {**site.env, **site.topology.app_env(), **restored_env}
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1")
    entry = processes.start(GUNICORN, env=env, log=site.topology.log("restored"), cwd=ROOT)
    try:
        processes.wait_until(
            lambda: app_server_status(site.topology, port) == 200,
            timeout=60,
            what="the restored site",
            entry=entry,
        )
        live = site.app_server("web1")
        restored = Client(site, through=("127.0.0.1", port))
        seed = site.data["seed"]
        for path in ["/", "/statements/", f"/statements/{slug}/", f"/statements/{seed}/"]:
            assert the_page(restored.get(path)) == the_page(live.get(path)), path
        assert "Partner Organization 6900" in restored.get(f"/statements/{slug}/").text

        # The same rows and history, up to the moment of the backup.
        query = "SELECT id, name, status, email, statement_id FROM coalitions_signatory"
        restored_rows = set(site.sql(query, database_url=restored_url))
        assert restored_rows <= set(site.sql(query))
        restored_mine = {row[0] for row in site.sql(MINE, [slug], database_url=restored_url)}
        assert before <= restored_mine
        history = "SELECT id, revision_id, object_id, serialized_data FROM reversion_version"
        restored_history = set(site.sql(history, database_url=restored_url))
        assert restored_history <= set(site.sql(history))
        assert {row[2] for row in restored_history} >= {str(pk) for pk in before}
        copied = (tmp_path / "media" / upload.relative_to(media)).read_text()
        assert copied == upload.read_text()
        report(
            f"backup took {took:.1f} s, {len(during)} sign-ons accepted meanwhile; restored: "
            f"{len(restored_mine)} signatories of the statement ({len(before)} there when it "
            f"began), {len(restored_rows)} in all, {len(restored_history)} revisions, the same "
            "pages"
        )
    finally:
        processes.stop(entry)
        site.sql("DROP DATABASE IF EXISTS restored", database_url=f"{server}/postgres")
