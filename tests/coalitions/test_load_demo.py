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
