"""The deadline lists: the secretariat's six weeks, late first, and a member's own."""

from __future__ import annotations

from datetime import date

import pytest

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from governance.selectors.deadlines import member_deadlines, staff_deadlines
from governance.selectors.roles import portal_roles
from members.models import PortalAccess
from tests.factories import BodyFactory, MembershipFactory, UserFactory
from tests.governance.factories import MeetingFactory, brussels

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


def test_staff_see_every_deadline_of_six_weeks_late_ones_first() -> None:
    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    late = MeetingFactory(body=board, title="Soon", starts_at=brussels(2026, 3, 20))  # inv. 03-06
    MeetingFactory(body=board, title="Later", starts_at=brussels(2026, 4, 30))  # inv. 04-16
    MeetingFactory(body=board, title="Far", starts_at=brussels(2026, 8, 1))
    sent = MeetingFactory(
        body=board, title="Sent", starts_at=brussels(2026, 3, 30),
        invitation_sent_at=brussels(2026, 3, 2),
    )  # fmt: skip
    rows = staff_deadlines(today=TODAY)
    keys = [row.key for row in rows]
    assert keys[0] == f"meeting:{late.pk}:invitation" and rows[0].late
    assert rows[0].check.days == 4
    assert not any("Far" in row.title for row in rows)
    sent_rows = [row for row in rows if row.meeting == sent]
    assert [row.check.status for row in sent_rows] == ["on_time", "due"]
    assert [row.deadline for row in rows if not row.late] == sorted(
        row.deadline for row in rows if not row.late
    )


def test_a_member_sees_proposal_deadlines_and_its_own_observer_year() -> None:
    user = UserFactory()
    membership = MembershipFactory(
        category=MemberCategory.OBSERVER, board_decision=date(2025, 4, 15)
    )  # last day 2026-04-30
    PortalAccess.objects.create(user=user, member=membership.member)
    MembershipFactory(category=MemberCategory.OBSERVER, board_decision=date(2025, 4, 15))
    MeetingFactory(body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD), starts_at=brussels(2026, 4, 15))
    ga = MeetingFactory(
        body=BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY), starts_at=brussels(2026, 4, 30)
    )
    roles = portal_roles(user=user, on=TODAY)
    rows = member_deadlines(user=user, roles=roles, today=TODAY)
    assert [(row.key, row.deadline, row.article) for row in rows] == [
        (f"meeting:{ga.pk}:proposals", date(2026, 4, 14), "Procedures art. 4.2"),
        (f"membership:{membership.pk}:observer_end", date(2026, 4, 30), "Procedures art. 2.1"),
    ]
    nobody = UserFactory()
    assert (
        member_deadlines(user=nobody, roles=portal_roles(user=nobody, on=TODAY), today=TODAY) == []
    )
