"""What coalitions adds to statements, for releases (registered in `releases.related`).

A statement prints the names of its listed signatories (`Signatory.objects.listed()`, the
one place that says which are), and an organization listed under a statement took part
in it. The functions below give releases those facts in its own terms: expressions and
conditions on statements.
"""

from django.db.models import OuterRef, Q, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat

from advocacy.models import Organization

from .models import Signatory

# The names of a statement's list that its search text holds: the first of the list, as
# many as its page prints. A statement with 100,000 signatories would otherwise make a
# text past what PostgreSQL can index (1 MB), and every approval would rebuild it.
SEARCHED_NAMES = 1000


def printed_names():
    """The names of a statement's first SEARCHED_NAMES listed signatories (in the
    order of the printed list, read from its index), with their organizations' acronyms,
    as one text (a subquery on `OuterRef("pk")`, the statement)."""
    first = (
        Signatory.objects.filter(statement=OuterRef(OuterRef("pk")))
        .listed()
        .in_public_order()
        .values("pk")[:SEARCHED_NAMES]
    )
    names = (
        Signatory.objects.filter(pk__in=first)
        .order_by()
        .values("statement")
        .annotate(
            names=StringAgg(
                Concat("name", Value(" "), Coalesce("organization__acronym", Value(""))),
                Value(" "),
                output_field=TextField(),
            )
        )
        .values("names")
    )
    return Coalesce(Subquery(names), Value(""), output_field=TextField())


def naming(term):
    """Statements listing a signatory whose name contains `term`."""
    listed = Signatory.objects.listed().filter(name__icontains=term)
    return Q(pk__in=listed.values("statement_id"))


def involving(organizations):
    """Statements that list a signatory of the organizations matching `organizations`."""
    listed = Signatory.objects.listed().filter(
        organization__in=Organization.objects.filter(organizations)
    )
    return Q(pk__in=listed.values("statement_id"))


def page_parts(statements):
    """A statement's page prints its campaign and its count of signatories."""
    return statements.select_related("campaign", "signatory_list")


def register():
    from releases import related

    related.register(
        printed_names=printed_names, naming=naming, involving=involving, page_parts=page_parts
    )
