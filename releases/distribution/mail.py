"""The release as an email: HTML for Gmail, Outlook and Apple Mail, and plain text.

What is the same for every recipient of a version (the release itself: title, deck,
dateline, body, signatories, About, contacts, attachments) is rendered once per version
and state and reused; each recipient's mail adds their greeting and note, their own
preview link under embargo, and their unsubscribe links. No tracking pixel, no image at
all, no link rewritten: every address in the mail is the real one.
"""

import datetime
import email.policy
from email.headerregistry import BaseHeader, UnstructuredHeader
from email.utils import make_msgid
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from releases import previews
from releases.templatetags.releases_tags import body_with_dateline, file_type
from releases.views import with_its_parts

from . import tokens
from .conf import setting
from .inline import STYLES, styled
from .plaintext import html_to_text, paragraphs, wrap
from .recipients import version_for, versions


class _UnfoldedHeader(UnstructuredHeader):
    """A header written on one line whatever its length (RFC 5322 allows 998 characters).

    Python's mail library folds a line over 78 characters, and a header with no space to
    fold at, such as the address in List-Unsubscribe, it writes as RFC 2047 encoded words
    (=?utf-8?q?...?=), which mail programs do not read as an address: their unsubscribe
    button would not appear."""

    def fold(self, *, policy):
        return f"{self.name}: {self}{policy.linesep}"


UnfoldedHeader = type("UnfoldedHeader", (_UnfoldedHeader, BaseHeader), {})
UNFOLDED = ("List-Unsubscribe",)


class ListMessage(EmailMultiAlternatives):
    """A mail to the press list: its List-Unsubscribe header stays a readable address."""

    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy)
        for name in UNFOLDED:
            value = msg[name]
            if value is not None:
                del msg[name]
                msg[name] = UnfoldedHeader(name, str(value))
        return msg


def site_link(name, *, language, **kwargs):
    """An absolute address of the site, in `language` (/es/... for Spanish)."""
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


def absolute(url):
    """A file's address in full (storage gives a path on the site, or a full address)."""
    return urljoin(settings.SITE_URL + "/", url)


def domain():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def moment(value):
    """An embargo's moment as a journalist needs it: local time, its zone, and UTC."""
    local = timezone.localtime(value)
    utc = value.astimezone(datetime.UTC)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()} ({utc:%H:%M} UTC)"


def preview_days(until):
    """The shortest life of a share link that outlasts the embargo (at most the longest)."""
    left = until - timezone.now()
    return next((d for d in previews.DAYS if datetime.timedelta(days=d) > left), previews.DAYS[-1])


def list_headers(journalist):
    """RFC 2369 and RFC 8058 headers, and the links of the mail's footer."""
    token = tokens.subscription_token(journalist)
    unsubscribe = site_link("press:unsubscribe", language=journalist.language, token=token)
    targets = [f"<{unsubscribe}>"]
    if setting("PRESS_UNSUBSCRIBE_MAILTO"):
        targets.append(f"<mailto:{setting('PRESS_UNSUBSCRIBE_MAILTO')}?subject=unsubscribe>")
    headers = {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{settings.SITE_NAME} <releases.{domain()}>",
    }
    links = {
        "unsubscribe_url": unsubscribe,
        "manage_url": site_link("press:manage", language=journalist.language, token=token),
    }
    return headers, links


def footer_context(journalist):
    return {
        "postal_address": setting("PRESS_POSTAL_ADDRESS"),
        "subscriber": journalist.is_subscriber,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "s": STYLES,
    }


def _contact_email(statement):
    for contact in statement.contacts.all():
        if contact.person and contact.person.email:
            return contact.person.email
        if contact.organization and contact.organization.email:
            return contact.organization.email
    return None


