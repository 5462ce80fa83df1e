"""The admin of sending: the press list (directory) and sends (sends); registered on
import by `releases.admin`. The statement page's part is `releases.admin.sending`."""

from . import directory, sends  # noqa: F401
