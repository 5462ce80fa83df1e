"""Staff notices of new sign-ons carry signers' private details: only staff who may see
those details set where the notices go, and only to the addresses of active staff accounts."""

import pytest
from django.core import mail
from django.urls import reverse

from coalitions import tasks
from coalitions.models import Campaign, Signatory
from tests.coalitions.factories_signon import make_campaign
from tests.coalitions.test_roles import login, member_of
from tests.factories import make_user
from tests.releases.test_roles import form_data

pytestmark = pytest.mark.django_db


def change_url(statement):
    return reverse("admin:releases_statement_change", args=[statement.pk])


def with_campaign(statement, campaign, **fields):
    """The change form's post for `statement`, its campaign inline filled in."""
    data = form_data(statement)
    data |= {
        "campaign-TOTAL_FORMS": "1",
        "campaign-INITIAL_FORMS": "1",
        "campaign-0-id": str(campaign.pk),
        "campaign-0-statement": str(statement.pk),
        "campaign-0-opens_at_0": campaign.opens_at.strftime("%Y-%m-%d"),
        "campaign-0-opens_at_1": campaign.opens_at.strftime("%H:%M:%S"),
        "campaign-0-requires_moderation": "on",
        "campaign-0-order": campaign.order,
        "campaign-0-grouping": campaign.grouping,
        "campaign-0-notify": campaign.notify,
        "campaign-0-notify_emails": campaign.notify_emails,
    }
    return data | {f"campaign-0-{name}": value for name, value in fields.items()}


@pytest.fixture
def draft_campaign():
    from tests.factories import make_statement

    return make_campaign(statement=make_statement(published=False, title="Draft sign-on"))


def test_an_editor_cannot_send_the_notices_elsewhere(client, draft_campaign):
    login(client, "Editor")
    statement = draft_campaign.statement
    page = client.get(change_url(statement))
    assert 'name="campaign-0-goal"' in page.text
    assert 'name="campaign-0-notify_emails"' not in page.text
    assert "only moderators and administrators" in page.text

    response = client.post(
        change_url(statement),
        with_campaign(statement, draft_campaign, notify_emails="me@attacker.example", goal="40"),
    )

    assert response.status_code == 302
    draft_campaign.refresh_from_db()
    assert draft_campaign.goal == 40  # the rest of the form is saved
    assert draft_campaign.notify_emails == ""


def test_an_administrator_sends_them_to_staff_addresses(client, draft_campaign):
    client.force_login(member_of("Administrator", email="ana@example.org"))
    desk = make_user(superuser=False, email="Desk@Example.org")
    statement = draft_campaign.statement
    assert 'name="campaign-0-notify_emails"' in client.get(change_url(statement)).text

    response = client.post(
        change_url(statement),
        with_campaign(statement, draft_campaign, notify_emails="desk@example.org\nana@example.org"),
    )

    assert response.status_code == 302
    draft_campaign.refresh_from_db()
    assert draft_campaign.staff_recipients() == ["desk@example.org", "ana@example.org"]
    assert desk.is_staff


@pytest.mark.parametrize(
    "address, account",
    [
        ("friend@gmail.example", None),
        ("former@example.org", {"is_active": False}),
        ("partner@example.org", {"staff": False}),
    ],
    ids=["unknown", "inactive-staff", "not-staff"],
)
def test_any_other_address_is_refused_next_to_the_field(client, draft_campaign, address, account):
    client.force_login(member_of("Administrator", email="ana@example.org"))
    if account is not None:
        make_user(superuser=False, email=address, **account)
    statement = draft_campaign.statement

    response = client.post(
        change_url(statement),
        with_campaign(statement, draft_campaign, notify_emails=f"ana@example.org\n{address}"),
    )

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][-1].formset.forms[0].errors
    message = " ".join(errors["notify_emails"])
    assert address in message and "ana@example.org" not in message
    assert "not the address of an active staff account" in message
    assert "private details" in message
    draft_campaign.refresh_from_db()
    assert draft_campaign.notify_emails == ""


def test_a_malformed_address_is_refused_too():
    campaign = Campaign(notify_emails="not an address")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        campaign.clean_fields(exclude=["statement"])
    assert "not an email address" in str(refused.value)


def test_notices_never_go_to_an_address_that_is_not_staff(client, draft_campaign):
    """Addresses stored before the rule, or of accounts closed since, get nothing."""
    moderator = member_of("Sign-on moderator", email="mod@example.org")
    desk = make_user(superuser=False, email="desk@example.org")
    campaign = make_campaign(notify_emails="outsider@attacker.example\ndesk@example.org")
    assert campaign.staff_recipients() == ["desk@example.org"]

    desk.is_active = False
    desk.save()
    assert campaign.staff_recipients() == [moderator.email]  # none left: the moderators

    waiting = Signatory.objects.create(
        statement=campaign.statement,
        name="Alpha Org",
        email="alpha@example.org",
        signer_name="Rosa",
        source=Signatory.Source.FORM,
        status=Signatory.Status.CONFIRMED,
    )
    mail.outbox.clear()
    tasks.send_staff_email.enqueue("staff_new_signon", campaign.pk, [waiting.pk])
    (notice,) = mail.outbox
    assert notice.to == [moderator.email] and "alpha@example.org" in notice.body
