from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name, URL of this page in that language) for each language of the site.

    A page that has its own counterpart in a language names it in `language_urls`
    ({code: URL}): a statement's translation, which has an address of its own. Other
    pages are the same address under the language's prefix."""
    request = context["request"]
    path = request.get_full_path()
    own = context.get("language_urls") or {}
    return [
        (code, name, own.get(code) or translate_url(path, code))
        for code, name in settings.LANGUAGES
    ]
