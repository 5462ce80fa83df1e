"""Pages of long lists: the same pages, counts and errors, however they are counted."""

import datetime

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection
from django.test.utils import CaptureQueriesContext

from releases.models import Statement
from releases.pagination import DeferredJoinPaginator
from tests.factories import make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed():
    for n in range(7):
        make_statement(title=f"Statement {n}", release_date=datetime.date(2020, 1, 1 + n % 3))
    return Statement.objects.published().order_by("-release_date", "title")


def pages(paginator):
    return [
        [statement.title for statement in paginator.page(number)]
        for number in range(1, paginator.num_pages + 1)
    ]


@pytest.mark.parametrize("orphans", [0, 1])
def test_counted_in_one_pass_the_pages_are_the_same(listed, orphans):
    expected = pages(DeferredJoinPaginator(listed, 3, orphans=orphans))

    for number, titles in enumerate(expected, start=1):
        paginator = DeferredJoinPaginator(listed, 3, orphans=orphans, count_in_one_pass=True)
        with CaptureQueriesContext(connection) as queries:
            page = paginator.page(number)
            assert [statement.title for statement in page] == titles
        assert paginator.count == 7
        assert len(queries) == 2  # the page's ids with the count, then its rows
    assert expected == [["Statement 2", "Statement 5", "Statement 1"], *expected[1:]]


def test_counted_in_one_pass_a_page_past_the_end_is_still_an_error(listed):
    paginator = DeferredJoinPaginator(listed, 3, count_in_one_pass=True)
    with pytest.raises(EmptyPage):
        paginator.page(4)
    with pytest.raises(EmptyPage):
        DeferredJoinPaginator(listed, 3, count_in_one_pass=True).page(0)
    with pytest.raises(PageNotAnInteger):
        DeferredJoinPaginator(listed, 3, count_in_one_pass=True).page("two")


def test_counted_in_one_pass_an_empty_list_has_its_empty_first_page(db):
    nothing = Statement.objects.published().order_by("-release_date")
    paginator = DeferredJoinPaginator(nothing, 3, count_in_one_pass=True)
    assert list(paginator.page(1)) == [] and paginator.count == 0
