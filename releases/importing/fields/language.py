"""The language of a release: English or Spanish, by the small words it uses most.

In: text (the title and body). Out: "en" or "es". A month name is weak evidence (the
plain-text layout prints every date in English), so the words decide.
"""

import re

_ENGLISH = frozenset(
    "the and of to in is that for on with are was this we our by be it as from has have "
    "will their its at an not which who they said".split()
)
_SPANISH = frozenset(
    "el la de que y en los las del por para con una un es su se al lo como más sus este esta "
    "fue han ha son nuestra nuestro dijo también sobre entre".split()
)
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text, default="en"):
    english = spanish = 0
    for word in _WORD.findall((text or "").casefold()):
        english += word in _ENGLISH
        spanish += word in _SPANISH
    if english == spanish:
        return default
    return "es" if spanish > english else "en"
