"""Signed links for signers: confirm (expires) and withdraw (lasts), no stored secrets."""

from django.core import signing

CONFIRM_MAX_AGE = 3 * 24 * 3600  # three days
_CONFIRM_SALT = "coalitions.signatory.confirm"
_WITHDRAW_SALT = "coalitions.signatory.withdraw"


class InvalidLink(Exception):
    """The link was altered or cut short."""


class ExpiredLink(InvalidLink):
    """The link is genuine but too old."""

    def __init__(self, pk):
        super().__init__("expired")
        self.pk = pk


def _make(signatory, salt):
    # The address is part of the signed value: a link stops working once the
    # signer's address changes or is erased.
    return signing.dumps([signatory.pk, signatory.email], salt=salt, compress=True)


def _read(token, salt, max_age=None):
    try:
        pk, email = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        pk, email = signing.loads(token, salt=salt)
        raise ExpiredLink(pk) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidLink("invalid") from None
    return pk, email


def confirm_token(signatory):
    return _make(signatory, _CONFIRM_SALT)


def read_confirm_token(token):
    return _read(token, _CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


def withdraw_token(signatory):
    return _make(signatory, _WITHDRAW_SALT)


def read_withdraw_token(token):
    return _read(token, _WITHDRAW_SALT)
