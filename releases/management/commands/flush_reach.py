"""Move the reads counted since the last run into the database (schedule every few minutes).

Reads of statement pages are counted in Redis (or the process, without REDIS_URL) at no
database write per read; this adds them to each statement's reads per day and referrer,
shown on its admin page. See releases/distribution/reach.py.
"""

from django.core.management.base import BaseCommand

from releases.distribution import reach


class Command(BaseCommand):
    help = __doc__.strip().splitlines()[0]

    def handle(self, *args, **options):
        added = reach.flush()
        if options["verbosity"]:
            self.stdout.write(f"{added} read(s) added.")
