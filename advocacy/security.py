"""Security headers that Django does not set by itself, and the one page partners may frame.

The Content-Security-Policy itself is Django's (`SECURE_CSP`, set in settings/base.py);
`embeddable` relaxes only its `frame-ancestors` for a view meant for partners' iframes.
"""

from functools import wraps

from django.conf import settings
from django.views.decorators.clickjacking import xframe_options_exempt


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` from the PERMISSIONS_POLICY setting: {feature: [allowed origins]},
    an empty list denying the feature to every origin, this site included."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def embeddable(view):
    """Let other sites show this view in an <iframe>: no X-Frame-Options, and the site's
    CSP with `frame-ancestors` from CSP_EMBED_FRAME_ANCESTORS instead of 'none'."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if settings.SECURE_CSP:
            response._csp_config = {
                **settings.SECURE_CSP,
                "frame-ancestors": settings.CSP_EMBED_FRAME_ANCESTORS,
            }
        return response

    return xframe_options_exempt(wrapped)
