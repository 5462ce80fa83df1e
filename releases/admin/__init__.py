"""The admin of statements and tags, one module per concern:

- `statements`: the list, the change form, permissions, saving (registers `Statement`);
- `filters`, `inlines`: the list's filters and the parts edited on a statement's page;
- `publishing`, `sharing`, `importing`, `history`: the page's actions and views;
- `tags`: tag counts and merging (registers `Tag`).

`coalitions.admin` registers its own subclass of `StatementAdmin`, with the signatories
placed among the inlines by `inlines_with()`.
"""

from .filters import LinkedObjectFilter
from .history import HistoryAdminMixin
from .inlines import IssuerInline, inlines_with
from .statements import StatementAdmin
from .tags import TagAdmin

__all__ = [
    "HistoryAdminMixin",
    "IssuerInline",
    "LinkedObjectFilter",
    "StatementAdmin",
    "TagAdmin",
    "inlines_with",
]
