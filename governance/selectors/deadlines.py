"""The statutory deadlines the portal watches, as one list each page, feed or reminder reads.

Every date comes from aer_portal.rules: notice periods (Procedures arts. 4.1, 5.6, 6, 11.4),
General Assembly proposals (art. 4.2), observer status (art. 2.1), substitutes for a delegate
who lost the regional mandate (art. 15.2) and the end of mandates (art. 15 A–D).

Their queries are compiled once per day (aer_portal.prepared): building them was
most of the dashboard's governance panel, which asks for them at every visit (issue 16).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from aer_portal import dates
from aer_portal.prepared import prepared_objects
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.meetings import (
    NOTICE_PERIODS,
    DeadlineCheck,
    DeadlineStatus,
    check_deadline,
    ga_proposal_deadline,
    notice_deadlines,
)
from aer_portal.rules.membership import (
    MemberCategory,
    observer_status_last_day,
    substitute_deadline,
)
from aer_portal.rules.notices import Notice
from governance.models import Mandate, Meeting
from governance.selectors.bodies import current_mandates_q
from governance.selectors.meetings import with_board_meeting_before
from governance.selectors.roles import PortalRoles
from members.models import Membership, RegionalMandate, User

#: The longest notice period (four weeks): meetings further away have no deadline yet.
LONGEST_NOTICE_DAYS = max(p.invitation_days for p in NOTICE_PERIODS.values())

MANDATE_ARTICLES = {
    BodyKind.EXECUTIVE_BOARD: "Procedures art. 15 A",
    BodyKind.BUREAU: "Procedures art. 15 B",
    BodyKind.MONITORING_AND_EVALUATION_GROUP: "Procedures art. 15 C",
    BodyKind.ELECTION_COMMITTEE: "Procedures art. 15 D",
}


@dataclass(frozen=True)
class Deadline:
    """One deadline: what, until when, where it stands today, and the article behind it.

    ``key`` is stable for as long as the deadline exists (``meeting:42:invitation``), so the
    calendar's UIDs and the reminders' ledger can rely on it.
    """

    key: str
    title: str
    check: DeadlineCheck
    article: str
    meeting: Meeting | None = None

    @property
    def deadline(self) -> date:
        return self.check.deadline

    @property
    def late(self) -> bool:
        return self.check.status is DeadlineStatus.LATE

    @property
    def done(self) -> bool:
        return self.check.done


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in Brussels."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _sent_on(moment: datetime | None, today: date) -> date | None:
    if moment is None:
        return None
    return min(timezone.localdate(moment), today)


def notice_deadlines_of(meeting: Meeting, *, today: date) -> list[Deadline]:
    """The invitation and documents deadlines of one meeting, each checked against today.

    None for a cancelled meeting or a body for which the Procedures set no notice period.
    """
    kind = meeting.body.kind
    if meeting.status == Meeting.Status.CANCELLED or kind not in NOTICE_PERIODS:
        return []
    deadlines = notice_deadlines(kind, meeting.day)
    rows = []
    for notice, day, sent in (
        (Notice.INVITATION, deadlines.invitation, meeting.invitation_sent_at),
        (Notice.DOCUMENTS, deadlines.documents, meeting.documents_sent_at),
    ):
        what = (
            _("Invitation and draft agenda: %(meeting)s")
            if notice is Notice.INVITATION
            else _("Working documents: %(meeting)s")
        )
        rows.append(
            Deadline(
                key=f"meeting:{meeting.pk}:{notice.value}",
                title=what % {"meeting": meeting.title},
                check=check_deadline(day, today=today, done_on=_sent_on(sent, today)),
                article=deadlines.article,
                meeting=meeting,
            )
        )
    return rows


def _assemblies_from(start: datetime) -> QuerySet[Meeting]:
    return with_board_meeting_before(
        Meeting.objects.filter(body__kind=BodyKind.GENERAL_ASSEMBLY, starts_at__gte=start)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
    )


def _proposal_deadlines(*, today: date, until: date) -> list[Deadline]:
    assemblies = prepared_objects(
        _assemblies_from, start_of(today), related=("body",), annotations=("board_before",)
    )
    rows = []
    for assembly in assemblies:
        if assembly.board_before is None:  # type: ignore[attr-defined]
            continue  # no Board meeting planned before it: the deadline is not known yet
        day = ga_proposal_deadline(timezone.localdate(assembly.board_before))  # type: ignore[attr-defined]
        if today <= day <= until:
            rows.append(
                Deadline(
                    key=f"meeting:{assembly.pk}:proposals",
                    title=_("Proposals to the %(meeting)s") % {"meeting": assembly.title},
                    check=check_deadline(day, today=today),
                    article="Procedures art. 4.2",
                    meeting=assembly,
                )
            )
    return rows


def _observers(member_ids: tuple[int, ...] | None) -> QuerySet[Membership]:
    observers = Membership.objects.filter(
        category=MemberCategory.OBSERVER, ended_on__isnull=True
    ).select_related("member")
    if member_ids is not None:
        observers = observers.filter(member_id__in=member_ids)
    return observers


def _observer_deadlines(
    *, today: date, until: date, member_ids: list[int] | None
) -> list[Deadline]:
    asked = None if member_ids is None else tuple(member_ids)
    rows = []
    for membership in prepared_objects(_observers, asked, related=("member",)):
        last_day = observer_status_last_day(membership.board_decision)
        if today <= last_day <= until:
            rows.append(
                Deadline(
                    key=f"membership:{membership.pk}:observer_end",
                    title=_("Observer status of %(member)s ends; it must say whether it joins")
                    % {"member": membership.member.name},
                    check=check_deadline(last_day, today=today),
                    article="Procedures art. 2.1",
                )
            )
    return rows


def _lost_mandates(today: date) -> QuerySet[RegionalMandate]:
    sitting = Mandate.objects.filter(current_mandates_q(today), person_id=OuterRef("person_id"))
    return (
        RegionalMandate.objects.filter(lost_on__isnull=False, lost_on__lte=today)
        .filter(Exists(sitting))
        .select_related("person")
        .order_by("lost_on", "pk")
    )


def lost_mandates_to_replace(*, today: date) -> list[RegionalMandate]:
    """Regional mandates lost by people who still hold a seat in a body (Procedures art. 15.2)."""
    return prepared_objects(_lost_mandates, today, related=("person",))


def _substitute_deadlines(*, today: date, until: date) -> list[Deadline]:
    rows = []
    for lost in lost_mandates_to_replace(today=today):
        assert lost.lost_on is not None
        due = substitute_deadline(lost.lost_on)
        if due <= until:
            rows.append(
                Deadline(
                    key=f"regional_mandate:{lost.pk}:substitute",
                    title=_("Substitute for %(person)s, who lost the regional mandate on %(day)s")
                    % {"person": lost.person, "day": dates.day(lost.lost_on)},
                    check=check_deadline(due, today=today),
                    article="Procedures art. 15.2",
                )
            )
    return rows


def _mandates_ending(first: date, last: date) -> QuerySet[Mandate]:
    return (
        Mandate.objects.filter(ends_on__gte=first, ends_on__lte=last)
        .exclude(seat__body__kind=BodyKind.GENERAL_ASSEMBLY)
        .select_related("person", "seat__body")
        .order_by("ends_on", "seat__body__name", "person__last_name")
    )


def mandates_ending(*, first: date, last: date) -> dict[tuple[int, date], list[Mandate]]:
    """Mandates in elected bodies that end between two days, by (body, last day).

    The General Assembly's seats are left out: they follow membership, not elections.
    """
    mandates = prepared_objects(
        _mandates_ending, first, last, related=("person", "seat", "seat__body")
    )
    grouped: dict[tuple[int, date], list[Mandate]] = {}
    for mandate in mandates:
        assert mandate.ends_on is not None
        grouped.setdefault((mandate.seat.body_id, mandate.ends_on), []).append(mandate)
    return grouped


def _mandate_deadlines(*, today: date, until: date) -> list[Deadline]:
    rows = []
    for (body_id, day), mandates in mandates_ending(first=today, last=until).items():
        body = mandates[0].seat.body
        rows.append(
            Deadline(
                key=f"body:{body_id}:mandates_end:{day.isoformat()}",
                title=_("%(count)s mandate(s) in the %(body)s end")
                % {"count": len(mandates), "body": body.display_name},
                check=check_deadline(day, today=today),
                article=MANDATE_ARTICLES.get(BodyKind(body.kind), ""),
            )
        )
    return rows


def _sorted(rows: list[Deadline]) -> list[Deadline]:
    return sorted(rows, key=lambda row: (not row.late, row.deadline, row.key))


def _meetings_between(start: datetime, end: datetime) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
    )


def staff_deadlines(*, today: date, horizon_days: int = 42) -> list[Deadline]:
    """Every deadline in the next ``horizon_days`` days, late ones first (the secretariat's list).

    Late means a notice deadline that passed unsent before a meeting still ahead, or a
    substitute not yet assigned. A fixed number of queries, however many meetings there are.
    """
    until = today + timedelta(days=horizon_days)
    meetings = prepared_objects(
        _meetings_between,
        start_of(today),
        start_of(until + timedelta(days=LONGEST_NOTICE_DAYS + 1)),
        related=("body",),
    )
    rows = []
    for meeting in meetings:
        for row in notice_deadlines_of(meeting, today=today):
            pending = not row.done and row.deadline <= until
            if pending or (row.done and today <= row.deadline <= until):
                rows.append(row)
    rows += _proposal_deadlines(today=today, until=until)
    rows += _observer_deadlines(today=today, until=until, member_ids=None)
    rows += _substitute_deadlines(today=today, until=until)
    rows += _mandate_deadlines(today=today, until=until)
    return _sorted(rows)


def member_deadlines(
    *, user: User, roles: PortalRoles, today: date, horizon_days: int = 92
) -> list[Deadline]:
    """The deadlines that concern a member's user or a Board member, soonest first.

    Proposals to the coming General Assemblies (art. 4.2), and the end of the observer status
    of a member the account acts for (art. 2.1).
    """
    until = today + timedelta(days=horizon_days)
    rows: list[Deadline] = []
    if roles.is_member_user or roles.is_board_member:
        rows += _proposal_deadlines(today=today, until=until)
    if roles.is_member_user:
        rows += _observer_deadlines(
            today=today,
            until=until,
            member_ids=[access.member_id for access in roles.accesses],
        )
    return _sorted(rows)
