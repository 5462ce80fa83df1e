"""Previews: staff see a statement that is not public at its address; journalists under
embargo open it through a secret link that expires. Neither is indexed or cached."""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from releases import previews
from releases.models import Statement
from tests.factories import make_organization, make_statement, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def journalist():
    """A reader with no account (`client` is the staff member's own browser)."""
    return Client()


def embargoed(**fields):
    fields.setdefault("title", "Embargoed statement on asylum")
    return make_statement(publish_at=timezone.now() + datetime.timedelta(days=2), **fields)


def share_url(statement):
    return reverse("admin:releases_statement_share", args=[statement.pk])


def make_link(client, statement, days=3):
    response = client.post(share_url(statement), {"days": days, "_make": "1"})
    assert response.status_code == 200
    match = re.search(
        r'id="share-link" class="vTextField" value="([^"]+)"', response.content.decode()
    )
    assert match, "no link on the page"
    return match.group(1).removeprefix("http://testserver")


def assert_never_kept(response):
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


# Staff preview at the public address


@pytest.mark.parametrize("suffix", ["/", ".txt", ".pdf"])
@pytest.mark.parametrize("state", ["draft", "embargoed"])
def test_staff_preview_is_neither_indexed_nor_cached(staff_client, state, suffix):
    statement = make_statement(published=False) if state == "draft" else embargoed()
    url = statement.get_absolute_url().removesuffix("/") + suffix
    response = staff_client.get(url)
    assert response.status_code == 200
    assert_never_kept(response)
    if suffix == "/":
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_a_public_statement_is_indexed_and_cacheable(staff_client, journalist):
    statement = make_statement()
    for response in (
        staff_client.get(statement.get_absolute_url()),
        journalist.get(statement.get_absolute_url()),
    ):
        assert "X-Robots-Tag" not in response
        assert "no-store" not in response.get("Cache-Control", "")


# The admin page that makes links


def test_the_statement_admin_page_offers_a_share_link(staff_client):
    statement = embargoed()
    page = staff_client.get(
        reverse("admin:releases_statement_change", args=[statement.pk])
    ).content.decode()
    assert f'href="{share_url(statement)}"' in page and "Share preview link" in page

    form = staff_client.get(share_url(statement))
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="days"' in html and 'id="share-link"' not in html  # GET only shows the form
    assert not LogEntry.objects.exists()


def test_a_public_statement_has_no_share_link_to_make(staff_client):
    statement = make_statement()
    page = staff_client.get(
        reverse("admin:releases_statement_change", args=[statement.pk])
    ).content.decode()
    assert "Share preview link" not in page
    response = staff_client.post(share_url(statement), {"days": 3})
    assert "This statement is public" in response.content.decode()
    assert 'id="share-link"' not in response.content.decode()


def test_making_a_link_is_recorded_in_the_history(staff_client, staff_user):
    statement = embargoed()
    make_link(staff_client, statement, days=7)
    entry = LogEntry.objects.get()
    assert entry.user == staff_user and entry.object_id == str(statement.pk)
    assert "preview link" in entry.get_change_message()


def test_a_link_lasts_only_a_choice_of_days(staff_client):
    statement = embargoed()
    response = staff_client.post(share_url(statement), {"days": 30, "_make": "1"})
    html = response.content.decode()
    assert 'id="share-link"' not in html and "Select a valid choice" in html


