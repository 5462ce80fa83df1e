"""What the apps built on releases add to a statement, registered when they are ready.

Releases may not import the apps above it, yet some of its rules depend on what they
know: coalitions lists signatories under a statement, and their names are printed with
it, so they belong in its search text, a search for a name finds it, and an organization
that signed it takes part in it (its feed, the archive's organization filter). Which
signatories count (approved, individuals only where the campaign lists them) is the
coalitions app's rule: it registers here, from its `AppConfig.ready()`, a function for
each of these, and releases asks them instead of writing the rule a second time.

- `printed_names`: a function returning an expression of text, evaluated for each
  statement of a query (`OuterRef("pk")` is the statement), that holds the names it
  prints; joined into the stored search text.
- `naming`: a function of one search word returning a `Q` on statements: those that
  print a name containing it (the search without PostgreSQL).
- `involving`: a function of a `Q` on organizations returning a `Q` on statements:
  those such organizations took part in.
- `page_parts`: a function of a queryset of statements returning it with what the app
  prints on a statement's page loaded along (`select_related` of its own relations),
  so that the page costs no query more for them.
"""

from django.db.models import Q

_printed_names = []
_naming = []
_involving = []
_page_parts = []


def register(*, printed_names=None, naming=None, involving=None, page_parts=None):
    """Add what an app knows of statements; called from its `AppConfig.ready()`."""
    for registry, function in (
        (_printed_names, printed_names),
        (_naming, naming),
        (_involving, involving),
        (_page_parts, page_parts),
    ):
        if function is not None and function not in registry:
            registry.append(function)


def printed_names():
    """The registered expressions of the names a statement prints (each a text)."""
    return [function() for function in _printed_names]


def naming(term):
    """A `Q` on statements that print a name containing `term` (none if none registered)."""
    condition = Q(pk__in=[])
    for function in _naming:
        condition |= function(term)
    return condition


def involving(organizations):
    """A `Q` on statements that the organizations matching the `Q` `organizations` took
    part in through another app (signed, ...); issuers are the caller's own."""
    condition = Q(pk__in=[])
    for function in _involving:
        condition |= function(organizations)
    return condition


def with_page_parts(statements):
    """`statements` with what other apps print on a statement's page loaded along."""
    for function in _page_parts:
        statements = function(statements)
    return statements
