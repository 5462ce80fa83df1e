from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from advocacy import admin_login, views

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Press room administration"

urlpatterns = [
    # The admin at ADMIN_URL (default admin/), its login throttled; before admin.site.urls
    # so that it answers for the admin's own login address.
    path(f"{settings.ADMIN_URL}login/", admin_login.login, name="admin-login"),
    # Two-factor login: the code step, and each staff member's own page (advocacy.two_factor).
    path(settings.ADMIN_URL, include("advocacy.two_factor.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt",
            content_type="text/plain",
            extra_context={"admin_path": f"/{settings.ADMIN_URL}"},
        ),
        name="robots",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers ask for /favicon.ico by themselves; pages name the SVG and PNG icons.
    path("favicon.ico", views.favicon, name="favicon"),
    # The mail service's webhooks (bounces, complaints): django-anymail's views.
    path("anymail/", include("anymail.urls")),
]

# The public site in English at /, in Spanish at /es/.
urlpatterns += i18n_patterns(
    path("", include("coalitions.urls")),
    path("", include("releases.urls")),
    path("", include("releases.distribution.urls")),
    path("", include("advocacy.public_urls")),
    prefix_default_language=False,
)

# Error pages in the language of the address; a 503 when the database is out of reach.
handler400 = "advocacy.errors.bad_request"
handler403 = "advocacy.errors.permission_denied"
handler404 = "advocacy.errors.page_not_found"
handler500 = "advocacy.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
