"""Motions and votes (Procedures art. 14): show of hands, online, and secret online votes."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from aer_portal import ballot_seal
from aer_portal.errors import DomainError
from aer_portal.history import history_author
from aer_portal.locks import share_row
from aer_portal.messages import render_with_article
from aer_portal.rules.votes import CastingVote, VoteCountError, VoteDecision, decide_vote
from governance.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Motion,
    SealedVote,
    VoteBallot,
    VoteCast,
)
from governance.models.votes import Choice
from members.access import require_secretariat
from members.models import User

VOTING_STATUSES = (Meeting.Status.CONVENED, Meeting.Status.DOCUMENTS_SENT, Meeting.Status.HELD)


def _votes_present(meeting: Meeting) -> int:
    total = Attendance.objects.filter(meeting=meeting, present=True).aggregate(total=Sum("votes"))
    return int(total["total"] or 0)


@transaction.atomic
def motion_propose(
    *,
    meeting: Meeting,
    text: str,
    method: str,
    actor: User | None,
    agenda_item: AgendaItem | None = None,
    secret_requested_by: str = "",
) -> Motion:
    """Puts a motion to the meeting.

    Procedures art. 14: votes are by show of hands, unless a member requests otherwise (a secret
    online vote, which names who asked), or by online voting at virtual meetings (a meeting with
    an online link).
    """
    require_secretariat(actor, message=_("Only the secretariat runs meetings."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status not in VOTING_STATUSES:
        raise DomainError(
            _("Motions are put to a convened meeting, until its minutes are approved."),
            field="text",
        )
    if not text.strip():
        raise DomainError(_("Say what the meeting decides on."), field="text")
    method = Motion.Method(method)
    if method == Motion.Method.ONLINE and not meeting.online_url:
        raise DomainError(
            _(
                "An open online vote is for virtual meetings (Procedures art. 14); this "
                "meeting has no online link."
            ),
            field="method",
        )
    if method == Motion.Method.SECRET and not secret_requested_by.strip():
        raise DomainError(
            _(
                "Votes are by show of hands unless a member requests "
                "otherwise (Procedures art. 14); name the member who asked."
            ),
            field="secret_requested_by",
        )
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise DomainError(_("The point is on another meeting's agenda."), field="agenda_item")
    motion = Motion(
        meeting=meeting,
        agenda_item=agenda_item,
        text=text.strip(),
        method=method,
        secret_requested_by=secret_requested_by.strip() if method == Motion.Method.SECRET else "",
    )
    try:
        motion.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field) from error
    history_author(motion, actor)
    motion.save()
    return motion


def _locked(motion: Motion) -> Motion:
    return Motion.objects.select_for_update().select_related("meeting").get(pk=motion.pk)


#: Which motion field each part of a count is entered in.
_COUNT_FIELDS = {
    "yes": "votes_for",
    "no": "votes_against",
    "abstain": "abstentions",
    "total": "votes_for",
    "casting_vote": "casting_vote",
}


def _casting(value: CastingVote | str | bool | None) -> CastingVote | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return CastingVote.FOR if value else CastingVote.AGAINST
    return CastingVote(value)


def _decide(
    *,
    yes: int,
    no: int,
    abstain: int,
    casting_vote: CastingVote | str | bool | None,
    votes_available: int | None,
) -> VoteDecision:
    """``rules.votes.decide_vote``; a refusal or an undecided tie becomes a DomainError."""
    try:
        casting = _casting(casting_vote)
    except ValueError as error:
        raise DomainError(
            _("Choose for, against, or that the President declined."),
            field="casting_vote",
        ) from error
    try:
        decision = decide_vote(
            yes=yes,
            no=no,
            abstain=abstain,
            casting_vote=casting,
            votes_available=votes_available,
        )
    except VoteCountError as error:
        field = _COUNT_FIELDS[error.part]
        raise DomainError(render_with_article(error.message), field=field) from error
    if not decision.final:
        raise DomainError(
            render_with_article(decision.reason),
            field="casting_vote",
        )
    return decision


def _record(
    motion: Motion, decision: VoteDecision, *, yes: int, no: int, abstain: int, now: datetime
) -> None:
    motion.votes_for, motion.votes_against, motion.abstentions = yes, no, abstain
    casting = decision.casting_vote
    motion.casting_vote = (
        None if casting in (None, CastingVote.DECLINED) else casting is CastingVote.FOR
    )
    motion.casting_declined = casting is CastingVote.DECLINED
    motion.outcome = decision.outcome
    motion.status = Motion.Status.CLOSED
    motion.closed_at = now
    motion.save()


@transaction.atomic
def motion_record_show_of_hands(
    *,
    motion: Motion,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    actor: User | None,
    now: datetime,
    casting_vote: CastingVote | str | bool | None = None,
) -> Motion:
    """Records the counts of a show of hands and the outcome by simple majority (art. 14).

    ``rules.votes.decide_vote`` decides: the counts may not exceed the votes of those present
    (attendance); a tie is decided by the casting vote of the body's President or fails when
    the record says the President declined; a tie with neither is refused, not saved as a
    decision; a casting vote without a tie is refused.
    """
    require_secretariat(actor, message=_("Only the secretariat runs meetings."))
    motion = _locked(motion)
    if motion.method != Motion.Method.SHOW_OF_HANDS or motion.status != Motion.Status.DRAFT:
        raise DomainError(
            _("Counts are entered once, for a motion voted by show of hands."),
            field="votes_for",
        )
    decision = _decide(
        yes=votes_for,
        no=votes_against,
        abstain=abstentions,
        casting_vote=casting_vote,
        votes_available=_votes_present(motion.meeting),
    )
    _record(motion, decision, yes=votes_for, no=votes_against, abstain=abstentions, now=now)
    return motion


@transaction.atomic
def motion_open(*, motion: Motion, actor: User | None, now: datetime) -> Motion:
    """Opens an online vote to those present with a vote (attendance)."""
    require_secretariat(actor, message=_("Only the secretariat runs meetings."))
    motion = _locked(motion)
    if not motion.is_online or motion.status != Motion.Status.DRAFT:
        raise DomainError(
            _("Only an online vote that has not started can be opened."), field="status"
        )
    if _votes_present(motion.meeting) == 0:
        raise DomainError(
            _("Record who is present first; only they vote (Procedures art. 14)."),
            field="attendance",
        )
    if problem := ballot_seal.key_problem():
        raise DomainError(problem, field="status")
    motion.status = Motion.Status.OPEN
    motion.opened_at = now
    history_author(motion, actor)
    motion.save(update_fields=["status", "opened_at"])
    return motion


@transaction.atomic
def vote_cast(*, motion: Motion, user: User, choice: str) -> None:
    """Casts the person's vote(s) on an open online motion; once, however many requests.

    Who voted (VoteCast) and what, sealed (SealedVote: the choice and the number of votes the
    person holds, which only the ballot key opens), are written to two tables with no link;
    the motion row is locked so the vote cannot close half-way, and the unique (motion, voter)
    constraint refuses a second vote, also a simultaneous one. The ballots appear, one per
    vote and in a random order, only when the vote closes (``motion_close``).

    The lock on the motion is shared: the Assembly's votes do not queue behind one another,
    and the close (which locks the motion for update) waits until every vote in progress is
    written, so none lands after the count (README, Load test).
    """
    share_row(Motion, motion.pk)
    motion = Motion.objects.get(pk=motion.pk)
    if motion.status != Motion.Status.OPEN:
        raise DomainError(_("The vote is not open."), field="choice")
    if choice not in Choice.values:
        raise DomainError(_("Choose for, against or abstain."), field="choice")
    attendance = (
        Attendance.objects.filter(meeting_id=motion.meeting_id, person_id=user.person_id)
        .filter(present=True, votes__gt=0)
        .first()
        if user.person_id is not None
        else None
    )
    if attendance is None:
        raise DomainError(
            _("Only those present with a vote take part (attendance, Procedures art. 14)."),
            field="choice",
        )
    try:
        envelope = ballot_seal.seal(
            {"choice": choice, "votes": attendance.votes}, context=_motion_context(motion.pk)
        )
    except ballot_seal.SealError as error:
        raise DomainError(
            _("The portal cannot seal votes now; tell the secretariat."), field="choice"
        ) from error
    try:
        with transaction.atomic():
            VoteCast.objects.create(motion=motion, voter_id=attendance.person_id)
            SealedVote.objects.create(motion=motion, envelope=envelope)
    except IntegrityError as error:
        raise DomainError(_("You have voted on this motion already."), field="choice") from error


def _motion_context(motion_id: int) -> str:
    """What a sealed vote is bound to: this motion, and nothing else."""
    return f"governance.motion:{motion_id}"


def _unseal_votes(motion: Motion) -> Counter[str]:
    """Opens every sealed vote of the motion, writes one ballot per vote in a random order in
    this transaction, deletes the envelopes and returns the counts per choice.

    Changes nothing and refuses when the ballot key does not open them: the vote stays open
    and no vote is lost (README, "Secret ballots").
    """
    sealed = list(SealedVote.objects.filter(motion=motion).values_list("envelope", flat=True))
    ballots: list[VoteBallot] = []
    try:
        for envelope in sealed:
            payload = ballot_seal.open_envelope(envelope, context=_motion_context(motion.pk))
            choice, votes = payload.get("choice"), payload.get("votes")
            if choice not in Choice.values or not isinstance(votes, int) or votes < 1:
                raise ballot_seal.SealError("not a vote on this motion")
            ballots.extend(VoteBallot(motion=motion, choice=choice) for _vote in range(votes))
    except ballot_seal.SealError as error:
        raise DomainError(
            _(
                "The ballot key does not open the sealed votes (was BALLOT_KEY or "
                "SECRET_KEY changed?); the vote stays open and no vote is lost. Restore the key, "
                "then close the vote."
            ),
            field="status",
        ) from error
    VoteBallot.objects.bulk_create(ballot_seal.shuffled(ballots))
    SealedVote.objects.filter(motion=motion).delete()
    return Counter(ballot.choice for ballot in ballots)


@transaction.atomic
def motion_close(
    *,
    motion: Motion,
    actor: User | None,
    now: datetime,
    casting_vote: CastingVote | str | bool | None = None,
) -> Motion:
    """Closes an online vote, counts the ballots and records the outcome (art. 14).

    ``rules.votes.decide_vote`` decides, as for a show of hands: on a tie the vote stays open
    until the closing names the President's casting vote or that the President declined.
    """
    require_secretariat(actor, message=_("Only the secretariat runs meetings."))
    motion = _locked(motion)
    if motion.status != Motion.Status.OPEN:
        raise DomainError(_("The vote is not open."), field="status")
    counts = _unseal_votes(motion)
    yes, no, abstain = counts[Choice.YES], counts[Choice.NO], counts[Choice.ABSTAIN]
    decision = _decide(
        yes=yes, no=no, abstain=abstain, casting_vote=casting_vote, votes_available=None
    )
    _record(motion, decision, yes=yes, no=no, abstain=abstain, now=now)
    return motion
