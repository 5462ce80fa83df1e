"""The staff roles: the groups the migrations make, the commands, and the sign-on moderator.

What editors and publishers may do with statements is in tests/releases/test_roles.py.
"""

import csv
import io
import types

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from django.urls import reverse
from taggit.models import Tag

from advocacy.models import Organization, User
from coalitions.models import Signatory
from releases.models import Statement
from tests import factories
from tests.coalitions.factories_signon import make_campaign

pytestmark = pytest.mark.django_db

SIGNATORIES = reverse("admin:coalitions_signatory_changelist")


def crud(*models):
    return {
        f"{action}_{model}" for model in models for action in ("add", "change", "delete", "view")
    }


EDITOR = crud(
    "statement",
    "statementissuer",
    "mediacontact",
    "attachment",
    "importnote",
    "oldaddress",
    "tag",
    "organization",
    "person",
    "phone",
    "coalition",
    "membership",
    "campaign",
    "question",
)
PUBLISHER = (
    EDITOR
    | {"publish_statement", "send_release", "view_send", "view_statementreads"}
    | crud("journalist", "medialist", "suppression")
)
MODERATOR = {"view_signatory", "moderate_signatory", "export_signatory"}


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def member_of(group_name, **fields):
    user = factories.make_user(superuser=False, **fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def login(client, group_name):
    client.force_login(member_of(group_name))
    return client


def queued(statement, name, **fields):
    return Signatory.objects.create(
        statement=statement,
        name=name,
        email=f"{name.split()[0].lower()}@example.org",
        source=Signatory.Source.FORM,
        **{"status": Signatory.Status.CONFIRMED, **fields},
    )


def act(client, action, signatories):
    return client.post(
        SIGNATORIES,
        {"action": action, ACTION_CHECKBOX_NAME: [s.pk for s in signatories], "index": 0},
    )


# The groups


def test_migrate_makes_the_four_groups_with_exactly_their_permissions():
    assert codenames("Editor") == EDITOR
    assert codenames("Publisher") == PUBLISHER
    assert codenames("Sign-on moderator") == MODERATOR
    assert codenames("Administrator") == set(Permission.objects.values_list("codename", flat=True))
    assert "publish_statement" not in EDITOR and "change_user" not in PUBLISHER


def test_the_migration_alone_creates_the_groups_from_the_historical_models():
    Group.objects.all().delete()
    loader = MigrationLoader(connection)
    (key,) = [k for k in loader.disk_migrations if k[0] == "coalitions" and "staff_roles" in k[1]]
    state = loader.project_state(key, at_end=False)
    operation = loader.disk_migrations[key].operations[0]

    operation.code(state.apps, types.SimpleNamespace(connection=connection))

    assert codenames("Editor") == EDITOR
    assert codenames("Publisher") == PUBLISHER
    assert codenames("Sign-on moderator") == MODERATOR


def test_sync_roles_undoes_changes_made_to_the_groups_and_leaves_other_groups_alone(capsys):
    editor = Group.objects.get(name="Editor")
    editor.permissions.add(Permission.objects.get(codename="publish_statement"))
    Group.objects.get(name="Sign-on moderator").permissions.clear()
    Group.objects.get(name="Publisher").delete()
    own = Group.objects.create(name="Interns")
    own.permissions.add(Permission.objects.get(codename="view_statement"))

    call_command("sync_roles")

    assert codenames("Editor") == EDITOR
    assert codenames("Publisher") == PUBLISHER
    assert codenames("Sign-on moderator") == MODERATOR
    assert codenames("Interns") == {"view_statement"}
    assert "Sign-on moderator: 3 permissions" in capsys.readouterr().out


def test_sync_roles_reports_a_permission_that_does_not_exist(monkeypatch):
    from coalitions import roles

    monkeypatch.setitem(roles.ROLES, "Editor", ["releases.view_statement", "releases.fly"])
    with pytest.raises(CommandError, match="releases.fly"):
        call_command("sync_roles")


# The first administrator


def test_create_admin_makes_a_staff_administrator_who_can_manage_users(client, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "a long and unusual passphrase")
    call_command("create_admin", "ana", "--email", "ana@example.org", "--no-input")

    ana = User.objects.get(username="ana")
    assert ana.is_staff and not ana.is_superuser
    assert ana.check_password("a long and unusual passphrase")
    assert list(ana.groups.values_list("name", flat=True)) == ["Administrator"]
    # The password is right, and an administrator then sets up two-factor login.
    response = client.post(
        reverse("admin:login"), {"username": "ana", "password": "a long and unusual passphrase"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin-two-factor-setup")
    client.force_login(ana)  # as if done (tests/advocacy/test_two_factor_*.py)
    assert client.get(reverse("admin:advocacy_user_changelist")).status_code == 200
    response = client.post(
        reverse("admin:advocacy_user_add"),
        {
            "username": "rosa",
            "password1": "another fine passphrase",
            "password2": "another fine passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(username="rosa").exists()


def test_create_admin_refuses_a_weak_password_and_creates_nobody(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "password")
    with pytest.raises(CommandError, match="too common"):
        call_command("create_admin", "ana", "--no-input")
    assert not User.objects.filter(username="ana").exists()


def test_create_admin_needs_a_password_without_a_prompt(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="ADMIN_PASSWORD"):
        call_command("create_admin", "ana", "--no-input")
    assert not User.objects.filter(username="ana").exists()


def test_create_admin_promotes_an_existing_account_and_keeps_its_password():
    rosa = factories.make_user(username="rosa", staff=False, superuser=False)
    call_command("create_admin", "rosa", "--no-input")
    rosa.refresh_from_db()
    assert rosa.is_staff and rosa.groups.filter(name="Administrator").exists()
    assert rosa.check_password("correct horse battery staple")


def test_create_admin_asks_twice_for_the_password(monkeypatch):
    typed = iter(["first passphrase x", "a different one"] + ["second passphrase x"] * 2)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    stderr = io.StringIO()
    call_command("create_admin", "ana", stderr=stderr)
    assert "The two passwords differ" in stderr.getvalue()
    assert User.objects.get(username="ana").check_password("second passphrase x")


# Demo logins


@override_settings(DEBUG=True)
def test_load_demo_makes_one_login_per_role(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    for username, group in [
        ("demo", "Administrator"),
        ("demo-editor", "Editor"),
        ("demo-publisher", "Publisher"),
        ("demo-moderator", "Sign-on moderator"),
    ]:
        user = User.objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.check_password("demo-pressroom")
        assert f"{username} / demo-pressroom" in out


# Sign-on notices go to those who can act on them


def test_notices_of_new_sign_ons_go_to_moderators_and_administrators():
    moderator = member_of("Sign-on moderator", email="mod@example.org")
    admin = member_of("Administrator", email="admin@example.org")
    member_of("Editor", email="editor@example.org")
    member_of("Publisher", email="publisher@example.org")
    campaign = make_campaign(notify_emails="")
    assert sorted(campaign.staff_recipients()) == sorted([moderator.email, admin.email])


# The sign-on moderator


@pytest.fixture
def moderator(client):
    return login(client, "Sign-on moderator")


def test_moderator_sees_only_signatories_in_the_admin(moderator):
    response = moderator.get(reverse("admin:index"))
    models = [m["object_name"] for app in response.context["app_list"] for m in app["models"]]
    assert models == ["Signatory"]


def test_moderator_approves_rejects_and_erases(moderator):
    statement = make_campaign().statement
    a, b = queued(statement, "Alpha Org"), queued(statement, "Beta Org")
    c = queued(statement, "Gamma Org", status=Signatory.Status.APPROVED, signer_name="Rosa")
    act(moderator, "approve", [a])
    act(moderator, "reject", [b])
    act(moderator, "erase_personal_data", [c])
    statuses = dict(Signatory.objects.values_list("name", "status"))
    assert statuses == {"Alpha Org": "approved", "Beta Org": "rejected", "Gamma Org": "approved"}
    c.refresh_from_db()
    assert c.email == "" and c.signer_name == "" and c.erased_at is not None


def test_moderator_exports_and_prints_the_list(moderator):
    statement = make_campaign().statement
    a = queued(statement, "Alpha Org", status=Signatory.Status.APPROVED)
    response = act(moderator, "export_csv", [a])
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[1][1] == "Alpha Org" and "alpha@example.org" in rows[1]
    assert "Alpha Org" in act(moderator, "printable_list", [a]).text


def test_moderator_sees_a_sign_on_but_cannot_change_or_delete_it(moderator):
    statement = make_campaign().statement
    a = queued(statement, "Alpha Org")
    change = reverse("admin:coalitions_signatory_change", args=[a.pk])
    page = moderator.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.text
    data = {
        "statement": statement.pk,
        "name": "Renamed",
        "status": "approved",
        "kind": "organization",
    }
    assert moderator.post(change, data).status_code == 403
    delete = reverse("admin:coalitions_signatory_delete", args=[a.pk])
    assert moderator.post(delete, {"post": "yes"}).status_code == 403
    assert moderator.post(reverse("admin:coalitions_signatory_add"), data).status_code == 403
    a.refresh_from_db()
    assert (a.name, a.status) == ("Alpha Org", "confirmed")


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:releases_statement_changelist",
        "admin:releases_statement_add",
        "admin:releases_statement_import",
        "admin:taggit_tag_changelist",
        "admin:advocacy_organization_changelist",
        "admin:advocacy_person_changelist",
        "admin:advocacy_user_changelist",
        "admin:auth_group_changelist",
        "admin:coalitions_coalition_changelist",
    ],
)
def test_moderator_is_refused_everything_else(moderator, url_name):
    assert moderator.get(reverse(url_name)).status_code == 403


def test_moderator_cannot_publish_edit_import_or_merge(moderator):
    draft = factories.make_statement(published=False, title="Draft")
    statements = reverse("admin:releases_statement_changelist")
    change = reverse("admin:releases_statement_change", args=[draft.pk])
    for response in [
        moderator.post(statements, {"action": "publish", ACTION_CHECKBOX_NAME: [draft.pk]}),
        moderator.post(change, {"CHANGE_FORM-action": "publish", ACTION_CHECKBOX_NAME: draft.pk}),
        moderator.post(change, {"title": "Changed", "status": "published"}),
        moderator.post(reverse("admin:releases_statement_import"), {"text": "Title\n\nBody"}),
    ]:
        assert response.status_code == 403
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Draft", Statement.Status.DRAFT)

    factories.make_statement(tags=["IOM", "I.O.M."])
    tags = list(Tag.objects.values_list("pk", flat=True))
    merge = moderator.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "merge_tags", ACTION_CHECKBOX_NAME: tags, "merge_into": tags[0]},
    )
    assert merge.status_code == 403
    assert Tag.objects.count() == 2
    organization = factories.make_organization(name="Kept")
    url = reverse("admin:advocacy_organization_change", args=[organization.pk])
    assert moderator.post(url, {"name": "Renamed"}).status_code == 403
    assert Organization.objects.get().name == "Kept"


def test_moderator_does_not_see_drafts_at_their_public_address(moderator):
    draft = factories.make_statement(published=False)
    assert moderator.get(draft.get_absolute_url()).status_code == 404
    published = factories.make_statement()
    assert moderator.get(published.get_absolute_url()).status_code == 200


# Editors and publishers and the sign-ons


@pytest.mark.parametrize("group_name", ["Editor", "Publisher"])
def test_editors_and_publishers_cannot_reach_sign_ons(client, group_name):
    login(client, group_name)
    statement = make_campaign().statement
    a = queued(statement, "Alpha Org")
    assert client.get(SIGNATORIES).status_code == 403
    assert client.get(reverse("admin:coalitions_signatory_change", args=[a.pk])).status_code == 403
    for action in ["approve", "reject", "export_csv", "printable_list", "erase_personal_data"]:
        response = act(client, action, [a])
        assert response.status_code == 403
        assert "alpha@example.org" not in response.text
    a.refresh_from_db()
    assert a.status == Signatory.Status.CONFIRMED and a.email == "alpha@example.org"


@pytest.mark.parametrize("group_name", ["Editor", "Publisher", "Sign-on moderator"])
def test_only_administrators_manage_staff_accounts(client, group_name):
    login(client, group_name)
    intern = factories.make_user(username="intern", superuser=False)
    assert client.get(reverse("admin:advocacy_user_changelist")).status_code == 403
    url = reverse("admin:advocacy_user_change", args=[intern.pk])
    assert client.post(url, {"username": "intern", "is_superuser": "on"}).status_code == 403
    group = Group.objects.get(name="Editor")
    url = reverse("admin:auth_group_change", args=[group.pk])
    assert client.post(url, {"name": "Editor", "permissions": []}).status_code == 403
    intern.refresh_from_db()
    assert not intern.is_superuser
    assert codenames("Editor") == EDITOR


def test_seeing_sign_ons_is_not_enough_to_approve_or_export_them(client):
    reader = factories.make_user(superuser=False)
    reader.user_permissions.add(Permission.objects.get(codename="view_signatory"))
    client.force_login(reader)
    a = queued(make_campaign().statement, "Alpha Org")
    page = client.get(SIGNATORIES)
    assert page.status_code == 200 and "Alpha Org" in page.text
    for action in ["approve", "reject", "erase_personal_data", "export_csv", "printable_list"]:
        response = act(client, action, [a])
        # The list again: no CSV, no printout.
        assert response.status_code == 200 and "cl" in response.context
    a.refresh_from_db()
    assert a.status == Signatory.Status.CONFIRMED and a.email == "alpha@example.org"
