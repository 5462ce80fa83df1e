"""Signatories in the admin: on their own and inline on a statement."""

import pytest
from django.contrib import admin
from django.urls import reverse

from coalitions.models import Signatory
from releases.models import Statement
from tests import factories

pytestmark = pytest.mark.django_db

SIGNATORIES = reverse("admin:coalitions_signatory_changelist")
STATEMENTS = reverse("admin:releases_statement_changelist")


def inline_management(prefix, *, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def statement_data(statement, signatories=()):
    """The change form of `statement` as posted, with new signatory rows."""
    data = {
        "kind": statement.kind,
        "title": statement.title,
        "deck": statement.deck,
        "dateline_place": statement.dateline_place,
        "release_date": statement.release_date.isoformat(),
        "body": statement.body,
        "end_mark": statement.end_mark,
        "status": statement.status,
        "publish_at_0": "",
        "publish_at_1": "",
        "language": statement.language,
        "slug": statement.slug,
        "tags": "",
    }
    for prefix in ("issuers", "contacts", "attachments", "campaign"):
        data |= inline_management(prefix)
    data |= inline_management("signatories", total=len(signatories))
    for i, row in enumerate(signatories):
        data |= {f"signatories-{i}-{field}": value for field, value in row.items()}
    return data


def test_signatory_changelist_add_and_change_pages_load(staff_client):
    statement = factories.make_statement(title="Global Compact withdrawal")
    signatory = factories.add_signatory(statement, "Alianza Americas")
    response = staff_client.get(SIGNATORIES)
    assert response.status_code == 200
    assert "Alianza Americas" in response.text and "Global Compact withdrawal" in response.text
    assert staff_client.get(reverse("admin:coalitions_signatory_add")).status_code == 200
    change = reverse("admin:coalitions_signatory_change", args=[signatory.pk])
    assert staff_client.get(change).status_code == 200


def test_signatory_search_and_filters(staff_client):
    nnirr = factories.make_organization(name="National Network", acronym="NNIRR")
    compact = factories.make_statement(title="Global Compact", kind=Statement.Kind.JOINT_STATEMENT)
    iom = factories.make_statement(title="IOM vote")
    factories.add_signatory(compact, organization=nnirr)
    factories.add_signatory(compact, "Scalabrini International Migration Network")
    factories.add_signatory(iom, "Alianza Americas")

    def names(**params):
        response = staff_client.get(SIGNATORIES, params)
        assert response.status_code == 200
        return sorted(s.name for s in response.context["cl"].result_list)

    assert names(q="nnirr") == ["National Network (NNIRR)"]
    assert names(q="scalabrini") == ["Scalabrini International Migration Network"]
    assert names(q="IOM vote") == ["Alianza Americas"]
    assert names(statement__kind__exact="joint-statement") == [
        "National Network (NNIRR)",
        "Scalabrini International Migration Network",
    ]
    assert names(linked="yes") == ["National Network (NNIRR)"]
    assert names(statement__id__exact=iom.pk) == ["Alianza Americas"]


def test_signatory_filters_have_distinct_titles(staff_client):
    statement = factories.make_statement(
        title="Statement from US Civil Society Participants During the UN Stocktaking Meeting"
    )
    factories.add_signatory(statement, "Alianza Americas")
    response = staff_client.get(SIGNATORIES)
    titles = [spec.title for spec in response.context["cl"].filter_specs]
    assert len(titles) == len(set(titles))
    assert {"signer", "kind of statement"} <= set(titles)
    # A long title is shortened in its column, and given whole on hover.
    assert 'title="Statement from US Civil Society Participants During the UN' in response.text


def test_signatory_list_query_count_is_bounded(staff_client, django_assert_max_num_queries):
    for _ in range(5):
        statement = factories.make_statement()
        for _ in range(6):
            factories.add_signatory(statement, organization=factories.make_organization())
    with django_assert_max_num_queries(10):
        assert staff_client.get(SIGNATORIES).status_code == 200


def test_adding_a_signatory_takes_the_organization_name_when_blank(staff_client):
    statement = factories.make_statement()
    nnirr = factories.make_organization(name="National Network", acronym="NNIRR")
    response = staff_client.post(
        reverse("admin:coalitions_signatory_add"),
        {
            "statement": statement.pk,
            "organization": nnirr.pk,
            "name": "",
            "position": "0",
            "status": "approved",
            "kind": "organization",
        },
    )
    assert response.status_code == 302
    assert statement.signatories.get().name == "National Network (NNIRR)"


def test_a_signatory_named_twice_on_a_statement_is_refused(staff_client):
    statement = factories.make_statement()
    factories.add_signatory(statement, "Alianza Americas")
    response = staff_client.post(
        reverse("admin:coalitions_signatory_add"),
        {"statement": statement.pk, "organization": "", "name": "ALIANZA  americas", "position": 1},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["name"] == ["This name is already among the statement's signatories."]
    assert statement.signatories.count() == 1


def test_a_signatory_needs_a_name_or_an_organization(staff_client):
    statement = factories.make_statement()
    response = staff_client.post(
        reverse("admin:coalitions_signatory_add"),
        {"statement": statement.pk, "organization": "", "name": "", "position": 0},
    )
    assert response.status_code == 200
    assert "Choose an organization or type the name as printed." in response.text


# On the statement


def test_the_statement_admin_has_signatories(staff_client):
    statement = factories.make_statement()
    factories.add_signatory(statement, "Centro de los Derechos del Migrante, Inc.")
    registered = admin.site._registry[Statement]
    assert "signatory_count" in registered.list_display

    response = staff_client.get(reverse("admin:releases_statement_change", args=[statement.pk]))

    assert response.status_code == 200
    prefixes = [f.formset.prefix for f in response.context["inline_admin_formsets"]]
    assert prefixes == ["issuers", "signatories", "contacts", "attachments", "campaign"]
    assert 'value="Centro de los Derechos del Migrante, Inc."' in response.text


def test_signatories_added_inline_keep_their_order(staff_client):
    statement = factories.make_statement()
    alianza = factories.make_organization(name="Alianza Americas")
    rows = [
        {"organization": "", "name": "Central American Refugee Center", "position": ""},
        {"organization": str(alianza.pk), "name": "", "position": ""},
        {"organization": "", "name": "Scalabrini International Migration Network", "position": "0"},
    ]
    response = staff_client.post(
        reverse("admin:releases_statement_change", args=[statement.pk]),
        statement_data(statement, rows),
    )
    assert response.status_code == 302
    assert list(statement.signatories.values_list("name", flat=True)) == [
        "Scalabrini International Migration Network",
        "Central American Refugee Center",
        "Alianza Americas",
    ]


@pytest.mark.parametrize(
    "second",
    [
        {"organization": "", "name": "alianza americas", "position": ""},
        {"organization": "ALIANZA", "name": "Alianza", "position": ""},
    ],
)
def test_the_same_signatory_twice_inline_is_refused(staff_client, second):
    statement = factories.make_statement()
    alianza = factories.make_organization(name="Alianza Americas")
    if second["organization"] == "ALIANZA":
        second = {**second, "organization": str(alianza.pk)}
    rows = [{"organization": str(alianza.pk), "name": "Alianza Americas", "position": ""}, second]
    response = staff_client.post(
        reverse("admin:releases_statement_change", args=[statement.pk]),
        statement_data(statement, rows),
    )
    assert response.status_code == 200
    assert "This is already listed above." in response.text
    assert not Signatory.objects.exists()


def test_changelist_counts_signatories_and_filters_by_signer(staff_client):
    nnirr = factories.make_organization(name="NNIRR")
    signed = factories.make_statement(title="Signed")
    factories.add_signatory(signed, organization=nnirr)
    factories.add_signatory(signed, "Another signer")
    factories.make_statement(title="Not signed")

    response = staff_client.get(STATEMENTS, {"signed_by": nnirr.pk})

    results = list(response.context["cl"].result_list)
    assert [s.title for s in results] == ["Signed"]
    assert results[0].signatory_count == 2
    assert "signed by" in response.text


def test_statements_can_be_found_by_signatory_name(staff_client):
    signed = factories.make_statement(title="Signed")
    factories.add_signatory(signed, "Scalabrini International Migration Network")
    factories.make_statement(title="Not signed")
    response = staff_client.get(STATEMENTS, {"q": "scalabrini"})
    assert [s.title for s in response.context["cl"].result_list] == ["Signed"]
