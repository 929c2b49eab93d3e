"""Discounts approved by the Treasurer (art. 3.4); admissions with their first-year fee
(art. 3.1.1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aer_portal.errors import DomainError
from aer_portal.rules.membership import MemberCategory
from fees.models import CreditNote, Exemption, Invoice
from fees.selectors.calls import fee_call_preview
from fees.selectors.previews import RowStatus
from fees.services.calls import fee_call_issue
from fees.services.exemptions import exemption_approve
from fees.services.invoices import first_year_invoice_issue, member_admission_record
from governance.selectors.roles import office_roles
from members.models import Membership
from tests.factories import MemberFactory, board_member, staff_user
from tests.fees.factories import fee_decision, paying_member, treasurer_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 2, 15)
WHY = "Earthquake of January 2026: the county's budget is frozen by the government."


def test_the_treasurer_is_whoever_holds_the_treasurer_seat_that_day() -> None:
    treasurer = treasurer_user()
    assert office_roles(user=treasurer, on=TODAY).is_treasurer
    assert not office_roles(user=treasurer, on=date(2024, 1, 1)).is_treasurer
    assert not office_roles(user=board_member(), on=TODAY).is_treasurer
    assert not office_roles(user=staff_user(), on=TODAY).is_treasurer


def test_a_discount_approved_before_the_call_is_a_line_of_the_invoice() -> None:
    fee_decision(2026)
    member = paying_member()
    treasurer = treasurer_user()
    exemption = exemption_approve(
        member=member,
        year=2026,
        amount=Decimal("1000"),
        justification=WHY,
        actor=treasurer,
        today=TODAY,
    )
    assert exemption.approver_name == str(treasurer.person) and exemption.credit_note is None
    (invoice,) = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    lines = list(invoice.lines.all())
    assert [(line.kind, line.amount) for line in lines] == [
        ("membership", Decimal("5267")),
        ("discount", Decimal("-1000")),
    ]
    assert lines[1].description() == "Discount approved by the Treasurer on 15 February 2026"
    assert invoice.total == Decimal("4267")


def test_a_full_exemption_leaves_nothing_to_pay() -> None:
    fee_decision(2026)
    member = paying_member()
    exemption_approve(
        member=member,
        year=2026,
        amount=None,
        justification=WHY,
        actor=treasurer_user(),
        today=TODAY,
    )
    (row,) = fee_call_preview(year=2026, on=date(2026, 3, 2), member_ids=[member.pk]).rows
    assert row.status is RowStatus.TO_INVOICE and row.draft.total == 0
    assert "Exemption approved" in row.draft.lines[1].description()


def test_a_discount_approved_after_the_invoice_comes_as_a_credit_note() -> None:
    fee_decision(2026)
    member = paying_member()
    (invoice,) = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    exemption = exemption_approve(
        member=member,
        year=2026,
        amount=Decimal("9000"),  # more than the fee: the whole fee at most
        justification=WHY,
        actor=treasurer_user(),
        today=date(2026, 3, 20),
    )
    assert exemption.credit_note is not None
    assert exemption.credit_note.invoice == invoice
    assert exemption.credit_note.amount == Decimal("5267")
    assert exemption.credit_note.reason.startswith("Discount approved by the Treasurer")


def test_a_second_discount_is_refused_with_the_reason_and_nothing_is_saved() -> None:
    member = paying_member(name="Imereti")
    treasurer = treasurer_user()
    exemption_approve(
        member=member,
        year=2025,
        amount=Decimal("500"),
        justification=WHY,
        actor=treasurer,
        today=TODAY,
    )
    with pytest.raises(DomainError) as raised:
        exemption_approve(
            member=member, year=2026, amount=None, justification=WHY, actor=treasurer, today=TODAY
        )
    assert raised.value.field == "member"
    assert raised.value.message == (
        "Imereti already had a fee discount or exemption (for 2025); a discount is "
        "granted for a non-renewable period, so not again for 2026."
    )
    assert Exemption.objects.count() == 1 and not CreditNote.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"justification": "Hard year."}, "justification", "A discount is only"),
        ({"amount": Decimal("-5")}, "amount", "A discount must be an amount greater"),
        ({"actor": "staff"}, None, "Only the person holding the Treasurer's mandate"),
        ({"actor": "board"}, None, "Only the person holding the Treasurer's mandate"),
    ],
)
def test_refusals_name_the_field(kwargs: dict[str, object], field: str | None, words: str) -> None:
    member = paying_member()
    actors = {"staff": staff_user(), "board": board_member()}
    values: dict[str, object] = {
        "member": member,
        "year": 2026,
        "amount": Decimal("100"),
        "justification": WHY,
        "actor": treasurer_user(),
        "today": TODAY,
        **kwargs,
    }
    if isinstance(values["actor"], str):
        values["actor"] = actors[values["actor"]]  # type: ignore[index]
    with pytest.raises(DomainError) as raised:
        exemption_approve(**values)  # type: ignore[arg-type]
    assert raised.value.field == field
    assert raised.value.message.startswith(words)
    assert not Exemption.objects.exists()


def test_admitting_a_member_invoices_the_remaining_twelfths(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    from django.core import mail

    member = paying_member(
        name="Chernivtsi Oblast",
        native_name="Чернівецька область",
        since=date(2025, 1, 1),
        category=MemberCategory.OBSERVER,
    )
    staff = staff_user()
    with django_capture_on_commit_callbacks(execute=True):
        admission = member_admission_record(
            member=member,
            category=MemberCategory.FULL,
            board_decision=date(2026, 3, 15),
            actor=staff,
            today=date(2026, 3, 20),
        )
    invoice = admission.invoice
    assert invoice is not None and invoice.kind == Invoice.Kind.FIRST_YEAR
    # 5 267 × 9/12 (April–December) = 3 950.25 → 3 950
    assert invoice.total == Decimal("3950")
    assert invoice.calculation_steps()[-1].render().startswith("First-year fee: 9/12 of the annual")
    assert (
        invoice.lines.get().description() == "First-year membership fee 2026 (remaining twelfths)"
    )
    assert invoice.due_on == date(2026, 5, 20)
    assert invoice.issued_by == staff
    assert len(mail.outbox) == 1
    # The call for 2026 does not invoice it again.
    fee_decision(2026)
    (row,) = fee_call_preview(year=2026, on=date(2026, 4, 1)).rows
    assert row.status is RowStatus.INVOICED
    assert fee_call_issue(year=2026, actor=None, today=date(2026, 4, 1)).invoices == []


def test_admission_without_statistics_records_nothing() -> None:
    member = MemberFactory(name="Poltava Oblast")
    with pytest.raises(DomainError) as raised:
        member_admission_record(
            member=member,
            category=MemberCategory.FULL,
            board_decision=date(2026, 3, 15),
            actor=None,
            today=date(2026, 3, 20),
        )
    assert raised.value.field is None  # no input of the admission form is wrong
    assert "No population and GDP recorded" in raised.value.message
    assert not Membership.objects.filter(member=member).exists()
    assert not Invoice.objects.exists()


@pytest.mark.parametrize(
    ("category", "decision", "since", "note"),
    [
        (MemberCategory.OBSERVER, date(2026, 3, 15), None, "pays no membership fee"),
        (MemberCategory.FULL, date(2026, 12, 3), None, "Admitted in December"),
        (MemberCategory.FULL, date(2026, 3, 15), date(2019, 1, 1), "was a paying member before"),
    ],
)
def test_admissions_that_invoice_nothing_say_why(
    category: MemberCategory, decision: date, since: date | None, note: str
) -> None:
    if since is None:
        member = MemberFactory()
        member.statistics.create(year=2025, population=100_000, relative_gdp=Decimal(1))
    else:
        member = paying_member(category=MemberCategory.ASSOCIATE_GEOGRAPHICAL, since=since)
    admission = member_admission_record(
        member=member, category=category, board_decision=decision, actor=None, today=decision
    )
    assert admission.invoice is None and note in admission.note
    assert admission.membership.category == category
    assert not Invoice.objects.exists()


def test_a_first_year_invoice_is_issued_once() -> None:
    member = paying_member(since=date(2026, 2, 10))
    first_year_invoice_issue(member=member, decision=date(2026, 2, 10), actor=None, today=TODAY)
    with pytest.raises(DomainError, match=r" is already invoiced for 2026"):
        first_year_invoice_issue(member=member, decision=date(2026, 2, 10), actor=None, today=TODAY)


def _withdrawn_member() -> Membership:
    """A full member from 2010 that withdrew at the end of 2024."""
    member = paying_member(name="Vestfold", since=date(2010, 5, 1))
    membership = member.memberships.get()
    membership.ended_on = date(2024, 12, 31)
    membership.end_reason = "Withdrawal"
    membership.save()
    return membership


def test_a_region_readmitted_after_a_gap_pays_the_remaining_twelfths() -> None:
    member = _withdrawn_member().member
    admission = member_admission_record(
        member=member,
        category=MemberCategory.FULL,
        board_decision=date(2026, 6, 10),
        actor=None,
        today=date(2026, 6, 12),
        send_email=False,
    )
    invoice = admission.invoice
    assert invoice is not None and invoice.kind == Invoice.Kind.FIRST_YEAR
    # 5 267 × 6/12 (July–December) = 2 633.50 → 2 634, not the full 5 267.
    assert invoice.total == Decimal("2634")
    # The 2026 call leaves it to the first-year invoice, as any new member.
    fee_decision(2026)
    (row,) = fee_call_preview(year=2026, on=date(2026, 6, 12)).rows
    assert row.status is RowStatus.INVOICED


def test_the_call_counts_a_readmitted_region_as_a_new_member() -> None:
    member = _withdrawn_member().member
    Membership.objects.create(
        member=member, category=MemberCategory.FULL, board_decision=date(2026, 6, 10)
    )
    fee_decision(2026)
    (row,) = fee_call_preview(year=2026, on=date(2026, 6, 12)).rows
    assert row.status is RowStatus.NEW_MEMBER
    assert fee_call_issue(year=2026, actor=None, today=date(2026, 6, 12)).invoices == []


def test_a_change_of_category_without_a_gap_keeps_the_annual_fee() -> None:
    member = paying_member(category=MemberCategory.ASSOCIATE_GEOGRAPHICAL, since=date(2019, 1, 1))
    admission = member_admission_record(
        member=member,
        category=MemberCategory.FULL,
        board_decision=date(2026, 3, 15),
        actor=None,
        today=date(2026, 3, 15),
    )
    assert admission.invoice is None and "was a paying member before" in admission.note


def test_readmitted_in_a_year_already_invoiced_is_not_invoiced_twice() -> None:
    member = paying_member(name="Vestfold", since=date(2010, 5, 1))
    invoice = first_year_invoice_issue(
        member=member, decision=date(2026, 2, 10), actor=None, today=TODAY, send_email=False
    )
    assert invoice is not None
    membership = member.memberships.get()
    membership.ended_on = date(2026, 3, 31)
    membership.save()
    admission = member_admission_record(
        member=member,
        category=MemberCategory.FULL,
        board_decision=date(2026, 9, 1),
        actor=None,
        today=date(2026, 9, 1),
    )
    assert admission.invoice is None and "already invoiced for 2026" in admission.note
    assert admission.membership.board_decision == date(2026, 9, 1)
    assert Invoice.objects.filter(member=member).count() == 1
