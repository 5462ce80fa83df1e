import html
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from advocacy import dates
from advocacy.text import address_by_slug
from releases import markup
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
        day = dates.day(statement.release_date)
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
    issuers = [issuer.organization for issuer in statement.issuer_list]
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
        "keywords": [tag.name for tag in statement.tag_list],
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
    """The statement's lead image, else its drawn card (`releases.cards`); for a statement
    that has neither yet, its first image attachment, else its first issuer's logo card."""
    if statement.lead_image:
        return statement.lead_image.url
    if statement.social_card:
        return statement.social_card.url
    for attachment in statement.attachments.all():
        if attachment.is_image:
            return attachment.file.url
    for issuer in statement.issuer_list:
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
    """The body as plain text (no Markdown) with the dateline in the classic form
    leading it, as `releases.importing` reads it."""
    date = statement.release_date
    body = markup.plain_text(statement.body)
    return f"{statement.dateline_place} — {date:%B} {date.day}, {date.year} — {body}"


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


@register.simple_tag
def statement_cards(statements, level=2, lead_first=False):
    """Statements in a list, a card each: kind, date, place, title, deck, excerpt and
    issuers. With `lead_first`, the first card leads, with the opening of its body.

    Written in Python rather than as an included template: a list prints twenty cards
    or more, and an include with its lookups and translations cost half a millisecond
    a card on the benchmark's machine, more than all the list's queries together. What
    is the same on every card (translated words, the address pattern) is made once.
    """
    list_words = {
        "and": html.escape(translation.gettext("and")),
        "issued by": html.escape(translation.gettext("Issued by")),
        "kinds": {value: html.escape(str(label)) for value, label in Statement.Kind.choices},
        "address": address_by_slug("releases:statement-detail"),
        "level": int(level),
    }
    return mark_safe(
        "".join(
            _card(statement, list_words, lead=lead_first and number == 0)
            for number, statement in enumerate(statements)
        )
    )


def _card(statement, list_words, *, lead):
    language = html.escape(statement.language)
    level = list_words["level"]
    if statement.excerpt:
        excerpt = conditional_escape(statement.excerpt)  # a search's, highlighted: safe
    elif lead:
        excerpt = html.escape(opening_words(statement, 55))
    else:
        excerpt = ""
    issuers = [html.escape(issuer.organization.name) for issuer in statement.issuer_list]
    if len(issuers) > 1:
        issuers = [", ".join(issuers[:-1]), issuers[-1]]
    parts = [
        f'<article class="card{" card--lead" if lead else ""}">\n'
        f'  <p class="card__meta"><span class="kind kind--{html.escape(statement.kind)}">'
        f"{list_words['kinds'].get(statement.kind, '')}</span>\n"
        f'    <time class="card__date" datetime="{statement.release_date.isoformat()}">'
        f"{html.escape(dates.day(statement.release_date))}</time>\n"
        f'    <span class="card__sep" aria-hidden="true">·</span> '
        f'<span class="card__place">{html.escape(statement.dateline_place)}</span></p>\n'
        f'  <h{level} class="card__title" lang="{language}">'
        f'<a href="{list_words["address"](statement.slug)}">'
        f"{html.escape(statement.title)}</a></h{level}>\n"
    ]
    if statement.deck:
        parts.append(
            f'  <p class="card__deck" lang="{language}">{html.escape(statement.deck)}</p>\n'
        )
    if excerpt:
        parts.append(f'  <p class="card__excerpt" lang="{language}">{excerpt}</p>\n')
    if issuers:
        names = f" {list_words['and']} ".join(issuers)
        parts.append(f'  <p class="card__issuers">{list_words["issued by"]} {names}</p>\n')
    parts.append("</article>\n")
    return "".join(parts)
