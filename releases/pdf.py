"""The statement page rendered to PDF by WeasyPrint, with its print stylesheet.

Stylesheets and images are read from this site's own static files and media
storage; WeasyPrint never fetches anything over the network.
"""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class SiteFilesFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        path = unquote(urlsplit(url).path)
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        media_prefix = "/" + settings.MEDIA_URL.lstrip("/")
        if path.startswith(static_prefix):
            found = finders.find(path.removeprefix(static_prefix))
            if not found:
                raise ValueError(f"No static file at {path}")
            with open(found, "rb") as file:
                body = file.read()
        elif path.startswith(media_prefix):
            with default_storage.open(path.removeprefix(media_prefix)) as file:
                body = file.read()
        else:
            raise ValueError(f"Not a file of this site: {url}")
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})


def html_to_pdf(html, *, base_url):
    return HTML(string=html, base_url=base_url, url_fetcher=SiteFilesFetcher()).write_pdf()
