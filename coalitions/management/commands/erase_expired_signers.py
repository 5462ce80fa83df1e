from django.core.management.base import BaseCommand

from coalitions.services import erase_expired


class Command(BaseCommand):
    help = (
        "Erase the personal data (name, title, email, IP, opt-in) of signers whose "
        "campaign's retention period has passed. Organizations stay listed. Run it daily."
    )

    def handle(self, *args, **options):
        erased = erase_expired()
        self.stdout.write(f"Erased the personal data of {erased} signer(s).")
