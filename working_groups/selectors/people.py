"""Who asks and who is told: a person's regions, the Executive Board, e-mail recipients."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Prefetch,
    QuerySet,
)

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Mandate, Seat
from governance.selectors.bodies import current_mandates_q
from governance.selectors.roles import PortalRoles
from members.models import ContactRole, Member, Membership, Person, PortalAccess

# Membership on a day is the members app's; named here too for this app's selectors.
from members.selectors.memberships import current_member_ids as current_member_ids
from working_groups.models import (
    POLICY_AREA_SEATS,
    ReviewVote,
)

#: Support records the invited region sees; a suggestion stays between lead and secretariat.


# --- Who the asking person is ------------------------------------------------------------


def officer_region_ids(portal: PortalRoles) -> set[int]:
    """The members the person acts for as international relations officer (no query)."""
    return {a.member_id for a in portal.accesses if a.role == PortalAccess.Role.OFFICER}


def region_ids(portal: PortalRoles) -> set[int]:
    """Every member the person acts for, whatever the role (no query)."""
    return {a.member_id for a in portal.accesses}


def officer_regions(portal: PortalRoles) -> list[Member]:
    """The members the person may act for as officer, by name (no query)."""
    return [a.member for a in portal.accesses if a.role == PortalAccess.Role.OFFICER]


def current_category(*, member_id: int, on: date) -> str | None:
    """The member's category on ``on`` (None: not a member), from its membership history."""
    period = (
        Membership.objects.current_on(on)
        .filter(member_id=member_id)
        .order_by("-board_decision")
        .values_list("category", flat=True)
        .first()
    )
    return period


# --- Board and policy areas ----------------------------------------------------------------


def policy_areas() -> QuerySet[Seat]:
    """The Board's Vice-President seats with a portfolio: the policy areas a group can have."""
    return (
        Seat.objects.filter(**POLICY_AREA_SEATS)
        .exclude(portfolio="")
        .select_related("body")
        .order_by("portfolio")
    )


def board_mandates(*, on: date) -> QuerySet[Mandate]:
    """The Executive Board's running mandates, with their person and account."""
    return (
        Mandate.objects.filter(current_mandates_q(on), seat__body__kind=BodyKind.EXECUTIVE_BOARD)
        .select_related("person__account", "seat", "member")
        .order_by("seat__role", "seat__portfolio", "person__last_name")
    )


def president(*, on: date) -> Person | None:
    """Who holds the Board's President seat on ``on`` (casting vote, Procedures art. 14)."""
    mandate = (
        Mandate.objects.filter(
            current_mandates_q(on),
            seat__body__kind=BodyKind.EXECUTIVE_BOARD,
            seat__role=Seat.Role.PRESIDENT,
        )
        .select_related("person")
        .first()
    )
    return mandate.person if mandate else None


def holder_prefetch(on: date, to_attr: str, prefix: str = "") -> Any:
    """The running mandate(s) of a seat, with person and member, for ``prefetch_related``."""
    return Prefetch(
        f"{prefix}mandates",
        queryset=Mandate.objects.filter(current_mandates_q(on))
        .select_related("person", "member")
        .order_by("-starts_on"),
        to_attr=to_attr,
    )


def vice_president_of(seat: Seat | None) -> Mandate | None:
    """The running mandate prefetched on a policy-area seat (``current_holders``)."""
    if seat is None:
        return None
    holders: list[Mandate] = getattr(seat, "current_holders", [])
    return holders[0] if holders else None


# --- Recipients of e-mails ---------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """Where an e-mail goes, and in which language."""

    email: str
    language: str = "en"


def region_recipients(*, member_ids: Iterable[int]) -> dict[int, list[Recipient]]:
    """Each member's officers (their accounts) and international relations contacts.

    Two queries. An address appears once per member.
    """
    ids = list(member_ids)
    found: dict[int, dict[str, Recipient]] = {pk: {} for pk in ids}
    for access in PortalAccess.objects.filter(
        member_id__in=ids, role=PortalAccess.Role.OFFICER, user__is_active=True
    ).select_related("user"):
        email = access.user.email.lower()
        found[access.member_id].setdefault(email, Recipient(email, access.user.preferred_language))
    for person in Person.objects.filter(
        member_id__in=ids, contact_roles__role=ContactRole.Role.INTERNATIONAL_RELATIONS
    ).exclude(email=""):
        assert person.member_id is not None
        found[person.member_id].setdefault(person.email.lower(), Recipient(person.email.lower()))
    return {pk: list(recipients.values()) for pk, recipients in found.items()}


def board_recipients(*, on: date) -> list[Recipient]:
    """Every Executive Board member on ``on``: their account's address, else their own."""
    seen: dict[str, Recipient] = {}
    for mandate in board_mandates(on=on):
        person = mandate.person
        account = getattr(person, "account", None)
        if account is not None and account.is_active:
            seen.setdefault(
                account.email.lower(), Recipient(account.email.lower(), account.preferred_language)
            )
        elif person.email:
            seen.setdefault(person.email.lower(), Recipient(person.email.lower()))
    return list(seen.values())


def board_voters_without_vote(*, proposal_id: int, on: date) -> list[tuple[Recipient, int]]:
    """Board members on ``on`` who have not voted on the proposal, with their person's id."""
    voted = set(
        ReviewVote.objects.filter(proposal_id=proposal_id).values_list("voter_id", flat=True)
    )
    result: dict[int, tuple[Recipient, int]] = {}
    for mandate in board_mandates(on=on):
        person = mandate.person
        if person.pk in voted or person.pk in result:
            continue
        account = getattr(person, "account", None)
        if account is not None and account.is_active:
            result[person.pk] = (
                Recipient(account.email.lower(), account.preferred_language),
                person.pk,
            )
        elif person.email:
            result[person.pk] = (Recipient(person.email.lower()), person.pk)
    return list(result.values())
