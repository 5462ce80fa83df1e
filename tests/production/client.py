"""A browser-like HTTP client for the production suite, from an address of its own.

Each `Client` binds its connections to one local source address (the loopback network
127.0.0.0/8 has millions), so that nginx sees as many clients as the test makes. It keeps
cookies, reads forms (hidden inputs, the CSRF token) and sends what a browser sends with
a form: Origin, Referer. `through=("127.0.0.1", port)` talks to one app server directly,
over plain HTTP, as nginx does (X-Forwarded-Proto: https).
"""

import http.client
import re
import ssl
import time
from dataclasses import dataclass
from html import unescape
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.core import signing

INPUT = re.compile(r"<input\b[^>]*>", re.I)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


@dataclass
class Response:
    status: int
    headers: dict
    text: str

    @property
    def location(self):
        return self.headers.get("location", "")

    def hidden_inputs(self):
        """The hidden inputs of the page's forms, by name."""
        values = {}
        for tag in INPUT.findall(self.text):
            attributes = dict(ATTRIBUTE.findall(tag))
            if attributes.get("type") == "hidden" and "name" in attributes:
                values[attributes["name"]] = unescape(attributes.get("value", ""))
        return values


class Client:
    def __init__(self, site, address="127.0.0.1", *, through=None, headers=None):
        self.site = site
        self.address = address
        self.through = through
        self.extra_headers = dict(headers or {})
        self.cookies = {}

    def _connection(self):
        source = (self.address, 0)
        if self.through is not None:
            host, port = self.through
            return http.client.HTTPConnection(host, port, timeout=30, source_address=source)
        context = ssl.create_default_context(cafile=str(self.site.certificate))
        return http.client.HTTPSConnection(
            "127.0.0.1", self.site.port, timeout=30, source_address=source, context=context
        )

    def request(self, method, path, *, data=None, headers=None):
        path = urlsplit(path).path + (f"?{urlsplit(path).query}" if urlsplit(path).query else "")
        sent = {"Host": f"127.0.0.1:{self.site.port}", **self.extra_headers, **(headers or {})}
        if self.through is not None:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = self.site.url
            sent["Referer"] = self.site.url + path
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            text = raw.read().decode("utf-8", "replace")
            headers = {name.lower(): value for name, value in raw.getheaders()}
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    for morsel in SimpleCookie(value).values():
                        self.cookies[morsel.key] = morsel.value
            return Response(raw.status, headers, text)
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    def submit(self, path, fields, *, form_path=None, **kwargs):
        """Open the page with the form, then send it with `fields` filled in."""
        page = self.get(form_path or path)
        assert page.status == 200, f"{form_path or path}: {page.status}"
        return self.post(path, {**page.hidden_inputs(), **fields}, **kwargs)

    def log_in(self, username, password):
        login = "/admin/login/"
        return self.submit(login, {"username": username, "password": password})


def sign_on_fields(site, n, **overrides):
    """What partner `n` types into the sign-on form, a human's half minute after the page
    was served (the form refuses quicker answers: the stamp is signed with the site's key)."""
    started = signing.dumps(time.time() - 30, key=site.secret_key, salt="coalitions.signon.started")
    fields = {
        "kind": "organization",
        "organization_name": f"Partner Organization {n}",
        "signer_name": f"Signer {n}",
        "signer_title": "Director",
        "email": f"director@partner{n}.example.org",
        "city": "Chicago",
        "region": "IL",
        "country": "US",
        "organization_type": "community",
        "website": "",
        "consent_to_list": "on",
        "homepage": "",
        "started": started,
    }
    fields.update(overrides)
    return fields


def address(block, n):
    """The n-th client address (from 0) of a block of the loopback network: 127.<block>.x.y."""
    return f"127.{block}.{n // 250}.{n % 250 + 1}"
