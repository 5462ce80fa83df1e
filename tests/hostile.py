"""Hostile input for the property-based tests (hypothesis): strategies and a test case.

`HostileInputTestCase` runs each generated example in its own transaction, rolled back
afterwards, with the cache (rate limits, cached pages) emptied and English active, as
every test of the suite starts.
"""

from django.core.cache import cache
from django.utils import translation
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

# Any text: every Unicode character but lone surrogates (which no request can carry),
# control characters, NUL, zero-width and bidirectional marks included.
any_text = st.text(max_size=300)

# Characters a hostile signer or a broken paste brings: controls, NUL, invisible marks,
# combining accents, right-to-left text, emoji, markup and quotes.
_nasty = st.sampled_from(
    [
        "\x00", "\x01", "\x1b", "\x7f", "\x85", "\t", "\r", "\n", "\u200b", "\u200e",
        "\u202e", "\u2028", "\ufeff", "\u0301", "ﷺ", "עברית", "😀", "𝔘𝔫𝔦", "<", ">", "&",
        '"', "'", "—", "http://", "www.", ".org", "%", "\\", "*", "_", "#", "|", "'); --",
    ]
)  # fmt: skip
nasty_text = st.lists(st.one_of(_nasty, st.text(max_size=8)), max_size=30).map("".join)


_short_piece = st.text(min_size=1, max_size=12)


def huge(strategy=_short_piece, *, at_least=10_000, at_most=200_000):
    """Long input made by repeating a short piece: cheap to generate, costly to mishandle."""

    def repeat(piece_and_length):
        piece, length = piece_and_length
        return (piece * (length // len(piece) + 1))[:length]

    return st.tuples(strategy, st.integers(at_least, at_most)).map(repeat)


def hostile_text(max_size=300):
    """Any text, nasty text or a huge run of it."""
    return st.one_of(st.text(max_size=max_size), nasty_text, huge())


class HostileInputTestCase(TestCase):
    def setup_example(self):
        super().setup_example()
        cache.clear()
        translation.activate("en")
