"""Fee reminders go through the shared reminder machinery: before the due date, after it,
and a weekly list to the secretariat; each is sent once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from fees.reminders import invoice_reminders, overdue_notice_reached
from fees.services.calls import fee_call_issue
from fees.services.payments import payment_record
from governance.reminders import reminder_sources
from governance.services.reminders import reminder_send, reminders_due
from tests.fees.factories import billing_contact, fee_decision, paying_member

pytestmark = pytest.mark.django_db

DUE = date(2026, 5, 2)  # a call sent on 2 March 2026


@pytest.fixture
def invoice():  # type: ignore[no-untyped-def]
    fee_decision(2026)
    member = paying_member(name="Vrancea County")
    billing_contact(member, email="finance@vrancea.example.org", languages="fr")
    (issued,) = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    return issued


def _kinds(today: date) -> list[tuple[str, str]]:
    return sorted((r.kind, r.deadline_key) for r in invoice_reminders(today))


def test_the_fees_source_is_registered() -> None:
    assert "fees.invoices" in reminder_sources()


def test_the_billing_contacts_are_reminded_from_14_days_before_the_due_date(invoice) -> None:  # type: ignore[no-untyped-def]
    assert _kinds(date(2026, 4, 17)) == []
    due_soon = list(invoice_reminders(date(2026, 4, 18)))
    assert {r.kind for r in due_soon} == {"fees.invoice.due_soon"}
    assert len(due_soon) == 2  # two billing contacts
    assert {r.language for r in due_soon} == {"en", "fr"}
    english = next(r for r in due_soon if r.language == "en")
    assert reminder_send(reminder=english) is True
    assert mail.outbox[0].subject == "AER invoice 2026-0001 is due on 2 May 2026"
    assert "€ 5 267 of € 5 267 remains to be paid" in mail.outbox[0].body
    assert len(reminders_due(today=DUE)) == 1  # the French contact's; the ledger holds the other


def test_overdue_notices_follow_the_settings_and_only_the_latest_is_offered(invoice) -> None:  # type: ignore[no-untyped-def]
    assert overdue_notice_reached(due=DUE, today=DUE) == 0
    assert _kinds(date(2026, 5, 3))[0] == ("fees.invoice.overdue", "invoice:2026-0001:overdue:1")
    assert _kinds(date(2026, 6, 1))[0] == ("fees.invoice.overdue", "invoice:2026-0001:overdue:2")
    assert {key for _kind, key in _kinds(date(2026, 7, 15))} == {"invoice:2026-0001:overdue:3"}
    reminder = next(iter(invoice_reminders(date(2026, 5, 3))))
    reminder_send(reminder=reminder)
    assert "was due on 2 May 2026" in mail.outbox[0].body
    assert "Procedures art. 3.5" in mail.outbox[0].body


def test_a_paid_invoice_is_never_reminded(invoice) -> None:  # type: ignore[no-untyped-def]
    payment_record(
        invoice_number=invoice.number,
        amount=Decimal("5267"),
        received_on=date(2026, 4, 1),
        reference="",
        actor=None,
        today=date(2026, 4, 1),
    )
    assert _kinds(date(2026, 4, 20)) == [] and _kinds(date(2026, 6, 1)) == []


def test_the_secretariat_gets_the_overdue_list_on_mondays_once_a_week(invoice, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECRETARIAT_EMAIL = "secretariat@aer.example.org"
    monday, tuesday = date(2026, 5, 4), date(2026, 5, 5)
    weekly = [r for r in invoice_reminders(monday) if r.kind == "fees.overdue.weekly"]
    assert [r for r in invoice_reminders(tuesday) if r.kind == "fees.overdue.weekly"] == []
    (reminder,) = weekly
    assert reminder.recipient == "secretariat@aer.example.org"
    assert reminder.deadline_key == "overdue-list:2026-W19"
    assert reminder_send(reminder=reminder) is True
    assert reminder_send(reminder=reminder) is False
    (message,) = mail.outbox
    assert message.subject == "Overdue AER invoices this week: 1"
    assert "2026-0001 Vrancea County: € 5 267 due on 2 May 2026" in message.body


def test_no_list_when_nothing_is_overdue() -> None:
    assert list(invoice_reminders(date(2026, 5, 4))) == []
