"""The roles an account has in the portal: staff, offices in AER bodies, member regions.

``PortalRoles`` and the questions asked of it live in ``members.access`` (they are about
people); the offices come from governance's mandates, so they are filled in here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar
from uuid import uuid4

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Body, Mandate, Seat
from governance.selectors.bodies import current_mandates_q
from members.access import NO_ROLES, PortalRoles
from members.models import Country, Member, PortalAccess, User
from members.selectors.memberships import user_accesses

__all__ = [
    "NO_ROLES",
    "PortalRoles",
    "connect_role_signals",
    "office_roles",
    "page_roles",
    "portal_roles",
    "two_factor_enabled",
]

T = TypeVar("T")

#: The cache key whose value versions every account's cached roles; a new value on any change
#: of what roles are made of.
ROLES_VERSION_KEY = "portal-roles:version"
#: What roles are made of: a change to one of these rows makes every cached role stale.
ROLE_SOURCES = (Mandate, Seat, Body, PortalAccess, Member, Country, Authenticator)


def _offices(*, user: User, on: date) -> set[tuple[str, str]]:
    """The (body kind, seat role) of the account's running mandates (one query, none without
    a person)."""
    if user.person_id is None:
        return set()
    return set(
        Mandate.objects.filter(current_mandates_q(on), person_id=user.person_id).values_list(
            "seat__body__kind", "seat__role"
        )
    )


def _roles(
    *, user: User, offices: set[tuple[str, str]], accesses: tuple[PortalAccess, ...]
) -> PortalRoles:
    kinds = {kind for kind, _role in offices}
    return PortalRoles(
        is_staff=user.is_staff,
        is_board_member=BodyKind.EXECUTIVE_BOARD in kinds,
        is_treasurer=(BodyKind.EXECUTIVE_BOARD, Seat.Role.TREASURER) in offices,
        is_election_committee_member=BodyKind.ELECTION_COMMITTEE in kinds,
        accesses=accesses,
    )


def portal_roles(*, user: User, on: date) -> PortalRoles:
    """Staff, offices and member-region rights of an account on the given day (two queries)."""
    if not user.is_authenticated or not user.is_active:
        return NO_ROLES
    return _roles(
        user=user, offices=_offices(user=user, on=on), accesses=tuple(user_accesses(user=user))
    )


def office_roles(*, user: User | None, on: date) -> PortalRoles:
    """Staff and offices of an account on the given day, regions left out (one query).

    For the services whose question is about an office only (the Election Committee, the
    Treasurer, the Executive Board): they ask ``members.access`` of these roles, at the cost
    the old per-office selectors had. ``user=None`` (the portal itself) has no roles.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ROLES
    return _roles(user=user, offices=_offices(user=user, on=on), accesses=())


def page_roles(*, user: User, on: date) -> PortalRoles:
    """:func:`portal_roles` for the pages (``request.portal``), from the cache when nothing
    they are made of changed since (issue 19: two queries on every page, 200 delegates at once).

    The offices and accesses are cached per account and day, with the version
    (:data:`ROLES_VERSION_KEY`) they were read under; every save or delete of a mandate, seat,
    body, portal access, member, country or two-factor authenticator gives the version a new
    value (right away and again when the transaction commits, see :func:`roles_changed`), so a
    withdrawn access or a new Board seat shows on the next page. ``PORTAL_ROLES_CACHE_SECONDS``
    bounds what a change that bypasses the model signals (a queryset ``update()``) could leave;
    0 turns the cache off (the test suite, whose query counts name the two queries). Staff and
    active come from the account row itself, read on every request. Writes check their actor
    with :func:`portal_roles` or :func:`office_roles`, never from here.
    """
    if not user.is_authenticated or not user.is_active:
        return portal_roles(user=user, on=on)
    offices, accesses = _cached(
        f"portal-roles:{user.pk}:{on.isoformat()}",
        lambda: (_offices(user=user, on=on), tuple(user_accesses(user=user))),
    )
    return _roles(user=user, offices=offices, accesses=accesses)


def two_factor_enabled(*, user: User) -> bool:
    """Whether the account has set up two-factor authentication (allauth's
    ``is_mfa_enabled``), from the cache under the roles' version: the two-factor rule asks it
    on every page of staff and Board members, a query each (about 1 ms of an admin page)."""
    return _cached(f"portal-two-factor:{user.pk}", lambda: bool(is_mfa_enabled(user)))


def _cached(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, from the cache when it was stored under the current roles' version."""
    seconds = getattr(settings, "PORTAL_ROLES_CACHE_SECONDS", 0)
    if not seconds:
        return compute()
    found = cache.get_many([ROLES_VERSION_KEY, key])
    version, cached = found.get(ROLES_VERSION_KEY), found.get(key)
    if cached is not None and version is not None and cached[0] == version:
        value: T = cached[1]
        return value
    if version is None:
        version = uuid4().hex
        cache.add(ROLES_VERSION_KEY, version, None)
    value = compute()
    # Stored under the version read before computing: a change committed meanwhile has given
    # the version a new value, so this entry is never used.
    cache.set(key, (version, value), seconds)
    return value


def _new_version() -> None:
    cache.set(ROLES_VERSION_KEY, uuid4().hex, None)


def roles_changed(**kwargs: Any) -> None:
    """A row roles are made of changed: every cached role is stale, now and at the commit
    (a page computing roles between the two would otherwise cache the old rows)."""
    _new_version()
    transaction.on_commit(_new_version)


def connect_role_signals() -> None:
    """Called once by the portal app's ``ready()``, in every process (web and Celery)."""
    for model in ROLE_SOURCES:
        post_save.connect(roles_changed, sender=model, dispatch_uid=f"roles-{model.__name__}")
        post_delete.connect(
            roles_changed, sender=model, dispatch_uid=f"roles-{model.__name__}-delete"
        )
