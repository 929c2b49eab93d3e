"""Election day: talliers, rounds, paper counts and the online secret ballot (arts. 15.7–15.9)."""

from __future__ import annotations

import secrets
from base64 import b32encode
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aer_portal import ballot_seal
from aer_portal.dates import day
from aer_portal.errors import DomainError, Refused
from aer_portal.locks import share_row
from aer_portal.rules.elections import RUNOFF_CANDIDATES, RoundResult, round_result
from aer_portal.validation import validate_and_save
from elections.models import (
    Ballot,
    BallotBox,
    Candidacy,
    Election,
    Position,
    Round,
    RoundCandidate,
    RoundVoter,
    SealedBallot,
)
from elections.selectors.rounds import standing_candidacies, stored_result
from elections.selectors.voting import electorate_on, receipt_hash, receipt_tag, voting_right
from governance.selectors.roles import office_roles
from members.access import may_run_elections
from members.models import User

#: Random bytes in a receipt code: 80 bits, written as 16 characters in four groups.
RECEIPT_BYTES = 10


def _require_committee(actor: User, *, now: datetime, what: str) -> None:
    if not may_run_elections(office_roles(user=actor, on=timezone.localdate(now))):
        raise Refused(
            _(
                "Only the Election Committee or the secretariat runs the election "
                "(Procedures art. 15.1)."
            )
        )


@transaction.atomic
def talliers_record(
    *, election: Election, tallier_one: str, tallier_two: str, actor: User, now: datetime
) -> Election:
    """Records the two members who preside over the election and count the votes (art. 15.7)."""
    _require_committee(actor, now=now, what="talliers")
    one, two = tallier_one.strip(), tallier_two.strip()
    for field, value in (("tallier_one", one), ("tallier_two", two)):
        if not value:
            raise DomainError(
                _(
                    "The election is presided over by two talliers (Procedures art. "
                    "15.7); give both names."
                ),
                field=field,
            )
    if one.casefold() == two.casefold():
        raise DomainError(
            _("The two talliers are two different people (Procedures art. 15.7)."),
            field="tallier_two",
        )
    election = Election.objects.select_for_update(of=("self",)).get(pk=election.pk)
    election.tallier_one, election.tallier_two = one, two
    validate_and_save(election, actor=actor, exclude=("portfolio",))
    return election


def _next_round_plan(position: Position) -> tuple[int, int, list[Candidacy]]:
    """The seat, round number and candidates of the position's next round."""
    rounds = list(
        position.rounds.order_by("seat_number", "number").prefetch_related("candidates__candidacy")
    )
    last = rounds[-1] if rounds else None
    if last is None or last.elected_id is not None:
        seat = 1 if last is None else last.seat_number + 1
        if seat > position.seats:
            raise DomainError(
                _("All %(seats)d seat(s) of %(position)s are filled.")
                % {"seats": position.seats, "position": position}
            )
        return seat, 1, standing_candidacies(position=position)
    if last.is_open:
        raise DomainError(_("Round %(number)d is still open.") % {"number": last.number})
    candidates = list(last.candidates.all())
    advancing = [c.candidacy for c in candidates if c.advances]
    if len(advancing) < min(RUNOFF_CANDIDATES, len(candidates)):
        raise DomainError(
            _(
                "Candidates are tied for the second round; the Election Committee "
                "chooses who stands first (Procedures arts. 15.1, 15.7)."
            )
        )
    return last.seat_number, last.number + 1, advancing


