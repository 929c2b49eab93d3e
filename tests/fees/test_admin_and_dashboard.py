"""The admin shows fees records without any way to change them; the dashboard's fees panel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from fees.models import Invoice
from fees.services.calls import fee_call_issue
from fees.services.payments import payment_record
from fees.services.suspensions import suspensions_update
from tests.factories import board_member, member_officer, staff_user, with_totp
from tests.fees.factories import fee_decision, paying_member, treasurer_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice() -> Invoice:
    fee_decision(2026)
    paying_member(name="Alba County")
    (issued,) = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    return issued


@pytest.fixture
def superuser_client() -> Client:
    client = Client()
    client.force_login(with_totp(staff_user(is_superuser=True)))
    return client


def test_an_issued_invoice_cannot_be_changed_or_deleted_in_the_admin(
    invoice: Invoice, superuser_client: Client
) -> None:
    change = superuser_client.get(reverse("admin:fees_invoice_change", args=[invoice.pk]))
    assert change.status_code == 200
    content = change.content.decode()
    assert 'name="_save"' not in content and "2026-0001" in content
    assert "Basic fee = 3 250" in content  # the calculation, read-only
    posted = superuser_client.post(
        reverse("admin:fees_invoice_change", args=[invoice.pk]), {"total": "1"}
    )
    assert posted.status_code == 403
    assert (
        superuser_client.get(reverse("admin:fees_invoice_delete", args=[invoice.pk])).status_code
        == 403
    )
    assert superuser_client.get(reverse("admin:fees_invoice_add")).status_code == 403
    listing = superuser_client.get(reverse("admin:fees_invoice_changelist")).content.decode()
    assert "delete_selected" not in listing
    invoice.refresh_from_db()
    assert invoice.total == Decimal("5267")


@pytest.mark.parametrize(
    "model",
    [
        "feedecision",
        "feecall",
        "creditnote",
        "payment",
        "statementimport",
        "exemption",
        "programmeparticipation",
        "ordinaryexpenditure",
    ],
)
def test_every_fees_record_is_read_only_in_the_admin(superuser_client: Client, model: str) -> None:
    assert superuser_client.get(reverse(f"admin:fees_{model}_changelist")).status_code == 200
    assert superuser_client.get(reverse(f"admin:fees_{model}_add")).status_code == 403


def test_the_officer_sees_what_the_region_owes_and_its_suspension(invoice: Invoice) -> None:
    officer = member_officer(member=invoice.member)
    suspensions_update(today=date(2026, 5, 20))
    client = Client()
    client.force_login(officer)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Membership fees" in content and "2026-0001" in content
    assert "Rights suspended" in content
    payment_record(
        invoice_number="2026-0001",
        amount=Decimal("5267"),
        received_on=date(2026, 5, 1),
        reference="",
        actor=None,
        today=date(2026, 5, 21),
    )
    content = client.get(reverse("dashboard")).content.decode()
    assert "Nothing to pay." in content and "Rights suspended" not in content


def test_staff_see_the_overdue_count(invoice: Invoice, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-06-01 09:00 +02:00")
    client = Client()
    client.force_login(with_totp(staff_user()))
    assert (
        "1 invoice unpaid after its due date." in client.get(reverse("dashboard")).content.decode()
    )


def test_the_treasurer_gets_a_link_and_other_board_members_nothing(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-06-01 09:00 +02:00")
    client = Client()
    client.force_login(treasurer_user())
    assert reverse("fees:budget_current") in client.get(reverse("dashboard")).content.decode()
    client.force_login(with_totp(board_member()))
    assert "Membership fees" not in client.get(reverse("dashboard")).content.decode()


def test_the_panel_names_only_the_region_s_invoices_and_counts_what_is_still_owed(
    time_machine,  # type: ignore[no-untyped-def]
) -> None:
    fee_decision(2026)
    names = ("Alba County", "Bihor County", "Cluj County")
    members = [paying_member(name=name) for name in names]
    issued = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    paid_half, unpaid, paid_in_full = (
        next(invoice for invoice in issued if invoice.member == member) for member in members
    )
    half = (paid_half.total / 2).quantize(Decimal("0.01"))
    for invoice, amount in ((paid_half, half), (paid_in_full, paid_in_full.total)):
        payment_record(
            invoice_number=invoice.number,
            amount=amount,
            received_on=date(2026, 3, 10),
            reference="",
            actor=None,
            today=date(2026, 3, 10),
        )
    time_machine.move_to("2026-06-01 09:00 +02:00")
    client = Client()
    client.force_login(member_officer(member=members[0]))
    content = client.get(reverse("dashboard")).content.decode()
    assert f'href="/fees/invoices/{paid_half.number}/"' in content
    assert f"€ {paid_half.total - half:,.2f} due on" in content
    assert unpaid.number not in content and paid_in_full.number not in content
    client.force_login(with_totp(staff_user()))
    content = client.get(reverse("dashboard")).content.decode()
    assert "2 invoices unpaid after their due date." in content
