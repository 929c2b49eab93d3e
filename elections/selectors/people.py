"""Who is who for an election: the Committee, officers, full members, mandates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.messages import Message
from governance.models import Mandate
from governance.selectors.bodies import current_mandates_q
from members.models import Membership, PortalAccess, RegionalMandate, User


def render_reasons(messages: Iterable[Message]) -> list[str]:
    """Reasons in the reader's language, each followed by its article."""
    return [message.render_with_article(gettext) for message in messages]


# --- Who is who ------------------------------------------------------------------------


def is_election_committee(*, user: User, on: date) -> bool:
    """Staff, or a person holding a running Election Committee mandate (Procedures art. 15.1)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if user.person_id is None:
        return False
    return Mandate.objects.filter(
        current_mandates_q(on),
        person_id=user.person_id,
        seat__body__kind=BodyKind.ELECTION_COMMITTEE,
    ).exists()


def officer_member_ids(*, user: User) -> set[int]:
    """The members for which the account is the officer who may nominate (one query)."""
    if not user.is_authenticated:
        return set()
    return set(
        PortalAccess.objects.filter(user=user, role=PortalAccess.Role.OFFICER).values_list(
            "member_id", flat=True
        )
    )


def current_categories(*, member_ids: Iterable[int], on: date) -> dict[int, str]:
    """Each member's membership category on the given day (one query); absent: none."""
    rows = (
        Membership.objects.filter(member_id__in=list(member_ids), board_decision__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .values_list("member_id", "category")
    )
    return dict(rows)


def full_member_ids(*, on: date) -> set[int]:
    """Members whose category is full membership on the given day (one query)."""
    return set(
        Membership.objects.filter(category=MemberCategory.FULL, board_decision__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .values_list("member_id", flat=True)
    )


def people_with_regional_mandate(*, person_ids: Iterable[int], on: date) -> set[int]:
    """Of the given people, those holding a regional political mandate (art. 15.2), one query."""
    return set(
        RegionalMandate.objects.filter(person_id__in=list(person_ids), starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .filter(Q(lost_on__isnull=True) | Q(lost_on__gt=on))
        .values_list("person_id", flat=True)
    )


def member_officers(*, member_ids: Iterable[int] | None = None) -> list[PortalAccess]:
    """The officers' accounts of the given members (all members when ``None``), one query."""
    accesses = PortalAccess.objects.filter(
        role=PortalAccess.Role.OFFICER, user__is_active=True
    ).select_related("user", "member")
    if member_ids is not None:
        accesses = accesses.filter(member_id__in=list(member_ids))
    return list(accesses.order_by("member__name", "user__email"))


def current_member_ids(*, on: date) -> set[int]:
    """Members with a membership of any category on the given day (one query)."""
    return set(
        Membership.objects.filter(board_decision__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .values_list("member_id", flat=True)
    )
