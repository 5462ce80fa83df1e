import html
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from releases.models import Statement

register = template.Library()


@register.simple_tag
def statements_issued_by(organization, limit=20):
    """The latest published statements an organization issued."""
    return list(
        Statement.objects.published()
        .filter(issuers__organization=organization)
        .for_listing()[:limit]
    )


@register.filter
def file_type(attachment):
    """The kind of file an attachment is, as its extension in capitals: PDF, DOCX."""
    name = attachment.file.name.rsplit("/", 1)[-1]
    return name.rpartition(".")[2].upper() if "." in name else ""


@register.filter
def opening_words(statement, count=40):
    """The first words of the body as plain text, for excerpts and link previews."""
    text = " ".join(html.unescape(strip_tags(statement.body_html)).split())
    return Truncator(text).words(int(count))


@register.filter
def summary(statement, count=40):
    """The deck, or when there is none the first words of the body."""
    return statement.deck or opening_words(statement, count)


@register.filter
def body_with_dateline(statement):
    """The body's HTML with the dateline leading into its first paragraph.

    CHICAGO — June 29, 2018 — The Trump Administration's nominee ...
    """
    # The dateline is part of the release: it is written in the statement's language.
    with translation.override(statement.language):
        day = date_format(statement.release_date, "DATE_FORMAT")
    dateline = format_html(
        '<span class="dateline">{} — <time datetime="{}">{}</time> —</span> ',
        statement.dateline,
        statement.release_date.isoformat(),
        day,
    )
    html = statement.body_html
    if html.startswith("<p>"):
        return mark_safe(f"<p>{dateline}{html[3:]}")  # body_html is sanitized on save
    return mark_safe(f'<p class="dateline-line">{dateline}</p>{html}')


@register.simple_tag(takes_context=True)
def statement_json_ld(context, statement):
    """schema.org NewsArticle for search engines, as a safe <script> element."""
    request = context["request"]
    absolute = request.build_absolute_uri
    issuers = [issuer.organization for issuer in statement.issuers.all()]
    organizations = [
        {
            "@type": "Organization",
            "name": organization.name,
            **({"url": organization.website} if organization.website else {}),
        }
        for organization in issuers
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": statement.title[:110],
        "url": absolute(statement.get_absolute_url()),
        "mainEntityOfPage": absolute(statement.get_absolute_url()),
        "datePublished": statement.dated.isoformat(),
        "dateModified": statement.last_modified.isoformat(),
        "dateline": f"{statement.dateline_place}, {statement.release_date:%B} "
        f"{statement.release_date.day}, {statement.release_date.year}",
        "inLanguage": statement.language,
        "articleSection": statement.get_kind_display(),
        "keywords": [tag.name for tag in statement.tags.all()],
        "author": organizations or [{"@type": "Organization", "name": context["SITE_NAME"]}],
        "publisher": {"@type": "Organization", "name": context["SITE_NAME"]},
    }
    if statement.deck:
        data["alternativeHeadline"] = statement.deck
    image = social_image_url(statement)
    if image:
        data["image"] = absolute(image)
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # Nothing in the data can close the script element or start markup.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def social_image_url(statement):
    """The statement's first image attachment, else its first issuer's logo card."""
    for attachment in statement.attachments.all():
        if attachment.is_image:
            return attachment.file.url
    for issuer in statement.issuers.all():
        organization = issuer.organization
        if organization.social_card:
            return organization.social_card.url
        if organization.logo:
            return organization.logo.url
    return ""


@register.simple_tag
def statement_image(statement):
    return social_image_url(statement)


@register.filter
def plain_body(statement):
    """The body as Markdown text with the dateline in the classic form leading it."""
    date = statement.release_date
    return (
        f"{statement.dateline_place} — {date:%B} {date.day}, {date.year} — {statement.body.strip()}"
    )


@register.filter
def contact_line(contact):
    """A media contact on one line: who, where, website, phones, email."""
    person, organization = contact.person, contact.organization
    names = []
    if person:
        names.append(person.name)
    if organization:
        names.append(organization.short_name if person else organization.name)
        if not person:
            names.extend(part for part in (organization.city, organization.country) if part)
    parts = [", ".join(names)]
    if organization and organization.website:
        parts.append(organization.website_display)
    reach = []
    if person:
        reach.extend(str(phone) for phone in person.phones.all())
        if person.email:
            reach.append(person.email)
    elif organization:
        reach.extend(value for value in (organization.phone, organization.email) if value)
    if reach:
        parts.append(", ".join(reach))
    return " - ".join(parts)
