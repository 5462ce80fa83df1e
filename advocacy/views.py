from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from .models import Organization, Person


class OrganizationListView(ListView):
    model = Organization
    context_object_name = "organizations"
    paginate_by = 50


class OrganizationDetailView(DetailView):
    model = Organization
    context_object_name = "organization"

    def get_queryset(self):
        people = Person.objects.prefetch_related("phones")
        return Organization.objects.prefetch_related(Prefetch("people", queryset=people))
