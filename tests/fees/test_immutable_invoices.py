"""Issued invoices cannot be changed or deleted on PostgreSQL, even by SQL that bypasses the
portal (fees migration 0006): only the PDF rendered later may be set."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from fees.services.invoices import first_year_invoice_issue
from tests.fees.factories import paying_member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ADMITTED = date(2026, 2, 10)


def _sql(statement: str, *params: object) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_issued_invoice_refuses_changes_and_deletion_but_takes_its_pdf() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the guard is a PostgreSQL trigger (run with DATABASE_URL=postgres://…)")
    invoice = first_year_invoice_issue(
        member=paying_member(since=ADMITTED), decision=ADMITTED, actor=None, today=ADMITTED
    )
    assert invoice is not None
    with pytest.raises(DatabaseError, match="never changed once issued"):
        _sql("UPDATE fees_invoice SET member_name = 'Someone else' WHERE id = %s", invoice.pk)
    with pytest.raises(DatabaseError, match="never changed once issued"):
        _sql(
            "UPDATE fees_invoiceline SET position = position + 1 WHERE invoice_id = %s", invoice.pk
        )
    with pytest.raises(DatabaseError, match="never deleted once issued"):
        _sql("DELETE FROM fees_invoice WHERE id = %s", invoice.pk)
    _sql("UPDATE fees_invoice SET pdf = 'invoices/x.pdf' WHERE id = %s", invoice.pk)
    invoice.refresh_from_db()
    assert invoice.pdf.name == "invoices/x.pdf"
