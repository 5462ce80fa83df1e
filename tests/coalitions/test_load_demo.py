import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from advocacy.models import Organization, User
from releases.models import Statement


@override_settings(DEBUG=True)
def test_load_demo_publishes_the_seeds_and_prints_a_login(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out

    assert Statement.objects.published().count() == 2
    demo = User.objects.get(username="demo")
    assert demo.is_staff and demo.check_password("demo-pressroom")
    assert "demo / demo-pressroom" in out
    assert "http://127.0.0.1:8000/admin/" in out


@override_settings(DEBUG=True)
def test_load_demo_twice_changes_nothing(db, capsys):
    call_command("load_demo")
    counts = (Statement.objects.count(), Organization.objects.count(), User.objects.count())
    demo = User.objects.get(username="demo")
    demo.set_password("changed-by-the-user")
    demo.save()

    call_command("load_demo")

    assert counts == (Statement.objects.count(), Organization.objects.count(), User.objects.count())
    demo.refresh_from_db()
    assert demo.check_password("changed-by-the-user")


def test_load_demo_refuses_without_debug(db):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not User.objects.filter(username="demo").exists()


@override_settings(DEBUG=True)
def test_load_demo_opens_a_statement_for_sign_on(db, client):
    from coalitions.models import Campaign

    call_command("load_demo")
    campaign = Campaign.objects.get()
    assert campaign.is_open and campaign.requires_moderation
    html = client.get(campaign.statement.get_absolute_url()).content.decode()
    assert "Sign on to this statement" in html
    assert "Alianza Americas" in html  # the seven printed signatories stay listed
    assert "<strong>7</strong> organizations have signed" in html


@override_settings(DEBUG=True, TWO_FACTOR_REQUIRED=False)
def test_the_demo_logins_say_two_factor_login_is_off_and_work_without_a_phone(db, client, capsys):
    call_command("load_demo")
    assert "Two-factor login is off for this demo" in capsys.readouterr().out
    response = client.post("/admin/login/", {"username": "demo", "password": "demo-pressroom"})
    assert response["Location"] == "/admin/"


@override_settings(DEBUG=True, TWO_FACTOR_REQUIRED=True)
def test_with_two_factor_required_the_demo_says_so(db, client, capsys):
    call_command("load_demo")
    assert "Two-factor login is required" in capsys.readouterr().out
    response = client.post("/admin/login/", {"username": "demo", "password": "demo-pressroom"})
    assert response["Location"] == "/admin/two-factor/setup/"


def test_the_development_settings_leave_it_off_and_production_turns_it_on():
    from tests.advocacy.test_settings import run

    show = "print(settings.TWO_FACTOR_REQUIRED)"
    assert run(show, settings="advocacy.settings.dev").stdout.strip() == "False"
    prod = run(show, settings="advocacy.settings.prod", SECRET_KEY="x" * 50, DEBUG="0")
    assert prod.stdout.strip() == "True", prod.stderr


@override_settings(DEBUG=True)
def test_load_demo_makes_a_press_list_to_try_sending(db, capsys):
    from releases.distribution.models import MediaList

    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out

    (media_list,) = MediaList.objects.filter(name="Demo reporters")
    assert sorted(j.email for j in media_list.members.all()) == [
        "ana.perez@example.org",
        "ben.lee@example.org",
        "carla.ruiz@example.org",
    ]
    assert "3 demo reporters in “Demo reporters”" in out
