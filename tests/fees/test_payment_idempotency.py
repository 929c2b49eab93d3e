"""Recording a payment twice (a double click, a retry, the browser re-sending the form) has the
effect of once: the form carries a key made when the page was shown."""

from __future__ import annotations

import threading
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from aer_portal.errors import DomainError
from fees.models import Invoice, Payment
from fees.services.calls import fee_call_issue
from fees.services.payments import payment_record
from tests.factories import staff_user, with_totp
from tests.fees.factories import fee_decision, paying_member

TODAY = date(2026, 4, 3)


def _invoice() -> Invoice:
    fee_decision(2026)
    paying_member(name="Region A")
    (invoice,) = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    return invoice


def _record(key: uuid.UUID | None, amount: str = "100.00") -> Payment:
    return payment_record(
        invoice_number="2026-0001",
        amount=Decimal(amount),
        received_on=date(2026, 4, 2),
        reference="AER 2026-0001",
        actor=None,
        today=TODAY,
        request_key=key,
    )


@pytest.mark.django_db
def test_eight_identical_posts_of_the_payment_form_record_one_payment(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-04-03 10:00 +02:00")
    _invoice()
    client = Client()
    client.force_login(with_totp(staff_user()))
    form = client.get(reverse("fees:payments")).context["form"]
    key = str(form.initial["request_key"])
    assert f'value="{key}"' in client.get(reverse("fees:payments")).content.decode() or key
    data = {
        "invoice": "2026-0001",
        "amount": "5267.00",
        "received_on": "2026-04-02",
        "reference": "transfer",
        "request_key": key,
    }
    for _ in range(8):
        response = client.post(reverse("fees:payments"), data, follow=True)
        assert "Payment of € 5267.00 recorded for invoice 2026-0001" in response.content.decode()
    assert Payment.objects.count() == 1
    # The same payment typed in a second tab is refused, saying when it was recorded.
    fresh = client.get(reverse("fees:payments")).context["form"].initial["request_key"]
    assert str(fresh) != key
    response = client.post(reverse("fees:payments"), {**data, "request_key": str(fresh)})
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["reference"][0]
        .startswith(
            "This payment (€ 5267.00 received on 2 April 2026) was already recorded for "
            "invoice 2026-0001 on 3 April 2026, 10:00 by"
        )
    )
    assert Payment.objects.count() == 1
    # A second, equal transfer is recorded under its own bank reference.
    client.post(
        reverse("fees:payments"), {**data, "request_key": str(fresh), "reference": "second"}
    )
    assert Payment.objects.count() == 2


@pytest.mark.django_db
def test_a_form_without_its_key_is_refused_and_saves_nothing() -> None:
    _invoice()
    client = Client()
    client.force_login(with_totp(staff_user()))
    response = client.post(
        reverse("fees:payments"),
        {"invoice": "2026-0001", "amount": "10", "received_on": "2026-04-02"},
    )
    assert response.status_code == 200
    assert "The form is out of date: reload the page and try again." in response.content.decode()
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_the_same_key_returns_the_first_payment() -> None:
    _invoice()
    key = uuid.uuid4()
    first = _record(key)
    assert _record(key).pk == first.pk
    with pytest.raises(DomainError, match=r"^This payment .* was already recorded"):
        _record(uuid.uuid4())  # another tab, same payment
    assert _record(uuid.uuid4(), amount="200.00").pk != first.pk
    assert Payment.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_tabs_sending_the_same_payment_at_once_record_one(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")
    monkeypatch.setattr("fees.tasks.invoice_deliver.delay", lambda *args, **kwargs: None)
    _invoice()
    start = threading.Barrier(8)
    refused: list[str] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            start.wait(timeout=10)
            _record(uuid.uuid4())
        except DomainError as error:
            refused.append(error.field or "")
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert refused == ["reference"] * 7
    assert Payment.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "day", "words"),
    [
        (
            "1234567890123.00",
            date(2026, 4, 2),
            "The amount 1234567890123.00 is more than any payment",
        ),
        ("10", date(1900, 1, 1), "The day received, 1 January 1900, is more than five years ago"),
        ("10", date(2999, 12, 31), "The day received, 31 December 2999, is in the future"),
    ],
)
def test_absurd_manual_payments_are_refused(amount: str, day: date, words: str) -> None:
    _invoice()
    with pytest.raises(DomainError, match=words):
        payment_record(
            invoice_number="2026-0001",
            amount=Decimal(amount),
            received_on=day,
            reference="",
            actor=None,
            today=TODAY,
        )
    assert not Payment.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_requests_with_one_key_record_one_payment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")
    monkeypatch.setattr("fees.tasks.invoice_deliver.delay", lambda *args, **kwargs: None)
    _invoice()
    key = uuid.uuid4()
    start = threading.Barrier(8)
    errors: list[BaseException] = []
    recorded: list[int] = []

    def post() -> None:
        try:
            start.wait(timeout=10)
            recorded.append(_record(key).pk)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(recorded) == 8 and len(set(recorded)) == 1
    assert Payment.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_posts_of_the_form_record_one_payment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")
    monkeypatch.setattr("fees.tasks.invoice_deliver.delay", lambda *args, **kwargs: None)
    _invoice()
    user = with_totp(staff_user())
    data = {
        "invoice": "2026-0001",
        "amount": "5267.00",
        "received_on": "2026-04-02",
        "reference": "double click",
        "request_key": str(uuid.uuid4()),
    }
    start = threading.Barrier(8)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            client = Client()
            client.force_login(user)
            start.wait(timeout=10)
            statuses.append(client.post(reverse("fees:payments"), data).status_code)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert statuses == [302] * 8
    assert Payment.objects.count() == 1
