import re
from collections import Counter
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear, Lower
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from . import previews, related, search
from .archive import published_years, tags_in_use, tags_with_counts
from .filters import ArchiveFilterForm
from .models import MediaContact, Statement
from .pagination import DeferredJoinPaginator


class HomeView(ListView):
    template_name = "releases/home.html"
    context_object_name = "statements"

    def get_queryset(self):
        return Statement.objects.published().for_listing()[:10]

    def get_context_data(self, **kwargs):
        """The statements, and a way into the archive: its kinds, years and topics."""
        # Kinds and years counted in one pass over the published statements' index.
        by_kind, by_year = Counter(), Counter()
        for kind, year, count in (
            Statement.objects.published()
            .annotate(year=ExtractYear("release_date"))
            .values_list("kind", "year")
            .annotate(count=Count("pk"))
            .order_by()
        ):
            by_kind[kind] += count
            by_year[year] += count
        years = sorted(by_year.items(), reverse=True)
        topics = sorted(
            tags_with_counts(), key=lambda tag: (-tag.statement_count, tag.name.lower())
        )[:12]
        return super().get_context_data(
            kinds=[
                (value, label, by_kind[value])
                for value, label in Statement.Kind.choices
                if by_kind[value]
            ],
            years=years[:8],
            topics=topics,
            **kwargs,
        )


class StatementArchiveView(ListView):
    context_object_name = "statements"
    paginate_by = 20
    paginator_class = DeferredJoinPaginator

    def get_queryset(self):
        # /tags/<slug>/ and /statements/<year>/ are the archive with that filter set.
        data = self.request.GET.copy()
        self.tag = None
        if "tag" in self.kwargs:
            # A tag only drafts carry has no public page: its name is not public yet.
            self.tag = get_object_or_404(tags_in_use(), slug=self.kwargs["tag"])
        for name in ("tag", "year"):
            if name in self.kwargs:
                data[name] = str(self.kwargs[name])
        self.filters = ArchiveFilterForm(data)
        if "year" in self.kwargs and "year" not in self.filters.valid_data():
            raise Http404("No archive for that year.")  # /statements/1800/, /statements/99999/
        statements = self.filters.filter(Statement.objects.published())
        self.query = self.filters.valid_data().get("q", "").strip()
        self.add_excerpts = None
        if self.query:
            statements, self.add_excerpts = search.search(statements, self.query)
        # A card prints no HTML body: leave the widest column in the database.
        return statements.for_listing().defer("body_html")

    def get_paginator(self, *args, **kwargs):
        # A search counts its matches as it ranks them for the page.
        return super().get_paginator(*args, count_in_one_pass=bool(self.query), **kwargs)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            filters=self.filters,
            # What the reader asked for, to show in the form again: every field present,
            # so that the template never looks up a missing one (each miss costs an
            # exception and a dir() in the template engine, 59 on one archive page).
            chosen={name: self.filters.data.get(name, "") for name in self.filters.fields},
            archive_year=self.kwargs.get("year"),
            query=self.query,
            tag=self.tag,
            active_filters=self.active_filters(),
            query_string=query.urlencode(),
            years=published_years(),
            tags=tags_in_use().order_by(Lower("name")),
            kinds=Statement.Kind.choices,
            **kwargs,
        )
        if self.add_excerpts:
            context["statements"] = self.add_excerpts(list(context["statements"]))
        return context

    def active_filters(self):
        """(label, value, URL of the archive without that filter) of each filter in use.

        `ArchiveFilterForm.active()` names the filters in the order of its fields, for the
        fields with a valid, non-empty value: the same order and test as here.
        """
        valid = self.filters.valid_data()
        names = [name for name in self.filters.fields if valid.get(name)]
        archive = reverse("releases:statement-list")
        active = []
        for name, (label, value) in zip(names, self.filters.active(), strict=False):
            query = urlencode({other: valid[other] for other in names if other != name})
            active.append((label, value, f"{archive}?{query}" if query else archive))
        return active


