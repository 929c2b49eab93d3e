"""Who votes in an election at the General Assembly, and how many votes there are.

Procedures art. 15.2 (delegates hold a regional political mandate), art. 3.5 (a member that has
not paid its fee has its rights suspended) and art. 15.8 (simple majority of those present and
voting). Each function returns the reasons in words so that the voting page can say why.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from aer_portal.rules import N_
from aer_portal.rules.membership import MemberCategory, as_member_category
from aer_portal.rules.messages import Message

#: Interpretation: one vote per full member at an election of the General Assembly.
VOTES_PER_MEMBER = 1


@dataclass(frozen=True)
class Voter:
    """What the voting rules need to know about a delegate who asks to vote."""

    holds_regional_political_mandate: bool
    member_category: MemberCategory | str | None
    member_suspended: bool
    belongs_to_member: bool = True


def voter_ineligibility(voter: Voter) -> tuple[Message, ...]:
    """Every reason ``voter`` may not vote for their member; empty when they may.

    Interpretation (the portal's reading of the electorate, Procedures arts. 15.2, 15.8 and
    3.5): the General Assembly's voters are its full members, each with
    ``VOTES_PER_MEMBER`` vote, cast by one delegate of that member who holds a current regional
    political mandate (art. 15.2) while the member's rights are not suspended for unpaid fees
    (art. 3.5). The delegate is a person of that member (``belongs_to_member``).
    """
    reasons: list[Message] = []
    if not voter.holds_regional_political_mandate:
        reasons.append(
            Message.of(
                N_("You do not hold a regional political mandate, which delegates must hold."),
                article="Procedures art. 15.2",
            )
        )
    category = voter.member_category
    if category is None or as_member_category(category) is not MemberCategory.FULL:
        reasons.append(
            Message.of(
                N_("Only full members vote in the General Assembly's elections."),
                article="Procedures art. 15.8",
            )
        )
    if voter.member_suspended:
        reasons.append(
            Message.of(
                N_("Your member's rights are suspended for unpaid fees."),
                article="Procedures art. 3.5",
            )
        )
    if not voter.belongs_to_member:
        reasons.append(
            Message.of(
                N_("Only a delegate of the member, one of its own people, casts its vote."),
                article="Procedures art. 15.2",
            )
        )
    return tuple(reasons)


def electorate_size(
    full_member_ids: Iterable[int], *, suspended_member_ids: Iterable[int] = ()
) -> int:
    """How many votes can be cast in a round: one per full member whose rights run.

    Procedures art. 3.5 and the interpretation of :func:`voter_ineligibility`.
    """
    suspended = set(suspended_member_ids)
    return VOTES_PER_MEMBER * len(set(full_member_ids) - suspended)


def turnout_percent(*, voted: int, electorate: int) -> int:
    """The share of the electorate that has voted, in whole percent (rounded down).

    Shown live to the Executive Board while a round is open; it tells nothing of the counts.
    """
    if voted < 0 or electorate < 0:
        raise ValueError(f"voted, electorate: must not be negative, got {voted}, {electorate}")
    if electorate == 0:
        return 0
    return min(100, voted * 100 // electorate)
