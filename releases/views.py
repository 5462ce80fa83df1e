from django.views.generic import DetailView, ListView

from .models import Statement


class HomeView(ListView):
    template_name = "releases/home.html"
    queryset = Statement.objects.published().for_listing()[:10]


class StatementArchiveView(ListView):
    queryset = Statement.objects.published().for_listing()
    paginate_by = 20


class StatementDetailView(DetailView):
    def get_queryset(self):
        if self.request.user.is_staff:
            return Statement.objects.all()
        return Statement.objects.published()
