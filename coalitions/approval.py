"""Approving sign-ons in bulk: thousands at once, in a fixed number of queries.

A moderator selects every confirmed sign-on of a statement that went viral and approves
them. Row by row, that would be a save, a search-text refresh, a task and several
lookups per signatory: minutes for 5,000. Here each step covers every row at once:
the rows are locked and read in one query, the organizations they name are matched in
two and the new ones created in one, the rows updated in two, and each statement's
count, search text and pages are brought up to date once. The history records every
row, and each signer with an address still gets their own "listed" email, queued by one
task that the worker expands.
"""

from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from advocacy.models import Organization
from advocacy.text import acronym_key, looks_like_acronym, name_key, split_acronym, unique_slug
from releases.models import Statement

from .models import Signatory, SignatoryList, directory_country

_COLUMNS = ("pk", "statement_id", "kind", "organization_id", "name", "city", "country")
_COLUMNS += ("website", "email")


def approve(signatories):
    """Approve the confirmed ones among `signatories` (a queryset), in the caller's
    transaction. Returns the rows approved (a queryset) and how many."""
    rows = list(
        Signatory.objects.select_for_update()
        .filter(pk__in=signatories.values("pk"), status=Signatory.Status.CONFIRMED)
        .order_by("pk")
        .values(*_COLUMNS)
    )
    if not rows:
        return Signatory.objects.none(), 0
    _link_organizations(rows)
    # The counts first (the rows as stored, plus these): every change locks a
    # statement's count before the statement itself.
    statements = {row["statement_id"] for row in rows}
    for statement_id in sorted(statements):
        by_kind = {}
        for row in rows:
            if row["statement_id"] == statement_id:
                by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + 1
        SignatoryList.objects.add(statement_id, by_kind)
    # The rows are named by the selection and their state, locked above (a list of
    # 5,000 ids in a query costs more to send than to run), and found again after by
    # their statement and moment of approval.
    now = timezone.now()
    Signatory.objects.filter(
        pk__in=signatories.values("pk"), status=Signatory.Status.CONFIRMED
    ).update(status=Signatory.Status.APPROVED, approved_at=now)
    _set_organizations([(row["pk"], row["organization_id"]) for row in rows if "_key" in row])
    Statement.objects.filter(pk__in=statements).refresh_search_vectors()
    approved = Signatory.objects.filter(
        statement_id__in=statements, status=Signatory.Status.APPROVED, approved_at=now
    )
    return approved, len(rows)


def _set_organizations(pairs):
    """Give each signatory (id, organization id) its organization, in one UPDATE joined
    to the list of pairs. (Django's bulk_update writes a CASE with a branch per row,
    which the database tests for every row: 5,000 rows, 25 million comparisons.)"""
    pairs = [(pk, organization) for pk, organization in pairs if organization is not None]
    if not pairs:
        return
    table = Signatory._meta.db_table
    values = ", ".join(["(%s, %s)"] * len(pairs))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET organization_id = linked.column2 "
            f"FROM (SELECT * FROM (VALUES {values}) AS pairs) AS linked "
            f"WHERE {table}.id = linked.column1",
            [value for pair in pairs for value in pair],
        )


def _link_organizations(rows):
    """Give each organization's sign-on without one the organization of the directory
    its name refers to (`Organization.objects.match`, for all rows in two queries),
    creating those unknown; unless another row of the statement already has it."""
    wanted = [
        row
        for row in rows
        if row["kind"] == Signatory.Kind.ORGANIZATION and row["organization_id"] is None
    ]
    if not wanted:
        return
    # The rules of `Organization.objects.match`, for every row at once: the full name's
    # key, then the acronym's key (of "Full Name (ACR)", or of a bare acronym), then an
    # organization known so far by the acronym alone.
    for row in wanted:
        name, acronym = split_acronym(row["name"])
        row["_name"], row["_acronym"] = name, acronym
        row["_key"] = name_key(name)
        row["_acronym_key"] = name_key(acronym) if acronym else ""
        bare = looks_like_acronym(name) or (name.isupper() and len(name.split()) == 1)
        row["_by_acronym"] = acronym_key(acronym or name) if (acronym or bare) else ""
    keys = {row["_key"] for row in wanted} | {row["_acronym_key"] for row in wanted} - {""}
    by_key, bare_acronym = {}, {}
    for pk, key, acronym in Organization.objects.filter(name_key__in=keys).values_list(
        "pk", "name_key", "acronym"
    ):
        by_key[key] = pk
        if not acronym:
            bare_acronym[key] = pk
    acronyms = {row["_by_acronym"] for row in wanted} - {""}
    by_acronym = dict(
        Organization.objects.filter(acronym_key__in=acronyms)
        .exclude(acronym="")
        .values_list("acronym_key", "pk")
    )
    for row in wanted:
        row["organization_id"] = (
            by_key.get(row["_key"])
            or by_acronym.get(row["_by_acronym"])
            or bare_acronym.get(row["_acronym_key"])
        )
    _create_organizations([row for row in wanted if row["organization_id"] is None])
    _one_row_per_organization(rows)


def _create_organizations(rows):
    """Create the organizations of names unknown to the directory (one per name)."""
    if not rows:
        return
    new = {}
    for row in rows:
        if row["_key"] not in new:
            acronym = row["_acronym"] or (row["_name"] if looks_like_acronym(row["_name"]) else "")
            new[row["_key"]] = Organization(
                name=row["_name"],
                acronym=acronym,
                name_key=row["_key"],
                acronym_key=acronym_key(acronym) if acronym else "",
                city=row["city"],
                country=directory_country(row["country"]),
                website=row["website"],
            )
    bases = {key: slugify(org.name)[:80].strip("-") or "item" for key, org in new.items()}
    candidates = {
        key: [base] + [_suffixed(base, n) for n in range(2, 10)] for key, base in bases.items()
    }
    taken = set(
        Organization.objects.filter(
            slug__in=[slug for slugs in candidates.values() for slug in slugs]
        ).values_list("slug", flat=True)
    )
    for key, organization in new.items():
        free = next((slug for slug in candidates[key] if slug not in taken), None)
        organization.slug = free or unique_slug(Organization, organization.name)
        taken.add(organization.slug)
    # A name another request added meanwhile stays theirs (the row links to it below).
    Organization.objects.bulk_create(new.values(), ignore_conflicts=True)
    created = dict(
        Organization.objects.filter(name_key__in=list(new)).values_list("name_key", "pk")
    )
    for row in rows:
        row["organization_id"] = created.get(row["_key"])


def _suffixed(base, n):
    suffix = f"-{n}"
    return base[: 80 - len(suffix)].rstrip("-") + suffix


def _one_row_per_organization(rows):
    """An organization signs a statement once: a row whose organization another row of
    the statement has (already, or earlier in this batch) keeps none, and is listed by
    its name."""
    linked = {(row["statement_id"], row["organization_id"]) for row in rows if "_key" in row}
    linked.discard((None, None))
    statements = {statement for statement, _ in linked}
    organizations = {organization for _, organization in linked if organization}
    taken = set(
        Signatory.objects.filter(statement_id__in=statements, organization_id__in=organizations)
        .exclude(pk__in=[row["pk"] for row in rows])
        .values_list("statement_id", "organization_id")
    )
    for row in rows:
        if "_key" not in row or row["organization_id"] is None:
            continue
        pair = (row["statement_id"], row["organization_id"])
        if pair in taken:
            row["organization_id"] = None
        else:
            taken.add(pair)
