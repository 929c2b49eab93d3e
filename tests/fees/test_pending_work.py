"""Work a write schedules is recorded with it and completed later: a broker outage delays it,
a killed worker delays it, nothing loses it (issue 20). The call is confirmed, issued in the
worker with a progress page, and issuing twice issues once (issue 14)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aer_portal.celery import app
from fees.models import FeeCall, Invoice, ProgrammeParticipation
from fees.services.calls import fee_call_issue
from fees.services.invoices import programme_participation_record
from governance.models import PendingTask
from governance.services.pending import pending_work_complete
from tests.factories import staff_user, with_totp
from tests.fees.factories import fee_decision, paying_member

CALL_DAY = date(2026, 3, 2)


@pytest.fixture
def broker_down() -> Iterator[None]:
    """Tasks go to a broker that does not answer (nothing listens on port 1), as in
    production with Redis stopped; restored to in-process tasks afterwards."""
    conf = app.conf
    saved = (conf.task_always_eager, conf.broker_url, app._pool, app.amqp._producer_pool)
    app._pool = app.amqp._producer_pool = None  # none cached with another broker's address
    conf.task_always_eager = False
    conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_url, app._pool, app.amqp._producer_pool = saved


def _later(minutes: int = 1) -> timezone.datetime:
    return timezone.now() + timedelta(minutes=minutes)


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_programme_invoice_is_saved_and_delivered_later(
    broker_down: None,
) -> None:
    fee_decision(2026)
    member = paying_member(name="Västra Götaland Region")
    fee_call_issue(year=2026, actor=None, today=CALL_DAY, deliver=False)
    client = Client()
    client.force_login(with_totp(staff_user()))

    response = client.post(
        reverse("fees:participation_new", args=[2026]),
        {"member": member.pk, "programme": "summer_academy"},
    )

    # Today this answered 500 after saving, and no task was ever queued.
    assert response.status_code == 302
    participation = ProgrammeParticipation.objects.get(member=member)
    invoice = Invoice.objects.get(kind=Invoice.Kind.PROGRAMME)
    assert participation.invoice == invoice and invoice.total == Decimal("5000")
    task = PendingTask.objects.get(task="fees.invoice.deliver")
    assert task.args == [invoice.pk, True] and task.done_at is None
    assert task.enqueued_at is None and "could not queue" in task.error
    assert not invoice.pdf and not mail.outbox

    # The broker is back: the periodic job completes what is pending.
    app.conf.task_always_eager = True
    run = pending_work_complete(now=_later())
    assert run.published == 1
    task.refresh_from_db()
    invoice.refresh_from_db()
    assert task.done_at is not None and task.error == "" and task.result == 1
    assert invoice.pdf and len(mail.outbox) == 1
    # Run again: nothing pending, nothing sent twice.
    assert pending_work_complete(now=_later(60)).published == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_no_pending_work() -> None:
    fee_decision(2026)
    member = paying_member()
    fee_call_issue(year=2026, actor=None, today=CALL_DAY, deliver=False)
    programme_participation_record(
        member=member, year=2026, programme="summer_academy", actor=None, today=CALL_DAY
    )
    with pytest.raises(Exception, match="already recorded"):
        programme_participation_record(
            member=member, year=2026, programme="summer_academy", actor=None, today=CALL_DAY
        )
    assert PendingTask.objects.count() == 1


def _pending(**fields: object) -> PendingTask:
    return PendingTask.objects.create(task="aer_portal.tasks.heartbeat", args=[], **fields)


@pytest.mark.django_db
def test_the_job_restarts_work_of_a_killed_worker_and_leaves_running_work_alone(
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.PENDING_WORK_RESTART_SECONDS = 360
    settings.PENDING_WORK_REQUEUE_SECONDS = 600
    now = timezone.now()
    killed = _pending(enqueued_at=now - timedelta(minutes=8), started_at=now - timedelta(minutes=7))
    running = _pending(
        enqueued_at=now - timedelta(minutes=2), started_at=now - timedelta(minutes=1)
    )
    queued = _pending(enqueued_at=now - timedelta(minutes=3))
    lost = _pending(enqueued_at=now - timedelta(minutes=11))
    done = _pending(enqueued_at=now - timedelta(hours=1), done_at=now - timedelta(hours=1))
    forgotten = _pending(done_at=now - timedelta(days=31))
    failed = _pending(failed_at=now - timedelta(days=60), attempts=8)
    PendingTask.objects.filter(pk__in=[killed.pk, running.pk, queued.pk, lost.pk, done.pk]).update(
        created_at=now - timedelta(hours=1)
    )

    run = pending_work_complete(now=now)

    assert run.published == 2 and run.purged == 1
    assert not PendingTask.objects.filter(pk=forgotten.pk).exists()
    assert PendingTask.objects.filter(pk=failed.pk).exists()  # failures stay visible
    for row, published in [(killed, True), (lost, True), (running, False), (queued, False)]:
        before = row.enqueued_at
        row.refresh_from_db()
        assert (row.enqueued_at != before) is published, row
        assert row.attempts == (1 if published else 0)
    done.refresh_from_db()
    assert done.attempts == 0


@pytest.mark.django_db
def test_work_that_keeps_failing_is_given_up_and_shown_as_failed(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PENDING_WORK_MAX_ATTEMPTS = 3
    row = _pending(attempts=3, enqueued_at=timezone.now() - timedelta(hours=2), error="SMTP 554")
    assert pending_work_complete(now=timezone.now()).given_up == 1
    row.refresh_from_db()
    assert row.state == "failed" and row.error == "SMTP 554"


def test_a_killed_worker_s_tasks_come_back_within_minutes() -> None:
    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    # Redis re-delivers an unacknowledged task after the visibility timeout: minutes, not 3 600 s.
    assert conf.broker_transport_options["visibility_timeout"] <= 600
    from django.conf import settings

    job = settings.PERIODIC_JOBS["pending-work-complete"]
    assert job["task"] == "governance.pending_work.complete"
    assert int(job["minutes"]) <= 2  # type: ignore[call-overload]
    assert settings.CELERY_BEAT_SCHEDULE["pending-work-complete"]["args"] == (
        "pending-work-complete",
    )


# --- The call: confirmed, issued in the worker, once ---------------------------------------


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(with_totp(staff_user()))
    return client


@pytest.mark.django_db
def test_the_call_asks_to_confirm_the_count_the_total_and_the_e_mails(
    staff_client: Client,
    time_machine,  # type: ignore[no-untyped-def]
) -> None:
    time_machine.move_to("2026-03-02 10:00 +01:00")
    fee_decision(2026)
    paying_member(name="Dâmbovița County")
    paying_member(name="Sălaj County", billing=False)
    content = staff_client.get(reverse("fees:call_issue", args=[2026])).content.decode()
    assert "2 invoices will be issued, for a total of € 10,534.00." in content
    assert "e-mailed to the billing contacts of 1 member." in content
    assert "No billing contact, so not e-mailed: Sălaj County" in content
    assert not Invoice.objects.exists() and not PendingTask.objects.exists()


@pytest.mark.django_db
def test_a_confirmation_that_no_longer_matches_issues_nothing(
    staff_client: Client,
    time_machine,  # type: ignore[no-untyped-def]
) -> None:
    time_machine.move_to("2026-03-02 10:00 +01:00")
    fee_decision(2026)
    paying_member()
    response = staff_client.post(
        reverse("fees:call_issue", args=[2026]), {"count": "2", "total": "10534"}, follow=True
    )
    assert "it now issues 1 invoices totalling € 5 267" in response.content.decode()
    assert not PendingTask.objects.exists() and not FeeCall.objects.exists()
    response = staff_client.post(reverse("fees:call_issue", args=[2026]), {"count": "x"})
    assert response.status_code == 302 and not PendingTask.objects.exists()


@pytest.mark.django_db
def test_the_confirmed_call_is_issued_by_the_worker_and_its_progress_shown(
    staff_client: Client,
    time_machine,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    time_machine.move_to("2026-03-02 10:00 +01:00")
    fee_decision(2026)
    paying_member(name="Dâmbovița County")
    paying_member(name="Sălaj County")
    url = reverse("fees:call_issue", args=[2026])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(url, {"count": "2", "total": "10534.00"})
    assert response.url == reverse("fees:call_progress", args=[2026])
    # Nothing is issued in the request: it is recorded for the worker.
    assert not Invoice.objects.exists()
    (issue,) = PendingTask.objects.filter(task="fees.call.issue")
    page = staff_client.get(response.url).content.decode()
    assert "Issuing the invoices…" in page and 'hx-trigger="every 2s"' in page

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()  # the worker: issues, then renders and mails each invoice
    issue.refresh_from_db()
    assert issue.state == "done" and issue.result == 2
    assert Invoice.objects.exclude(pdf="").count() == 2 and len(mail.outbox) == 2

    with django_assert_max_num_queries(12):
        fragment = staff_client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "Done." in fragment and "hx-trigger" not in fragment
    assert 'id="progress-pdfs">2<' in fragment and 'id="progress-emails">2<' in fragment

    # Confirming again (a second tab, a back button): nothing left to invoice.
    again = staff_client.post(url, {"count": "2", "total": "10534.00"}, follow=True)
    assert "has its invoice already" in again.content.decode()
    assert Invoice.objects.count() == 2 and PendingTask.objects.filter(task=issue.task).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_confirmations_issue_the_call_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")
    monkeypatch.setattr("fees.tasks.invoice_deliver.apply_async", lambda *args, **kwargs: None)
    fee_decision(2026)
    for n in range(3):
        paying_member(name=f"Region {n}")
    user = with_totp(staff_user())
    today = timezone.localdate()
    from fees.selectors.calls import fee_call_preview

    preview = fee_call_preview(year=2026, on=today)
    data = {"count": "3", "total": str(preview.total_to_invoice)}
    start = threading.Barrier(8)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            client = Client()
            client.force_login(user)
            start.wait()
            statuses.append(client.post(reverse("fees:call_issue", args=[2026]), data).status_code)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and statuses == [302] * 8
    assert PendingTask.objects.filter(task="fees.call.issue").count() == 1
    issue = PendingTask.objects.get(task="fees.call.issue")
    assert Invoice.objects.count() == 3 and FeeCall.objects.count() == 1, issue.error
    assert PendingTask.objects.filter(task="fees.invoice.deliver").count() == 3
