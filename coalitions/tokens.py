"""Signed links for signers, no stored secrets: confirm (three days), their own page
(six months; a new link is a form away) and withdraw (lasts: sent before the signer's
page existed, and still honoured)."""

from django.core import signing

CONFIRM_MAX_AGE = 3 * 24 * 3600  # three days
_CONFIRM_SALT = "coalitions.signatory.confirm"
_WITHDRAW_SALT = "coalitions.signatory.withdraw"
SIGNER_PAGE_MAX_AGE = 183 * 24 * 3600  # six months
_SIGNER_PAGE_SALT = "coalitions.signatory.page"


class InvalidLink(Exception):
    """The link was altered or cut short."""


class ExpiredLink(InvalidLink):
    """The link is genuine but too old."""

    def __init__(self, pk):
        super().__init__("expired")
        self.pk = pk


def _make(signatory, salt, email=None):
    # The address is part of the signed value: a link stops working once the
    # signer's address changes or is erased.
    email = signatory.email if email is None else email
    return signing.dumps([signatory.pk, email], salt=salt, compress=True)


def _read(token, salt, max_age=None):
    try:
        pk, email = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        pk, email = signing.loads(token, salt=salt)
        raise ExpiredLink(pk) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidLink("invalid") from None
    return pk, email


def confirm_token(signatory, email=None):
    """The confirmation link's token, for the row's address or the given one."""
    return _make(signatory, _CONFIRM_SALT, email)


def read_confirm_token(token):
    return _read(token, _CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


def withdraw_token(signatory, email=None):
    return _make(signatory, _WITHDRAW_SALT, email)


def read_withdraw_token(token):
    return _read(token, _WITHDRAW_SALT)


def signer_page_token(signatory, email=None):
    """The token of a signer's own page: see, correct, withdraw, erase."""
    return _make(signatory, _SIGNER_PAGE_SALT, email)


def read_signer_page_token(token):
    return _read(token, _SIGNER_PAGE_SALT, max_age=SIGNER_PAGE_MAX_AGE)
