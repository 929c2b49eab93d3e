"""Credit notes and discounts: staff propose, the Vice-President Treasurer approves (art. 3.4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from aer_portal.errors import DomainError
from fees.models import CreditNote, Exemption, Invoice, ReductionProposal
from fees.services.calls import fee_call_issue
from fees.services.credit_notes import credit_note_issue
from fees.services.reductions import reduction_approve, reduction_propose, reduction_reject
from members.models import User
from tests.factories import staff_user, with_totp
from tests.fees.factories import fee_decision, paying_member, treasurer_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)
WHY = "Earthquake of January 2026: the county's budget is frozen by the government."


@pytest.fixture
def invoice(time_machine) -> Invoice:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-05-20 10:00 +02:00")
    fee_decision(2026)
    paying_member(name="Region A Harghita")
    (issued,) = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    return issued


def _staff() -> User:
    return with_totp(staff_user(full_name="Sam Secretariat"))


def _login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_staff_member_cannot_issue_a_credit_note(invoice: Invoice) -> None:
    with pytest.raises(DomainError, match="Only the Vice-President Treasurer approves"):
        credit_note_issue(
            invoice=invoice, amount=Decimal("5000"), reason="Gift", actor=_staff(), today=TODAY
        )
    assert not CreditNote.objects.exists()


def test_a_credit_note_proposed_by_staff_takes_effect_only_when_the_treasurer_approves(
    invoice: Invoice,
) -> None:
    staff = _staff()
    response = _login(staff).post(
        reverse("fees:credit_note_new", args=[invoice.number]),
        {"amount": "100", "reason": "Typo in the population"},
        follow=True,
    )
    content = response.content.decode()
    assert "takes effect only when the Vice-President Treasurer approves it" in content
    assert not CreditNote.objects.exists()
    assert "Credit note of € 100.00 proposed by Sam Secretariat" in content
    assert "Awaiting the Treasurer&#x27;s approval" in content
    assert "€ 5,267.00" in content  # still owed in full

    treasurer = treasurer_user()
    proposal = ReductionProposal.objects.get()
    page = _login(treasurer).get(reverse("fees:exemptions")).content.decode()
    assert "Typo in the population" in page and 'value="approve"' in page
    _login(treasurer).post(
        reverse("fees:reduction_decide", args=[proposal.pk]),
        {"decision": "approve", "reason": "Checked against Eurostat."},
    )
    note = CreditNote.objects.get()
    assert note.amount == Decimal("100") and note.issued_by == treasurer
    proposal.refresh_from_db()
    assert proposal.status == ReductionProposal.Status.APPROVED and proposal.credit_note == note
    shown = _login(staff).get(reverse("fees:invoice", args=[invoice.number])).content.decode()
    assert (
        "Proposed by Sam Secretariat on 20 May 2026; approved by the Vice-President Treasurer"
        in (" ".join(shown.split()))
    )
    assert "Checked against Eurostat." in shown
    assert "Awaiting the Treasurer" not in shown


def test_only_the_treasurer_decides_and_a_rejection_needs_a_reason(invoice: Invoice) -> None:
    staff = _staff()
    proposal = reduction_propose(
        kind="credit_note",
        member=invoice.member,
        year=2026,
        invoice=invoice,
        amount=Decimal("300"),
        reason="Goodwill",
        actor=staff,
        today=TODAY,
    )
    response = _login(staff).post(
        reverse("fees:reduction_decide", args=[proposal.pk]), {"decision": "approve"}, follow=True
    )
    assert "Only the Vice-President Treasurer approves or rejects" in response.content.decode()
    with pytest.raises(DomainError, match="Only the Vice-President Treasurer"):
        reduction_approve(proposal=proposal, actor=staff, today=TODAY)
    treasurer = treasurer_user()
    with pytest.raises(DomainError, match=r"^Say why the proposal is rejected"):
        reduction_reject(proposal=proposal, actor=treasurer, today=TODAY, reason=" ")
    reduction_reject(proposal=proposal, actor=treasurer, today=TODAY, reason="Not exceptional.")
    with pytest.raises(DomainError, match="already decided"):
        reduction_approve(proposal=proposal, actor=treasurer, today=TODAY)
    assert not CreditNote.objects.exists()
    shown = _login(staff).get(reverse("fees:invoice", args=[invoice.number])).content.decode()
    assert "Rejected by the Treasurer" in shown and "Not exceptional." in shown


def test_proposals_count_against_what_can_still_be_credited(invoice: Invoice) -> None:
    values = {
        "kind": "credit_note",
        "member": invoice.member,
        "year": 2026,
        "invoice": invoice,
        "reason": "Error",
        "actor": _staff(),
        "today": TODAY,
    }
    reduction_propose(amount=Decimal("5000"), **values)  # type: ignore[arg-type]
    with pytest.raises(DomainError, match=r"^At most € 267"):
        reduction_propose(amount=Decimal("268"), **values)  # type: ignore[arg-type]
    assert ReductionProposal.objects.count() == 1


def test_a_staff_member_posting_a_discount_is_told_it_awaits_the_treasurer(
    invoice: Invoice,
) -> None:
    data = {
        "member": str(invoice.member_id),
        "year": "2026",
        "amount": "1000",
        "justification": WHY,
    }
    response = _login(_staff()).post(reverse("fees:exemptions"), data, follow=True)
    content = response.content.decode()
    assert "Only the Vice-President Treasurer approves a discount (Procedures art. 3.4)" in content
    assert "Propose a discount or exemption" in content
    assert not Exemption.objects.exists() and not CreditNote.objects.exists()
    proposal = ReductionProposal.objects.get()
    assert proposal.kind == ReductionProposal.Kind.DISCOUNT and proposal.amount == Decimal("1000")

    treasurer = treasurer_user()
    reduction_approve(proposal=proposal, actor=treasurer, today=TODAY, send_email=False)
    exemption = Exemption.objects.get()
    assert exemption.approved_by == treasurer and exemption.justification == WHY
    assert exemption.credit_note is not None and exemption.credit_note.amount == Decimal("1000")
    shown = _login(_staff()).get(reverse("fees:invoice", args=[invoice.number])).content.decode()
    flat = " ".join(shown.split())
    assert "Proposed by Sam Secretariat on 20 May 2026" in flat, flat[flat.find("Credit notes") :][
        :1500
    ]


def test_a_second_discount_proposal_is_refused(invoice: Invoice) -> None:
    values = {
        "kind": "discount",
        "member": invoice.member,
        "amount": None,
        "reason": WHY,
        "actor": _staff(),
        "today": TODAY,
    }
    reduction_propose(year=2026, **values)  # type: ignore[arg-type]
    with pytest.raises(DomainError) as raised:
        reduction_propose(year=2027, **values)  # type: ignore[arg-type]
    assert raised.value.field == "member" and "non-renewable" in raised.value.message


def test_the_invoice_page_makes_the_same_queries_whatever_the_proposals(
    invoice: Invoice,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = _staff()
    client = _login(staff)
    url = reverse("fees:invoice", args=[invoice.number])
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    treasurer = treasurer_user()
    for amount in ("10", "20", "30"):
        proposal = reduction_propose(
            kind="credit_note",
            member=invoice.member,
            year=2026,
            invoice=invoice,
            amount=Decimal(amount),
            reason="Error",
            actor=staff,
            today=TODAY,
        )
        if amount != "30":
            reduction_approve(proposal=proposal, actor=treasurer, today=TODAY, send_email=False)
    assert count() == before
