"""Proposals to the General Assembly (Procedures arts. 4.2, 4.3)."""

from __future__ import annotations

from datetime import date

import pytest

from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from governance.models import GeneralAssemblyProposal, Meeting
from governance.services.proposals import ga_proposal_opinion_record, ga_proposal_submit
from members.models import Member, PortalAccess, Suspension, User
from tests.factories import BodyFactory, UserFactory
from tests.governance.factories import MeetingFactory, brussels, full_member_with_delegate

pytestmark = pytest.mark.django_db


def _setup(role: str = PortalAccess.Role.OFFICER) -> tuple[Meeting, Member, User]:
    member, _ = full_member_with_delegate(name="Región de Murcia")
    user = UserFactory()
    PortalAccess.objects.create(user=user, member=member, role=role)
    MeetingFactory(body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD), starts_at=brussels(2026, 4, 15))
    ga = MeetingFactory(
        body=BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY), starts_at=brussels(2026, 4, 30)
    )
    return ga, member, user


def _submit(
    ga: Meeting, member: Member, user: User, day: tuple[int, int, int]
) -> GeneralAssemblyProposal:
    return ga_proposal_submit(
        meeting=ga, member=member, title="Water", text="A water charter.", actor=user,
        now=brussels(*day, hour=21),
    )  # fmt: skip


def test_a_member_submits_until_the_evening_before_the_board_meeting() -> None:
    ga, member, user = _setup()
    proposal = _submit(ga, member, user, (2026, 4, 14))  # 21:00 on the last day
    assert proposal.status == GeneralAssemblyProposal.Status.SUBMITTED
    with pytest.raises(DomainError) as late:
        _submit(ga, member, user, (2026, 4, 15))
    assert late.value.field == "meeting"
    assert (
        "until 14 April 2026" in late.value.message and "Procedures art. 4.2" in late.value.message
    )


def test_without_a_board_meeting_before_the_assembly_the_deadline_is_unknown() -> None:
    ga, member, user = _setup()
    Meeting.objects.filter(body__kind=BodyKind.EXECUTIVE_BOARD).delete()
    with pytest.raises(DomainError, match="is not planned yet"):
        _submit(ga, member, user, (2026, 4, 1))


@pytest.mark.parametrize("problem", ["viewer", "observer", "suspended", "other_member", "not_ga"])
def test_who_may_not_submit_is_told_why(problem: str) -> None:
    ga, member, user = _setup(
        PortalAccess.Role.VIEWER if problem == "viewer" else PortalAccess.Role.OFFICER
    )
    if problem == "observer":
        member.memberships.update(category=MemberCategory.OBSERVER)
    if problem == "suspended":
        Suspension.objects.create(
            member=member, starts_on=date(2026, 3, 1), reason="Fee unpaid", source="inv-7"
        )
    if problem == "other_member":
        member, _ = full_member_with_delegate()
    if problem == "not_ga":
        ga = Meeting.objects.get(body__kind=BodyKind.EXECUTIVE_BOARD)
    with pytest.raises(DomainError) as refused:
        _submit(ga, member, user, (2026, 4, 1))
    expected = {"viewer": "Your account", "observer": "Only members", "suspended": "art. 3.5",
                "other_member": "Your account", "not_ga": "Proposals go to"}[problem]  # fmt: skip
    assert expected in refused.value.message
    assert refused.value.field == ("meeting" if problem == "not_ga" else "member")
    assert ":" not in refused.value.message.split(" ")[0]  # no "member:" glued to the sentence
    assert not GeneralAssemblyProposal.objects.exists()


def test_the_boards_opinion_is_recorded_and_accepted_proposals_join_the_agenda() -> None:
    ga, member, user = _setup()
    accepted = _submit(ga, member, user, (2026, 4, 1))
    rejected = _submit(ga, member, user, (2026, 4, 2))
    with pytest.raises(DomainError, match="Write the Executive Board"):
        ga_proposal_opinion_record(
            proposal=accepted, opinion=" ", accepted=True, actor=None, today=date(2026, 4, 15)
        )
    ga_proposal_opinion_record(
        proposal=accepted, opinion="In favour.", accepted=True, actor=None, today=date(2026, 4, 15)
    )
    ga_proposal_opinion_record(
        proposal=rejected, opinion="Outside AER's remit.", accepted=False, actor=None,
        today=date(2026, 4, 15),
    )  # fmt: skip
    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert accepted.status == "accepted" and accepted.opinion_recorded_on == date(2026, 4, 15)
    assert accepted.agenda_item.title == "Proposal of Región de Murcia: Water"
    assert rejected.status == "rejected" and rejected.agenda_item is None
    assert list(ga.agenda_items.values_list("position", flat=True)) == [1]
    with pytest.raises(DomainError, match="recorded already"):
        ga_proposal_opinion_record(
            proposal=accepted, opinion="Again", accepted=True, actor=None, today=date(2026, 4, 15)
        )
