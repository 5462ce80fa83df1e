"""The models of sending, in the `releases` app (imported by `releases.models`)."""

from .directory import Journalist, MediaList, Suppression, normalize_email
from .reach import StatementReads
from .sends import Delivery, Send

__all__ = [
    "Delivery",
    "Journalist",
    "MediaList",
    "Send",
    "StatementReads",
    "Suppression",
    "normalize_email",
]
