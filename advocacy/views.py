from urllib.parse import quote

from django.contrib.staticfiles.storage import staticfiles_storage
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from .models import Organization, Person


class OrganizationListView(ListView):
    """The directory, alphabetical, searchable by name, acronym or city."""

    context_object_name = "organizations"
    paginate_by = 50

    def get_queryset(self):
        # Control characters are no part of a name (and PostgreSQL refuses NUL in a query).
        typed = self.request.GET.get("q", "")
        printable = "".join(ch if ch.isprintable() else " " for ch in typed)
        self.query = " ".join(printable.split())[:100]
        # Case-insensitive on every database, so that the letters of the directory follow A-Z.
        organizations = Organization.objects.order_by(Lower("name"), "pk")
        for word in self.query.split()[:5]:
            organizations = organizations.filter(
                Q(name__icontains=word) | Q(acronym__iexact=word) | Q(city__icontains=word)
            )
        return organizations

    def get_context_data(self, **kwargs):
        query_string = f"q={quote(self.query)}" if self.query else ""
        return super().get_context_data(query=self.query, query_string=query_string, **kwargs)


class OrganizationDetailView(DetailView):
    model = Organization
    context_object_name = "organization"

    def get_queryset(self):
        people = Person.objects.prefetch_related("phones")
        return Organization.objects.prefetch_related(Prefetch("people", queryset=people))


def favicon(request):
    """The icon at the address browsers try by themselves, for those that ask there."""
    return redirect(staticfiles_storage.url("img/favicon.ico"), permanent=True)


def organization_by_number(request, pk):
    """/o/<id>/: the organization's page, where it lives (a permanent redirect)."""
    return redirect(get_object_or_404(Organization.objects.only("slug"), pk=pk), permanent=True)
