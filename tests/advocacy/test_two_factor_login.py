"""Two-factor login: after the password, a code from the authenticator app or a recovery
code; publishers and administrators must, others may; the code step is throttled."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from advocacy.two_factor import pending
from tests import factories
from tests.advocacy.two_factor_helpers import (
    CODE_STEP,
    INDEX,
    SETUP,
    code_of,
    enter_code,
    enter_password,
    logged_in,
    member,
    with_authenticator,
)

pytestmark = pytest.mark.django_db

LIMIT = settings.ADMIN_LOGIN_MAX_FAILURES


@pytest.fixture
def publisher():
    return member("Publisher", username="pat")


def test_the_password_alone_does_not_log_in_who_has_an_authenticator(client, publisher):
    with_authenticator(publisher)
    response = enter_password(client, publisher)
    assert response.status_code == 302 and response["Location"] == CODE_STEP
    assert SESSION_KEY not in client.session
    assert not logged_in(client)
    assert client.get(reverse("admin:releases_statement_changelist")).status_code == 302
    page = client.get(CODE_STEP)
    assert page.status_code == 200 and "pat" in page.text and 'name="code"' in page.text


def test_the_code_of_the_app_logs_in_and_goes_where_the_login_was_asked(client, publisher):
    device, _ = with_authenticator(publisher)
    changelist = reverse("admin:releases_statement_changelist")
    client.post(
        f"{reverse('admin:login')}?next={changelist}",
        {"username": "pat", "password": "correct horse battery staple", "next": changelist},
    )
    response = enter_code(client, code_of(device))
    assert response.status_code == 302 and response["Location"] == changelist
    assert logged_in(client)
    publisher.refresh_from_db()
    assert publisher.last_login is not None


def test_a_wrong_code_is_refused_next_to_the_field(client, publisher):
    device, _ = with_authenticator(publisher)
    enter_password(client, publisher)
    wrong = f"{(int(code_of(device)) + 1) % 10**6:06d}"
    response = enter_code(client, wrong)
    assert response.status_code == 200
    assert "That code is not right" in response.text
    assert not logged_in(client)


def test_a_code_is_accepted_only_once(client, publisher):
    device, _ = with_authenticator(publisher)
    code = code_of(device)
    enter_password(client, publisher)
    assert enter_code(client, code).status_code == 302
    client.logout()
    enter_password(client, publisher)
    assert "That code is not right" in enter_code(client, code).text
    assert not logged_in(client)


def test_a_recovery_code_logs_in_once_and_says_how_many_are_left(client, publisher):
    _, codes = with_authenticator(publisher)
    enter_password(client, publisher)
    response = enter_code(client, codes[3].upper().replace("-", " "))  # as typed
    assert response.status_code == 302 and logged_in(client)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("recovery code" in m and "9 left" in m for m in messages)

    client.logout()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        enter_password(client, publisher)
        assert "That code is not right" in enter_code(client, codes[3]).text
        clock.shift(2)  # django-otp holds the device a second after a wrong code
        assert enter_code(client, codes[4]).status_code == 302


def test_the_code_step_pauses_after_wrong_codes_even_for_the_right_one(client, publisher):
    device, codes = with_authenticator(publisher)
    other = member("Publisher", username="other")
    other_device, _ = with_authenticator(other)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        enter_password(client, publisher)
        for attempt in range(LIMIT):
            response = enter_code(client, "000000" if code_of(device) != "000000" else "111111")
            # django-otp also holds the device a little longer after each wrong code.
            clock.shift(2**attempt + 1)
        assert response.status_code == 429
        response = enter_code(client, code_of(device))
        assert response.status_code == 429
        assert "Too many wrong codes for this account" in response.text
        assert response["Retry-After"] == str(settings.ADMIN_LOGIN_WINDOW_SECONDS)
        assert enter_code(client, codes[0]).status_code == 429
        assert not logged_in(client)

        # Another account is not held back, from the same browser.
        enter_password(client, other)
        assert enter_code(client, code_of(other_device)).status_code == 302
        client.logout()

        clock.shift(settings.ADMIN_LOGIN_WINDOW_SECONDS + 1)
        enter_password(client, publisher)
        assert enter_code(client, code_of(device)).status_code == 302


def test_quick_retries_are_held_by_django_otp_without_counting(client, publisher):
    device, _ = with_authenticator(publisher)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        enter_password(client, publisher)
        enter_code(client, "000000" if code_of(device) != "000000" else "111111")
        response = enter_code(client, code_of(device))  # within the second
        assert "wait a few seconds" in response.text and not logged_in(client)
        clock.shift(2)
        assert enter_code(client, code_of(device)).status_code == 302


def test_the_password_throttle_still_holds(client, publisher):
    with_authenticator(publisher)
    for _ in range(LIMIT):
        assert (
            client.post(
                reverse("admin:login"), {"username": "pat", "password": "wrong password"}
            ).status_code
            == 200
        )
    assert enter_password(client, publisher).status_code == 429


def test_the_code_step_waits_ten_minutes_at_most(client, publisher):
    device, _ = with_authenticator(publisher)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        enter_password(client, publisher)
        clock.shift(pending.PENDING_SECONDS + 1)
        response = enter_code(client, code_of(device))
        assert response.status_code == 302 and response["Location"] == reverse("admin:login")
        assert not logged_in(client)


def test_a_password_changed_meanwhile_ends_the_code_step(client, publisher):
    device, _ = with_authenticator(publisher)
    enter_password(client, publisher)
    publisher.set_password("a brand new passphrase")
    publisher.save()
    assert enter_code(client, code_of(device))["Location"] == reverse("admin:login")
    assert not logged_in(client)


def test_without_a_password_the_code_step_opens_nothing(client, publisher):
    device, _ = with_authenticator(publisher)
    response = enter_code(client, code_of(device))
    assert response.status_code == 302 and response["Location"] == reverse("admin:login")


# Who must


@pytest.mark.parametrize(
    "make", [lambda: member("Publisher"), lambda: member("Administrator"), factories.make_user]
)
def test_publishers_and_administrators_without_one_are_sent_to_set_it_up(client, make):
    user = make()
    response = enter_password(client, user)
    assert response.status_code == 302 and response["Location"] == SETUP
    assert SESSION_KEY not in client.session
    for page in (
        INDEX,
        reverse("admin:releases_statement_changelist"),
        reverse("admin-two-factor"),
    ):
        assert client.get(page).status_code == 302  # nothing else until it is set up
    assert client.get(SETUP).status_code == 200


@pytest.mark.parametrize("group", ["Editor", "Sign-on moderator"])
def test_editors_and_moderators_log_in_with_the_password_alone(client, group):
    user = member(group)
    response = enter_password(client, user)
    assert response.status_code == 302 and response["Location"] == INDEX
    assert logged_in(client)


def test_an_editor_who_set_one_up_uses_it(client):
    editor = member("Editor")
    device, _ = with_authenticator(editor)
    assert enter_password(client, editor)["Location"] == CODE_STEP
    assert enter_code(client, code_of(device)).status_code == 302 and logged_in(client)


@override_settings(TWO_FACTOR_REQUIRED=False)
def test_with_the_requirement_off_a_publisher_may_go_without(client, publisher):
    assert enter_password(client, publisher)["Location"] == INDEX
    assert logged_in(client)


@override_settings(TWO_FACTOR_REQUIRED=False)
def test_with_the_requirement_off_an_authenticator_set_up_is_still_asked_for(client, publisher):
    with_authenticator(publisher)
    assert enter_password(client, publisher)["Location"] == CODE_STEP


# Sessions that did not pass the second factor


def test_a_session_without_the_second_factor_is_logged_out_everywhere(client, publisher):
    """E.g. logged in before the requirement was turned on."""
    draft = factories.make_statement(published=False, title="Draft on detention")
    client.force_login_password_only(publisher)
    assert client.get(INDEX).status_code == 302
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404 and "Draft on detention" not in response.text


def test_an_editor_session_without_a_second_factor_is_fine(client):
    editor = member("Editor")
    client.force_login_password_only(editor)
    assert logged_in(client)


def test_a_verified_session_sees_the_staff_preview(client, publisher):
    draft = factories.make_statement(published=False, title="Draft on detention")
    device, _ = with_authenticator(publisher)
    enter_password(client, publisher)
    enter_code(client, code_of(device))
    assert "Draft on detention" in client.get(draft.get_absolute_url()).text


def test_time_ahead_codes_are_accepted_within_one_step(client, publisher):
    device, _ = with_authenticator(publisher)
    enter_password(client, publisher)
    assert enter_code(client, code_of(device, steps_ahead=1)).status_code == 302
    assert datetime.timedelta(seconds=device.step) > datetime.timedelta(0)
