"""The fees demo data: this year's call issued, paid but for one overdue member, the officer's
region with an open invoice; a second run creates nothing."""

from __future__ import annotations

import io
import logging
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from fees import demo
from fees.models import Invoice, OrdinaryExpenditure
from fees.selectors.balances import InvoiceStatus, invoice_rows
from fees.selectors.invoices import region_invoices
from governance.models import ApplicationOnlineVote
from members.models import MembershipApplication, PortalAccess, Suspension, User
from members.selectors.memberships import suspended_member_ids
from tests.fees.factories import paying_member

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_seed_demo_issues_the_call_and_shows_every_state(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-23 09:00 +01:00")
    call_command("seed_demo", stdout=io.StringIO())
    today = timezone.localdate()
    annual = Invoice.objects.filter(year=2026, kind=Invoice.Kind.ANNUAL)
    assert annual.count() >= 30
    assert annual.first().issued_on == demo.call_day(today) == date(2026, 7, 26)
    (suspension,) = Suspension.objects.all()
    assert suspension.member.name == demo.OVERDUE_REGION
    assert suspended_member_ids(on=today) == {suspension.member_id}
    officer = User.objects.get(email="officer@demo.aer.eu")
    rows = invoice_rows(region_invoices(user=officer, is_staff=False), today=today)
    assert {row.status for row in rows} == {InvoiceStatus.PAID, InvoiceStatus.OPEN}
    assert PortalAccess.objects.get(user=officer).member.name == demo.OFFICER_REGION
    assert OrdinaryExpenditure.objects.get(year=2026).amount > 0
    applications = {a.name: a for a in MembershipApplication.objects.all()}
    assert applications["Istria County"].status == MembershipApplication.Status.SUBMITTED
    on_vote = applications["Harghita County"]
    assert on_vote.status == MembershipApplication.Status.ON_AGENDA
    assert ApplicationOnlineVote.objects.get(application=on_vote).is_open

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "0 new records" in out.getvalue()


def test_members_without_billing_contact_or_statistics_are_skipped_and_named(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ready = paying_member(name="Ready Region")
    paying_member(name="No Billing Region", billing=False)
    paying_member(name="No Statistics Region", statistics_year=None)
    with caplog.at_level(logging.WARNING, logger="fees.demo"):
        created = demo.seed(today=date(2026, 11, 23))
    assert created >= 3  # decision, invoice, expenditure
    assert list(Invoice.objects.values_list("member", flat=True)) == [ready.pk]
    message = next(r.getMessage() for r in caplog.records if "skipped" in r.getMessage())
    assert "2 members skipped" in message
    assert "No Billing Region" in message and "No Statistics Region" in message
    assert demo.seed(today=date(2026, 11, 23)) == 0


def test_early_in_the_year_nobody_is_overdue_yet(caplog: pytest.LogCaptureFixture) -> None:
    for name in ("A", "B", "C"):
        paying_member(name=f"Region {name}")
    with caplog.at_level(logging.WARNING, logger="fees.demo"):
        demo.seed(today=date(2026, 2, 1))
    assert not Suspension.objects.exists()
    assert any("nobody is overdue" in r.getMessage() for r in caplog.records)