@transaction.atomic
def round_open(
    *,
    position: Position,
    method: str,
    actor: User,
    now: datetime,
    secret: bool = True,
    secrecy_decision: str = "",
) -> Round:
    """Opens the next round for a position: the first round of the next seat among every
    standing candidate, or the second round between the two with the most votes (art. 15.7).

    Only on or after the General Assembly's day, once the two talliers are recorded; the vote
    is secret unless the body's unanimous decision to the contrary is recorded (art. 15.9).
    """
    _require_committee(actor, now=now, what="round")
    position = (
        Position.objects.select_for_update(of=("self",))
        .select_related("election__meeting")
        .get(pk=position.pk)
    )
    election = position.election
    if position.is_ratification:
        raise DomainError(_("The Bureau is ratified as a list, not elected in rounds."))
    if timezone.localdate(now) < election.election_day:
        raise DomainError(
            _("Voting opens at the General Assembly on %(day)s.")
            % {"day": day(election.election_day)}
        )
    if election.results_published_on is not None:
        raise DomainError(_("The results of this election are published."))
    if not election.talliers_recorded:
        raise DomainError(
            _(
                "Record the two talliers who preside over the election first "
                "(Procedures art. 15.7)."
            ),
            field="tallier_one",
        )
    if method not in Round.Method.values:
        raise DomainError(_("Choose paper ballots or the online ballot."), field="method")
    if not secret and not secrecy_decision.strip():
        raise DomainError(
            _(
                "Elections are by secret ballot unless the body decides "
                "otherwise unanimously (Procedures art. 15.9); record that decision."
            ),
            field="secrecy_decision",
        )
    if method == Round.Method.ONLINE and (problem := ballot_seal.key_problem()):
        raise DomainError(problem, field="method")
    seat, number, candidacies = _next_round_plan(position)
    if not candidacies:
        raise DomainError(
            _(
                "No accepted candidate stands for %(position)s; the seat stays vacant "
                "(the General Assembly may leave it to the Executive Board, arts. 15 C–D)."
            )
            % {"position": position}
        )
    online = method == Round.Method.ONLINE
    round = Round(
        position=position,
        ballot_box=BallotBox.objects.create() if online else None,
        seat_number=seat,
        number=number,
        method=method,
        secret=secret,
        secrecy_decision="" if secret else secrecy_decision.strip(),
        opened_at=now,
        electorate=electorate_on(on=timezone.localdate(now)) if online else None,
    )
    validate_and_save(round, actor=actor)
    for index, candidacy in enumerate(candidacies, start=1):
        validate_and_save(
            RoundCandidate(round=round, candidacy=candidacy, number=index), actor=actor
        )
    return round


