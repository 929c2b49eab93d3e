"""Gapless numbering: no gap and no duplicate, even when invoices are issued at the same moment."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from fees.models import CreditNote, Invoice, NumberSeries
from fees.services.calls import fee_call_issue
from fees.services.credit_notes import credit_note_issue
from fees.services.invoices import first_year_invoice_issue
from fees.services.numbering import numbers_take
from tests.fees.factories import fee_decision, paying_member

ADMITTED = date(2026, 2, 10)


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and triggers need PostgreSQL (run with DATABASE_URL=postgres://…)")


@pytest.mark.django_db
def test_a_rolled_back_issue_gives_its_number_back() -> None:
    member = paying_member(since=ADMITTED)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        first_year_invoice_issue(member=member, decision=ADMITTED, actor=None, today=ADMITTED)
        raise Abort
    invoice = first_year_invoice_issue(member=member, decision=ADMITTED, actor=None, today=ADMITTED)
    assert invoice is not None and invoice.number == "2026-0001"


@pytest.mark.django_db
def test_series_are_per_year_and_credit_notes_have_their_own() -> None:
    assert list(numbers_take(series="2026", count=3)) == [1, 2, 3]
    assert list(numbers_take(series="2027")) == [1]
    assert list(numbers_take(series="2026")) == [4]
    with pytest.raises(ValueError, match=r"^count: must be at least 1"):
        numbers_take(series="2026", count=0)
    fee_decision(2026)
    paying_member()
    (invoice,) = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    assert invoice.number == "2026-0005"
    note = credit_note_issue(
        invoice=invoice,
        amount=invoice.total,
        reason="Wrong year",
        actor=None,
        today=date(2026, 4, 1),
    )
    assert note.number == "CN-2026-0001"
    assert NumberSeries.objects.get(name="CN-2026").last_value == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_invoices_issued_at_the_same_moment_are_numbered_1_to_8(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    needs_postgresql()
    monkeypatch.setattr("fees.tasks.invoice_deliver.apply_async", lambda *args, **kwargs: None)
    members = [paying_member(name=f"Region {n}", since=ADMITTED) for n in range(8)]
    start = threading.Barrier(len(members))
    errors: list[BaseException] = []

    def issue(member_pk: int) -> None:
        from members.models import Member

        try:
            member = Member.objects.get(pk=member_pk)
            start.wait(timeout=10)
            first_year_invoice_issue(
                member=member, decision=ADMITTED, actor=None, today=ADMITTED, send_email=False
            )
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(member.pk,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, 9))
    assert sorted(Invoice.objects.values_list("number", flat=True)) == [
        f"2026-{n:04d}" for n in range(1, 9)
    ]
    assert NumberSeries.objects.get(name="2026").last_value == 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_to_change_or_delete_an_issued_invoice(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    needs_postgresql()
    monkeypatch.setattr("fees.tasks.invoice_deliver.apply_async", lambda *args, **kwargs: None)
    monkeypatch.setattr("fees.tasks.credit_note_deliver.apply_async", lambda *args, **kwargs: None)
    fee_decision(2026)
    paying_member()
    (invoice,) = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    note = credit_note_issue(
        invoice=invoice, amount=invoice.total, reason="Wrong", actor=None, today=date(2026, 4, 1)
    )

    def raw(sql: str, pk: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])

    for attempt in (
        lambda: Invoice.objects.filter(pk=invoice.pk).update(total=1),
        lambda: raw("DELETE FROM fees_invoice WHERE id = %s", invoice.pk),
        lambda: invoice.lines.update(amount=1),
        lambda: raw("DELETE FROM fees_invoiceline WHERE invoice_id = %s", invoice.pk),
        lambda: CreditNote.objects.filter(pk=note.pk).update(amount=1),
    ):
        with pytest.raises(DatabaseError, match="never"), transaction.atomic():
            attempt()
    # Only the stored PDF may be set after issue.
    assert Invoice.objects.filter(pk=invoice.pk).update(pdf="invoices/2026/x.pdf") == 1
    assert Invoice.objects.get(pk=invoice.pk).total == invoice.total
