"""After signing: the thank-you page, the signer's own page, the campaign's own questions
and the count of organizations and people."""

import csv
import io
import re
from unittest import mock

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from reversion.models import Version

from coalitions import services, signer_steps, tokens
from coalitions.counts import SignatoryCount
from coalitions.models import Question, Signatory
from tests import factories
from tests.coalitions.factories_signon import form_data, make_campaign, staff_address
from tests.factories import add_signatory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


def link_in(message, kind):
    return re.search(rf"http://testserver(/sign/{kind}/[^\s]+/)", message.body).group(1)


def signed(client, campaign, **overrides):
    client.post(f"/statements/{campaign.statement.slug}/sign/", form_data(**overrides))
    return Signatory.objects.get(email=form_data(**overrides)["email"])


def listed(campaign, client, **overrides):
    signatory = signed(client, campaign, **overrides)
    services.confirm_signature(signatory=signatory)
    services.approve_signatories(signatories=Signatory.objects.filter(pk=signatory.pk))
    signatory.refresh_from_db()
    return signatory


def page_of(signatory):
    return reverse("coalitions:signer-page", args=[tokens.signer_page_token(signatory)])


# Counting


@pytest.mark.parametrize(
    "organizations,people,words",
    [
        (0, 0, "Nobody has signed yet"),
        (1, 0, "1 organization has signed"),
        (12, 0, "12 organizations have signed"),
        (0, 1, "1 person has signed"),
        (0, 3, "3 people have signed"),
        (1, 1, "1 organization and 1 person have signed"),
        (12, 3, "12 organizations and 3 people have signed"),
    ],
)
def test_counts_say_organizations_and_people(organizations, people, words):
    assert SignatoryCount(organizations, people).words() == words


def test_a_listed_individual_counts_as_a_person_everywhere(client):
    campaign = make_campaign(allow_individuals=True, list_individuals=True, goal=10)
    add_signatory(campaign.statement, "Alianza Americas")
    Signatory.objects.create(statement=campaign.statement, name="Ana Ruiz", kind="individual")
    slug = campaign.statement.slug
    phrase = "<strong>1</strong> organization and <strong>1</strong> person have signed"
    assert phrase in client.get(f"/statements/{slug}/").content.decode()
    assert phrase in client.get(f"/statements/{slug}/sign/widget/").content.decode()
    assert (
        "1 organization and 1 person have signed"
        in client.get(f"/statements/{slug}/sign/").content.decode()
    )
    data = client.get(f"/api/statements/{slug}/signatories/").json()
    assert (data["count"], data["organizations"], data["people"]) == (2, 1, 1)
    spanish = client.get(f"/es/statements/{slug}/").content.decode()
    assert "<strong>1</strong> organización y <strong>1</strong> persona han firmado" in spanish


# The thank-you page


def test_confirming_shows_the_thanks_and_reopening_says_it_is_done(client):
    campaign = make_campaign(requires_moderation=False, goal=5)
    signed(client, campaign)
    confirm = link_in(mail.outbox[0], "confirm")
    first = client.get(confirm)
    assert first["Cache-Control"].startswith("max-age=0") or "no-store" in first["Cache-Control"]
    html = client.post(confirm).content.decode()
    assert "<h1>Thank you for signing</h1>" in html
    assert "<strong>1</strong> organization has signed — goal: 5." in html
    assert "https://wa.me/?text=" in html and "mailto:?subject=Will%20you%20sign%20on" in html
    again = client.get(confirm).content.decode()
    assert "<h1>You have already confirmed</h1>" in again
    assert "https://bsky.app/intent/compose?text=" in again
    assert Signatory.objects.get().status == "approved"


def test_a_used_confirmation_link_is_never_served_stale_from_the_page_cache(client):
    campaign = make_campaign(requires_moderation=True)
    signed(client, campaign)
    confirm = link_in(mail.outbox[0], "confirm")
    assert b"Confirm your signature" in client.get(confirm).content
    client.post(confirm)
    assert b"You have already confirmed" in client.get(confirm).content


# The signer's own page


def test_the_own_page_shows_what_is_public_and_what_is_not(client):
    campaign = make_campaign(requires_moderation=False, grouping="country")
    signatory = listed(campaign, client, country="MX", phone="+52 55 1234 5678")
    response = client.get(page_of(signatory))
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "Listed under the statement as:" in html and "Under the heading “Mexico”." in html
    assert "rosa@ctu.example.org" in html and "+52 55 1234 5678" in html
    assert client.get(page_of(signatory)).status_code == 200
    Signatory.objects.filter(pk=signatory.pk).update(email="other@example.org")
    assert client.get(page_of(signatory)).status_code == 400  # the address was replaced


