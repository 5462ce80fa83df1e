"""Sign-on emails go through the task queue: the request enqueues, a worker sends.

The suite runs tasks at once (the immediate backend); the tests here that need the
database queue switch TASKS to it and run its worker, `manage.py db_worker --batch`,
in-process: it runs every task that is due, then returns.
"""

import datetime
import logging
import re
import signal
import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coalitions import services, tasks
from coalitions.models import Signatory
from tests.advocacy.test_settings import production_env, run
from tests.coalitions.factories_signon import form_data, make_campaign, staff_address

# The emails are enqueued only once the request's transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    """The database queue, as in production."""
    settings.SITE_URL = "http://testserver"
    settings.TASKS = DATABASE_QUEUE
    return DBTaskResult.objects


def run_worker():
    """Run the database worker until no task is due, as `db_worker --batch` does."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in signals}
    try:
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0
        )
    finally:
        # The worker installs its own handlers for a graceful stop; give pytest its own back.
        for number, handler in handlers.items():
            signal.signal(number, handler)


def sign(client, campaign, prefix=""):
    url = prefix + reverse("coalitions:sign", kwargs={"slug": campaign.statement.slug})
    return client.post(url, form_data())


def test_a_sign_on_only_enqueues_and_the_worker_sends_one_email(client, queue):
    campaign = make_campaign()

    response = sign(client, campaign)

    assert response.status_code == 302
    assert mail.outbox == []
    (queued,) = queue.all()
    assert queued.status == "READY"
    assert queued.task_path == "coalitions.tasks.send_signer_email"
    signatory = Signatory.objects.get()
    assert queued.args_kwargs == {
        "args": ["confirm", signatory.pk],
        "kwargs": {"to": "rosa@ctu.example.org"},
    }

    run_worker()

    (confirmation,) = mail.outbox
    assert confirmation.to == ["rosa@ctu.example.org"]
    assert confirmation.subject == "Confirm your signature: Protect asylum seekers"
    confirm_path = re.search(r"http://testserver(/sign/confirm/\S+/)", confirmation.body)[1]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL" and queued.return_value == "sent"

    # The link the worker wrote works, and running the worker again sends nothing more.
    client.post(confirm_path)
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.CONFIRMED
    mail.outbox.clear()
    queue.all().delete()  # confirming enqueued a staff notice; not the point here
    run_worker()
    assert mail.outbox == []


def test_two_people_of_one_organization_signing_before_the_worker_runs_each_get_their_own_email(
    client, queue
):
    campaign = make_campaign()
    url = reverse("coalitions:sign", kwargs={"slug": campaign.statement.slug})
    client.post(url, form_data())
    client.post(url, form_data(signer_name="Ana Ruiz", email="ana@ctu.example.org"))
    signatory = Signatory.objects.get()  # the second took the organization's row over
    assert signatory.email == "ana@ctu.example.org"

    run_worker()

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["ana@ctu.example.org", "rosa@ctu.example.org"]
    paths = {
        address: re.search(r"http://testserver(/sign/confirm/\S+/)", message.body)[1]
        for address, message in by_address.items()
    }
    # Rosa's link was replaced by Ana's: it says so and confirms nothing.
    replaced = client.post(paths["rosa@ctu.example.org"])
    assert replaced.status_code == 400
    assert "replaced by a newer link" in replaced.text
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.SUBMITTED
    client.post(paths["ana@ctu.example.org"])
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.CONFIRMED


def test_the_worker_writes_in_the_language_the_signer_signed_in(client, queue):
    campaign = make_campaign()
    sign(client, campaign, prefix="/es")
    assert mail.outbox == []

    run_worker()  # the worker's own language is English

    (confirmation,) = mail.outbox
    assert confirmation.subject == "Confirme su firma: Protect asylum seekers"
    assert "Gracias por firmar" in confirmation.body
    assert "http://testserver/es/sign/confirm/" in confirmation.body


def test_a_signer_erased_before_the_worker_runs_gets_no_email(client, queue):
    campaign = make_campaign()
    sign(client, campaign)
    services.erase_personal_data(signatories=Signatory.objects.all())

    run_worker()

    assert mail.outbox == []
    (done,) = queue.all()
    assert done.status == "SUCCESSFUL"
    assert done.return_value == "skipped: signatory gone or erased"


def test_a_signer_deleted_before_the_worker_runs_gets_no_email(client, queue):
    campaign = make_campaign()
    sign(client, campaign)
    Signatory.objects.all().delete()

    run_worker()

    assert mail.outbox == [] and queue.get().status == "SUCCESSFUL"


def test_staff_notice_lists_the_sign_on_and_skips_it_once_erased(client, queue):
    campaign = make_campaign(requires_moderation=True, notify_emails=staff_address())
    sign(client, campaign)
    signatory = Signatory.objects.get()
    services.confirm_signature(signatory=signatory)
    staff_task = queue.get(task_path="coalitions.tasks.send_staff_email")
    assert staff_task.args_kwargs["args"] == ["staff_new_signon", campaign.pk, [signatory.pk]]

    run_worker()

    assert [m.to for m in mail.outbox] == [["rosa@ctu.example.org"], ["desk@example.org"]]
    assert "Centro de Trabajadores Unidos" in mail.outbox[1].body
    assert "rosa@ctu.example.org" in mail.outbox[1].body

    # A second notice, enqueued for a signer erased meanwhile, is not sent.
    mail.outbox.clear()
    tasks.send_staff_email.enqueue("staff_new_signon", campaign.pk, [signatory.pk])
    services.erase_personal_data(signatories=Signatory.objects.all())
    run_worker()
    assert mail.outbox == []


def mail_server_down():
    """SMTP to a loopback port nothing listens on: every connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = {"host": "127.0.0.1", "port": port, "timeout": 5}
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }


