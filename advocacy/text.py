"""Small text helpers shared by the apps: slugs, addresses by slug and name keys for matching."""

import functools
import re
import unicodedata
from pathlib import Path

from django.urls import reverse
from django.utils.text import slugify

_LEADING_ARTICLE = re.compile(r"^(the|la|el|los|las)\s+", re.IGNORECASE)

#: The width of the columns that store name keys.
NAME_KEY_LENGTH = 200

#: Unicode TR39's skeleton data, generated from Unicode's files (bin/make-skeleton-table).
SKELETON_TABLE = Path(__file__).resolve().parent / "unicode" / "skeleton.txt"


def _without_marks(text):
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _fold(text):
    """Compatibility forms (fullwidth, mathematical letters), accents and case undone."""
    return _without_marks(unicodedata.normalize("NFKD", text)).casefold()


def _words(text):
    """Punctuation and spacing undone, and a leading article ("The")."""
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return _LEADING_ARTICLE.sub("", text)


@functools.cache
def _skeleton_map():
    """str.translate's table: each confusable code point to its prototype, and each
    default-ignorable one (soft hyphen, zero-width space, joiners) to nothing."""
    table = {}
    for line in SKELETON_TABLE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        target, sources = line.split("\t")
        if target == "-":
            for item in sources.split():
                first, _, last = item.partition("..")
                for code in range(int(first, 16), int(last or first, 16) + 1):
                    table[code] = None
            continue
        prototype = "".join(chr(int(code, 16)) for code in target.split("+"))
        for code in sources.split():
            table[int(code, 16)] = prototype
    return table


def skeleton(text):
    """Unicode TR39's skeleton of `text`: what it looks like, whatever letters draw it.

    Decomposed (NFD), without default-ignorable code points, each character replaced by
    the prototype of those that look like it ("А" Cyrillic and "A" Latin, "rn" and "m"),
    decomposed again. Two strings a reader cannot tell apart have the same skeleton."""
    text = unicodedata.normalize("NFD", text).translate(_skeleton_map())
    return unicodedata.normalize("NFD", text)


def sort_key(name):
    """A name as it sorts in a list: case, accents, punctuation, spacing, invisible
    characters and a leading article ("The") ignored, the letters themselves kept."""
    text = _fold(name or "").translate(_ignorable_map())
    return _words(text)[:NAME_KEY_LENGTH]


def name_key(name):
    """A key that matches two spellings of one organization's name.

    Case, accents, punctuation, spacing and a leading article ("The") are ignored:
    "The  Centro de los Derechos del Migrante, Inc." and "centro de los derechos
    del migrante inc" give the same key. So are characters no reader sees (a soft
    hyphen, a zero-width space) and letters that only look alike: "Аcme" with a
    Cyrillic "А", "Acrne" and "Acme", "0rg" and "Org" (the TR39 skeleton). The key is
    for matching only; `sort_key` is the one to order a list by.
    """
    text = _fold(skeleton(_fold(name or "")))
    return _words(text)[:NAME_KEY_LENGTH]


def acronym_key(acronym):
    """A key that matches two spellings of one acronym: "NNIRR", "nnirr", "N.N.I.R.R." do
    not all match (punctuation counts as in names), but "ΝΝΙRR" in Greek capitals does.

    Names are case-folded before their skeleton, as Unicode TR39 advises for comparisons
    that ignore case; but acronyms are written in capitals, whose look-alikes are other
    capitals (a Greek "Ν" is an "N", its small "ν" a "v"): the skeleton is taken of the
    acronym in capitals, then case-folded."""
    text = _without_marks(unicodedata.normalize("NFKD", acronym or "")).upper()
    return _words(_fold(skeleton(text)))[:NAME_KEY_LENGTH]


@functools.cache
def _ignorable_map():
    """str.translate's table that removes the default-ignorable code points only."""
    return {code: None for code, prototype in _skeleton_map().items() if prototype is None}


def kept_key(stored, name, key_of=name_key):
    """The name key (or `key_of`) to store for `name`, given the key stored so far.

    A row whose key became another's when keys began to fold look-alike letters was
    kept, its key marked "#<id> <key>" (see the data migrations), until staff merge the
    two; saving such a row again keeps its mark rather than failing on the other's key."""
    key = key_of(name)
    if stored.startswith("#") and " " in stored:
        mark, _, rest = stored.partition(" ")
        if rest == key[: NAME_KEY_LENGTH - len(mark) - 1]:
            return stored
    return key


def marked_key(key, pk):
    """A key kept apart from an equal one of another row (see `kept_key`)."""
    mark = f"#{pk} "
    return mark + key[: NAME_KEY_LENGTH - len(mark)]


def unique_slug(model, value, *, max_length=80, exclude_pk=None):
    """A slug of `value` not yet used by `model`, suffixed -2, -3... when taken."""
    base = slugify(value)[:max_length].strip("-") or "item"
    slug, n = base, 1
    qs = model._default_manager.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
    return slug


_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<acronym>[A-Z][A-Za-z0-9&.\-]{1,29})\)\s*$")


def split_acronym(text):
    """'National Network for Immigrant and Refugee Rights (NNIRR)' -> (name, 'NNIRR')."""
    text = re.sub(r"\s+", " ", (text or "").strip())
    match = _ACRONYM.match(text)
    if match:
        return match["name"], match["acronym"]
    return text, ""


def looks_like_acronym(text):
    return bool(re.fullmatch(r"[A-Z][A-Z0-9&.\-]{1,29}", text or ""))


_SLUG = "__slug__"


def address_by_slug(viewname):
    """A function from a slug to the address of `viewname` for that slug.

    One reverse() for a whole list of addresses that differ only by their slug (the
    cards of an archive page, a thousand signatories' organization pages): reverse()
    costs tens of microseconds each, a replace() next to nothing. A slug holds only
    letters, digits, "-" and "_", so it needs no quoting in an address.
    """
    pattern = reverse(viewname, kwargs={"slug": _SLUG})
    return lambda slug: pattern.replace(_SLUG, slug)


def csv_safe(value):
    """Text for a CSV cell that a spreadsheet will not run as a formula (=, +, -, @ at
    the start get a leading apostrophe)."""
    value = "" if value is None else str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
