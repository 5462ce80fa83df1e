"""Fire a mix of valid, duplicate and spam sign-ons at a running server; print the figures.

    manage.py signon_load --url http://127.0.0.1:8000 --statement SLUG [--submissions 200]
        [--threads 20] [--keep]

The statement must be open for sign-on on that server, and this command must use the
server's database (the same DATABASE_URL): it counts the rows the run left, then deletes
them unless --keep is given. Each signer's form is fetched from the server first and
sent once the campaign's minimum fill time has passed, so the server's own settings
(spam limits, SECRET_KEY) apply unchanged. See tests/bench/signon_load.py for the mix.
"""

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from advocacy.text import name_key
from coalitions.forms import setting
from coalitions.models import Campaign, Signatory
from tests.bench import signon_load


class Command(BaseCommand):
    help = __doc__.strip().splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="The server.")
        parser.add_argument("--statement", required=True, help="The slug of an open statement.")
        parser.add_argument("--submissions", type=int, default=200)
        parser.add_argument("--threads", type=int, default=20)
        parser.add_argument("--keep", action="store_true", help="Keep the rows the run made.")

    def handle(self, *args, url, statement, submissions, threads, keep, **options):
        campaign = Campaign.objects.filter(statement__slug=statement).first()
        if campaign is None or not campaign.is_open:
            raise CommandError(f"No statement {statement!r} open for sign-on in this database.")
        load = signon_load.plan(submissions)
        path = reverse("coalitions:sign", kwargs={"slug": statement})
        self.stdout.write(
            f"Run {load.run}: {submissions} sign-ons from {threads} threads to {url}{path}"
        )
        outcomes, seconds = signon_load.fire(
            load,
            base_url=url,
            path=path,
            threads=threads,
            min_seconds=setting("SIGNON_MIN_SECONDS"),
        )
        figures = signon_load.summary(outcomes, seconds)

        rows = Signatory.objects.filter(statement=campaign.statement, email__contains=load.run)
        stored = list(rows.values_list("name_key", flat=True))
        valid_keys = {name_key(name) for name in load.valid_organizations}
        spam_keys = {name_key(name) for name in load.spam_names}
        once = sum(stored.count(key) == 1 for key in valid_keys)

        write = self.stdout.write
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(figures["by_kind"].items()))
        write(f"submissions      {figures['submissions']} ({kinds})")
        write(f"accepted         {figures['accepted']}")
        refused = ", ".join(f"{count} {reason}" for reason, count in figures["refused"].items())
        write(f"refused          {sum(figures['refused'].values())} ({refused or 'none'})")
        write(
            f"rows stored      {len(stored)}: {once} of {len(valid_keys)} valid organizations "
            f"exactly once, {sum(key in spam_keys for key in stored)} spam"
        )
        write(f"unexpected       {len(figures['unexpected'])}")
        for kind, name, reason in figures["unexpected"][:10]:
            write(f"  {kind:<13} {reason:<20} {name}")
        write(
            f"duration         {figures['seconds']:.2f} s ({figures['per_second']:.1f} "
            "sign-ons per second)"
        )
        write(
            f"latency          p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, "
            f"max {figures['max_ms']:.0f} ms"
        )
        if not keep:
            deleted, _ = rows.delete()
            write(f"Deleted the run's {deleted} rows (--keep to keep them).")
        if figures["unexpected"] or once != len(valid_keys) or len(stored) != len(valid_keys):
            raise CommandError("The run did not go as expected: see above.")
