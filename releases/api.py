"""A read-only JSON API of published statements, for partner sites.

GET /api/statements/?page=N (and the archive's filters: kind, tag, organization, year)
GET /api/statements/<slug>/
Only published statements; no private data. Open to any origin (CORS), cached briefly.
"""

from django.core.paginator import InvalidPage
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from advocacy.models import Person

from .cache import public_briefly
from .filters import ArchiveFilterForm
from .models import MediaContact, Statement
from .pagination import DeferredJoinPaginator

PAGE_SIZE = 20


def api_response(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def paginated(request, items, size, **extra):
    """One page of `items` as JSON: count, pages, next/previous links, results.

    `extra` and the serialising `results=` function are supplied by the caller.
    Returns None for a page that does not exist."""
    serialise = extra.pop("results")
    paginator = DeferredJoinPaginator(items, size)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        return None

    def page_url(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        **extra,
        "count": paginator.count,
        "pages": paginator.num_pages,
        "next": page_url(page.next_page_number()) if page.has_next() else None,
        "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
        "results": [serialise(item) for item in page.object_list],
    }


NO_SUCH_PAGE = {"error": "No such page."}


def organization_data(request, organization):
    return {
        "name": organization.name,
        "acronym": organization.acronym,
        "website": organization.website,
        "url": request.build_absolute_uri(organization.get_absolute_url()),
    }


def statement_summary(request, statement):
    return {
        "slug": statement.slug,
        "url": request.build_absolute_uri(statement.get_absolute_url()),
        "api_url": request.build_absolute_uri(
            reverse("releases:api-statement-detail", args=[statement.slug])
        ),
        "kind": statement.kind,
        "title": statement.title,
        "deck": statement.deck,
        "dateline": statement.dateline_place,
        "release_date": statement.release_date.isoformat(),
        "published_at": statement.dated.isoformat(),
        # A correction after publication; publishing or tagging is not one.
        "updated_at": statement.last_modified.isoformat(),
        "corrected_at": statement.updated and statement.updated.isoformat(),
        "language": statement.language,
        "issuers": [organization_data(request, i.organization) for i in statement.issuer_list],
        "tags": [tag.name for tag in statement.tag_list],
    }


@require_GET
@public_briefly(60)
def statement_list(request):
    filters = ArchiveFilterForm(request.GET)
    statements = filters.filter(Statement.objects.published()).for_listing()
    data = paginated(
        request,
        statements.with_tags(),
        PAGE_SIZE,
        results=lambda statement: statement_summary(request, statement),
    )
    return api_response(data) if data else api_response(NO_SUCH_PAGE, status=404)


@require_GET
@public_briefly(60)
def statement_detail(request, slug):
    contacts = MediaContact.objects.select_related("organization").prefetch_related(
        Prefetch("person", queryset=Person.objects.prefetch_related("phones"))
    )
    try:
        statement = get_object_or_404(
            Statement.objects.published()
            .for_listing()
            .with_tags()
            .prefetch_related(Prefetch("contacts", queryset=contacts)),
            slug=slug,
        )
    except Http404:
        return api_response({"error": "No published statement has this address."}, status=404)
    data = statement_summary(request, statement)
    data.update(
        {
            "body_html": statement.body_html,
            "body_markdown": statement.body,
            "end_mark": statement.end_mark,
            "about": [
                {"organization": i.organization.name, "text": i.about_text}
                for i in statement.issuer_list
                if i.about_text
            ],
            "media_contacts": [contact_data(request, c) for c in statement.contacts.all()],
            "signatories_url": request.build_absolute_uri(
                reverse("coalitions:api-signatories", args=[statement.slug])
            ),
            "text_url": request.build_absolute_uri(
                reverse("releases:statement-text", args=[statement.slug])
            ),
        }
    )
    return api_response(data)


def contact_data(request, contact):
    """A media contact as printed on the release (these are public by design)."""
    person, organization = contact.person, contact.organization
    return {
        "heading": contact.heading,
        "name": person.name if person else "",
        "title": person.title if person else "",
        "organization": organization_data(request, organization) if organization else None,
        "email": (person.email if person else organization.email) or "",
        "phones": [{"label": phone.label, "number": phone.number} for phone in person.phones.all()]
        if person
        else ([{"label": "", "number": organization.phone}] if organization.phone else []),
    }
