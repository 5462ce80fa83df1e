"""What the production settings send: HTTPS only, cookies over HTTPS only, HSTS, the CSP and
the other policies, from a server started as in production."""

import json

from tests.advocacy.test_settings import production_env, run

HEADERS = """
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(HTTP_HOST="press.example.org")
plain = client.get("/i18n/setlang/")
secure = client.get("/i18n/setlang/", secure=True)  # no database, no static files
print(json.dumps({
    "redirect": [plain.status_code, plain.get("Location")], "status": secure.status_code,
    "headers": dict(secure.headers),
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,
                settings.LANGUAGE_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY],
}))
"""


def test_production_serves_https_only_with_the_security_headers():
    result = run(
        "import json\n" + HEADERS,
        settings="advocacy.settings.prod",
        **production_env(DATABASE_URL="sqlite://:memory:"),
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["redirect"] == [301, "https://press.example.org/i18n/setlang/"]
    assert answer["cookies"] == [True, True, True, True]
    headers = answer["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert len(headers["X-Request-ID"]) == 32
