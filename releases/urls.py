from django.urls import path

from . import api, feeds, views

app_name = "releases"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("statements/", views.StatementArchiveView.as_view(), name="statement-list"),
    path("statements/<int:year>/", views.StatementArchiveView.as_view(), name="statement-year"),
    path("tags/", views.TagListView.as_view(), name="tag-list"),
    path("tags/<slug:tag>/", views.StatementArchiveView.as_view(), name="tag-detail"),
    path("preview/<str:token>/", views.shared_preview, name="shared-preview"),
    path("api/statements/", api.statement_list, name="api-statement-list"),
    path("api/statements/<slug:slug>/", api.statement_detail, name="api-statement-detail"),
    path("feeds/statements.rss", feeds.StatementFeed(), name="feed-rss"),
    path("feeds/statements.atom", feeds.AtomStatementFeed(), name="feed-atom"),
    path("feeds/tags/<slug:slug>.rss", feeds.TagFeed(), name="tag-feed-rss"),
    path("feeds/tags/<slug:slug>.atom", feeds.AtomTagFeed(), name="tag-feed-atom"),
    path(
        "feeds/organizations/<slug:slug>.rss",
        feeds.OrganizationFeed(),
        name="organization-feed-rss",
    ),
    path(
        "feeds/organizations/<slug:slug>.atom",
        feeds.AtomOrganizationFeed(),
        name="organization-feed-atom",
    ),
    path(
        "statements/<slug:slug>.txt",
        views.StatementPlainTextView.as_view(),
        name="statement-text",
    ),
    path(
        "statements/<slug:slug>.pdf",
        views.StatementPDFView.as_view(),
        name="statement-pdf",
    ),
    path(
        "statements/<slug:slug>/",
        views.StatementDetailView.as_view(),
        name="statement-detail",
    ),
]
