from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import api, feeds, lists, views
from .sitemaps import SITEMAPS

app_name = "coalitions"

urlpatterns = [
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("statements/<slug:slug>/sign/", views.sign, name="sign"),
    path("statements/<slug:slug>/signatories/", lists.signatories, name="signatories"),
    path("statements/<slug:slug>/sign/widget/", api.widget, name="widget"),
    path("api/statements/<slug:slug>/signatories/", api.signatories, name="api-signatories"),
    path("statements/<slug:slug>/sign/thanks/", views.check_email, name="check-email"),
    path("statements/<slug:slug>/sign/resend/", views.resend, name="resend"),
    path("sign/confirm/<str:token>/", views.confirm, name="confirm"),
    path("sign/withdraw/<str:token>/", views.withdraw, name="withdraw"),
    path("sign/yours/<str:token>/", views.signer_page, name="signer-page"),
    path("statements/<slug:slug>/sign/yours/", views.signer_link, name="signer-link"),
    path("feeds/coalitions/<slug:slug>.rss", feeds.CoalitionFeed(), name="feed-rss"),
    path("feeds/coalitions/<slug:slug>.atom", feeds.AtomCoalitionFeed(), name="feed-atom"),
    path("coalitions/", views.CoalitionListView.as_view(), name="coalition-list"),
    path("coalitions/<slug:slug>/", views.CoalitionDetailView.as_view(), name="coalition-detail"),
]
