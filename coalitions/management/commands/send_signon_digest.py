import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from coalitions.services import send_digest


class Command(BaseCommand):
    help = (
        "Email staff of each campaign set to 'digest' the sign-ons confirmed in the last "
        "--hours (default 24) that wait for moderation. Run it once a day; the task "
        "worker sends the emails."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours, **options):
        sent = send_digest(since=timezone.now() - datetime.timedelta(hours=hours))
        self.stdout.write(f"Sent {sent} digest(s) to the task queue.")
