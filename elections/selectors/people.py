"""Who is who for an election: officers, full members, mandates."""

from __future__ import annotations

from collections.abc import Iterable

from aer_portal.messages import render_with_article
from aer_portal.rules.messages import Message
from members.models import PortalAccess

# Membership on a day is the members app's; named here too for this app's selectors.
from members.selectors.memberships import current_categories as current_categories
from members.selectors.memberships import current_member_ids as current_member_ids
from members.selectors.memberships import full_member_ids as full_member_ids
from members.selectors.memberships import (
    people_with_regional_mandate as people_with_regional_mandate,
)


def render_reasons(messages: Iterable[Message]) -> list[str]:
    """Reasons in the reader's language, each followed by its article."""
    return [render_with_article(message) for message in messages]


# --- Who is who ------------------------------------------------------------------------


def member_officers(*, member_ids: Iterable[int] | None = None) -> list[PortalAccess]:
    """The officers' accounts of the given members (all members when ``None``), one query."""
    accesses = PortalAccess.objects.filter(
        role=PortalAccess.Role.OFFICER, user__is_active=True
    ).select_related("user", "member")
    if member_ids is not None:
        accesses = accesses.filter(member_id__in=list(member_ids))
    return list(accesses.order_by("member__name", "user__email"))
