"""The full list of a statement's signatories: paginated and searchable by name.

The statement's page prints the first names of its list; a statement with thousands
more links here, where every page costs the same few queries whatever the list's size:
its count is the one kept by the sign-on (`SignatoryList`), not counted afresh, unless
a search narrows the list.
"""

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from advocacy.text import name_key
from releases.models import Statement

from .counts import count_listed
from .models import Signatory
from .templatetags.coalitions_tags import _campaign, public_rows

PER_PAGE = 500


def signatories(request, slug):
    statement = get_object_or_404(
        Statement.objects.published()
        .select_related("campaign", "signatory_list")
        .only("title", "slug", "status", "publish_at", "language", "campaign", "signatory_list"),
        slug=slug,
    )
    campaign = _campaign(statement)
    rows = Signatory.objects.listed_on(statement, campaign)
    query = " ".join(request.GET.get("q", "").split())[:100]
    if query:
        rows = rows.filter(name_key__contains=name_key(query))
    paginator = Paginator(rows.in_public_order(campaign), PER_PAGE)
    if not query:
        paginator.count = count_listed(statement, campaign).total  # kept, not counted
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such page of signatories.") from error
    first = (page.number - 1) * PER_PAGE
    ordered = rows.in_public_order(campaign)
    return render(
        request,
        "coalitions/signatory_list.html",
        {
            "statement": statement,
            "page_obj": page,
            "signatories": public_rows(ordered, first, first + PER_PAGE),
            "first_number": first + 1,
            "query": query,
            "query_string": urlencode({"q": query}) if query else "",
        },
    )
