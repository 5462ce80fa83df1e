"""Share links: a statement not public yet, as it will appear, for journalists under embargo.

A link carries the statement's id, when it stops working, and a tag of the statement's
`preview_key`, signed with the site's secret (`TimestampSigner`): it cannot be forged or
altered, it expires on its own, and a new key withdraws every link made with the old one.
Nothing is stored per link.
"""

import datetime

from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

from .models import Statement

SALT = "releases.preview-link"
DAYS = (1, 3, 7)


class LinkProblem(Exception):
    """Why a share link opens nothing; `status` is the HTTP status of its page."""

    status = 404
    code = "invalid"


class InvalidLink(LinkProblem):
    pass


class ExpiredLink(LinkProblem):
    status = 410
    code = "expired"


class WithdrawnLink(LinkProblem):
    status = 410
    code = "withdrawn"


def _key_tag(key):
    return salted_hmac(SALT, key, algorithm="sha256").hexdigest()[:20]


def new_key(statement):
    """Give the statement a new preview key: every link shared so far stops working."""
    statement.preview_key = get_random_string(32)
    Statement.objects.filter(pk=statement.pk).update(preview_key=statement.preview_key)


def make_token(statement, *, days, recipient=None):
    """A token for a link that works for `days` days (one of DAYS) from now; with a
    `recipient` (a journalist's delivery), their own link, unlike anyone else's."""
    if days not in DAYS:
        raise ValueError(f"A share link lasts one of {DAYS} days, not {days}.")
    if not statement.preview_key:
        new_key(statement)
    expires = timezone.now() + datetime.timedelta(days=days)
    data = {"s": statement.pk, "k": _key_tag(statement.preview_key), "e": int(expires.timestamp())}
    if recipient is not None:
        data["r"] = str(recipient)
    return signing.TimestampSigner(salt=SALT).sign_object(data), expires


def read_token(token, statements=None):
    """(statement, expiry moment) of a valid link, or raise a LinkProblem.

    The statement is looked up in `statements` (all of them by default)."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        data = signer.unsign_object(token, max_age=datetime.timedelta(days=max(DAYS)))
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except (signing.BadSignature, ValueError) as error:
        raise InvalidLink from error
    try:
        pk, tag, expires = int(data["s"]), str(data["k"]), int(data["e"])
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidLink from error
    expires = datetime.datetime.fromtimestamp(expires, tz=datetime.UTC)
    if expires <= timezone.now():
        raise ExpiredLink
    statements = Statement.objects.all() if statements is None else statements
    statement = statements.filter(pk=pk).first()
    if statement is None:
        raise InvalidLink
    if not statement.preview_key or not constant_time_compare(_key_tag(statement.preview_key), tag):
        raise WithdrawnLink
    return statement, expires
