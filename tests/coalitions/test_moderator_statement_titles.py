"""A sign-on moderator may not see statements: the Signatories pages show them only the
sign-ons of public statements, so that no title of a draft or an embargoed statement
reaches them through the list, its filter, search, a change or history page, the CSV
export or the printable list."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Signatory
from tests import factories
from tests.coalitions.test_roles import login
from tests.factories import make_statement

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:coalitions_signatory_changelist")
HIDDEN = ("Secret draft on detention", "Embargoed plan for asylum")


@pytest.fixture
def moderator(client):
    return login(client, "Sign-on moderator")


@pytest.fixture
def signatories():
    public = make_statement(title="Public statement on visas")
    draft = make_statement(published=False, title=HIDDEN[0])
    embargoed = make_statement(
        title=HIDDEN[1], publish_at=timezone.now() + datetime.timedelta(days=2)
    )
    return [
        Signatory.objects.create(
            statement=statement,
            name=f"{name} Org",
            email=f"{name.lower()}@example.org",
            source=Signatory.Source.FORM,
            status=Signatory.Status.CONFIRMED,
        )
        for statement, name in ((public, "Public"), (draft, "Draft"), (embargoed, "Embargoed"))
    ]


def assert_no_hidden_title(text):
    for title in HIDDEN:
        assert title not in text


def test_the_list_and_its_statement_filter_show_public_statements_only(moderator, signatories):
    response = moderator.get(CHANGELIST)
    assert response.status_code == 200
    assert "Public statement on visas" in response.text and "Public Org" in response.text
    assert "Draft Org" not in response.text and "Embargoed Org" not in response.text
    assert_no_hidden_title(response.text)
    draft_id = signatories[1].statement_id
    filtered = moderator.get(CHANGELIST, {"statement__id__exact": draft_id})
    assert "Draft Org" not in filtered.text
    assert_no_hidden_title(filtered.text)


def test_search_finds_nothing_of_a_hidden_statement(moderator, signatories):
    for term in ("detention", "asylum", "Draft Org"):
        response = moderator.get(CHANGELIST, {"q": term})
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []
        assert_no_hidden_title(response.text)


def test_the_change_and_history_pages_of_a_hidden_sign_on_are_not_found(moderator, signatories):
    for signatory in signatories[1:]:
        for name in ("change", "history"):
            url = reverse(f"admin:coalitions_signatory_{name}", args=[signatory.pk])
            response = moderator.get(url, follow=True)
            assert_no_hidden_title(response.text)
            assert signatory.name not in response.text
    public = moderator.get(reverse("admin:coalitions_signatory_change", args=[signatories[0].pk]))
    assert public.status_code == 200 and "Public statement on visas" in public.text


@pytest.mark.parametrize("action", ["export_csv", "printable_list"])
def test_exports_leave_out_hidden_statements(moderator, signatories, action):
    for signatory in signatories:
        signatory.status = Signatory.Status.APPROVED
        signatory.save()
    picked = moderator.post(
        CHANGELIST, {"action": action, ACTION_CHECKBOX_NAME: [s.pk for s in signatories]}
    )
    everything = moderator.post(
        CHANGELIST, {"action": action, "select_across": "1", ACTION_CHECKBOX_NAME: ["0"]}
    )
    for response in (picked, everything):
        text = factories.downloaded_text(response)
        assert "Public Org" in text and "Public statement on visas" in text
        assert "Draft Org" not in text and "Embargoed Org" not in text
        assert_no_hidden_title(text)


def test_staff_who_may_see_statements_still_see_every_sign_on(staff_client, signatories):
    response = staff_client.get(CHANGELIST)
    for title in ("Public statement on visas", *HIDDEN):
        assert title[:20] in response.text
