"""Payments recorded by staff, credit notes, and the suspension of rights for unpaid fees."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aer_portal.errors import DomainError
from fees.models import CreditNote, Invoice, Payment
from fees.selectors.balances import (
    InvoiceStatus,
    invoice_status,
    overdue_invoice_count,
    with_balances,
)
from fees.services.calls import fee_call_issue
from fees.services.credit_notes import credit_note_issue
from fees.services.payments import payment_record
from fees.services.suspensions import suspensions_update
from fees.tasks import suspensions_update_task
from members.models import Suspension
from members.selectors.memberships import member_is_suspended, suspended_member_ids
from tests.fees.factories import fee_decision, paying_member

pytestmark = pytest.mark.django_db

CALL_DAY = date(2026, 3, 2)
DUE = date(2026, 5, 2)


@pytest.fixture
def invoice() -> Invoice:
    fee_decision(2026)
    paying_member(name="Dâmbovița County")
    (issued,) = fee_call_issue(year=2026, actor=None, today=CALL_DAY).invoices
    return issued


def _status(invoice: Invoice, today: date) -> InvoiceStatus:
    return invoice_status(with_balances(Invoice.objects.filter(pk=invoice.pk)).get(), today=today)


def test_a_payment_in_full_marks_the_invoice_paid(invoice: Invoice) -> None:
    assert _status(invoice, DUE) is InvoiceStatus.OPEN
    payment = payment_record(
        invoice_number=" 2026-0001 ",
        amount=Decimal("5267.00"),
        received_on=date(2026, 4, 2),
        reference="AER 2026-0001",
        actor=None,
        today=date(2026, 4, 3),
    )
    assert payment.source == Payment.Source.MANUAL
    assert _status(invoice, date(2026, 6, 1)) is InvoiceStatus.PAID


def test_partial_and_overpayments(invoice: Invoice) -> None:
    kwargs = {"invoice_number": "2026-0001", "reference": "", "actor": None, "today": DUE}
    payment_record(amount=Decimal("5000"), received_on=date(2026, 4, 2), **kwargs)
    assert _status(invoice, DUE) is InvoiceStatus.OPEN
    assert _status(invoice, date(2026, 5, 3)) is InvoiceStatus.OVERDUE
    payment_record(amount=Decimal("300"), received_on=date(2026, 4, 3), **kwargs)
    assert _status(invoice, DUE) is InvoiceStatus.OVERPAID


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"amount": Decimal("-100")}, "amount", "A payment is an amount greater than zero"),
        ({"amount": Decimal("0")}, "amount", "A payment is an amount greater than zero"),
        ({"amount": None}, "amount", "A payment is an amount greater than zero"),
        ({"amount": Decimal("1.005")}, "amount", "An amount has at most two decimals"),
        (
            {"invoice_number": "2026-9999"},
            "invoice",
            "There is no invoice numbered “2026-9999”",
        ),
        (
            {"received_on": date(2026, 4, 10)},
            "received_on",
            "The day received, 10 April 2026, is in the future",
        ),
    ],
)
def test_bad_payments_name_the_field_and_save_nothing(
    invoice: Invoice, kwargs: dict[str, object], field: str, words: str
) -> None:
    values: dict[str, object] = {
        "invoice_number": "2026-0001",
        "amount": Decimal("100"),
        "received_on": date(2026, 4, 2),
        "reference": "",
        "actor": None,
        "today": date(2026, 4, 3),
        **kwargs,
    }
    with pytest.raises(DomainError) as raised:
        payment_record(**values)  # type: ignore[arg-type]
    assert raised.value.field == field
    assert raised.value.message.startswith(words)
    assert not Payment.objects.exists()


def test_rights_are_suspended_from_the_day_after_the_due_date_until_paid(invoice: Invoice) -> None:
    member_id = invoice.member_id
    assert suspensions_update(today=DUE).opened == 0  # the due date itself is in time
    changes = suspensions_update(today=date(2026, 5, 20))
    assert changes.opened == 1
    suspension = Suspension.objects.get()
    assert suspension.starts_on == date(2026, 5, 3)
    assert suspension.source == "invoice 2026-0001"
    assert suspension.ends_on is None
    assert member_is_suspended(member_id=member_id, on=date(2026, 5, 3))
    assert not member_is_suspended(member_id=member_id, on=DUE)
    assert suspended_member_ids(on=date(2026, 5, 20)) == {member_id}
    assert suspensions_update(today=date(2026, 5, 21)).opened == 0  # idempotent

    # A partial payment keeps the suspension; paying the rest lifts it on that day.
    payment_record(
        invoice_number="2026-0001",
        amount=Decimal("2000"),
        received_on=date(2026, 6, 1),
        reference="",
        actor=None,
        today=date(2026, 6, 1),
    )
    assert Suspension.objects.get().ends_on is None
    payment_record(
        invoice_number="2026-0001",
        amount=Decimal("3267"),
        received_on=date(2026, 6, 10),
        reference="",
        actor=None,
        today=date(2026, 6, 12),
    )
    suspension.refresh_from_db()
    assert suspension.ends_on == date(2026, 6, 10)
    assert member_is_suspended(member_id=member_id, on=date(2026, 6, 9))
    assert not member_is_suspended(member_id=member_id, on=date(2026, 6, 10))
    assert suspensions_update(today=date(2026, 7, 1)) == suspensions_update(today=date(2026, 7, 2))
    assert Suspension.objects.count() == 1


def test_a_payment_received_in_time_but_recorded_late_leaves_no_suspended_day(
    invoice: Invoice,
) -> None:
    suspensions_update(today=date(2026, 5, 10))
    payment_record(
        invoice_number="2026-0001",
        amount=Decimal("5267"),
        received_on=date(2026, 4, 30),
        reference="",
        actor=None,
        today=date(2026, 5, 11),
    )
    suspension = Suspension.objects.get()
    assert suspension.ends_on == suspension.starts_on == date(2026, 5, 3)
    assert not member_is_suspended(member_id=invoice.member_id, on=date(2026, 5, 3))


def test_the_daily_task_suspends_and_lifts(invoice: Invoice, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-05-04 00:15 +02:00")
    assert suspensions_update_task() == {"opened": 1, "lifted": 0}
    Payment.objects.create(
        invoice=invoice, amount=invoice.total, received_on=date(2026, 5, 4), source="manual"
    )
    time_machine.move_to("2026-05-05 00:15 +02:00")
    assert suspensions_update_task() == {"opened": 0, "lifted": 1}
    assert Suspension.objects.get().ends_on == date(2026, 5, 4)


def test_a_credit_note_corrects_the_invoice_and_lifts_a_suspension(invoice: Invoice) -> None:
    suspensions_update(today=date(2026, 5, 10))
    note = credit_note_issue(
        invoice=invoice,
        amount=Decimal("5267"),
        reason="The region left AER on 31 December 2025.",
        actor=None,
        today=date(2026, 5, 12),
    )
    assert note.number == "CN-2026-0001" and note.invoice == invoice
    assert _status(invoice, date(2026, 6, 1)) is InvoiceStatus.CREDITED
    assert Suspension.objects.get().ends_on == date(2026, 5, 12)
    invoice.refresh_from_db()
    assert invoice.total == Decimal("5267")  # the invoice itself never changes


@pytest.mark.parametrize(
    ("amount", "reason", "field", "words"),
    [
        (Decimal("-1"), "Wrong", "amount", "A credit note credits an amount greater"),
        (None, "Wrong", "amount", "A credit note credits an amount greater"),
        (Decimal("0.001"), "Wrong", "amount", "An amount has at most two decimals"),
        (Decimal("5268"), "Wrong", "amount", "At most € 5 267 of invoice 2026-0001"),
        (Decimal("10"), "  ", "reason", "Say why the invoice is corrected"),
    ],
)
def test_bad_credit_notes_are_refused(
    invoice: Invoice, amount: Decimal | None, reason: str, field: str, words: str
) -> None:
    with pytest.raises(DomainError) as raised:
        credit_note_issue(invoice=invoice, amount=amount, reason=reason, actor=None, today=DUE)
    assert raised.value.field == field and raised.value.message.startswith(words)
    assert not CreditNote.objects.exists()


def test_credit_notes_never_credit_more_than_the_invoice(invoice: Invoice) -> None:
    credit_note_issue(invoice=invoice, amount=Decimal("5000"), reason="a", actor=None, today=DUE)
    with pytest.raises(DomainError, match="At most € 267 of"):
        credit_note_issue(invoice=invoice, amount=Decimal("268"), reason="b", actor=None, today=DUE)


def _invoice_page(invoice: Invoice) -> str:
    from django.test import Client

    from tests.factories import staff_user, with_totp

    client = Client()
    client.force_login(with_totp(staff_user()))
    content = client.get(f"/fees/invoices/{invoice.number}/").content.decode()
    return " ".join(content.split())


def test_a_late_payment_shows_the_suspension_as_history(invoice: Invoice, time_machine) -> None:  # type: ignore[no-untyped-def]
    suspensions_update(today=date(2026, 5, 20))
    payment_record(
        invoice_number="2026-0001",
        amount=Decimal("5267"),
        received_on=date(2026, 6, 10),
        reference="",
        actor=None,
        today=date(2026, 6, 12),
    )
    time_machine.move_to("2026-06-12 10:00 +02:00")
    page = _invoice_page(invoice)
    assert "Rights were suspended from 3 May 2026 to 10 June 2026" in page
    assert "until it is paid in full" not in page and "Rights suspended" not in page


def test_a_paid_invoice_never_shows_a_running_suspension(invoice: Invoice, time_machine) -> None:  # type: ignore[no-untyped-def]
    # The payment is dated after today (a value date): the invoice owes nothing, so the page
    # says "Paid" and shows the suspension as history, not "suspended … until it is paid".
    suspensions_update(today=date(2026, 5, 20))
    Payment.objects.create(
        invoice=invoice,
        amount=Decimal("5267"),
        received_on=date(2026, 6, 15),
        source=Payment.Source.MANUAL,
    )
    Suspension.objects.update(ends_on=date(2026, 6, 15))
    time_machine.move_to("2026-06-12 10:00 +02:00")
    page = _invoice_page(invoice)
    assert "Paid" in page
    assert "until it is paid in full" not in page
    assert "Rights were suspended from 3 May 2026 to 15 June 2026" in page


def test_an_unpaid_invoice_shows_the_running_suspension(invoice: Invoice, time_machine) -> None:  # type: ignore[no-untyped-def]
    suspensions_update(today=date(2026, 5, 20))
    time_machine.move_to("2026-05-21 10:00 +02:00")
    page = _invoice_page(invoice)
    assert "suspended since 3 May 2026" in page and "until it is paid in full" in page
    assert "Rights were suspended" not in page


def _settled(invoice: Invoice) -> bool:
    invoice.refresh_from_db(fields=["settled"])
    return invoice.settled


def test_the_settled_mark_follows_payments_and_credit_notes(invoice: Invoice) -> None:
    kwargs = {"invoice_number": "2026-0001", "reference": "", "actor": None, "today": DUE}
    after_due = date(2026, 5, 3)
    assert not _settled(invoice) and overdue_invoice_count(today=after_due) == 1
    payment_record(amount=Decimal("5000"), received_on=date(2026, 4, 2), **kwargs)
    assert not _settled(invoice) and overdue_invoice_count(today=after_due) == 1
    credit_note_issue(
        invoice=invoice, amount=Decimal("267"), reason="Rounding", actor=None, today=DUE
    )
    assert _settled(invoice) and overdue_invoice_count(today=after_due) == 0


def test_the_overdue_count_is_exact_for_an_invoice_never_marked(invoice: Invoice) -> None:
    # A payment written around the services (a fixture, an import): the mark stays unset
    # and the count still reads the balance.
    Payment.objects.create(
        invoice=invoice,
        amount=Decimal("5267"),
        received_on=date(2026, 4, 2),
        source=Payment.Source.MANUAL,
    )
    assert not _settled(invoice)
    assert overdue_invoice_count(today=date(2026, 5, 3)) == 0
