"""One date style across the site: June 29, 2018 in English, 29 de junio de 2018 in Spanish."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone, translation

from advocacy.dates import day, moment
from coalitions.models import Campaign
from tests.factories import make_statement

ROOT = Path(__file__).resolve().parents[2]


def test_a_day_is_written_in_full_in_both_languages():
    date = datetime.date(2017, 12, 4)
    assert day(date) == "December 4, 2017"
    with translation.override("es"):
        assert day(date) == "4 de diciembre de 2017"


def test_a_moment_is_its_local_day_and_time_with_the_zone():
    noon_utc = datetime.datetime(2018, 6, 29, 17, 0, tzinfo=datetime.UTC)  # Chicago: CDT
    assert moment(noon_utc) == "June 29, 2018, noon CDT"
    assert day(noon_utc) == "June 29, 2018"
    with translation.override("es"):
        assert moment(noon_utc) == "29 de junio de 2018, 12:00 CDT"


@pytest.mark.django_db
def test_pages_write_dates_the_same_way_in_lists_and_on_statements(client):
    statement = make_statement(release_date=datetime.date(2017, 12, 4), dateline_place="Chicago")
    statement.corrected_at = timezone.now() + datetime.timedelta(days=1)
    statement.save()
    today = day(statement.corrected_at)
    Campaign.objects.create(
        statement=statement,
        opens_at=timezone.now() - datetime.timedelta(days=3),
        closes_at=statement.corrected_at,
    )
    page = client.get(statement.get_absolute_url()).content.decode()
    archive = client.get("/statements/").content.decode()
    assert 'CHICAGO — <time datetime="2017-12-04">December 4, 2017</time>' in page
    assert f"Updated {today}" in page
    assert ">December 4, 2017</time>" in archive
    spanish = client.get("/es/statements/").content.decode()
    assert ">4 de diciembre de 2017</time>" in spanish


def test_no_public_template_or_module_formats_a_date_its_own_way():
    """Dates for people go through `day` and `moment`; `|date:"c"` (ISO, for machines)
    is the only other format a public template may use."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.*"):
        if "admin" in path.relative_to(ROOT / "templates").parts:
            continue
        for match in re.finditer(r"\|date(?::(['\"])(.*?)\1)?", path.read_text()):
            if match.group(2) != "c":
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    for folder in ("releases/templatetags", "coalitions"):
        for path in (ROOT / folder).rglob("*.py"):
            if "admin" in path.parts or "migrations" in path.parts:
                continue
            if "date_format(" in path.read_text():
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
