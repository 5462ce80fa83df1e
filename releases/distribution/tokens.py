"""Signed links for journalists: confirm a subscription (expires), manage it and
unsubscribe (last). Nothing is stored per link.

The manage and unsubscribe links name the journalist and carry a tag of their address:
a link stops working once the address changes, and shows no address itself. A
confirmation link carries what the person typed into the form, since nothing is stored
before they confirm.
"""

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

CONFIRM_MAX_AGE = 3 * 24 * 3600  # three days
_CONFIRM_SALT = "press.subscribe.confirm"
_LINK_SALT = "press.subscription"


class InvalidLink(Exception):
    """Altered, cut short, of an address that changed, or of someone erased."""


class ExpiredLink(InvalidLink):
    pass


def _address_tag(email):
    return salted_hmac(_LINK_SALT, email, algorithm="sha256").hexdigest()[:16]


def subscription_token(journalist):
    """For the links in every mail: manage the subscription, unsubscribe."""
    return signing.dumps({"j": journalist.pk, "h": _address_tag(journalist.email)}, salt=_LINK_SALT)


def read_subscription_token(token, journalists):
    """The journalist a link names, looked up in `journalists`, or InvalidLink."""
    try:
        data = signing.loads(token, salt=_LINK_SALT)
        pk, tag = int(data["j"]), str(data["h"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvalidLink from None
    journalist = journalists.filter(pk=pk).first()
    if journalist is None or not constant_time_compare(_address_tag(journalist.email), tag):
        raise InvalidLink
    return journalist


def confirm_token(request_data):
    """The confirmation link's token: what the person asked for, signed."""
    return signing.dumps(request_data, salt=_CONFIRM_SALT, compress=True)


def read_confirm_token(token):
    try:
        return signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ExpiredLink from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidLink from None
