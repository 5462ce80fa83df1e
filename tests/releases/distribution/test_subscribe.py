"""The journalist's side: get our releases (double opt-in), choose, unsubscribe in one click."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from releases.distribution.models import Journalist, Suppression
from tests import factories
from tests.coalitions.factories_signon import started
from tests.releases.distribution.helpers import make_journalist

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("press:subscribe")


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.SITE_URL = "http://testserver"
    settings.PRESS_POSTAL_ADDRESS = "1 Main St, Chicago, IL 60601"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Mail is enqueued once the request's transaction commits (run here at once)."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def form(**overrides):
    data = {
        "email": "Ana@Tribune.example.org",
        "name": "Ana Pérez",
        "outlet": "The Tribune",
        "languages": ["en"],
        "homepage": "",
        "started": started(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def link_in(message, name):
    (path,) = re.findall(rf"http://testserver(/(?:es/)?press/{name}/[^/\s]+/)", message.body)
    return path


def subscribe(client, on_commit, **overrides):
    return on_commit(lambda: client.post(SUBSCRIBE, form(**overrides)))


def confirmed(client, on_commit, **overrides):
    subscribe(client, on_commit, **overrides)
    confirm = link_in(mail.outbox[-1], "subscribe/confirm")
    on_commit(lambda: client.post(confirm))
    return Journalist.objects.get()


def test_every_page_links_to_get_our_releases(client):
    statement = factories.make_statement()
    for url in ("/", "/statements/", statement.get_absolute_url(), "/es/"):
        assert f'href="{"/es" if url == "/es/" else ""}/press/subscribe/"' in client.get(url).text


def test_the_page_is_cached_and_its_form_still_works_for_each_reader(settings, on_commit):
    settings.SUBSCRIBE_MIN_SECONDS = 0
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one, two = first.get(SUBSCRIBE), second.get(SUBSCRIBE)

    assert two["X-Page-Cache"] == "hit"

    def hidden(response, name):
        return re.search(rf'name="{name}" value="([^"]+)"', response.text)[1]

    assert hidden(one, "started") != hidden(two, "started")
    assert hidden(one, "csrfmiddlewaretoken") != hidden(two, "csrfmiddlewaretoken")
    data = form(
        started=hidden(two, "started"), csrfmiddlewaretoken=hidden(two, "csrfmiddlewaretoken")
    )
    response = on_commit(lambda: second.post(SUBSCRIBE, data))
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_subscribing_stores_nothing_until_the_address_is_confirmed(client, on_commit):
    tag = Tag.objects.create(name="Asylum", slug="asylum")
    factories.make_statement(tags=[tag])

    response = subscribe(client, on_commit, topics=[tag.pk])

    assert response.status_code == 302 and response["Location"].endswith("/check-email/")
    assert Journalist.objects.count() == 0
    (message,) = mail.outbox
    assert message.to == ["ana@tribune.example.org"]
    assert "Confirm your subscription" in message.subject
    confirm = link_in(message, "subscribe/confirm")

    page = client.get(confirm)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200 and "Confirm" in page.text
    assert Journalist.objects.count() == 0

    on_commit(lambda: client.post(confirm))

    journalist = Journalist.objects.get()
    assert journalist.email == "ana@tribune.example.org" and journalist.is_subscriber
    assert journalist.consent_source == Journalist.Consent.WEBSITE
    assert journalist.name == "Ana Pérez" and journalist.outlet == "The Tribune"
    assert list(journalist.topics.all()) == [tag]
    assert (journalist.language, journalist.language_only) == ("en", True)
    welcome = mail.outbox[-1]
    assert welcome.subject.startswith("Welcome")
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/press/unsubscribe/" in welcome.extra_headers["List-Unsubscribe"]
    assert "Unsubscribe: http://testserver/press/unsubscribe/" in welcome.body
    assert "1 Main St, Chicago, IL 60601" in welcome.body

    on_commit(lambda: client.post(confirm))  # again: nothing new
    assert len(mail.outbox) == 2 and Journalist.objects.count() == 1


def test_a_confirmation_link_expires_after_three_days(client, on_commit, time_machine):
    subscribe(client, on_commit)
    confirm = link_in(mail.outbox[-1], "subscribe/confirm")

    time_machine.move_to(timezone.now() + datetime.timedelta(days=3, minutes=1))
    response = client.post(confirm)

    assert response.status_code == 400 and "expired" in response.text
    assert Journalist.objects.count() == 0


def test_spam_is_turned_away_with_a_reason_and_no_mail(client, on_commit, settings):
    for overrides, reason in [
        ({"homepage": "http://spam.example"}, "looks automated"),
        ({"started": started(seconds_ago=0)}, "quicker than a person"),
        ({"started": "forged"}, "out of date"),
        ({"email": "not an address"}, "valid email"),
        ({"languages": None}, "at least one language"),
    ]:
        response = subscribe(client, on_commit, **overrides)
        assert response.status_code == 400 and reason in response.text, reason
    assert mail.outbox == []


def test_requests_for_one_address_are_limited_per_hour(client, on_commit, settings):
    settings.SUBSCRIBE_RATE_PER_EMAIL = 2
    for _ in range(2):
        assert subscribe(client, on_commit).status_code == 302

    response = subscribe(client, on_commit)

    assert response.status_code == 400 and "Too many requests" in response.text
    assert len(mail.outbox) == 2


def test_a_spanish_reader_subscribes_in_spanish(client, on_commit):
    on_commit(lambda: client.post("/es" + SUBSCRIBE, form(languages=["en", "es"])))

    (message,) = mail.outbox
    assert message.subject.startswith("Confirme su suscripción")
    assert "/es/press/subscribe/confirm/" in message.body
    on_commit(lambda: client.post(link_in(message, "subscribe/confirm")))
    journalist = Journalist.objects.get()
    assert (journalist.language, journalist.language_only) == ("es", False)
    assert mail.outbox[-1].subject.startswith("Bienvenido")


def test_only_topics_of_public_statements_are_offered(client):
    public = Tag.objects.create(name="Asylum", slug="asylum")
    secret = Tag.objects.create(name="Embargoed topic", slug="embargoed-topic")
    factories.make_statement(tags=[public])
    factories.make_statement(tags=[secret], published=False)

    page = client.get(SUBSCRIBE).text

    assert "Asylum" in page and "Embargoed topic" not in page


def test_a_subscriber_changes_languages_and_topics_from_the_link_in_every_mail(client, on_commit):
    tag = Tag.objects.create(name="Asylum", slug="asylum")
    factories.make_statement(tags=[tag])
    journalist = confirmed(client, on_commit)
    manage = link_in(mail.outbox[-1], "subscription")

    response = client.post(manage, {"languages": ["es"], "topics": [tag.pk]})

    assert response.status_code == 200 and "Saved" in response.text
    journalist.refresh_from_db()
    assert (journalist.language, journalist.language_only) == ("es", True)
    assert list(journalist.topics.all()) == [tag]
    assert "no-store" in response["Cache-Control"]


def test_one_click_unsubscribe_needs_no_login_or_csrf_and_is_idempotent(client, on_commit):
    journalist = confirmed(client, on_commit)
    url = journalist and mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://testserver")
    mail_program = Client(enforce_csrf_checks=True)  # no cookie, no token

    assert client.get(path).status_code == 200  # opening the link changes nothing
    assert not Suppression.objects.holds(journalist.email)

    for _ in range(2):
        response = mail_program.post(
            path,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200 and "You are unsubscribed" in response.text
    (entry,) = Suppression.objects.all()
    assert (entry.email, entry.reason) == (journalist.email, Suppression.Reason.UNSUBSCRIBED)
    journalist.refresh_from_db()
    assert journalist.subscription == Journalist.Subscription.ENDED


def test_a_list_member_added_by_staff_unsubscribes_too():
    journalist = make_journalist(email="staff-added@example.org")
    from releases.distribution.tokens import subscription_token

    response = Client(enforce_csrf_checks=True).post(
        reverse("press:unsubscribe", kwargs={"token": subscription_token(journalist)})
    )

    assert response.status_code == 200
    assert Suppression.objects.holds("staff-added@example.org")


def test_an_altered_link_does_nothing(client):
    journalist = make_journalist()
    from releases.distribution.tokens import subscription_token

    token = subscription_token(journalist)
    for broken in (token[:-2] + "xx", "nonsense"):
        response = client.post(reverse("press:unsubscribe", kwargs={"token": broken}))
        assert response.status_code == 400
    assert Suppression.objects.count() == 0


def test_subscribing_again_after_unsubscribing_works_once_confirmed(client, on_commit):
    Suppression.objects.suppress("ana@tribune.example.org", Suppression.Reason.UNSUBSCRIBED)

    journalist = confirmed(client, on_commit)

    assert journalist.is_subscriber
    assert not Suppression.objects.holds(journalist.email)


def test_an_address_that_bounced_or_complained_gets_no_confirmation(client, on_commit):
    Suppression.objects.suppress("ana@tribune.example.org", Suppression.Reason.COMPLAINED)

    response = subscribe(client, on_commit)

    assert response.status_code == 302  # the same page: nobody learns what we hold
    assert mail.outbox == []
