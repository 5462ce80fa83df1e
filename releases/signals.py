from django.dispatch import Signal

# Sent inside the import's transaction once a statement and its issuers and contacts
# are saved. Arguments: statement, release (the parsed `importing.Release`).
# The coalitions app listens to add the release's signatories.
statement_imported = Signal()
