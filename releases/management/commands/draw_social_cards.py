"""Draw the link-preview card of every statement that has neither a lead image nor a
card showing what it shows now (after importing an archive, or changing SITE_NAME)."""

from django.core.management.base import BaseCommand

from releases import cards
from releases.models import Statement


class Command(BaseCommand):
    help = "Draw the missing or outdated link-preview cards of statements without a lead image."

    def handle(self, *args, **options):
        drawn = 0
        statements = Statement.objects.filter(lead_image="").for_listing().order_by("pk")
        for statement in statements.iterator(chunk_size=200):
            drawn += cards.refresh(statement)
        self.stdout.write(f"Drew {drawn} card{'s' if drawn != 1 else ''}.")
