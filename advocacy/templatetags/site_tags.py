from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()


@register.filter
def language_links(request):
    """(code, name, URL of this page in that language) for each language of the site."""
    path = request.get_full_path()
    return [(code, name, translate_url(path, code)) for code, name in settings.LANGUAGES]
