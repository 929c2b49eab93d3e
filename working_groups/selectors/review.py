"""Reads about the Executive Board's online review of working-group proposals: whether it is
open, the votes, the queue and what awaits each Board member, in a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from aer_portal.prepared import Late, prepared_rows
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.working_group_review import earliest_review_meeting_day
from governance.models import Meeting
from working_groups.models import (
    ProposalSupport,
    ReviewComment,
    ReviewVote,
    WorkingGroupProposal,
)


def review_open(proposal: WorkingGroupProposal, *, now: datetime) -> bool:
    """Whether Board members may still vote: under review and its Board meeting not begun.

    The online review runs "before the meeting" (issue #7): it closes when the Board meeting
    the proposal was queued for starts, or when the decision is recorded. A proposal queued
    while no Board meeting was planned, or whose meeting was cancelled, stays open.
    """
    meeting = proposal.board_meeting
    return _review_open(
        proposal.status,
        meeting_status=meeting.status if meeting else None,
        meeting_starts_at=meeting.starts_at if meeting else None,
        now=now,
    )


def _review_open(
    status: str, *, meeting_status: str | None, meeting_starts_at: datetime | None, now: datetime
) -> bool:
    """:func:`review_open` from a row's values."""
    if status != WorkingGroupProposal.Status.SUBMITTED:
        return False
    if meeting_starts_at is None or meeting_status == Meeting.Status.CANCELLED:
        return True
    return now < meeting_starts_at


def tally(votes: Iterable[ReviewVote]) -> dict[str, int]:
    """How many Board members chose approve, reject and abstain."""
    counts = {choice.value: 0 for choice in ReviewVote.Choice}
    for vote in votes:
        counts[vote.choice] += 1
    return counts


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT subquery (joins of several counts would multiply each other)."""
    counted = queryset.order_by().values("proposal_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@dataclass(frozen=True)
class QueueEntry:
    """One proposal in the Board's review queue, as plain values."""

    pk: int
    title: str
    lead_region: str
    policy_area: str
    meeting_starts_at: datetime | None
    review_is_open: bool
    my_vote: str
    supporters: int
    approve: int
    reject: int
    abstain: int
    comments: int

    @property
    def my_vote_label(self) -> str:
        return str(ReviewVote.Choice(self.my_vote).label) if self.my_vote else ""


def review_queue_count() -> int:
    """How many proposals await the Board's decision (one query)."""
    return WorkingGroupProposal.objects.filter(status=WorkingGroupProposal.Status.SUBMITTED).count()


def review_queue(
    *, person_id: int | None, now: datetime, offset: int = 0, limit: int | None = None
) -> list[QueueEntry]:
    """The proposals awaiting the Board's decision, oldest first, from ``offset`` and at most
    ``limit`` of them (all without a limit), with counts and the reader's own vote.

    Two queries, whatever the number of proposals, votes and comments: the proposals as rows
    cut in the database with their supporters and comments counted there, then the votes of
    those proposals (a few Board members each), counted here. A third when a proposal was
    queued while no Board meeting was planned: it shows the next Board meeting instead.
    """
    proposals = (
        WorkingGroupProposal.objects.filter(status=WorkingGroupProposal.Status.SUBMITTED)
        .order_by("submitted_at", "pk")
        .values_list(
            "pk",
            "topic",
            "status",
            "submitted_at",
            "lead_region__name",
            "policy_area__portfolio",
            "board_meeting__status",
            "board_meeting__starts_at",
            _count(
                ProposalSupport.objects.filter(
                    proposal=OuterRef("pk"), status=ProposalSupport.Status.CONFIRMED
                )
            ),
            _count(ReviewComment.objects.filter(proposal=OuterRef("pk"))),
        )
    )
    rows = list(proposals[offset : None if limit is None else offset + limit])
    counts: dict[int, dict[str, int]] = {
        row[0]: dict.fromkeys(ReviewVote.Choice.values, 0) for row in rows
    }
    mine: dict[int, str] = {}
    for proposal_id, voter_id, choice in ReviewVote.objects.filter(
        proposal__in=list(counts)
    ).values_list("proposal_id", "voter_id", "choice"):
        counts[proposal_id][choice] += 1
        if voter_id == person_id:
            mine[proposal_id] = choice
    upcoming: list[Meeting] = []
    if any(row[7] is None for row in rows):
        upcoming = list(
            Meeting.objects.filter(body__kind=BodyKind.EXECUTIVE_BOARD, starts_at__gt=now)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("starts_at")[:24]
        )
    untitled = gettext("Untitled proposal")
    entries = []
    for (
        pk,
        topic,
        status,
        submitted_at,
        lead_region,
        portfolio,
        meeting_status,
        meeting_starts_at,
        supporters,
        comments,
    ) in rows:
        if meeting_starts_at is None:
            meeting = _review_meeting(submitted_at, upcoming)
            meeting_starts_at = meeting.starts_at if meeting else None
        entries.append(
            QueueEntry(
                pk=pk,
                title=topic or untitled,
                lead_region=lead_region,
                # As Seat.portfolio_name, in the reader's language when the catalogue has it;
                # a dash without a policy area.
                policy_area=gettext(portfolio) if portfolio else "—" if portfolio is None else "",
                meeting_starts_at=meeting_starts_at,
                review_is_open=_review_open(
                    status,
                    meeting_status=meeting_status,
                    meeting_starts_at=meeting_starts_at if meeting_status else None,
                    now=now,
                ),
                my_vote=mine.get(pk, ""),
                supporters=supporters,
                approve=counts[pk][ReviewVote.Choice.APPROVE],
                reject=counts[pk][ReviewVote.Choice.REJECT],
                abstain=counts[pk][ReviewVote.Choice.ABSTAIN],
                comments=comments,
            )
        )
    return entries


def _review_meeting(submitted_at: datetime | None, upcoming: list[Meeting]) -> Meeting | None:
    """For a proposal queued while no Board meeting was planned far enough ahead: the first
    one now planned that leaves the Board its week with the documents (Procedures art. 6)."""
    assert submitted_at is not None
    earliest = earliest_review_meeting_day(timezone.localdate(submitted_at))
    return next((m for m in upcoming if timezone.localdate(m.starts_at) >= earliest), None)


class AwaitingProposal(NamedTuple):
    """A proposal under review as the dashboard names it, as plain values."""

    pk: int
    topic: str
    lead_region: str
    meeting_starts_at: datetime | None


def _awaiting(rows: QuerySet, limit: int | None) -> QuerySet:
    """The first ``limit`` rows (all without a limit), each with how many rows there are:
    the database counts them beside the rows."""
    rows = rows.order_by("submitted_at", "pk").values_list(
        "pk",
        "topic",
        "lead_region__name",
        "board_meeting__starts_at",
        Window(Count("pk")),
    )
    return rows if limit is None else rows[:limit]


def _fetched(rows: list[tuple[Any, ...]]) -> tuple[list[AwaitingProposal], int]:
    return [AwaitingProposal(*row[:4]) for row in rows], rows[0][4] if rows else 0


def _not_voted_by(person_id: int) -> RawSQL:
    """The proposal of the outer query has no vote of this person, as plain SQL: the same
    ``~Exists(...)`` took the ORM longer to compile than the rest of the dashboard's query
    (issue 16)."""
    qn = connection.ops.quote_name
    votes, proposals = qn(ReviewVote._meta.db_table), qn(WorkingGroupProposal._meta.db_table)
    # Names from the models, the person a parameter: nothing to inject.
    sql = (
        f"NOT EXISTS (SELECT 1 FROM {votes} WHERE {votes}.proposal_id = {proposals}.id"  # noqa: S608
        f" AND {votes}.voter_id = %s)"
    )
    return RawSQL(sql, (person_id,), output_field=BooleanField())  # noqa: S611


def _awaiting_review(person_id: int, limit: int | None) -> QuerySet:
    return _awaiting(
        WorkingGroupProposal.objects.filter(
            Q(board_meeting__isnull=True)
            | Q(board_meeting__status=Meeting.Status.CANCELLED)
            | Q(board_meeting__starts_at__gt=Late("now", DateTimeField())),
            _not_voted_by(person_id),
            status=WorkingGroupProposal.Status.SUBMITTED,
        ),
        limit,
    )


def awaiting_review(
    *, person_id: int, now: datetime, limit: int | None = None
) -> tuple[list[AwaitingProposal], int]:
    """The first ``limit`` proposals under review (all without a limit), oldest first, on which
    this Board member has not voted yet, and how many there are (one query, compiled once per
    Board member (aer_portal.prepared): the database counts them beside the rows)."""
    return _fetched(prepared_rows(_awaiting_review, person_id, limit, bind={"now": now}))


def _awaiting_decision(limit: int | None) -> QuerySet:
    return _awaiting(
        WorkingGroupProposal.objects.filter(status=WorkingGroupProposal.Status.SUBMITTED), limit
    )


def awaiting_decision(*, limit: int | None = None) -> tuple[list[AwaitingProposal], int]:
    """The first ``limit`` proposals under review (all without a limit), oldest first, and how
    many there are: for the secretariat's dashboard (one query, compiled once: the database
    counts them beside the rows)."""
    return _fetched(prepared_rows(_awaiting_decision, limit))


def decision_form_initial(*, proposal: WorkingGroupProposal) -> dict[str, int]:
    """The online votes, as the decision form starts from them (one query)."""
    counts = tally(ReviewVote.objects.filter(proposal=proposal))
    return {
        "approve_votes": counts[ReviewVote.Choice.APPROVE],
        "reject_votes": counts[ReviewVote.Choice.REJECT],
        "abstentions": counts[ReviewVote.Choice.ABSTAIN],
    }
