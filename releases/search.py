"""Full-text search over published statements.

PostgreSQL: a weighted text search (title, then deck and names of issuers, signatories
and tags, then body), ranked, with highlighted excerpts from the database.
SQLite and others: every word must appear somewhere; ranked by where it appears;
excerpts highlighted in Python for the page shown.
"""

import re

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, TextField, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import related

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
    """The weighted text of a statement, stored in `Statement.search_vector` (PostgreSQL).

    Title first; then the deck and the names printed on or around it (its issuers, its
    tags, its listed signatories and the acronyms of organizations that signed); then
    the body. Kept up to date by `Statement.objects.refresh_search_vectors()`, which the
    changes to any of these call (see releases.apps and coalitions.receivers).
    """
    from django.contrib.postgres.search import SearchVector

    return heading_vector() + SearchVector("body", weight="C", config="english")


def body_vector():
    """`document_vector()` from the stored heading vector (`search_rank_vector`, which
    must be current): the same text, without gathering the printed names again."""
    from django.contrib.postgres.search import SearchVector, SearchVectorField
    from django.db.models.expressions import CombinedExpression

    return CombinedExpression(
        F("search_rank_vector"),
        "||",
        SearchVector("body", weight="C", config="english"),
        output_field=SearchVectorField(),
    )


def heading_vector():
    """Title, deck and printed names: what ranks a match (`Statement.search_rank_vector`)."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("deck", weight="B", config="english")
        + SearchVector(_printed_names(), weight="B", config="english")
    )


def _printed_names():
    """The names printed with a statement, as one text (a correlated subquery).

    The names other apps print with a statement (coalitions: its listed signatories)
    come from what they registered in `releases.related`.
    """
    from django.db.models import OuterRef, StringAgg, Subquery
    from django.db.models.functions import Coalesce, Concat

    from .models import StatementIssuer, TaggedStatement

    def joined(queryset, group_by, text):
        return Coalesce(
            Subquery(
                queryset.order_by()
                .values(group_by)
                .annotate(names=StringAgg(text, Value(" "), output_field=TextField()))
                .values("names")
            ),
            Value(""),
            output_field=TextField(),
        )

    issuers = joined(
        StatementIssuer.objects.filter(statement=OuterRef("pk")),
        "statement",
        Concat("organization__name", Value(" "), "organization__acronym"),
    )
    tags = joined(
        TaggedStatement.objects.filter(content_object=OuterRef("pk")),
        "content_object",
        "tag__name",
    )
    parts = [issuers, tags, *related.printed_names()]
    spaced = [part for joined_part in parts for part in (joined_part, Value(" "))][:-1]
    return Concat(*spaced, output_field=TextField())


def _postgres(statements, text):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    query = SearchQuery(text, search_type="websearch", config="english")
    # Every word must be in the statement (the stored vector of all its text, GIN
    # indexed). Matches in the title, deck or names rank first, by how well they match;
    # the rest by date. The rank reads the small vector kept in the row: a common word
    # matches thousands of statements, and reading each body's vector to rank them
    # would cost more than the search.
    ranked = (
        statements.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_rank_vector"), query))
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
            | related.naming(term)
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
