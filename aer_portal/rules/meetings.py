"""Notice periods for meetings and the deadline for General Assembly proposals.

Procedures arts. 4.1 and 4.2 (General Assembly), 5.6 (Bureau), 6 (Executive Board) and 11.4
(Working Groups). Interpretation (DESIGN.md): "at least four weeks before" makes the meeting day
minus 28 days the last compliant day; "two weeks" is 14 days and "one week" 7 days.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

from aer_portal.rules import N_
from aer_portal.rules.bodies import Body, as_body
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.messages import Message


@dataclass(frozen=True)
class NoticePeriod:
    """How many days before a meeting its invitation and its working documents must go out."""

    invitation_days: int
    documents_days: int
    article: str


#: The notice periods the Procedures set, by body. Bodies missing here have none.
NOTICE_PERIODS: Mapping[Body, NoticePeriod] = MappingProxyType(
    {
        Body.GENERAL_ASSEMBLY: NoticePeriod(28, 14, "Procedures art. 4.1"),
        Body.BUREAU: NoticePeriod(28, 14, "Procedures art. 5.6"),
        Body.EXECUTIVE_BOARD: NoticePeriod(14, 7, "Procedures art. 6"),
        Body.WORKING_GROUP: NoticePeriod(28, 14, "Procedures art. 11.4"),
    }
)


@dataclass(frozen=True)
class NoticeDeadlines:
    """The last days to send a meeting's invitation (with draft agenda) and its documents."""

    body: Body
    meeting_day: date
    invitation: date
    documents: date
    article: str


def notice_period(
    body: Body | str, *, periods: Mapping[Body, NoticePeriod] = NOTICE_PERIODS
) -> NoticePeriod:
    """The notice period of ``body`` (Procedures arts. 4.1, 5.6, 6, 11.4).

    A body the Procedures give no period (a Task Force, whose rules the Bureau sets, art. 5.7;
    the Monitoring and Evaluation Group; the Election Committee) raises ``ValueError`` naming it.
    """
    body = as_body(body)
    try:
        return periods[body]
    except KeyError:
        raise ValueError(
            f"body: the Procedures set no notice period for the {body.label} ({body.value})"
        ) from None


def notice_deadlines(
    body: Body | str,
    meeting_day: date,
    *,
    periods: Mapping[Body, NoticePeriod] = NOTICE_PERIODS,
) -> NoticeDeadlines:
    """The last days to send invitations and working documents for a meeting of ``body``.

    Procedures art. 4.1 (General Assembly), 5.6 (Bureau), 11.4 (Working Groups): invitations and
    draft agendas at least four weeks, working documents at least two weeks before; art. 6
    (Executive Board): two weeks and one week. Interpretation (DESIGN.md): the last compliant
    day is the meeting day minus 28 (14, 7) days, and sending on that day is in time.
    ``periods`` lets the caller use periods the Board has changed.
    """
    period = notice_period(body, periods=periods)
    return NoticeDeadlines(
        body=as_body(body),
        meeting_day=meeting_day,
        invitation=meeting_day - timedelta(days=period.invitation_days),
        documents=meeting_day - timedelta(days=period.documents_days),
        article=period.article,
    )


def ga_proposal_deadline(eb_meeting_day: date) -> date:
    """Last day to submit a proposal to the General Assembly.

    Procedures art. 4.2: proposals can be submitted "up to the evening before the start of the
    Executive Board meeting preceding the General Assembly". ``eb_meeting_day`` is the first day
    of that Board meeting; the deadline is the day before, inclusive (*interpretation*: the
    whole of that day counts, since the Procedures name no hour).
    """
    return eb_meeting_day - timedelta(days=1)


def ga_proposal_refusal(
    *, category: MemberCategory | str | None, suspended: bool, member: str
) -> Message | None:
    """Why ``member`` may not submit a proposal to the General Assembly; ``None`` when it may.

    Procedures art. 4.2 lets members submit proposals; ``category`` is the region's current
    membership (``None``: not a member today). *Interpretation*: an observer (art. 2) is not a
    member and does not submit. Art. 3.5: a member whose rights are suspended for unpaid fees
    does not submit either.
    """
    if category is None or MemberCategory(category) == MemberCategory.OBSERVER:
        return Message.of(
            N_("Only members of AER submit proposals to the General Assembly."),
            article="Procedures art. 4.2",
        )
    if suspended:
        return Message.of(
            N_("The rights of {member} are suspended for unpaid fees."),
            article="Procedures art. 3.5",
            member=member,
        )
    return None


class DeadlineStatus(StrEnum):
    """Where an action stands against its deadline."""

    ON_TIME = "on_time"  # done on or before the deadline
    DUE = "due"  # not done yet, the deadline has not passed
    LATE = "late"  # done after the deadline, or not done and the deadline has passed

    @property
    def label(self) -> str:
        """The status in English, marked for translation."""
        return _STATUS_LABELS[self]


_STATUS_LABELS: dict[DeadlineStatus, str] = {
    DeadlineStatus.ON_TIME: N_("on time"),
    DeadlineStatus.DUE: N_("due"),
    DeadlineStatus.LATE: N_("late"),
}


@dataclass(frozen=True)
class DeadlineCheck:
    """An action measured against its deadline.

    ``days`` is never negative: for ``DUE`` the days left (0 = the deadline is today), for
    ``LATE`` the days past the deadline, for ``ON_TIME`` the days to spare.
    """

    deadline: date
    status: DeadlineStatus
    days: int
    done_on: date | None = None

    @property
    def done(self) -> bool:
        """Whether the action (sending, submitting) has happened."""
        return self.done_on is not None


def check_deadline(deadline: date, *, today: date, done_on: date | None = None) -> DeadlineCheck:
    """Whether an action due by ``deadline`` (inclusive) is on time, due, or late, as of ``today``.

    Applies the notice rules of Procedures arts. 4.1, 5.6, 6 and 11.4 (and any other deadline
    of this package) to what happened: ``done_on`` is the day the invitation or documents went
    out, ``None`` if they have not. A deadline that passes without the action is ``LATE``, so
    the meeting pages and reminders can say so instead of staying silent.
    """
    if done_on is not None:
        if done_on > today:
            raise ValueError(f"done_on: {done_on} is after today ({today})")
        if done_on <= deadline:
            return DeadlineCheck(
                deadline, DeadlineStatus.ON_TIME, (deadline - done_on).days, done_on
            )
        return DeadlineCheck(deadline, DeadlineStatus.LATE, (done_on - deadline).days, done_on)
    if today <= deadline:
        return DeadlineCheck(deadline, DeadlineStatus.DUE, (deadline - today).days)
    return DeadlineCheck(deadline, DeadlineStatus.LATE, (today - deadline).days)