def test_only_staff_who_may_change_the_statement_make_or_withdraw_links(client):
    statement = embargoed()
    viewer = make_user(superuser=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_statement"))
    other = make_user(superuser=False)
    other.user_permissions.add(Permission.objects.get(codename="view_organization"))

    for user in (other, viewer):
        client.force_login(user)
        assert client.get(share_url(statement)).status_code == 403
        assert client.post(share_url(statement), {"days": 1, "_make": "1"}).status_code == 403
        assert client.post(share_url(statement), {"_withdraw": "1"}).status_code == 403
    assert not LogEntry.objects.exists()

    client.logout()
    response = client.post(share_url(statement), {"days": 1})
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_editor_shares_drafts_but_not_an_embargoed_statement(client, journalist):
    from django.contrib.auth.models import Group

    editor = make_user(superuser=False)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    statement = embargoed()
    key = Statement.objects.get(pk=statement.pk).preview_key

    page = client.get(reverse("admin:releases_statement_change", args=[statement.pk]))
    assert page.status_code == 200 and "Share preview link" not in page.text
    assert client.get(share_url(statement)).status_code == 403
    assert client.post(share_url(statement), {"days": 7, "_make": "1"}).status_code == 403
    assert client.post(share_url(statement), {"_withdraw": "1"}).status_code == 403
    assert Statement.objects.get(pk=statement.pk).preview_key == key

    draft = make_statement(published=False, title="Draft statement")
    assert (
        "Share preview link"
        in client.get(reverse("admin:releases_statement_change", args=[draft.pk])).text
    )
    assert "Draft statement" in journalist.get(make_link(client, draft)).text


# What the journalist sees


def test_the_link_opens_the_statement_as_it_will_appear(staff_client, journalist):
    issuer = make_organization(name="Alianza Americas")
    statement = embargoed(issuers=[issuer], body="The Secretary's decision *harms* families.")
    link = make_link(staff_client, statement)

    response = journalist.get(link)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Embargoed statement on asylum" in html and "<em>harms</em>" in html
    assert "Alianza Americas" in html
    assert "Embargoed until" in html and "not for publication before then" in html
    assert "works until" in html
    assert reverse("admin:index") not in html and "Edit in the admin" not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<meta name="referrer" content="no-referrer">' in html
    assert_never_kept(response)
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_page_cache_never_keeps_a_preview(staff_client, journalist):
    link = make_link(staff_client, embargoed())
    journalist.get(link)
    second = journalist.get(link)
    assert second.status_code == 200 and "X-Page-Cache" not in second


def test_a_draft_can_be_shared_too(staff_client, journalist):
    statement = make_statement(published=False, title="Draft statement")
    html = journalist.get(make_link(staff_client, statement)).content.decode()
    assert "Draft statement" in html
    assert "the release time is not set yet" in html


def test_the_link_opens_in_spanish_too(staff_client, journalist):
    link = make_link(staff_client, embargoed())
    response = journalist.get(f"/es{link}")
    html = response.content.decode()
    assert response.status_code == 200 and "Embargoed statement on asylum" in html
    assert "Bajo embargo hasta el" in html and "es solo para usted y funciona hasta" in html
    tampered = journalist.get(f"/es{link[:-3]}x/")
    assert "Este enlace de vista previa no es válido" in tampered.content.decode()


def test_once_published_the_link_leads_to_the_public_page(staff_client, journalist, time_machine):
    statement = embargoed()
    link = make_link(staff_client, statement)
    time_machine.move_to(statement.publish_at + datetime.timedelta(minutes=1))
    response = journalist.get(link)
    assert response.status_code == 302
    assert response["Location"] == statement.get_absolute_url()
    assert journalist.get(response["Location"]).status_code == 200


# Links that open nothing


def assert_problem(response, status, words):
    assert response.status_code == status
    html = response.content.decode()
    assert words in html
    assert "Embargoed statement on asylum" not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert_never_kept(response)


@pytest.mark.parametrize("days", [1, 3, 7])
def test_a_link_expires_after_its_days(staff_client, journalist, time_machine, days):
    statement = embargoed()
    statement.publish_at = timezone.now() + datetime.timedelta(days=30)
    statement.save()
    link = make_link(staff_client, statement, days=days)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=days, minutes=-1))
    assert journalist.get(link).status_code == 200
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=2))
    assert_problem(journalist.get(link), 410, "This preview link has expired")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: "x" + token,  # the data
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_link_is_not_valid(staff_client, journalist, tamper):
    link = make_link(staff_client, embargoed())
    token = link.removeprefix("/preview/").removesuffix("/")
    assert_problem(
        journalist.get(f"/preview/{tamper(token)}/"), 404, "This preview link is not valid"
    )


def test_a_forged_link_for_another_statement_is_not_valid(staff_client, journalist):
    statement, other = embargoed(), embargoed(title="Another embargoed statement")
    make_link(staff_client, other)
    other.refresh_from_db()
    from django.core import signing

    forged = signing.TimestampSigner(salt="another-salt").sign_object(
        {"s": other.pk, "k": "0" * 20, "e": 2**40}
    )
    response = journalist.get(f"/preview/{forged}/")
    assert response.status_code == 404
    assert "Another embargoed statement" not in response.content.decode()
    assert statement.pk  # the statement of a valid link is untouched


def test_withdrawing_the_links_closes_every_one_made_before(staff_client, journalist):
    statement = embargoed()
    first, second = make_link(staff_client, statement), make_link(staff_client, statement, days=1)
    response = staff_client.post(share_url(statement), {"_withdraw": "1"})
    assert response.status_code == 302
    for link in (first, second):
        assert_problem(journalist.get(link), 410, "This preview link has been withdrawn")
    fresh = make_link(staff_client, statement)
    assert journalist.get(fresh).status_code == 200
    assert "Withdrew every preview link." in [
        e.get_change_message() for e in LogEntry.objects.all()
    ]


def test_unpublishing_withdraws_the_links(staff_client, journalist):
    statement = embargoed()
    link = make_link(staff_client, statement)
    statement.unpublish()
    assert_problem(journalist.get(link), 410, "This preview link has been withdrawn")


def test_a_link_of_a_deleted_statement_is_not_valid(staff_client, journalist):
    statement = embargoed()
    link = make_link(staff_client, statement)
    statement.delete()
    assert_problem(journalist.get(link), 404, "This preview link is not valid")


def test_a_token_is_signed_for_its_statement_only():
    statement = embargoed()
    token, expires = previews.make_token(statement, days=1)
    found, until = previews.read_token(token)
    assert found.pk == statement.pk and until == expires.replace(microsecond=0)
    with pytest.raises(ValueError):
        previews.make_token(statement, days=2)