def test_a_failed_send_is_recorded_and_tried_again_later(client, queue, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    settings.MAILERS = mail_server_down()
    sign(client, make_campaign())

    run_worker()  # the mail server is down

    failed = queue.get(status="FAILED")
    assert failed.exception_class_path == "builtins.ConnectionRefusedError"
    assert "ConnectionRefusedError" in failed.traceback
    retry = queue.get(status="READY")
    assert retry.run_after == timezone.now() + tasks.RETRY_DELAYS[0]
    assert retry.args_kwargs["kwargs"] == {"to": "rosa@ctu.example.org", "attempt": 2}
    assert mail.outbox == []

    # Back up: nothing is due before the retry time, then the retry delivers it.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    run_worker()
    assert mail.outbox == []
    time_machine.shift(tasks.RETRY_DELAYS[0])
    run_worker()
    assert [m.to for m in mail.outbox] == [["rosa@ctu.example.org"]]
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"


def test_staff_see_a_failed_send_and_its_error_in_the_admin(staff_client, queue, settings):
    settings.MAILERS = mail_server_down()
    sign(staff_client, make_campaign())
    run_worker()
    failed = queue.get(status="FAILED")

    listing = staff_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    page = staff_client.get(f"/admin/django_tasks_database/dbtaskresult/{failed.pk}/change/")

    assert "send_signer_email" in listing.text
    assert page.status_code == 200 and "ConnectionRefusedError" in page.text


def test_the_retries_stop_after_the_last_delay(queue, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    settings.MAILERS = mail_server_down()
    campaign = make_campaign(notify_emails=staff_address())
    signatory = Signatory.objects.create(
        statement=campaign.statement, name="Queue Org", status="confirmed", email="q@example.org"
    )
    tasks.send_staff_email.enqueue("staff_new_signon", campaign.pk, [signatory.pk])

    for delay in [*tasks.RETRY_DELAYS, datetime.timedelta(days=1)]:
        run_worker()
        time_machine.shift(delay)
    run_worker()

    attempts = len(tasks.RETRY_DELAYS) + 1
    assert queue.filter(status="FAILED").count() == attempts
    assert not queue.exclude(status="FAILED").exists()


def test_with_the_immediate_backend_a_mail_server_down_is_logged_not_shown(
    client, settings, caplog
):
    settings.MAILERS = mail_server_down()
    with caplog.at_level(logging.ERROR, logger="django.tasks"):
        response = sign(client, make_campaign())

    assert response.status_code == 302 and response["Location"].endswith("/sign/thanks/")
    assert Signatory.objects.get().status == Signatory.Status.SUBMITTED
    assert any("send_signer_email" in r.getMessage() for r in caplog.records)
    assert mail.outbox == [] and not DBTaskResult.objects.exists()


# Which queue each environment uses (settings loaded in a fresh process, as on start-up).


def backend_of(settings_module, **env):
    result = run("print(settings.TASKS['default']['BACKEND'])", settings=settings_module, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_queues_tasks_in_the_database_unless_told_otherwise():
    assert backend_of("advocacy.settings.prod", **production_env()) == (
        "django_tasks_db.DatabaseBackend"
    )
    assert backend_of("advocacy.settings.prod", **production_env(TASKS_BACKEND="immediate")) == (
        "django.tasks.backends.immediate.ImmediateBackend"
    )


def test_development_runs_tasks_at_once_and_the_benchmark_queues_them():
    assert backend_of("advocacy.settings.dev") == "django.tasks.backends.immediate.ImmediateBackend"
    assert backend_of("advocacy.settings.bench", TASKS_BACKEND="immediate") == (
        "django_tasks_db.DatabaseBackend"
    )


def test_an_unknown_tasks_backend_is_refused_by_name():
    result = run(
        "print('started')",
        settings="advocacy.settings.prod",
        **production_env(TASKS_BACKEND="celery"),
    )
    assert result.returncode != 0
    assert "TASKS_BACKEND must be database or immediate, not 'celery'" in result.stderr


def test_with_the_database_queue_a_sign_on_and_its_email_are_saved_together_or_not_at_all(
    queue,
):
    campaign = make_campaign()
    data = {**form_data(), "kind": Signatory.Kind.ORGANIZATION, "consent_to_list": True}

    class Interrupted(Exception):
        pass

    with pytest.raises(Interrupted), transaction.atomic():
        services.submit_signature(campaign=campaign, data=data)
        # Queued with the sign-on, in its transaction, not after it...
        assert queue.filter(task_path="coalitions.tasks.send_signer_email").count() == 1
        raise Interrupted  # ...so when it does not commit, neither does the email.

    assert Signatory.objects.count() == 0
    assert queue.count() == 0

    services.submit_signature(campaign=campaign, data=data)

    assert Signatory.objects.count() == 1
    assert queue.filter(status="READY").count() == 1
