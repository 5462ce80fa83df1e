"""Compressed responses, negotiated: Brotli or gzip, as the reader's Accept-Encoding allows.

Pages are text and compress to a fifth or less (a statement with 1,000 signatories, 139 KB
of HTML, is 17 KB in Brotli). A proxy in front may compress too; it leaves alone what
arrives compressed. The page cache (releases.cache) stores each page's compressed forms
once, when it stores the page; `CompressionMiddleware` compresses every other response.

BREACH: a compressed page that reflects what a reader sent next to a secret can leak the
secret byte by byte. The one secret in our pages, the CSRF token, is masked afresh for
each response by Django, which is what defeats it.
"""

import gzip

import brotli
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile

# Levels that cost about a millisecond and a half for 140 KB on one core: Brotli's 5
# gives a smaller page than gzip's best, its 11 costs 400 times as long for 20% less.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
MIN_SIZE = 512
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/atom+xml")
COMPRESSIBLE += ("application/rss+xml", "application/javascript")
ENCODINGS = ("br", "gzip")

_TOKEN = _lazy_re_compile(r"\s*([\w*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*")


def accepted(accept_encoding):
    """The encoding to answer in: Brotli if the reader takes it, else gzip, else None
    (a `q=0` refuses one; `*` stands for any not named)."""
    weights = {}
    for part in (accept_encoding or "").split(","):
        match = _TOKEN.fullmatch(part)
        if not match:
            continue
        try:
            weights[match[1].lower()] = float(match[2]) if match[2] else 1.0
        except ValueError:
            continue
    wildcard = weights.get("*", 0.0)
    best = None
    for encoding in ENCODINGS:
        weight = weights.get(encoding, wildcard)
        if weight > 0 and (best is None or weight > best[1]):
            best = (encoding, weight)
    return best[0] if best else None


def compress(content, encoding):
    if encoding == "br":
        return brotli.compress(content, quality=BROTLI_QUALITY)
    return gzip.compress(content, GZIP_LEVEL, mtime=0)


def compressible(response):
    content_type = response.get("Content-Type", "")
    return (
        not response.streaming
        and not response.has_header("Content-Encoding")
        and content_type.startswith(COMPRESSIBLE)
        and len(response.content) >= MIN_SIZE
    )


def weak_etag(response):
    """A strong ETag names exact bytes: compressed, the same page is only weakly equal."""
    etag = response.get("ETag")
    if etag and not etag.startswith("W/"):
        response["ETag"] = f"W/{etag}"


class CompressionMiddleware:
    """Compress text responses that are not yet, in the encoding the reader prefers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 304 or not compressible(response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        encoding = accepted(request.META.get("HTTP_ACCEPT_ENCODING"))
        if encoding is None:
            return response
        compressed = compress(response.content, encoding)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response["Content-Encoding"] = encoding
        response["Content-Length"] = str(len(compressed))
        weak_etag(response)
        return response
