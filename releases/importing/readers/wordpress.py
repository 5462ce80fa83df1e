"""A WordPress export (WXR, the XML file of Tools → Export), read with defusedxml.

In: the bytes of the export, and a lookup of the files next to it (a folder or .zip
holding the site's wp-content/uploads). Out: one release per post: its text (the title,
then the content read as HTML), and `Hints`: the post's date, its categories and tags as
tags, its images as attachments (the featured image and the images attached to it or
shown in it), and its old addresses (the permalink, and "?p=<id>") for the redirects.

defusedxml refuses entity expansion and external entities (XXE, "billion laughs"). Pages,
menus and the attachments' own items are not releases; trashed posts are left out.
"""

import datetime
import re
from urllib.parse import urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..release import Attachment, Hints, ReleaseFormatError
from .html import fragment_to_text

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
}
_IMG = re.compile(r"<img\b[^>]*\bsrc=[\"']([^\"']+)[\"']", re.IGNORECASE)
_SKIPPED_CATEGORIES = {"uncategorized", "sin categoría", "sin categoria"}


def is_wordpress_export(data):
    head = data[:4000]
    return b"<rss" in head and b"wordpress.org/export/" in head


def _text(item, path):
    found = item.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def read_wordpress(data, lookup=None):
    """[(name, text, hints)] of the posts in a WordPress export."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, SyntaxError, ValueError) as error:
        raise ReleaseFormatError(f"this WordPress export cannot be read ({error})") from None
    channel = root.find("channel")
    if channel is None:
        raise ReleaseFormatError("this XML file is not a WordPress export (no channel)")
    items = channel.findall("item")
    images = {}  # post id -> [(url, title)]
    by_id = {}
    for item in items:
        if _text(item, "wp:post_type") == "attachment":
            url = _text(item, "wp:attachment_url")
            by_id[_text(item, "wp:post_id")] = (url, _text(item, "title"))
            images.setdefault(_text(item, "wp:post_parent"), []).append((url, _text(item, "title")))
    releases = []
    for item in items:
        if _text(item, "wp:post_type") != "post" or _text(item, "wp:status") == "trash":
            continue
        post_id = _text(item, "wp:post_id")
        title = " ".join(_text(item, "title").split())
        content = _text(item, "content:encoded")
        hints = Hints(title=title, date=_date(item))
        for category in item.findall("category"):
            name = " ".join((category.text or "").split())
            if name and name.casefold() not in _SKIPPED_CATEGORIES and name not in hints.tags:
                hints.tags.append(name[:100])
        hints.old_addresses = _addresses(item, post_id)
        wanted = list(images.get(post_id, []))
        for meta in item.findall("wp:postmeta", NS):
            if _text(meta, "wp:meta_key") == "_thumbnail_id":
                found = by_id.get(_text(meta, "wp:meta_value"))
                if found:
                    wanted.insert(0, found)
        wanted += [(src, "") for src in _IMG.findall(content)]
        hints.attachments = _attachments(wanted, lookup)
        if _text(item, "wp:status") != "publish":
            hints.notes.append(
                f"The post was “{_text(item, 'wp:status')}” on the old site, not published."
            )
        text = fragment_to_text(content)
        first = text.split("\n\n", 1)[0]
        if title and " ".join(first.split()).casefold() != title.casefold():
            text = f"{title}\n\n{text}"
        releases.append((f"post {post_id}: {title}", text, hints))
    return releases


def _date(item):
    value = _text(item, "wp:post_date") or _text(item, "wp:post_date_gmt")
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match or match.group(1) == "0000":
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def _addresses(item, post_id):
    addresses = []
    link = _text(item, "link")
    if link:
        addresses.append(
            urlsplit(link).path + (f"?{urlsplit(link).query}" if urlsplit(link).query else "")
        )
    guid = _text(item, "guid")
    if "?p=" in guid:
        addresses.append("/?" + urlsplit(guid).query)
    if post_id:
        addresses.append(f"/?p={post_id}")
    return list(dict.fromkeys(address for address in addresses if address))


def _attachments(wanted, lookup):
    found, seen = [], set()
    for url, title in wanted:
        name = urlsplit(url).path.rsplit("/", 1)[-1]
        base = re.sub(r"-\d+x\d+(?=\.\w+$)", "", name)  # a resized copy: the original
        if not name or base in seen:
            continue
        seen.add(base)
        data = None
        if lookup is not None:
            data = lookup.find(url.replace(name, base)) or lookup.find(url)
        found.append(Attachment(name=base, title=(title or base)[:200], data=data, address=url))
    return found
