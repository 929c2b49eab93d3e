"""Fee calls, invoices, payments and bank statements are the secretariat's: every service
refuses anyone else before it reads or writes anything (members.access)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aer_portal.errors import DomainError, Refused
from fees.models import BankLine, FeeCall, FeeDecision, Invoice, Payment, ReductionProposal
from fees.services import (
    budget,
    calls,
    credit_notes,
    exemptions,
    invoices,
    parameters,
    payments,
    reductions,
    statements,
)
from members.models import User
from tests.factories import MemberFactory, board_member, member_officer, staff_user
from tests.fees.factories import treasurer_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)

CALLS: dict[str, Callable[[User], Any]] = {
    "fee_decision_record": lambda u: parameters.fee_decision_record(
        year=2026, decided_on=TODAY, values={}, actor=u
    ),
    "fee_call_issue": lambda u: calls.fee_call_issue(year=2026, actor=u, today=TODAY),
    "fee_call_request": lambda u: calls.fee_call_request(
        year=2026, actor=u, today=TODAY, confirmed_count=0, confirmed_total=Decimal(0)
    ),
    "first_year_invoice_issue": lambda u: invoices.first_year_invoice_issue(
        member=MemberFactory(), decision=TODAY, actor=u, today=TODAY
    ),
    "member_admission_record": lambda u: invoices.member_admission_record(
        member=MemberFactory(), category="full", board_decision=TODAY, actor=u, today=TODAY
    ),
    "programme_participation_record": lambda u: invoices.programme_participation_record(
        member=MemberFactory(), year=2026, programme="eurodyssey", actor=u, today=TODAY
    ),
    "payment_record": lambda u: payments.payment_record(
        invoice_number="AER-2026-0001",
        amount=Decimal("10.00"),
        received_on=TODAY,
        reference="",
        actor=u,
        today=TODAY,
    ),
    "statement_import": lambda u: statements.statement_import(
        name="bank.csv", content=b"", actor=u, today=TODAY
    ),
    "bank_line_resolve": lambda u: payments.bank_line_resolve(
        line=BankLine(), actor=u, today=TODAY, note="Refunded"
    ),
    "bank_line_split": lambda u: payments.bank_line_split(
        line=BankLine(), shares=[], actor=u, today=TODAY
    ),
}

PEOPLE: dict[str, Callable[[], User]] = {
    "officer": member_officer,
    "board member": board_member,
    "treasurer without staff rights": treasurer_user,
}


@pytest.mark.parametrize("who", sorted(PEOPLE))
@pytest.mark.parametrize("service", sorted(CALLS))
def test_only_the_secretariat_runs_the_fees(service: str, who: str) -> None:
    with pytest.raises(Refused, match="Only the secretariat"):
        CALLS[service](PEOPLE[who]())
    assert not FeeDecision.objects.exists()
    assert not FeeCall.objects.exists() and not Invoice.objects.exists()
    assert not Payment.objects.exists()


@pytest.mark.parametrize("who", ["officer", "board member"])
def test_only_the_secretariat_and_the_treasurer_propose_reductions(who: str) -> None:
    from fees.models import ReductionProposal
    from fees.services.reductions import reduction_propose

    def propose(actor: User) -> ReductionProposal:
        return reduction_propose(
            kind=ReductionProposal.Kind.DISCOUNT,
            member=MemberFactory(),
            year=2026,
            amount=Decimal("100.00"),
            reason="Flooding in the region",
            actor=actor,
            today=TODAY,
        )

    with pytest.raises(Refused, match="Treasurer propose"):
        propose(PEOPLE[who]())
    assert not ReductionProposal.objects.exists()
    # The Treasurer passes the check: whatever the rules then say is about the discount.
    try:
        propose(treasurer_user())
    except Refused:  # pragma: no cover - the failure this test is for
        pytest.fail("the Treasurer was refused")
    except DomainError:
        pass


#: Only the Treasurer decides on a fee's reduction (Procedures art. 3.4).
TREASURER_CALLS: dict[str, Callable[[User], Any]] = {
    "credit_note_issue": lambda u: credit_notes.credit_note_issue(
        invoice=Invoice(), amount=Decimal("1.00"), reason="Overbilled", actor=u, today=TODAY
    ),
    "reduction_approve": lambda u: reductions.reduction_approve(
        proposal=ReductionProposal(), actor=u, today=TODAY
    ),
    "reduction_reject": lambda u: reductions.reduction_reject(
        proposal=ReductionProposal(), actor=u, today=TODAY, reason="Not exceptional"
    ),
}


@pytest.mark.parametrize("who", ["officer", "board member", "staff"])
@pytest.mark.parametrize("service", sorted(TREASURER_CALLS))
def test_only_the_treasurer_decides_on_reductions(service: str, who: str) -> None:
    person = {**PEOPLE, "staff": staff_user}[who]()
    with CaptureQueriesContext(connection) as queries, pytest.raises(Refused, match="Treasurer"):
        TREASURER_CALLS[service](person)
    # members.access answers from the offices, read in one query (none without a person).
    reads = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(reads) <= 1 and all("governance_mandate" in sql for sql in reads)


def test_only_the_treasurer_approves_an_exemption() -> None:
    member = MemberFactory()
    for person in (member_officer(), board_member(), staff_user()):
        with pytest.raises(DomainError, match="Treasurer"):
            exemptions.exemption_approve(
                member=member,
                year=2026,
                amount=None,
                justification="An earthquake destroyed the regional offices.",
                actor=person,
                today=TODAY,
            )
    assert exemptions.exemption_approve(
        member=member,
        year=2026,
        amount=None,
        justification="An earthquake destroyed the regional offices.",
        actor=treasurer_user(),
        today=TODAY,
        send_email=False,
    ).pk


@pytest.mark.parametrize("who", ["officer", "board member"])
def test_only_the_treasurer_and_the_secretariat_enter_the_expenditure(who: str) -> None:
    def record(actor: User) -> Any:
        return budget.ordinary_expenditure_record(
            year=2026, amount=Decimal("1000.00"), note="", actor=actor, today=TODAY
        )

    with pytest.raises(Refused, match="ordinary expenditure"):
        record(PEOPLE[who]())
    assert record(treasurer_user()).pk and record(staff_user()).pk
