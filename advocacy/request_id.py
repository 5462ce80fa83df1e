"""A reference for every request: in a response header, in every log line, on error pages.

A proxy in front may send its own `X-Request-ID`; it is kept when it looks like one (letters,
digits, `.`, `_`, `-`, `:`; 8 to 128 characters), so that the proxy's log and ours share the
reference. Anything else is replaced by a fresh one.
"""

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
NO_REQUEST = "-"
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")

current_request_id = ContextVar("request_id", default=NO_REQUEST)


def request_id_from(value):
    """The incoming reference if it is safe to repeat in logs and headers, else a new one."""
    if value and _SAFE.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: everything logged while the request runs carries its id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each record (`-` outside a request), for the log format."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True
