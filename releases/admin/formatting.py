from django.utils import timezone
from django.utils.formats import date_format


def local_datetime(value):
    """A moment as staff read it: in the site's time zone, in the admin's format."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")