class ReleaseMail:
    """Writes the mails of one send (or its test), version by version."""

    def __init__(self, send):
        self.send = send
        self.statement = send.statement
        self.available = versions(self.statement)
        self._parts = {}

    def version(self, journalist):
        return version_for(journalist.language, self.available, self.statement)

    def _release(self, version):
        """(HTML, text, context) of the release itself, the same for all its readers."""
        key = (version.pk, version.is_embargoed)
        if key not in self._parts:
            version = with_its_parts(type(version).objects.all()).get(pk=version.pk)
            embargoed = version.is_embargoed
            language = version.language
            body = body_with_dateline(version).replace(
                '<span class="dateline">', f'<span style="{STYLES["dateline"]}">', 1
            )
            context = {
                "statement": version,
                "s": STYLES,
                "body": styled(body),
                "body_text": html_to_text(body),
                "title_text": wrap(version.title),
                "deck_text": wrap(version.deck),
                "abouts": [
                    paragraphs(issuer.about_text)
                    for issuer in version.issuer_list
                    if issuer.about_text
                ],
                "attachments": [
                    (attachment.title, file_type(attachment), absolute(attachment.file.url))
                    for attachment in version.attachments.all()
                ],
                "embargoed": embargoed,
                "embargo_moment": moment(version.publish_at) if embargoed else "",
                "public_url": site_link(
                    "releases:statement-detail", language=language, slug=version.slug
                ),
                "pdf_url": None
                if embargoed
                else site_link("releases:statement-pdf", language=language, slug=version.slug),
                "reply_to": _contact_email(version),
            }
            with translation.override(language):
                html = render_to_string("releases/distribution/mail/release_body.html", context)
                text = render_to_string("releases/distribution/mail/release_body.txt", context)
            self._parts[key] = (html, text, context)
        return self._parts[key]

    def message(self, journalist, *, delivery=None, test_to=None, sample=False):
        """The mail to `journalist` (for `delivery`), or its test copy to `test_to`; a
        `sample` (the admin's preview) makes no preview link, only shows where it goes."""
        version = self.version(journalist)
        html, text, release = self._release(version)
        language = version.language
        headers, links = list_headers(journalist)
        preview_url = preview_until = None
        if release["embargoed"] and sample:
            preview_until = timezone.now() + datetime.timedelta(
                days=preview_days(version.publish_at)
            )
            preview_url = site_link(
                "releases:shared-preview", language=language, token="each-recipient-s-own-link"
            )
        elif release["embargoed"]:
            days = preview_days(version.publish_at)
            token, preview_until = previews.make_token(
                version, days=days, recipient=delivery.pk if delivery else "test"
            )
            preview_url = site_link("releases:shared-preview", language=language, token=token)
        with translation.override(language):
            name = journalist.greeting_name
            context = {
                **release,
                **links,
                **footer_context(journalist),
                "release_html": html,
                "release_text": text,
                "preview_url": preview_url,
                "preview_until": preview_until and moment(preview_until),
                "greeting": _("Hello %(person)s,") % {"person": name} if name else _("Hello,"),
                "note": self.send.note.strip(),
                "note_text": paragraphs(self.send.note),
                "note_paragraphs": [
                    " ".join(part.split())
                    for part in self.send.note.replace("\r", "").split("\n\n")
                    if part.strip()
                ],
                "language": language,
            }
            subject = version.title
            if release["embargoed"]:
                subject = _("EMBARGOED until %(moment)s: %(title)s") % {
                    "moment": release["embargo_moment"],
                    "title": version.title,
                }
            body_text = render_to_string("releases/distribution/mail/release.txt", context)
            body_html = render_to_string("releases/distribution/mail/release.html", context)
        if test_to:
            subject = subject if sample else f"[Test] {subject}"
            headers["Message-ID"] = make_msgid(domain=domain())
        else:
            # The same id whenever this delivery is written: a copy sent twice (see
            # worker.py) is one message to the mail programs that look.
            headers["Message-ID"] = f"<release.{self.send.pk}.{delivery.pk}@{domain()}>"
        message = ListMessage(
            subject=" ".join(subject.split()),
            body=body_text,
            from_email=setting("PRESS_FROM_EMAIL"),
            to=[test_to or journalist.email],
            reply_to=[release["reply_to"]] if release["reply_to"] else [],
            headers=headers,
        )
        message.attach_alternative(body_html, "text/html")
        no_tracking(message)
        if delivery is not None:
            message.metadata = {"delivery": str(delivery.pk)}
        return message, language


def no_tracking(message):
    """Ask the mail service (django-anymail) for no open pixel and no rewritten links,
    whatever the account's defaults; other mail backends ignore these."""
    message.track_opens = False
    message.track_clicks = False
