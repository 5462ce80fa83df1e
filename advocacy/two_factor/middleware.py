"""A staff member who needs a second factor and whose session has not passed one counts
as logged out: on the admin, the staff preview of drafts, everywhere.

The login itself never logs such a user in before their code (`pending`); this catches
the sessions made otherwise: logged in before the requirement was turned on or before
their role needed it, before an administrator reset their second factor, or by a login
other than the admin's. They log in again, with the code, or set up an authenticator.
"""

from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from .policy import needs_second_step


def _anonymous():
    user = AnonymousUser()
    user.otp_device = None
    user.is_verified = lambda: False
    return user


def _checked(user):
    """`user` as the rest of the request sees it (after django-otp's OTPMiddleware)."""
    if user.is_authenticated and not user.is_verified() and needs_second_step(user):
        return _anonymous()
    return user


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None:
            # Lazy, as Django's own: a request that never looks at the user costs nothing.
            request.user = SimpleLazyObject(lambda: _checked(user))
        auser = getattr(request, "auser", None)
        if auser is not None:

            async def checked_auser():
                return await sync_to_async(_checked)(await auser())

            request.auser = checked_auser
        return self.get_response(request)
