"""Who may vote at a meeting, and with how many votes (Procedures arts. 3.5, 14, 15.2).

The Bureau's allocation (two votes per country, office regions, substitutes) is
:func:`aer_portal.rules.votes.bureau_votes`; this module decides who is entitled at all and
gives the other bodies their votes.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from aer_portal.rules import N_
from aer_portal.rules.messages import Message

#: Interpretation: each full member's delegation casts one vote at the General Assembly. The
#: Statute, which sets it, is not available to us, so this is a setting the caller may change.
GENERAL_ASSEMBLY_VOTES_PER_MEMBER = 1


@dataclass(frozen=True)
class Attendee:
    """A person seated at a meeting, as far as the right to vote goes.

    ``member_id`` is the member the person represents (``None`` for someone who represents
    none); ``holds_regional_mandate`` is on the meeting day; ``member_suspended`` says the
    member's rights are suspended for unpaid fees; ``member_observer`` says the region the
    person represents is an observer on the meeting day (Procedures art. 2).
    """

    person_id: Hashable
    member_id: Hashable | None = None
    present: bool = True
    holds_regional_mandate: bool = True
    member_suspended: bool = False
    member_observer: bool = False


def observer_no_vote_reason() -> Message:
    """Why a representative of an observer region has no vote in any AER body.

    Procedures art. 2: observer status is granted for a determined period, after which the
    entity "shall inform AER of its wish to become a member or not". Interpretation
    (DESIGN.md): an observer is therefore not a member; its representatives attend and speak,
    and have no vote in any body, whatever seat they hold.
    """
    return Message.of(
        N_(
            "Represents an observer region: observers are not members and have no vote in any body."
        ),
        article="Procedures art. 2",
    )


@dataclass(frozen=True)
class VotingRight:
    """How many votes one attendee casts, and why, in words."""

    person_id: Hashable
    votes: int
    reason: Message


def no_vote_reason(attendee: Attendee) -> Message | None:
    """Why ``attendee`` may not vote at all; ``None`` when they may.

    Procedures art. 14: votes are counted among "those present and voting"; art. 2: observers
    are not members (:func:`observer_no_vote_reason`); art. 15.2: delegates in all bodies must
    hold a regional political mandate; art. 3.5: the rights of a member that has not paid its
    fee are suspended.
    """
    if not attendee.present:
        return Message.of(N_("Absent: no vote."), article="Procedures art. 14")
    if attendee.member_observer:
        return observer_no_vote_reason()
    if not attendee.holds_regional_mandate:
        return Message.of(
            N_("Holds no regional political mandate on the day of the meeting: no vote."),
            article="Procedures art. 15.2",
        )
    if attendee.member_suspended:
        return Message.of(
            N_("The member's rights are suspended for unpaid fees: no vote."),
            article="Procedures art. 3.5",
        )
    return None


def one_vote_each(attendees: Iterable[Attendee]) -> tuple[VotingRight, ...]:
    """One vote for every entitled attendee: the Executive Board, working groups and others.

    Procedures art. 14 (simple majority of those present and voting), with the conditions of
    :func:`no_vote_reason`. Interpretation: every member of these bodies has one vote.
    """
    rights = []
    for attendee in attendees:
        reason = no_vote_reason(attendee)
        if reason is None:
            reason = Message.of(N_("Present and entitled: one vote."), article="Procedures art. 14")
            rights.append(VotingRight(attendee.person_id, 1, reason))
        else:
            rights.append(VotingRight(attendee.person_id, 0, reason))
    return tuple(rights)


def general_assembly_votes(
    attendees: Iterable[Attendee], *, votes_per_member: int = GENERAL_ASSEMBLY_VOTES_PER_MEMBER
) -> tuple[VotingRight, ...]:
    """The votes at a General Assembly: each full member's delegation casts its votes.

    Interpretation (the Statute is not available): a member's ``votes_per_member`` votes are
    cast by its first entitled delegate present, in the order given; the other delegates of the
    same member sit without a vote of their own. Entitlement as in :func:`no_vote_reason`
    (arts. 14, 15.2, 3.5). An attendee who represents no member has no vote.
    """
    if votes_per_member < 1:
        raise ValueError(f"votes_per_member: must be at least 1, got {votes_per_member}")
    rights = []
    voted_for: set[Hashable] = set()
    for attendee in attendees:
        reason = no_vote_reason(attendee)
        if reason is not None:
            rights.append(VotingRight(attendee.person_id, 0, reason))
        elif attendee.member_id is None:
            rights.append(
                VotingRight(
                    attendee.person_id,
                    0,
                    Message.of(N_("Represents no member: no vote."), article="Procedures art. 14"),
                )
            )
        elif attendee.member_id in voted_for:
            rights.append(
                VotingRight(
                    attendee.person_id,
                    0,
                    Message.of(
                        N_("Another delegate of the same member casts its vote."),
                        article="Procedures art. 14",
                    ),
                )
            )
        else:
            voted_for.add(attendee.member_id)
            rights.append(
                VotingRight(
                    attendee.person_id,
                    votes_per_member,
                    Message.of(
                        N_("Casts the member's {votes} vote(s)."),
                        article="Procedures art. 14",
                        votes=votes_per_member,
                    ),
                )
            )
    return tuple(rights)
