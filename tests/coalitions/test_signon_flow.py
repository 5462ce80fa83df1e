"""A partner signs on: form, email, confirm, moderation, listing, withdrawal."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from advocacy.models import Organization
from coalitions import services, tokens
from coalitions.models import Signatory
from tests.coalitions.factories_signon import form_data, make_campaign, staff_address
from tests.factories import add_signatory, make_organization, make_statement

# Mail leaves only once the transaction commits, so these tests run with real commits.
pytestmark = pytest.mark.django_db(transaction=True)


def sign_url(campaign):
    return reverse("coalitions:sign", kwargs={"slug": campaign.statement.slug})


def link_in(message, kind):
    return re.search(rf"http://testserver(/sign/{kind}/[^\s]+/)", message.body).group(1)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


def submit(client, campaign, **overrides):
    return client.post(sign_url(campaign), form_data(**overrides))


def test_full_flow_with_moderation(client, staff_client, staff_user):
    campaign = make_campaign(requires_moderation=True, notify_emails=staff_address())
    statement_url = campaign.statement.get_absolute_url()

    response = submit(client, campaign)
    assert response.status_code == 302
    assert response["Location"].endswith("/sign/thanks/")
    signatory = Signatory.objects.get()
    assert signatory.status == Signatory.Status.SUBMITTED
    assert "Centro de Trabajadores Unidos" not in client.get(statement_url).content.decode()

    (confirmation,) = mail.outbox
    assert confirmation.to == ["rosa@ctu.example.org"]
    confirm_path = link_in(confirmation, "confirm")

    # Opening the link (as a mail scanner would) changes nothing.
    page = client.get(confirm_path)
    assert page.status_code == 200 and b"Confirm your signature" in page.content
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.SUBMITTED

    client.post(confirm_path)
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.CONFIRMED
    staff_notice = mail.outbox[-1]
    assert staff_notice.to == ["desk@example.org"]
    assert "Centro de Trabajadores Unidos" in staff_notice.subject
    assert "Centro de Trabajadores Unidos" not in client.get(statement_url).content.decode()

    services.approve_signatories(signatories=Signatory.objects.all())
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.APPROVED
    assert signatory.organization.name == "Centro de Trabajadores Unidos"
    assert mail.outbox[-1].to == ["rosa@ctu.example.org"]
    assert "You are listed" in mail.outbox[-1].subject
    assert "Centro de Trabajadores Unidos" in client.get(statement_url).content.decode()


def test_without_moderation_confirmation_lists_at_once(client):
    campaign = make_campaign(requires_moderation=False)
    submit(client, campaign)
    client.post(link_in(mail.outbox[0], "confirm"))
    assert Signatory.objects.get().status == Signatory.Status.APPROVED
    html = client.get(campaign.statement.get_absolute_url()).content.decode()
    assert "Centro de Trabajadores Unidos" in html


def test_opt_in_counts_only_after_confirmation(client):
    campaign = make_campaign(requires_moderation=False)
    submit(client, campaign, opt_in="on")
    signatory = Signatory.objects.get()
    assert signatory.opt_in and not signatory.wants_news
    client.post(link_in(mail.outbox[0], "confirm"))
    signatory.refresh_from_db()
    assert signatory.wants_news


def test_confirmation_link_expires(client, time_machine):
    campaign = make_campaign()
    submit(client, campaign)
    path = link_in(mail.outbox[0], "confirm")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=4))
    response = client.post(path)
    assert response.status_code == 400
    assert b"This link has expired" in response.content
    assert Signatory.objects.get().status == Signatory.Status.SUBMITTED


def test_a_tampered_link_is_refused(client):
    campaign = make_campaign()
    submit(client, campaign)
    path = link_in(mail.outbox[0], "confirm")
    response = client.post(path[:-5] + "xxxx/")
    assert response.status_code == 400
    assert Signatory.objects.get().status == Signatory.Status.SUBMITTED


def test_resend_sends_a_new_link_and_never_reveals_who_signed(client):
    campaign = make_campaign()
    submit(client, campaign)
    mail.outbox.clear()
    resend = reverse("coalitions:resend", kwargs={"slug": campaign.statement.slug})

    signed = client.post(resend, {"email": "ROSA@ctu.example.org"}, follow=True)
    stranger = client.post(resend, {"email": "nobody@example.org"}, follow=True)

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rosa@ctu.example.org"]
    message = "If that address signed this statement"
    assert message in signed.content.decode() and message in stranger.content.decode()
    assert signed.status_code == stranger.status_code == 200


def test_resend_is_rate_limited(client):
    campaign = make_campaign()
    submit(client, campaign)
    resend = reverse("coalitions:resend", kwargs={"slug": campaign.statement.slug})
    for _ in range(3):
        client.post(resend, {"email": "rosa@ctu.example.org"})
    mail.outbox.clear()
    response = client.post(resend, {"email": "rosa@ctu.example.org"})
    assert response.status_code == 400
    assert b"Too many requests" in response.content
    assert mail.outbox == []


def test_withdraw_removes_the_signatory_everywhere(client):
    campaign = make_campaign(requires_moderation=False)
    submit(client, campaign)
    client.post(link_in(mail.outbox[0], "confirm"))
    listed_mail = mail.outbox[-1]
    signer_page = link_in(listed_mail, "yours")
    statement_url = campaign.statement.get_absolute_url()
    organization = Signatory.objects.get().organization

    assert client.get(signer_page).status_code == 200
    assert Signatory.objects.get().status == Signatory.Status.APPROVED  # GET changes nothing
    client.post(signer_page, {"action": "withdraw"})

    assert Signatory.objects.get().status == Signatory.Status.WITHDRAWN
    assert "Centro de Trabajadores Unidos" not in client.get(statement_url).content.decode()
    org_page = client.get(organization.get_absolute_url()).content.decode()
    assert campaign.statement.title not in org_page
    archive = client.get(f"/statements/?organization={organization.slug}").content.decode()
    assert campaign.statement.title not in archive


def test_rejected_sign_on_is_never_listed(client):
    campaign = make_campaign()
    submit(client, campaign)
    client.post(link_in(mail.outbox[0], "confirm"))
    assert services.reject_signatories(signatories=Signatory.objects.all()) == 1
    services.approve_signatories(signatories=Signatory.objects.all())
    assert Signatory.objects.get().status == Signatory.Status.REJECTED
    html = client.get(campaign.statement.get_absolute_url()).content.decode()
    assert "Centro de Trabajadores Unidos" not in html


def test_second_submission_updates_the_first(client):
    campaign = make_campaign()
    submit(client, campaign)
    submit(
        client,
        campaign,
        organization_name="The  centro de trabajadores unidos",
        email="x@ctu.example.org",
    )
    signatory = Signatory.objects.get()
    assert signatory.email == "x@ctu.example.org"
    assert len(mail.outbox) == 2


def test_submission_for_an_approved_organization_changes_nothing(client):
    campaign = make_campaign()
    existing = add_signatory(campaign.statement, "Centro de Trabajadores Unidos")
    submit(client, campaign, email="intruder@example.org")
    assert Signatory.objects.get() == existing
    existing.refresh_from_db()
    assert existing.email == "" and existing.status == Signatory.Status.APPROVED
    assert "already signed" in mail.outbox[0].body


def test_another_spelling_of_a_signed_organization_adds_no_row(client):
    campaign = make_campaign(requires_moderation=False)
    make_organization(name="National Network for Immigrant and Refugee Rights", acronym="NNIRR")
    services.add_imported_signatories(statement=campaign.statement, names=["NNIRR"])
    submit(
        client,
        campaign,
        organization_name="The National Network for Immigrant and Refugee Rights",
        email="staff@nnirr.example.org",
    )
    (imported,) = Signatory.objects.all()
    assert imported.name == "NNIRR" and imported.email == ""
    assert "already signed" in mail.outbox[0].body


def test_a_known_organization_is_linked_when_it_signs_and_none_is_created_before(client):
    campaign = make_campaign(requires_moderation=False)
    known = make_organization(name="Alianza Americas")
    submit(client, campaign, organization_name="alianza  américas")
    submit(client, campaign, organization_name="Brand New Group", email="new@example.org")
    assert Signatory.objects.get(name="alianza américas").organization == known
    assert not Organization.objects.filter(name="Brand New Group").exists()
    client.post(link_in(mail.outbox[-1], "confirm"))
    assert Signatory.objects.get(name="Brand New Group").organization.name == "Brand New Group"


@pytest.mark.parametrize(
    "fields,reason",
    [
        ({"closes_at": "past"}, "Sign-on closed on"),
        ({"opens_at": "future"}, "Sign-on opens on"),
    ],
)
def test_closed_or_not_yet_open_campaign_stores_nothing(client, fields, reason):
    now = timezone.now()
    values = {}
    if fields.get("closes_at"):
        values = {
            "opens_at": now - datetime.timedelta(days=5),
            "closes_at": now - datetime.timedelta(days=1),
        }
    if fields.get("opens_at"):
        values = {"opens_at": now + datetime.timedelta(days=1)}
    campaign = make_campaign(**values)
    page = client.get(campaign.statement.get_absolute_url()).content.decode()
    assert 'action="/statements/' not in page.split('id="sign"')[-1]
    response = submit(client, campaign)
    assert response.status_code == 409
    assert reason in response.content.decode()
    assert Signatory.objects.count() == 0 and mail.outbox == []


def test_sign_on_to_an_unpublished_statement_is_404(client):
    campaign = make_campaign(statement=make_statement(published=False))
    assert client.get(sign_url(campaign)).status_code == 404
    assert client.post(sign_url(campaign), form_data()).status_code == 404


def test_individuals_sign_only_when_allowed_and_are_listed_only_when_told(client):
    campaign = make_campaign(allow_individuals=True, requires_moderation=False)
    submit(client, campaign, kind="individual", organization_name="", signer_name="Ana Ruiz")
    client.post(link_in(mail.outbox[0], "confirm"))
    signatory = Signatory.objects.get()
    assert signatory.kind == "individual" and signatory.status == "approved"
    assert signatory.organization is None
    assert "Ana Ruiz" not in client.get(campaign.statement.get_absolute_url()).content.decode()
    campaign.list_individuals = True
    campaign.save()
    assert "Ana Ruiz" in client.get(campaign.statement.get_absolute_url()).content.decode()


def test_imported_signatories_come_first_then_new_ones_alphabetically(client):
    campaign = make_campaign(requires_moderation=False)
    for name in ["Zeta Printed", "Alpha Printed"]:
        Signatory.objects.create(
            statement=campaign.statement,
            name=name,
            source="imported",
            position=campaign.statement.signatories.count(),
        )
    for name in ["Migrants United", "Bread for All"]:
        submit(client, campaign, organization_name=name, email=f"{name[:4]}@example.org")
        client.post(link_in(mail.outbox[-1], "confirm"))
    html = client.get(campaign.statement.get_absolute_url()).content.decode()
    order = [
        html.index(n) for n in ["Zeta Printed", "Alpha Printed", "Bread for All", "Migrants United"]
    ]
    assert order == sorted(order)
    assert "<strong>4</strong> organizations have signed" in html


def test_grouping_by_country(client):
    campaign = make_campaign(requires_moderation=False, grouping="country")
    for name, country in [("Org A", "Mexico"), ("Org B", "US")]:
        submit(client, campaign, organization_name=name, country=country, email=f"{name[-1]}@x.org")
        client.post(link_in(mail.outbox[-1], "confirm"))
    assert sorted(Signatory.objects.values_list("country", flat=True)) == ["MX", "US"]
    html = client.get(campaign.statement.get_absolute_url()).content.decode()
    assert "<h3>Mexico</h3>" in html and "<h3>United States of America</h3>" in html
    spanish = client.get(f"/es{campaign.statement.get_absolute_url()}").content.decode()
    assert "<h3>México</h3>" in spanish and "<h3>Estados Unidos</h3>" in spanish


def test_progress_toward_goal(client):
    campaign = make_campaign(goal=10)
    for n in range(3):
        add_signatory(campaign.statement, f"Signer {n}")
    html = client.get(campaign.statement.get_absolute_url()).content.decode()
    assert 'max="10" value="3"' in html and "goal: 10" in html


def test_digest_instead_of_one_mail_each(client):
    campaign = make_campaign(notify="digest", notify_emails=staff_address())
    submit(client, campaign)
    client.post(link_in(mail.outbox[0], "confirm"))
    assert [m.to for m in mail.outbox] == [["rosa@ctu.example.org"]]
    assert services.send_digest(since=timezone.now() - datetime.timedelta(days=1)) == 1
    assert mail.outbox[-1].to == ["desk@example.org"]
    assert "Centro de Trabajadores Unidos" in mail.outbox[-1].body


def test_confirm_link_stops_working_after_erasure(client):
    campaign = make_campaign()
    submit(client, campaign)
    path = link_in(mail.outbox[0], "confirm")
    services.erase_personal_data(signatories=Signatory.objects.all())
    assert client.post(path).status_code == 400


def test_tokens_round_trip():
    signatory = Signatory(pk=7, email="a@b.org")
    assert list(tokens.read_confirm_token(tokens.confirm_token(signatory))) == [7, "a@b.org"]
    with pytest.raises(tokens.InvalidLink):
        tokens.read_withdraw_token(tokens.confirm_token(signatory))
