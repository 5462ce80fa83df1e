"""Small text helpers shared by the apps: slugs, addresses by slug and name keys for matching."""

import re
import unicodedata

from django.urls import reverse
from django.utils.text import slugify

_LEADING_ARTICLE = re.compile(r"^(the|la|el|los|las)\s+", re.IGNORECASE)


def name_key(name):
    """A key that matches two spellings of one organization's name.

    Case, accents, punctuation, spacing and a leading article ("The") are ignored:
    "The  Centro de los Derechos del Migrante, Inc." and "centro de los derechos
    del migrante inc" give the same key.
    """
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return _LEADING_ARTICLE.sub("", text)


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
