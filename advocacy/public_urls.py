from django.urls import path

from . import views

app_name = "advocacy"

urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    # A short address for the long lists of names that link each (a statement's
    # signatories): it leads to the organization's page.
    path("o/<int:pk>/", views.organization_by_number, name="organization-short"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
]