def receipt_code() -> str:
    """A new random receipt code, e.g. ``K7QX-2MFA-9B4T-WZ3C``."""
    raw = b32encode(secrets.token_bytes(RECEIPT_BYTES)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _box_context(box_id: object) -> str:
    """What a sealed envelope is bound to: this ballot box, and nothing else."""
    return f"elections.ballot:{box_id}"


@transaction.atomic
def ballot_cast(*, round: Round, voter: User, choice: int | None, now: datetime) -> str:
    """Casts a member's secret vote in an online round and returns the voter's receipt code.

    Two rows that share only the round: who voted (``RoundVoter``, unique per person and per
    member in the database, so a second vote — even at the same instant — fails) and what was
    voted, sealed (``SealedBallot``: an envelope that only the ballot key opens, Procedures art.
    15.9), so that nothing in the database — row order, ids, transaction ids — links the two
    while the round is open. The code itself is shown once to the voter and stored nowhere.
    A refused vote saves nothing; a recorded one stays in the database until the round closes.
    """
    closed = _("This round is not open for online voting.")
    if not round.is_open or not round.is_online:
        raise DomainError(closed)
    # Who may vote and which numbers the ballot has do not change while the round is open:
    # read before the lock. Whether the member has voted is not asked: the unique constraints
    # below refuse a second vote (of the member or the person), at the same instant or later,
    # with the same message; asking first cost a query on the request the Assembly makes at once.
    right = voting_right(user=voter, round=round, on=timezone.localdate(now), ask_voted=False)
    if right.reasons:
        raise DomainError(_("You may not vote: %(reasons)s") % {"reasons": " ".join(right.reasons)})
    already = _("Your member has already voted in this round; a vote cannot be changed.")
    numbers = set(
        RoundCandidate.objects.filter(round_id=round.pk).order_by().values_list("number", flat=True)
    )
    if choice is not None and choice not in numbers:
        raise DomainError(_("Choose a candidate on the ballot or a blank vote."), field="choice")
    # A shared lock: voters do not wait for one another, and the close (``select_for_update``
    # of the round) waits for every vote in progress, so no ballot lands after the count.
    share_row(Round, round.pk)
    locked = Round.objects.get(pk=round.pk)
    if not locked.is_open or not locked.is_online:
        raise DomainError(closed)
    assert right.member is not None and right.person is not None
    assert locked.ballot_box_id is not None
    code = receipt_code()
    try:
        envelope = ballot_seal.seal(
            {"choice": choice, "receipt": receipt_hash(code)},
            context=_box_context(locked.ballot_box_id),
        )
        tag = receipt_tag(code)
    except ballot_seal.SealError as error:
        raise DomainError(
            _("The portal cannot seal ballots now; tell the Election Committee.")
        ) from error
    # No savepoint of its own (two queries fewer): a refused insert leaves this transaction
    # only to be rolled back, which the DomainError does as it leaves ``ballot_cast``.
    try:
        RoundVoter.objects.create(round=locked, member=right.member, person=right.person)
    except IntegrityError as error:
        raise DomainError(already) from error
    SealedBallot.objects.create(box_id=locked.ballot_box_id, receipt_tag=tag, envelope=envelope)
    return code


def _unseal_box(round: Round, numbers: set[int]) -> list[int | None]:
    """Opens every sealed ballot of an online round, writes the counted ballots in a random
    order in this transaction and deletes the envelopes; returns the choices.

    Refuses (and changes nothing) when the envelopes do not match the voters one for one or
    when the ballot key does not open them: the round then stays open, every ballot kept.
    """
    box_id = round.ballot_box_id
    assert box_id is not None  # an online round has its ballot box
    sealed = list(SealedBallot.objects.filter(box_id=box_id).values_list("envelope", flat=True))
    voters = RoundVoter.objects.filter(round=round).count()
    if len(sealed) != voters:
        raise DomainError(
            _(
                "%(ballots)d sealed ballots for %(voters)d voters; the ballot box does not "
                "match the register of voters, so it is not counted. Tell the operator."
            )
            % {"ballots": len(sealed), "voters": voters}
        )
    ballots: list[Ballot] = []
    try:
        for envelope in sealed:
            payload = ballot_seal.open_envelope(envelope, context=_box_context(box_id))
            choice, receipt = payload.get("choice"), payload.get("receipt")
            if (choice is not None and choice not in numbers) or not isinstance(receipt, str):
                raise ballot_seal.SealError("not a ballot of this round")
            ballots.append(Ballot(box_id=box_id, choice=choice, receipt_hash=receipt))
    except ballot_seal.SealError as error:
        raise DomainError(
            _(
                "The ballot key does not open the sealed ballots (was BALLOT_KEY or "
                "SECRET_KEY changed?); the round stays open and no ballot is lost. Restore the "
                "key (README, Secret ballots), then close the round."
            )
        ) from error
    # Random order, random keys, one transaction: nothing in the rows follows the voting order.
    Ballot.objects.bulk_create(ballot_seal.shuffled(ballots))
    SealedBallot.objects.filter(box_id=box_id).delete()
    return [b.choice for b in ballots]


def _apply_result(
    round: Round, *, counts: dict[RoundCandidate, int], actor: User, now: datetime
) -> RoundResult:
    result = round_result({str(c.pk): votes for c, votes in counts.items()}, blank=round.blank)
    for candidate, votes in counts.items():
        candidate.votes = votes
        candidate.advances = str(candidate.pk) in result.runoff
        validate_and_save(candidate, actor=actor)
    if result.elected is not None:
        round.elected = next(c.candidacy for c in counts if str(c.pk) == result.elected)
    round.status = Round.Status.CLOSED
    round.closed_at = now
    validate_and_save(round, actor=actor)
    return result


@transaction.atomic
def round_close(*, round: Round, actor: User, now: datetime) -> RoundResult:
    """Closes an online round and counts its ballots; only now do the counts exist (art. 15.8).

    The round row is locked and must be open, so closing twice, or at the same time, counts
    once: the second attempt finds it closed. The sealed ballots are opened here (``_unseal_box``).
    """
    _require_committee(actor, now=now, what="round")
    round = Round.objects.select_for_update(of=("self",)).get(pk=round.pk)
    if not round.is_open or not round.is_online:
        raise DomainError(_("Only an open online round is closed and counted here."))
    candidates = list(round.candidates.select_related("candidacy"))
    tally: dict[int | None, int] = {}
    for choice in _unseal_box(round, {c.number for c in candidates}):
        tally[choice] = tally.get(choice, 0) + 1
    round.blank = tally.pop(None, 0)
    return _apply_result(
        round, counts={c: tally.get(c.number, 0) for c in candidates}, actor=actor, now=now
    )


@transaction.atomic
def round_record_counts(
    *,
    round: Round,
    votes: dict[int, int],
    blank: int,
    invalid: int,
    actor: User,
    now: datetime,
) -> RoundResult:
    """Records the talliers' count of a paper round and closes it (arts. 15.7, 15.8).

    ``votes`` maps each candidate in the round (``RoundCandidate`` key) to their votes.
    Blank and invalid ballots are recorded and not counted as cast.
    """
    _require_committee(actor, now=now, what="round")
    round = Round.objects.select_for_update(of=("self",)).get(pk=round.pk)
    if not round.is_open or round.is_online:
        raise DomainError(_("Only an open paper round takes the talliers' counts."))
    candidates = list(round.candidates.select_related("candidacy__person"))
    for candidate in candidates:
        count = votes.get(candidate.pk)
        if count is None or count < 0:
            raise DomainError(
                _("Give the number of votes (0 or more) for %(person)s.")
                % {"person": candidate.candidacy.person},
                field=f"votes_{candidate.pk}",
            )
    for field, value in (("blank", blank), ("invalid", invalid)):
        if value < 0:
            raise DomainError(_("A count is 0 or more."), field=field)
    round.blank, round.invalid = blank, invalid
    return _apply_result(round, counts={c: votes[c.pk] for c in candidates}, actor=actor, now=now)


@transaction.atomic
def round_tie_resolve(
    *, round: Round, advancing: list[int], decision: str, actor: User, now: datetime
) -> Round:
    """The Election Committee chooses who of the tied candidates stands in the second round.

    Procedures art. 15.7 allows two candidates and gives no tie-break; art. 15.1 puts the
    Committee in charge, and its decision (e.g. "drawn by lot by the talliers") is recorded.
    ``advancing`` are ``RoundCandidate`` keys.
    """
    _require_committee(actor, now=now, what="round")
    round = Round.objects.select_for_update(of=("self",)).get(pk=round.pk)
    if round.is_open or round.elected_id is not None:
        raise DomainError(_("Only a closed round without a winner can have a tie."))
    result = stored_result(round)
    if not result.tie_for_runoff:
        raise DomainError(_("The second round's candidates are decided by the votes."))
    needed = RUNOFF_CANDIDATES - len(result.runoff)
    chosen = {str(pk) for pk in advancing}
    if len(chosen) != needed or not chosen <= set(result.tie_for_runoff):
        raise DomainError(
            _("Choose %(count)d of the tied candidates.") % {"count": needed},
            field="advancing",
        )
    if not decision.strip():
        raise DomainError(
            _("Record how the Election Committee decided, e.g. by lot."),
            field="decision",
        )
    for candidate in round.candidates.all():
        if str(candidate.pk) in chosen:
            candidate.advances = True
            validate_and_save(candidate, actor=actor)
    round.tie_resolution = decision.strip()
    validate_and_save(round, actor=actor)
    return round
