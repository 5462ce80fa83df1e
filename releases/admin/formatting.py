from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext


def local_datetime(value):
    """A moment as staff read it: in the site's time zone, in the admin's format."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def local_date(value):
    """A moment's day in the site's time zone, as the admin prints dates."""
    return date_format(timezone.localtime(value), "DATE_FORMAT")


def duration(delta):
    """A time span in one rounded unit, as people say it: "5 hours", "3 days"."""
    minutes = round(delta.total_seconds() / 60)
    if minutes < 60:
        minutes = max(minutes, 1)
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = round(minutes / 60)
    if hours < 48:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    days = round(hours / 24)
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