def test_a_get_of_the_own_page_changes_nothing(client):
    campaign = make_campaign(requires_moderation=False)
    signatory = listed(campaign, client)
    client.get(page_of(signatory) + "?action=withdraw")
    assert Signatory.objects.get().status == "approved"


def test_private_corrections_apply_at_once_and_keep_the_listing(client):
    campaign = make_campaign(requires_moderation=True)
    signatory = listed(campaign, client)
    response = client.post(
        page_of(signatory),
        {**form_data(city="Evanston", country="US"), "action": "correct"},
    )
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert (signatory.city, signatory.status) == ("Evanston", "approved")
    assert (
        Version.objects.get_for_object(signatory)
        .first()
        .revision.comment.endswith("Corrected their details.")
    )


def test_a_new_listed_name_goes_back_to_the_moderator(client):
    campaign = make_campaign(requires_moderation=True, notify_emails=staff_address())
    signatory = listed(campaign, client)
    mail.outbox.clear()
    client.post(
        page_of(signatory),
        {**form_data(organization_name="CTU Chicago"), "action": "correct"},
    )
    signatory.refresh_from_db()
    assert (signatory.name, signatory.status, signatory.organization) == (
        "CTU Chicago",
        "confirmed",
        None,
    )
    assert [m.to for m in mail.outbox] == [["desk@example.org"]]
    statement_page = client.get(campaign.statement.get_absolute_url()).content.decode()
    assert "CTU Chicago" not in statement_page
    # The moderator approves the new name: it is listed, with a directory entry.
    services.approve_signatories(signatories=Signatory.objects.all())
    signatory.refresh_from_db()
    assert signatory.organization.name == "CTU Chicago"
    assert "CTU Chicago" in client.get(campaign.statement.get_absolute_url()).content.decode()


def test_a_spelling_fix_or_a_campaign_without_moderation_changes_the_listing_at_once(client):
    campaign = make_campaign(requires_moderation=True)
    signatory = listed(campaign, client, organization_name="Centro de trabajadores unidos")
    signer_steps.correct_signature(
        signatory=signatory, data={"organization_name": "Centro de Trabajadores Unidos"}
    )
    signatory.refresh_from_db()
    assert (signatory.name, signatory.status) == ("Centro de Trabajadores Unidos", "approved")

    campaign.requires_moderation = False
    campaign.save()
    signer_steps.correct_signature(signatory=signatory, data={"organization_name": "CTU"})
    signatory.refresh_from_db()
    assert (signatory.name, signatory.status, signatory.organization.name) == (
        "CTU",
        "approved",
        "CTU",
    )


def test_a_name_another_signatory_has_is_refused_next_to_the_field(client):
    campaign = make_campaign(requires_moderation=False)
    add_signatory(campaign.statement, "Alianza Americas")
    signatory = listed(campaign, client)
    response = client.post(
        page_of(signatory),
        {**form_data(organization_name="ALIANZA AMERICAS"), "action": "correct"},
    )
    assert response.status_code == 400
    assert "Another signatory of this statement is listed under that name." in (
        response.content.decode()
    )
    assert Signatory.objects.get(pk=signatory.pk).name == "Centro de Trabajadores Unidos"


def test_withdrawing_from_the_own_page(client):
    campaign = make_campaign(requires_moderation=False)
    signatory = listed(campaign, client)
    client.post(page_of(signatory), {"action": "withdraw"})
    assert Signatory.objects.get().status == "withdrawn"
    html = client.get(page_of(signatory)).content.decode()
    assert "Nothing: you withdrew your signature." in html and "Sign again" in html
    assert "Correct your details" not in html


def test_erasing_asks_to_be_sure_then_forgets_the_signer_and_their_history(client):
    campaign = make_campaign(allow_individuals=True, list_individuals=True)
    Question.objects.create(campaign=campaign, text="Press call?")
    signatory = listed(campaign, client, kind="individual", signer_name="Ana Ruiz")
    page = page_of(signatory)
    client.post(page, {"action": "erase"})
    assert Signatory.objects.get().erased_at is None

    response = client.post(page, {"action": "erase", "sure": "1"})

    assert "Your details are erased" in response.content.decode()
    erased = Signatory.objects.get()
    assert erased.status == "withdrawn" and erased.erased_at is not None
    assert (erased.email, erased.signer_name, erased.city, erased.country) == ("", "", "", "")
    assert erased.name == f"Erased signer {erased.pk}"
    for version in Version.objects.get_for_object(erased):
        assert "Ana Ruiz" not in version.serialized_data
        assert "rosa@ctu.example.org" not in version.serialized_data
    assert client.get(page).status_code == 400
    assert "Ana Ruiz" not in client.get(campaign.statement.get_absolute_url()).content.decode()


