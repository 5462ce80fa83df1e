"""The site's one way of writing dates for people, in English and in Spanish.

Every public page, email and message writes a day as `day(value)` ("June 29, 2018",
"29 de junio de 2018") and a moment as `moment(value)` ("June 29, 2018, 9 a.m. CDT"),
in the active language; templates use the filters of the same names, which are
built in (settings: TEMPLATES' `builtins`). The formats themselves are the
DATE_FORMAT and DATETIME_FORMAT of `advocacy/formats/<language>/formats.py`. Machines
get ISO 8601 instead (`|date:"c"`, `.isoformat()`).
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def day(value):
    """A date, or the local day of a moment: June 29, 2018."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return date_format(value, "DATE_FORMAT")


@register.filter
def moment(value):
    """A moment in local time, with its time zone: June 29, 2018, 9 a.m. CDT."""
    if value in (None, ""):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    written = date_format(value, "DATETIME_FORMAT")
    zone = value.tzname() if value.tzinfo else ""
    return f"{written} {zone}" if zone else written
