"""Reads about membership applications: the secretariat's list, the checks of one application
against the membership history, the applicant's status link."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core import signing
from django.db.models import F, QuerySet

from aer_portal.rules.applications import (
    admission_refusal,
    category_refusal,
    fee_figures_refusal,
)
from aer_portal.rules.messages import Message
from members.models import Member, MembershipApplication, PortalAccess, User

#: Salt of the applicant's status link (members.services.applications.application_status_token).
STATUS_SALT = "members.application.status"


def application_from_token(token: str) -> MembershipApplication | None:
    """The application a status link points to, or ``None`` for a forged or broken link."""
    try:
        pk = signing.loads(token, salt=STATUS_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return MembershipApplication.objects.select_related("country", "member").filter(pk=pk).first()


def applications_for_secretariat() -> QuerySet[MembershipApplication]:
    """Every application, open ones first, newest first, with what the list shows."""
    # Undecided applications have no decision date: they sort first.
    return MembershipApplication.objects.select_related("country", "member").order_by(
        F("decided_on").desc(nulls_first=True), "-submitted_at"
    )


def matching_member(application: MembershipApplication) -> Member | None:
    """The member record the applicant already has: the one it applied from, or a member of
    the same name in the same country (a former member applying again keeps its history)."""
    if application.member_id is not None:
        return application.member
    return Member.objects.filter(
        name__iexact=application.name.strip(), country_id=application.country_id
    ).first()


def application_refusals(application: MembershipApplication, *, on: date) -> list[Message]:
    """Every reason the Board could not approve the application on ``on``, with its article:
    the category for the entity's kind, the fee figures, and the membership history of the
    applicant's record (Procedures arts. 2.1, 2.2: observer status)."""
    reasons = [
        category_refusal(kind=application.kind, category=application.category),
        fee_figures_refusal(
            category=application.category,
            population=application.population,
            relative_gdp=application.relative_gdp,
        ),
    ]
    member = matching_member(application)
    if member is not None:
        history = [(m.category, m.ended_on) for m in member.memberships.all()]
        reasons.append(
            admission_refusal(category=application.category, decision=on, history=history)
        )
    return [reason for reason in reasons if reason is not None]


def render_refusals(reasons: list[Message], translate: Callable[[str], str]) -> list[str]:
    return [reason.render_with_article(translate) for reason in reasons]


def may_give_notice(*, user: User, member_id: int) -> bool:
    """Only the member's officers (and the secretariat on their behalf) give notice."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    return PortalAccess.objects.filter(
        user=user, member_id=member_id, role=PortalAccess.Role.OFFICER
    ).exists()
