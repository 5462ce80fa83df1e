"""The subscription's own mail: the confirmation link, and the welcome once confirmed."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from . import tokens
from .conf import setting
from .mail import ListMessage, footer_context, list_headers, no_tracking, site_link
from .models import Suppression
from .plaintext import wrap

#: Addresses a confirmation link is not sent to: the mail service refuses them, or their
#: owner said our mail was spam. (An address that unsubscribed may ask again.)
NO_CONFIRMATION = (Suppression.Reason.BOUNCED, Suppression.Reason.COMPLAINED)


def confirmation(request, language):
    """The mail with the link that confirms a subscription, or None for an address that
    bounced or complained."""
    email = request["e"]
    if Suppression.objects.filter(email=email, reason__in=NO_CONFIRMATION).exists():
        return None
    with translation.override(language):
        context = {
            "site_name": settings.SITE_NAME,
            "confirm_url": site_link(
                "press:confirm", language=language, token=tokens.confirm_token(request)
            ),
            "days": tokens.CONFIRM_MAX_AGE // 86400,
        }
        subject = _("Confirm your subscription to releases from %(site)s") % {
            "site": settings.SITE_NAME
        }
        body = render_to_string("releases/distribution/mail/confirm.txt", context)
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=setting("PRESS_FROM_EMAIL"), to=[email]
    )
    no_tracking(message)
    return message


def welcome(journalist):
    """The first mail to a new subscriber: what they will get, and how to leave."""
    if Suppression.objects.holds(journalist.email):
        return None
    headers, links = list_headers(journalist)
    language = journalist.language
    with translation.override(language):
        context = {
            **links,
            **footer_context(journalist),
            "journalist": journalist,
            "language": language,
            "topics": [tag.name for tag in journalist.topics.all()],
            "intro": wrap(
                _(
                    "You will receive the press releases and statements of %(site)s by "
                    "email as they are published, and under embargo when they are."
                )
                % {"site": settings.SITE_NAME}
            ),
        }
        subject = _("Welcome to the releases of %(site)s") % {"site": settings.SITE_NAME}
        text = render_to_string("releases/distribution/mail/welcome.txt", context)
        html = render_to_string("releases/distribution/mail/welcome.html", context)
    message = ListMessage(
        subject=subject,
        body=text,
        from_email=setting("PRESS_FROM_EMAIL"),
        to=[journalist.email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    no_tracking(message)
    return message
