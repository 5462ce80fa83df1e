"""Full-text search over published statements.

PostgreSQL: a weighted text search (title, then deck and names of issuers, signatories
and tags, then body), ranked, with highlighted excerpts from the database.
SQLite and others: every word must appear somewhere; ranked by where it appears;
excerpts highlighted in Python for the page shown.
"""

import re

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from advocacy.text import name_key

MAX_WORDS = 10
EXCERPT_WORDS = 40


def words(query):
    """The words of a query, punctuation dropped, at most MAX_WORDS."""
    return re.findall(r"\w[\w'’-]*", query or "")[:MAX_WORDS]


def _uses_postgres():
    return connection.vendor == "postgresql"


def search(statements, query):
    """`statements` matching `query`, best first, each with `.excerpt` once evaluated.

    Returns (queryset, excerpt_function): call excerpt_function(page_of_statements)
    to attach highlighted excerpts to the statements of one page.
    """
    terms = words(query)
    if not terms:
        return statements.none(), _no_excerpts
    if _uses_postgres():
        return _postgres(statements, " ".join(terms))
    return _fallback(statements, terms)


def _no_excerpts(page):
    return page


def document_vector():
    """The weighted text of a statement, stored in `Statement.search_vector` (PostgreSQL)."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("deck", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )


def _postgres(statements, text):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )
    from taggit.models import Tag

    from advocacy.models import Organization

    query = SearchQuery(text, search_type="websearch", config="english")
    model = statements.model
    # The statement's own text is matched on its stored, GIN-indexed vector; the names
    # of its issuers, listed signatories and tags through the few rows that match.
    organizations = (
        Organization.objects.annotate(names=SearchVector("name", "acronym", config="english"))
        .filter(names=query)
        .values("pk")
    )
    tags = Tag.objects.annotate(names=SearchVector("name", config="english")).filter(names=query)
    # Signatories count only once listed (approved); see coalitions. A name printed
    # without a directory entry is matched on its name key, every word in one name.
    printed_name = Q(signatories__status="approved")
    for term in words(text):
        printed_name &= Q(signatories__name_key__contains=name_key(term))
    related = model.objects.filter(
        Q(issuers__organization__in=organizations)
        | Q(tags__in=tags.values("pk"))
        | Q(signatories__organization__in=organizations, signatories__status="approved")
        | printed_name
    ).values("pk")
    ranked = (
        statements.filter(Q(search_vector=query) | Q(pk__in=related))
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-release_date", "-id")
    )

    def excerpts(page):
        ids = [statement.pk for statement in page]
        headlines = dict(
            statements.model.objects.filter(pk__in=ids)
            .annotate(
                headline=SearchHeadline(
                    "body",
                    query,
                    config="english",
                    start_sel="<mark>",
                    stop_sel="</mark>",
                    max_words=EXCERPT_WORDS,
                    min_words=15,
                )
            )
            .values_list("pk", "headline")
        )
        for statement in page:
            statement.excerpt = _safe_headline(headlines.get(statement.pk, ""))
        return page

    return ranked, excerpts


def _safe_headline(headline):
    """Escape the body text of a headline but keep its <mark> tags."""
    parts = re.split(r"(</?mark>)", headline)
    return mark_safe("".join(p if p in ("<mark>", "</mark>") else escape(p) for p in parts))


def _fallback(statements, terms):
    condition = Q()
    score = Value(0, output_field=IntegerField())
    for term in terms:
        in_title = Q(title__icontains=term)
        anywhere = (
            in_title
            | Q(deck__icontains=term)
            | Q(body__icontains=term)
            | Q(issuers__organization__name__icontains=term)
            | Q(issuers__organization__acronym__iexact=term)
            | Q(signatories__name__icontains=term, signatories__status="approved")
            | Q(tags__name__iexact=term)
        )
        matching = statements.model.objects.filter(anywhere).values("pk")
        condition &= Q(pk__in=matching)
        score = score + Case(
            When(in_title, then=Value(3)),
            When(deck__icontains=term, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ranked = (
        statements.filter(condition)
        .annotate(rank=score * Value(1.0, output_field=FloatField()))
        .order_by(F("rank").desc(), "-release_date", "-id")
    )

    def excerpts(page):
        for statement in page:
            statement.excerpt = highlight(statement.body, terms)
        return page

    return ranked, excerpts


def highlight(text, terms, width=EXCERPT_WORDS):
    """A window of `text` around the first term found, with every term in <mark>."""
    plain = re.sub(r"[*_>#\[\]()]", "", text or "")
    tokens = plain.split()
    lowered = [token.casefold() for token in tokens]
    wanted = [term.casefold() for term in terms]
    first = next((i for i, token in enumerate(lowered) if any(term in token for term in wanted)), 0)
    start = max(0, first - width // 3)
    window = tokens[start : start + width]
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    marked = " ".join(pattern.sub(lambda m: f"\0{m.group(0)}\1", token) for token in window)
    html = escape(marked).replace("\0", "<mark>").replace("\1", "</mark>")
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(tokens) else ""
    return mark_safe(prefix + html + suffix)