def test_an_expired_own_page_link_offers_a_new_one_by_email(client):
    campaign = make_campaign(requires_moderation=False)
    signatory = listed(campaign, client)
    token = tokens.signer_page_token(signatory)
    with mock.patch.object(tokens, "SIGNER_PAGE_MAX_AGE", -1):
        response = client.get(reverse("coalitions:signer-page", args=[token]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "This link has expired" in html and "Send me a new link" in html
    mail.outbox.clear()
    client.post(
        reverse("coalitions:signer-link", args=[campaign.statement.slug]),
        {"email": "ROSA@ctu.example.org"},
    )
    (message,) = mail.outbox
    assert message.to == ["rosa@ctu.example.org"]
    assert client.get(link_in(message, "yours")).status_code == 200


# The campaign's own questions


def test_questions_are_asked_answered_and_exported(client, staff_client):
    campaign = make_campaign()
    call = Question.objects.create(campaign=campaign, text="Will you join the press call?")
    topic = Question.objects.create(
        campaign=campaign, text="Your focus", kind="choice", choices="Asylum\nLabor", required=True
    )
    note = Question.objects.create(campaign=campaign, text="Anything to add?", kind="text")
    url = f"/statements/{campaign.statement.slug}/sign/"
    html = client.get(url).content.decode()
    assert "Will you join the press call?" in html and 'value="Labor"' in html

    missing = client.post(url, form_data())
    assert missing.status_code == 400
    assert "Answer this question." in missing.content.decode()

    client.post(
        url,
        form_data(**{f"question_{call.pk}": "yes", f"question_{topic.pk}": "Labor"}),
    )
    signatory = Signatory.objects.get()
    assert signatory.answers == {str(call.pk): "yes", str(topic.pk): "Labor"}

    response = staff_client.post(
        reverse("admin:coalitions_signatory_changelist"),
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [signatory.pk]},
    )
    rows = list(csv.reader(io.StringIO(factories.downloaded_text(response))))
    assert rows[0][-3:] == ["Will you join the press call?", "Your focus", "Anything to add?"]
    assert rows[1][-3:] == ["Yes", "Labor", ""]
    assert note.answer_display(signatory.answers) == ""


def test_a_choice_question_needs_its_choices():
    campaign = make_campaign()
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(campaign=campaign, text="Pick", kind="choice", choices="")
    Question.objects.create(campaign=campaign, text="Join?")
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(campaign=campaign, text="Join?")


def test_staff_define_questions_on_the_campaign_page(staff_client):
    campaign = make_campaign()
    change = reverse("admin:coalitions_campaign_change", args=[campaign.pk])
    page = staff_client.get(change)
    assert page.status_code == 200
    data = {
        "statement": campaign.statement.pk,
        "opens_at_0": "2026-01-01",
        "opens_at_1": "09:00",
        "order": "alphabetical",
        "grouping": "",
        "notify": "each",
        "requires_moderation": "on",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-text": "Will you join the press call?",
        "questions-0-kind": "yes_no",
        "questions-0-position": "0",
    }
    response = staff_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [q.text for q in campaign.questions.all()] == ["Will you join the press call?"]
    statement_change = reverse("admin:releases_statement_change", args=[campaign.statement.pk])
    assert change in staff_client.get(statement_change).content.decode()


def test_countries_typed_before_the_list_become_codes_where_they_match():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("coalitions.migrations.0007_signon_questions_phone_and_country_codes")
    campaign = make_campaign()
    for name, typed in [("A", "Mexico"), ("B", "méxico"), ("C", "USA"), ("D", "Atlantis")]:
        Signatory.objects.create(statement=campaign.statement, name=name, country=typed)
    migration.countries_as_codes(apps, None)
    assert dict(Signatory.objects.values_list("name", "country")) == {
        "A": "MX",
        "B": "MX",
        "C": "US",
        "D": "Atlantis",  # kept as typed, and shown so
    }
    assert Signatory.objects.get(name="D").country_name == "Atlantis"
