"""The signatories' CSV export opens in a spreadsheet: no cell of it may start a formula,
whichever column it is in (the statement's title included)."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from advocacy.spreadsheets import neutralise
from coalitions.models import Signatory
from tests import factories
from tests.coalitions.factories_signon import make_campaign
from tests.factories import make_statement

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("https://evil.example","click")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
]


def export(client, signatories):
    response = client.post(
        reverse("admin:coalitions_signatory_changelist"),
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [s.pk for s in signatories]},
    )
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(factories.downloaded_text(response))))


def starts_a_formula(cell):
    return cell.lstrip(" \t\r\n")[:1] in ("=", "+", "-", "@") or cell[:1] in ("\t", "\r")


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_statement_title_that_is_a_formula_is_neutralised(staff_client, formula):
    campaign = make_campaign(statement=make_statement(title=formula))
    signatory = Signatory.objects.create(statement=campaign.statement, name="Beta Org")
    rows = export(staff_client, [signatory])
    assert rows[1][0] == f"'{formula}"


def test_no_cell_of_the_export_starts_a_formula(staff_client):
    campaign = make_campaign(statement=make_statement(title="=1+1"))
    signatory = Signatory.objects.create(
        statement=campaign.statement,
        name="+Org",
        signer_name="-Rosa",
        signer_title="@Director",
        email="rosa@example.org",
        city="\tChicago",
        region="=IL",
        country="\r=United States",
        website="https://example.org/=x",
        source="form",
        status="confirmed",
    )
    rows = export(staff_client, [signatory])
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if starts_a_formula(cell)]
    assert "'+Org" in rows[1] and "'-Rosa" in rows[1] and "https://example.org/=x" in rows[1]


@pytest.mark.parametrize("value", ["Beta Org", "", "2018-06-29 09:00", "O'Brien", "1 = 1"])
def test_plain_values_are_kept_as_they_are(value):
    assert neutralise(value) == value
