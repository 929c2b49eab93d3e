"""Who may do what in the portal: the one module that services and views ask.

Two halves:

- :class:`PortalRoles` is what a person is on a day: secretariat staff, the offices they hold
  in AER bodies (Executive Board, its Treasurer, the Election Committee) and the member regions
  they act for. It lives in ``members`` because it is about people.
- The ``may_*`` questions decide, from those roles alone and without a query, whether the
  person may do one kind of thing; :func:`require` turns a "no" into
  :class:`aer_portal.errors.Refused`, which a form shows as a message and a view lets through
  as the 403 page.

Offices are seats in bodies, which ``governance`` owns and ``members`` must not import. So
``members`` only declares them (the ``is_board_member``, ``is_treasurer`` and
``is_election_committee_member`` fields) and ``governance.selectors.roles.portal_roles`` fills
them from the running mandates, in the same query that finds a Board seat. Apps above
``governance`` ask that function for an actor's roles; ``members`` itself writes only what the
secretariat or a region's officer may change, which needs no office, so its services use
:func:`account_roles` (the account's own rights, offices left out). No registry, no setting:
each caller imports the function it needs.

:class:`PortalRequest` is the request as the portal's views receive it, for type checking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from aer_portal.errors import Refused
from aer_portal.rules.bodies import Body as BodyKind
from members.models import Member, PortalAccess, User

View = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class PortalRoles:
    """What the logged-in person may do in the portal, worked out once per request or write."""

    is_staff: bool
    is_board_member: bool
    accesses: tuple[PortalAccess, ...]
    is_treasurer: bool = False
    is_election_committee_member: bool = False

    @property
    def acting_for(self) -> Member | None:
        """The member the person acts for (the first by name, when there are several)."""
        return self.accesses[0].member if self.accesses else None

    @property
    def is_member_user(self) -> bool:
        return bool(self.accesses)

    @property
    def requires_two_factor(self) -> bool:
        """Staff and Executive Board members must use two-factor authentication."""
        return self.is_staff or self.is_board_member

    @property
    def is_officer(self) -> bool:
        """Whether the person is an international relations officer of some member region."""
        return any(a.role == PortalAccess.Role.OFFICER for a in self.accesses)

    def officer_of(self, member_id: int) -> bool:
        """Whether the person is an international relations officer of the member."""
        return any(
            a.member_id == member_id and a.role == PortalAccess.Role.OFFICER for a in self.accesses
        )


NO_ROLES = PortalRoles(is_staff=False, is_board_member=False, accesses=())


class PortalRequest(HttpRequest):
    """An ``HttpRequest`` with the portal's account and its roles.

    ``portal.middleware.PortalRolesMiddleware`` sets ``portal``; Django's authentication sets
    ``user``; django-htmx's middleware sets ``htmx`` (true when htmx sent the request). Views
    that let anonymous visitors in check ``request.user.is_authenticated`` as usual.
    """

    user: User
    portal: PortalRoles
    htmx: HtmxDetails


def account_roles(*, user: User) -> PortalRoles:
    """The account's own rights (staff, regions acted for), without offices (one query).

    For the ``members`` app's writes, which no office grants; every other caller asks
    ``governance.selectors.roles.portal_roles``, which adds the offices.
    """
    if not user.is_authenticated or not user.is_active:
        return NO_ROLES
    accesses = PortalAccess.objects.filter(user=user).select_related("member__country")
    return PortalRoles(
        is_staff=user.is_staff,
        is_board_member=False,
        accesses=tuple(accesses.order_by("member__name")),
    )


# --- The questions -------------------------------------------------------------------------


def may_run_secretariat(roles: PortalRoles) -> bool:
    """Secretariat work: bodies, mandates, meetings, memberships, fee calls, payments."""
    return roles.is_staff


def may_correct_contacts(roles: PortalRoles, *, member_id: int) -> bool:
    """Staff and the member's officers correct its contacts; delegates and viewers read."""
    return roles.is_staff or roles.officer_of(member_id)


def may_act_as_officer(roles: PortalRoles, *, member_id: int) -> bool:
    """Only an international relations officer acts for a region (its PortalAccess role)."""
    return roles.officer_of(member_id)


def may_act_for_region(roles: PortalRoles, *, member_id: int) -> bool:
    """Staff, and the member's officers (nominating, withdrawing a candidacy)."""
    return roles.is_staff or roles.officer_of(member_id)


def is_officer_of(user: User | None, *, member_id: int) -> bool:
    """Whether an active account is an international relations officer of the member (one
    query): the ``members`` writes an officer may make for the region, which no office grants
    (asking for, or giving, its contacts a portal account)."""
    return user is not None and may_act_as_officer(account_roles(user=user), member_id=member_id)


def may_manage_working_group(roles: PortalRoles, *, chair_member_id: int | None) -> bool:
    """The secretariat and the officers of the Chair's region manage a working group's
    meetings and activities (Procedures art. 11.3); no Chair's region, the secretariat only."""
    return roles.is_staff or (chair_member_id is not None and roles.officer_of(chair_member_id))


