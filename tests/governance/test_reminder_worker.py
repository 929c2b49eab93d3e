"""A real Celery worker, fed through Redis, sends a governance reminder end to end (CI)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from celery.result import allow_join_result
from django.db import connection
from django.utils import timezone

from aer_portal.rules.dates import add_months
from aer_portal.rules.membership import MemberCategory, observer_status_last_day
from governance.models import ReminderSent
from tests.aer_portal.test_celery import REDIS_URL, worker  # noqa: F401 — the fixture
from tests.celery_client import sending_app
from tests.factories import MembershipFactory


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_scans_and_sends_an_observer_reminder(worker: None) -> None:  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database only on PostgreSQL (CI)")
    today = timezone.localdate()
    decision = today
    while not (
        add_months(observer_status_last_day(decision), -2)
        <= today
        <= observer_status_last_day(decision)
    ):
        decision -= timedelta(days=7)
    membership = MembershipFactory(category=MemberCategory.OBSERVER, board_decision=decision)
    client = sending_app(REDIS_URL)
    result = client.send_task("governance.reminders.scan", ignore_result=False)
    with allow_join_result():  # this process is no worker, whatever an eager task left behind
        assert result.get(timeout=90)["sent"] >= 1
    key = f"membership:{membership.pk}:observer_end"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if ReminderSent.objects.filter(deadline_key=key).exists():
            break
        time.sleep(0.5)
    sent = ReminderSent.objects.get(deadline_key=key)
    assert sent.kind == "governance.observer.year_ending"
    assert membership.member.name in sent.subject
