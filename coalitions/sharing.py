"""Sharing a statement after signing it: plain links to each service's own share page,
with no script of theirs on ours, and an invitation a signer sends from their own mail."""

from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.translation import gettext as _


def _mailto(subject, body):
    # Mail programs read %20, not +, as a space.
    return "mailto:?" + urlencode({"subject": subject, "body": body}, quote_via=quote)


def share_links(request, statement):
    """(service, address) of each way to share the statement's page, in the active
    language: email, WhatsApp, Bluesky, X, Facebook, LinkedIn."""
    url = request.build_absolute_uri(statement.get_absolute_url())
    text = _("I signed “%(title)s”. Read it and add your name:") % {"title": statement.title}
    both = f"{text} {url}"
    return [
        ("email", _("Email"), _mailto(statement.title, f"{text}\n\n{url}\n")),
        ("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": both}, quote_via=quote)),
        (
            "bluesky",
            "Bluesky",
            "https://bsky.app/intent/compose?" + urlencode({"text": both}, quote_via=quote),
        ),
        (
            "x",
            "X",
            "https://x.com/intent/post?" + urlencode({"text": text, "url": url}, quote_via=quote),
        ),
        (
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}, quote_via=quote),
        ),
        (
            "linkedin",
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?"
            + urlencode({"url": url}, quote_via=quote),
        ),
    ]


def invitation(request, statement, signatory):
    """A mailto: address that opens the signer's mail program with an invitation to a
    partner organization, ready to send: they choose whom to write to."""
    form = request.build_absolute_uri(reverse("coalitions:sign", args=[statement.slug]))
    subject = _("Will you sign on? %(title)s") % {"title": statement.title}
    body = _(
        "Hello,\n\n"
        "%(name)s has signed “%(title)s”, and we would like your organization to sign "
        "on too. You can read the statement and add your organization's name here:\n\n"
        "%(form)s\n\n"
        "It takes two minutes; your email address is never published.\n\n"
        "Thank you,\n%(signer)s"
    ) % {
        "name": signatory.name,
        "title": statement.title,
        "form": form,
        "signer": signatory.signer_name,
    }
    return _mailto(subject, body)