#: The bodies the General Assembly elects and whose results the Election Committee publishes
#: (Procedures art. 15 A-D): their mandates are the Committee's to record.
ELECTED_BODY_KINDS = frozenset(
    {
        BodyKind.EXECUTIVE_BOARD,
        BodyKind.BUREAU,
        BodyKind.MONITORING_AND_EVALUATION_GROUP,
        BodyKind.ELECTION_COMMITTEE,
    }
)


def may_keep_body_records(
    roles: PortalRoles, *, body_kind: str, chair_member_id: int | None
) -> bool:
    """Who creates a body, schedules its meetings and records its mandates: the secretariat
    for every body; the Election Committee for the elected bodies, whose results it publishes
    (art. 15.1); for a working group, the officers of its Chair's region (art. 11.3)."""
    if roles.is_staff:
        return True
    if body_kind in ELECTED_BODY_KINDS:
        return roles.is_election_committee_member
    if body_kind == BodyKind.WORKING_GROUP:
        return chair_member_id is not None and roles.officer_of(chair_member_id)
    return False


def proposing_member_ids(roles: PortalRoles) -> list[int]:
    """The members for which the person submits General Assembly proposals (art. 4.2): those
    they act for as officer or delegate."""
    submitting = (PortalAccess.Role.OFFICER, PortalAccess.Role.DELEGATE)
    return [a.member_id for a in roles.accesses if a.role in submitting]


def may_see_treasury(roles: PortalRoles) -> bool:
    """Staff and the Treasurer (Procedures arts. 3.4, 13): the budget and its figures."""
    return roles.is_staff or roles.is_treasurer


def may_decide_as_treasurer(roles: PortalRoles) -> bool:
    """Only the Treasurer decides on fee reductions, exemptions and credit notes (art. 3.4)."""
    return roles.is_treasurer


def may_run_elections(roles: PortalRoles) -> bool:
    """The Election Committee runs the elections, with the secretariat (art. 15.1)."""
    return roles.is_staff or roles.is_election_committee_member


def may_review_proposals(roles: PortalRoles) -> bool:
    """Executive Board members review working-group proposals; staff follow the review."""
    return roles.is_staff or roles.is_board_member


def may_vote_on_proposals(roles: PortalRoles) -> bool:
    """Only Executive Board members vote in the online review of a working-group proposal."""
    return roles.is_board_member


def may_review_applications(roles: PortalRoles) -> bool:
    """Executive Board members read the applications awaiting their decision (Procedures
    arts. 2.1, 3.1.1); staff follow them."""
    return roles.is_staff or roles.is_board_member


def may_vote_on_applications(roles: PortalRoles) -> bool:
    """Only Executive Board members vote in the online vote on an application (art. 14)."""
    return roles.is_board_member


def require(allowed: bool, message: str, *, field: str | None = None) -> None:
    """Raises :class:`Refused` with ``message`` (a translated sentence) unless ``allowed``."""
    if not allowed:
        raise Refused(message, field=field)


def require_secretariat(
    actor: User | None, *, message: str | None = None, field: str | None = None
) -> None:
    """Refuses anyone but secretariat staff (a flag of the account: no query).

    ``actor=None`` is the portal itself (the demo data, the benchmark, a scheduled task with
    no person behind it): no person to refuse. A person always passes their own account.
    """
    if actor is None:
        return
    require(
        actor.is_authenticated and actor.is_active and actor.is_staff,
        message or _("Only the secretariat may do this."),
        field=field,
    )


def may_use_member_pages(roles: PortalRoles) -> bool:
    """Accounts that act for a member region, and staff (invoices, statements)."""
    return roles.is_staff or roles.is_member_user


def page_for(
    question: Callable[[PortalRoles], bool], message: Callable[[], str]
) -> Callable[[View], View]:
    """A view for those the question lets in: the login page for anonymous visitors, the 403
    page with ``message()`` (translated when asked) for the others.

    Views ask only this for a whole page; what a person may change is the services' to decide.
    Put it under ``require_POST``/``require_GET`` so that a wrong method is a 405 for everyone,
    as the access table (tests/test_access.py) states.
    """

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: PortalRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require(question(request.portal), message())
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


#: The pages of the fee run, payments and exports: the secretariat's.
secretariat_page = page_for(may_run_secretariat, lambda: _("This page is for the secretariat."))
#: Invoices and statements: a member region's own, and the secretariat's.
member_page = page_for(
    may_use_member_pages, lambda: _("This page is for member regions and the secretariat.")
)
#: The budget and the Treasurer's decisions (Procedures arts. 3.4, 13).
treasury_page = page_for(
    may_see_treasury, lambda: _("This page is for the Treasurer and the secretariat.")
)
#: The election desk (Procedures art. 15.1).
election_desk_page = page_for(
    may_run_elections,
    lambda: _(
        "This page is for the Election Committee and the secretariat (Procedures art. 15.1)."
    ),
)
#: The applications awaiting the Executive Board's decision: its members' and the secretariat's.
board_applications_page = page_for(
    may_review_applications,
    lambda: _("This page is for the Executive Board and the secretariat."),
)
