"""The admin of statements and tags, one module per concern:

- `statements`: the list, the change form, permissions, saving (registers `Statement`);
- `filters`, `inlines`: the list's filters and the parts edited on a statement's page;
- `publishing`, `review`, `sharing`, `importing`, `history`: the page's actions and views
  (`review`: "Review and publish"; `issued`: the share links made);
- `editing`: the body's live preview, the draft kept in the browser, tags as chips;
- `todo`: what needs doing, on the admin's home page (other apps add their items);
- `tags`: tag counts and merging (registers `Tag`);
- `sending`: sending a statement to the press, its sends and reads on its page (the
  press list and the sends have their admin in `releases.distribution.admin`).

`coalitions.admin` registers its own subclass of `StatementAdmin`, with the signatories
placed among the inlines by `inlines_with()`.
"""

from ..distribution import admin as distribution_admin  # noqa: F401  (the press list, sends)
from . import todo
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
    "todo",
]
