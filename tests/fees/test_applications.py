"""A membership application from the public form to the Board's decision: the member, its
membership, the first-year invoice, the invitation and the welcome; every refusal with its
reason (Procedures arts. 2.1, 2.2, 3.1.1)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from aer_portal.errors import DomainError
from aer_portal.rules.membership import MemberCategory
from fees.models import Invoice
from fees.services.applications import application_decide
from governance.models import AgendaItem, ApplicationOnAgenda
from governance.services.applications import application_schedule
from members.models import Member, Membership, MembershipApplication, PortalAccess, User
from members.services.applications import application_submit
from tests.factories import BodyFactory, CountryFactory, MembershipFactory, staff_user
from tests.governance.factories import MeetingFactory, brussels

pytestmark = pytest.mark.django_db

SUBMITTED = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def letter() -> SimpleUploadedFile:
    return SimpleUploadedFile("Letter of intent.pdf", PDF, content_type="application/pdf")


def submit(**overrides: Any) -> MembershipApplication:
    values: dict[str, Any] = {
        "request_key": uuid.uuid4(),
        "name": "Dâmbovița County",
        "native_name": "Județul Dâmbovița",
        "kind": "region",
        "category": MemberCategory.FULL,
        "country": CountryFactory(code="RO", name_en="Romania", name_fr="Roumanie"),
        "population": 519_000,
        "relative_gdp": Decimal("0.55"),
        "contact_first_name": "Ioana",
        "contact_last_name": "Marinescu",
        "contact_email": "Ioana.Marinescu@example.ro",
        "contact_title": "International relations officer",
        "letter": letter(),
        "now": SUBMITTED,
    }
    values.update(overrides)
    return application_submit(**values)


def test_approval_creates_member_membership_invoice_invitation_and_welcome(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = submit()
    assert [m.to for m in mail.outbox] == [["ioana.marinescu@example.ro"], ["secretariat@aer.eu"]]
    assert "/join/status/" in mail.outbox[0].body
    mail.outbox.clear()
    staff = staff_user()
    meeting = MeetingFactory(body=BodyFactory(), starts_at=brussels(2026, 3, 15))
    with django_capture_on_commit_callbacks(execute=True):
        entry = application_schedule(application=application, meeting=meeting, actor=staff)
        again = application_schedule(application=application, meeting=meeting, actor=staff)
    assert again == entry and AgendaItem.objects.filter(meeting=meeting).count() == 1
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.ON_AGENDA
    with django_capture_on_commit_callbacks(execute=True):
        result = application_decide(
            application=application,
            approve=True,
            decided_on=date(2026, 3, 15),
            actor=staff,
            today=date(2026, 3, 16),
            meeting_label="Executive Board meeting of 2026-03-15",
        )
    member = Member.objects.get(name="Dâmbovița County")
    membership = Membership.objects.get(member=member)
    assert membership.category == MemberCategory.FULL
    assert membership.board_decision == date(2026, 3, 15)
    invoice = result.invoice
    assert invoice is not None and invoice.kind == Invoice.Kind.FIRST_YEAR
    # € 3 250 + 519 000 × 0.55² / 200 = 4 034.94, × 1.027^10 = 5 267 a year; April–December.
    assert invoice.total == Decimal("3950")
    assert invoice.member == member
    user = User.objects.get(email="ioana.marinescu@example.ro")
    assert PortalAccess.objects.filter(user=user, member=member).exists()
    assert user.person is not None and user.person.member == member
    assert result.invited
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("Welcome to AER" in s for s in subjects)
    assert len(mail.outbox) == 3  # invoice, invitation, welcome
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.membership == membership
    # A double click records nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application=application,
            approve=True,
            decided_on=date(2026, 3, 15),
            actor=staff,
            today=date(2026, 3, 16),
        )
    assert Invoice.objects.count() == 1 and mail.outbox == []


def test_an_observer_gets_no_invoice(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    application = submit(category=MemberCategory.OBSERVER, population=None, relative_gdp=None)
    with django_capture_on_commit_callbacks(execute=True):
        result = application_decide(
            application=application,
            approve=True,
            decided_on=date(2026, 3, 15),
            actor=staff_user(),
            today=date(2026, 3, 16),
        )
    assert result.invoice is None
    assert not Invoice.objects.exists()
    assert Membership.objects.get().category == MemberCategory.OBSERVER


def test_refusal_sends_the_reason(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    application = submit()
    mail.outbox.clear()
    staff = staff_user()
    with pytest.raises(DomainError) as raised:
        application_decide(
            application=application,
            approve=False,
            decided_on=date(2026, 3, 15),
            actor=staff,
            today=date(2026, 3, 16),
        )
    assert raised.value.field == "decision_reason"
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application=application,
            approve=False,
            decided_on=date(2026, 3, 15),
            reason="The region has not yet ratified the regional council's decision.",
            actor=staff,
            today=date(2026, 3, 16),
        )
    (sent,) = mail.outbox
    assert "ratified the regional council" in sent.body
    assert not Member.objects.exists()
    with pytest.raises(DomainError, match="cannot change any more"):
        application_decide(
            application=application,
            approve=True,
            decided_on=date(2026, 3, 15),
            actor=staff,
            today=date(2026, 3, 16),
        )


def _former_member(ended: date, category: MemberCategory = MemberCategory.FULL) -> Member:
    country = CountryFactory(code="RO", name_en="Romania", name_fr="Roumanie")
    membership = MembershipFactory(
        member__name="Dâmbovița County",
        member__country=country,
        category=category,
        board_decision=date(2015, 3, 10),
        ended_on=ended,
    )
    return membership.member


@pytest.mark.parametrize(
    ("history", "category", "article"),
    [
        (date(2024, 12, 31), MemberCategory.OBSERVER, "Procedures art. 2.2"),
        (None, MemberCategory.OBSERVER, "Procedures art. 3.1.1"),
        (None, MemberCategory.FULL, "Procedures art. 3.1.1"),
    ],
)
def test_the_board_cannot_approve_what_the_procedures_refuse(
    history: date | None, category: MemberCategory, article: str
) -> None:
    member = _former_member(ended=history or date(2099, 1, 1))
    if history is None:
        Membership.objects.filter(member=member).update(ended_on=None)
    application = submit(category=category, population=519_000, relative_gdp=Decimal("0.55"))
    with pytest.raises(DomainError) as raised:
        application_decide(
            application=application,
            approve=True,
            decided_on=date(2026, 3, 15),
            actor=staff_user(),
            today=date(2026, 3, 16),
        )
    assert raised.value.message.endswith(f"({article})")
    assert Membership.objects.filter(member=member).count() == 1
    assert not Invoice.objects.exists()


def test_observer_status_is_not_granted_twice() -> None:
    _former_member(ended=date(2020, 3, 31), category=MemberCategory.OBSERVER)
    application = submit(category=MemberCategory.OBSERVER)
    with pytest.raises(DomainError) as raised:
        application_decide(
            application=application,
            approve=True,
            decided_on=date(2026, 3, 15),
            actor=staff_user(),
            today=date(2026, 3, 16),
        )
    assert raised.value.message.endswith("(Procedures art. 2.1)")


def test_a_former_member_readmitted_keeps_its_record_and_pays_the_twelfths(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    member = _former_member(ended=date(2022, 12, 31))
    application = submit()
    with django_capture_on_commit_callbacks(execute=True):
        result = application_decide(
            application=application,
            approve=True,
            decided_on=date(2026, 3, 15),
            actor=staff_user(),
            today=date(2026, 3, 16),
        )
    assert Member.objects.count() == 1
    assert Membership.objects.filter(member=member).count() == 2
    assert result.invoice is not None and result.invoice.total == Decimal("3950")


@pytest.mark.parametrize(
    ("decided_on", "problem"),
    [
        (date(2026, 3, 17), "is in the future"),
        (date(2026, 2, 1), "before the application was submitted"),
    ],
)
def test_the_decision_date_must_be_one_the_board_could_have_taken(
    decided_on: date, problem: str
) -> None:
    application = submit()
    with pytest.raises(DomainError) as raised:
        application_decide(
            application=application,
            approve=True,
            decided_on=decided_on,
            actor=staff_user(),
            today=date(2026, 3, 16),
        )
    assert problem in raised.value.message and raised.value.field == "decided_on"


def test_only_the_secretariat_records_and_schedules() -> None:
    application = submit()
    officer = User.objects.create_user("someone@example.org")
    with pytest.raises(DomainError):
        application_decide(
            application=application,
            approve=True,
            decided_on=date(2026, 3, 15),
            actor=officer,
            today=date(2026, 3, 16),
        )
    meeting = MeetingFactory(body=BodyFactory())
    with pytest.raises(DomainError):
        application_schedule(application=application, meeting=meeting, actor=officer)
    assert not ApplicationOnAgenda.objects.exists()


def test_only_an_executive_board_meeting_decides() -> None:
    from aer_portal.rules.bodies import Body as BodyKind

    application = submit()
    bureau = MeetingFactory(body=BodyFactory(kind=BodyKind.BUREAU))
    with pytest.raises(DomainError) as raised:
        application_schedule(application=application, meeting=bureau, actor=staff_user())
    assert raised.value.field == "meeting"


@pytest.mark.parametrize(
    ("approve", "counts", "problem", "field"),
    [
        # Art. 14: more against than for is a refusal, whatever is ticked.
        (
            True,
            {"votes_for": 3, "votes_against": 5},
            "record the decision the vote gave",
            "approve",
        ),
        # A tie waits for the President's casting vote.
        (True, {"votes_for": 4, "votes_against": 4}, "tied", "casting_vote"),
        # The casting vote decides only a tie.
        (
            True,
            {"votes_for": 5, "votes_against": 4, "casting_vote": "for"},
            "not tied",
            "casting_vote",
        ),
    ],
)
def test_a_counted_vote_must_give_the_decision_recorded(
    approve: bool, counts: dict[str, Any], problem: str, field: str
) -> None:
    application = submit()
    with pytest.raises(DomainError) as raised:
        application_decide(
            application=application,
            approve=approve,
            decided_on=date(2026, 3, 15),
            actor=staff_user(),
            today=date(2026, 3, 16),
            **counts,
        )
    assert problem in raised.value.message and raised.value.field == field
    assert "(Procedures art. 14)" in raised.value.message
    assert not Member.objects.exists()


def test_an_online_vote_with_a_casting_vote_approves(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    application = submit(category=MemberCategory.OBSERVER, population=None, relative_gdp=None)
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application=application,
            approve=True,
            decided_on=date(2026, 3, 15),
            actor=staff_user(),
            today=date(2026, 3, 16),
            votes_for=4,
            votes_against=4,
            abstentions=1,
            casting_vote="for",
            online=True,
        )
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.board_meeting == "Online vote of the Executive Board"
    assert application.board_vote.startswith("Tied 4 to 4; ")
    assert application.board_vote.endswith("(Procedures art. 14)")
