"""The admin of coalitions and sign-ons, one module per concern:

- `statements`: the statement admin with its printed signatories and sign-on campaign;
- `signatories`: every signatory, and the moderation queue of sign-ons;
- `exports`: the CSV export and the printable list for allies;
- `forms`: the signatory forms both pages use;
- `coalitions`: coalitions and their members;
- `campaigns`: a sign-on campaign's own page, with the questions of its form.
"""

from . import campaigns, coalitions, signatories, statements  # noqa: F401  (they register)