def not_for_the_public(response):
    """Headers of a page showing a statement that is not public: no search engine indexes
    it, and no cache (the page cache, a proxy, the browser) keeps it."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)  # includes "private, no-store"
    return response


def with_its_parts(statements):
    """Statements with everything their page prints, in a bounded number of queries."""
    contacts = MediaContact.objects.select_related("organization", "person").prefetch_related(
        "person__phones"
    )
    return related.with_page_parts(
        statements.for_listing()
        .with_tags()
        .prefetch_related(Prefetch("contacts", queryset=contacts), "attachments")
    )


class StatementDetailView(DetailView):
    context_object_name = "statement"

    def get_queryset(self):
        # Staff who may see statements in the admin preview drafts and embargoed ones at
        # their public address (a sign-on moderator may not).
        statements = Statement.objects.all()
        if not self.request.user.has_perm("releases.view_statement"):
            statements = statements.published()
        return with_its_parts(statements)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_public:  # a staff preview
            not_for_the_public(response)
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(**language_versions(self.object), **kwargs)


def language_versions(statement):
    """Where the language switcher leads from a statement, and whether its page must say
    that the statement is not written in the reader's language.

    `language_urls`: for each language with a public version of the statement (itself or
    a translation), that version's page in that language. `untranslated`: the language
    of the text shown when the reader's language has no version (else ""), and
    `original_url` its page in that language.
    """
    versions = {other.language: other for other in statement.public_translations}
    versions[statement.language] = statement
    urls = {}
    for code, _name in settings.LANGUAGES:
        if code in versions:
            with translation.override(code):
                urls[code] = versions[code].get_absolute_url()
    reading = translation.get_language()
    missing = reading not in versions and reading != statement.language
    return {
        "language_urls": urls,
        "untranslated": statement.language if missing else "",
        "original_url": urls[statement.language],
    }


class StatementPlainTextView(StatementDetailView):
    """The classic release layout, ready to paste into an email to journalists."""

    template_name = "releases/statement_detail.txt"
    content_type = "text/plain; charset=utf-8"

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response.add_post_render_callback(_single_blank_lines)
        return response


class StatementPDFView(StatementDetailView):
    """The statement page as a PDF, laid out by its print stylesheet."""

    def render_to_response(self, context, **kwargs):
        from .pdf import html_to_pdf  # WeasyPrint loads Pango: only when asked for

        page = super().render_to_response(context, **kwargs).render()
        pdf = html_to_pdf(page.content.decode(), base_url=self.request.build_absolute_uri("/"))
        response = HttpResponse(pdf, content_type="application/pdf")
        # Downloaded, not opened in the tab, under the statement's own address: the file a
        # journalist keeps is named like the page it came from (slugs are ASCII).
        response["Content-Disposition"] = f'attachment; filename="{self.object.slug}.pdf"'
        return response


def _single_blank_lines(response):
    text = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", response.content.decode())
    response.content = text.strip() + "\n"


class TagListView(ListView):
    """Every tag in use on a published statement, with how many it is on."""

    template_name = "releases/tag_list.html"
    context_object_name = "tags"

    def get_queryset(self):
        return sorted(tags_with_counts(), key=lambda tag: tag.name.lower())


@require_safe
def shared_preview(request, token):
    """A statement not public yet, as it will appear, for whoever has a share link.

    No admin links, no indexing, no caching, no referrer: the address is the secret.
    Once the statement is public the link leads to its public page."""
    try:
        statement, expires = previews.read_token(
            token, statements=with_its_parts(Statement.objects.all())
        )
    except previews.LinkProblem as problem:
        response = render(
            request, "releases/preview_link.html", {"problem": problem.code}, status=problem.status
        )
    else:
        if statement.is_public:
            response = redirect(statement)
        else:
            response = render(
                request,
                "releases/statement_detail.html",
                {"statement": statement, "shared_preview": True, "link_expires": expires},
            )
    response["Referrer-Policy"] = "no-referrer"
    return not_for_the_public(response)
