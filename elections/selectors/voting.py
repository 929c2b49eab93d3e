"""Voting: turnout, the electorate, the right to vote and receipts (Procedures arts. 15.2,
15.9)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import get_language, gettext

from aer_portal import ballot_seal
from aer_portal.rules.ballots import Voter, electorate_size, turnout_percent, voter_ineligibility
from elections.models import Ballot, Round, RoundCandidate, RoundVoter, SealedBallot
from elections.selectors.people import (
    current_categories,
    full_member_ids,
    people_with_regional_mandate,
    render_reasons,
)
from members.models import Member, Person, PortalAccess, User
from members.selectors.memberships import suspended_member_ids


@dataclass(frozen=True)
class Turnout:
    """How many have voted in an open round, out of how many can: never what they voted."""

    voted: int
    electorate: int

    @property
    def percent(self) -> int:
        return turnout_percent(voted=self.voted, electorate=self.electorate)


def round_turnout(*, round: Round) -> Turnout:
    """The live turnout of a round (one query)."""
    return Turnout(voted=round.voters.count(), electorate=round.electorate or 0)


def electorate_on(*, on: date) -> int:
    """One vote per full member whose rights are not suspended (two queries)."""
    return electorate_size(full_member_ids(on=on), suspended_member_ids=suspended_member_ids(on=on))


@dataclass(frozen=True)
class VotingRight:
    """Whether an account may vote in a round now, for which member, or why not."""

    member: Member | None
    person: Person | None
    reasons: tuple[str, ...] = ()
    already_voted: bool = False

    @property
    def may_vote(self) -> bool:
        return self.member is not None and not self.reasons and not self.already_voted


#: How long a voter's eligibility and a round's candidates stay cached (seconds). The key
#: names the round's state, so a round that closes or a new round never reads them; within an
#: open round a change of mandate or membership shows on the ballot page after this at most;
#: ``ballot_cast`` checks the right to vote itself, uncached, on every vote.
ROUND_CACHE_SECONDS = 120


def _round_key(round: Round) -> str:
    """What versions the cached facts of a round: its id, state and when it opened/closed."""
    closed = round.closed_at.timestamp() if round.closed_at else ""
    return f"{round.pk}:{round.status}:{round.opened_at.timestamp()}:{closed}"


def round_candidates(*, round: Round) -> list[RoundCandidate]:
    """The candidates of a round with their people and members, cached for the round.

    The ballot and confirmation pages of the whole Assembly ask for the same list at once.
    """
    key = f"round-candidates:{_round_key(round)}"
    candidates: list[RoundCandidate] | None = cache.get(key)
    if candidates is None:
        candidates = list(
            round.candidates.select_related("candidacy__person", "candidacy__member").order_by(
                "number"
            )
        )
        cache.set(key, candidates, ROUND_CACHE_SECONDS)
    return candidates


def voting_right(*, user: User, round: Round, on: date, ask_voted: bool = True) -> VotingRight:
    """Whether the account's person votes in ``round`` for one of the members it acts for.

    Procedures arts. 15.2, 3.5 and the electorate of :mod:`aer_portal.rules.ballots`: one vote
    per full member, cast by one of its delegates or officers who holds a regional political
    mandate. Read-only accounts do not vote. Asked from the database every time: this is the
    check ``ballot_cast`` makes; the pages use :func:`ballot_page_right`. ``ask_voted=False``
    leaves out whether the member has voted (``already_voted`` is then False): for
    ``ballot_cast``, whose unique constraints refuse a second vote anyway.
    """
    return _right(user=user, round=round, on=on, cached=False, ask_voted=ask_voted)


def ballot_page_right(*, user: User, round: Round, on: date) -> VotingRight:
    """:func:`voting_right` for the ballot and confirmation pages, which a whole Assembly asks
    within seconds: who the person acts for and why they may not vote are cached for the round
    (:data:`ROUND_CACHE_SECONDS`); whether their member has voted is asked every time. The
    vote itself (``ballot_cast``) asks :func:`voting_right`, uncached.
    """
    return _right(user=user, round=round, on=on, cached=True)


def _right(
    *, user: User, round: Round, on: date, cached: bool, ask_voted: bool = True
) -> VotingRight:
    if not user.is_authenticated or user.person_id is None:
        return VotingRight(None, None, (gettext("Your account is not linked to a delegate."),))
    if cached:
        key = f"voting-right:{_round_key(round)}:{user.pk}:{on.isoformat()}:{get_language()}"
        facts: tuple[Member | None, Person, tuple[str, ...]] | None = cache.get(key)
        if facts is None:
            facts = _eligibility(user=user, on=on)
            cache.set(key, facts, ROUND_CACHE_SECONDS)
    else:
        facts = _eligibility(user=user, on=on)
    member, person, reasons = facts
    if member is None or not ask_voted:
        return VotingRight(member, person, reasons)
    already = RoundVoter.objects.filter(Q(member=member) | Q(person=person), round=round).exists()
    return VotingRight(member, person, reasons, already)


def _eligibility(*, user: User, on: date) -> tuple[Member | None, Person, tuple[str, ...]]:
    """The member the account votes for and why it may not (art. 15.2), from the database."""
    assert user.person_id is not None
    person = Person.objects.select_related("member").get(pk=user.person_id)
    accesses = list(
        PortalAccess.objects.filter(
            user=user, role__in=[PortalAccess.Role.OFFICER, PortalAccess.Role.DELEGATE]
        ).select_related("member")
    )
    access = next((a for a in accesses if a.member_id == person.member_id), None)
    if access is None and accesses:
        access = accesses[0]
    if access is None:
        return None, person, (gettext("Your account does not act for a member."),)
    member = access.member
    voter = Voter(
        holds_regional_political_mandate=bool(
            people_with_regional_mandate(person_ids=[person.pk], on=on)
        ),
        member_category=current_categories(member_ids=[member.pk], on=on).get(member.pk),
        member_suspended=member.pk in suspended_member_ids(on=on),
        belongs_to_member=person.member_id == member.pk,
    )
    return member, person, tuple(render_reasons(voter_ineligibility(voter)))


def _normal_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def receipt_hash(code: str) -> str:
    """The SHA-256 of a receipt code, ignoring case, spaces and dashes; what a counted ballot
    keeps."""
    return hashlib.sha256(_normal_code(code).encode("ascii", "ignore")).hexdigest()


def receipt_tag(code: str) -> str:
    """The keyed hash of a receipt code that a sealed ballot keeps while its round is open."""
    return ballot_seal.receipt_tag(_normal_code(code))


@dataclass(frozen=True)
class ReceiptStatus:
    """What a receipt code says: whether its ballot is recorded and whether it was counted."""

    round: Round | None
    counted: bool = False

    @property
    def found(self) -> bool:
        return self.round is not None


def receipt_status(*, code: str) -> ReceiptStatus:
    """The round whose ballot box holds the ballot with this receipt (two queries at most).

    While the round is open the ballot is sealed ("recorded"); once it closed, it is a counted
    ballot ("counted"). Never what it says, so that a receipt cannot prove a vote to anyone.
    """
    related = "box__round__position__election"
    ballot = Ballot.objects.filter(receipt_hash=receipt_hash(code)).select_related(related).first()
    if ballot is not None:
        return ReceiptStatus(ballot.box.round, counted=True)
    try:
        tag = receipt_tag(code)
    except ballot_seal.SealError:
        return ReceiptStatus(None)
    sealed = SealedBallot.objects.filter(receipt_tag=tag).select_related(related).first()
    return ReceiptStatus(sealed.box.round if sealed else None)
