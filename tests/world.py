"""The one test world every app's page tests start from: who asks, and how they log in.

DESIGN's security model has five people: an anonymous visitor, an officer of region A, an
officer of region B, an Executive Board member and a staff member. `people()` makes them for
two regions an app's test built its own way (fees builds paying members, elections full members
with delegates...); `client_for()` gives a test client logged in as one of them. An app adds
what only it needs (the Treasurer, the Election Committee, a working group's invited region)
through a few fields on a subclass of `World` and small functions next to its tests.

`built_once()` lets a class-scoped fixture build a world once for tests that only read it: the
rows live in a transaction rolled back when the class ends, and each test still runs in its own
savepoint, so what one test writes the next does not see. (A module-scoped world would stay in
the database under the module's other tests, which build their own.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import time_machine
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.test import Client, override_settings

from members.models import Member, User
from tests.factories import board_member, member_officer, staff_user, with_totp

#: The five people of DESIGN's security model, in the order the access tables state statuses.
ROLES = ("anonymous", "region A", "region B", "board member", "staff")


@dataclass
class World:
    """Regions A and B and the five people. An app's world adds its own rows by subclassing
    this with a few fields (the fees world adds invoices, the members world contacts)."""

    region_a: Member
    region_b: Member
    users: dict[str, User | None]

    def user(self, role: str) -> User | None:
        return self.users[role]

    def client(self, role: str) -> Client:
        return client_for(self.users[role])


def people(
    region_a: Member,
    region_b: Member,
    *,
    officer_a: User | None = None,
    officer_b: User | None = None,
    board: User | None = None,
    staff: User | None = None,
) -> dict[str, User | None]:
    """The five people for regions A and B, keyed by ROLES. An officer is made for a region
    unless given; the Board member and staff get two-factor, as the portal asks of them."""
    return {
        "anonymous": None,
        "region A": officer_a or member_officer(member=region_a),
        "region B": officer_b or member_officer(member=region_b),
        "board member": _two_factor(board or board_member()),
        "staff": _two_factor(staff or staff_user()),
    }


def _two_factor(user: User) -> User:
    """Gives `user` two-factor unless an app's factory already did."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return user
    return with_totp(user)


def login(client: Client, user: User | None) -> Client:
    """Logs `client` in as `user` (nobody for None) and returns it."""
    if user is not None:
        client.force_login(user)
    return client


def client_for(user: User | None, **defaults: Any) -> Client:
    """A fresh test client logged in as `user`, or anonymous for None."""
    return login(Client(**defaults), user)


@contextmanager
def built_once(
    django_db_blocker: Any, *, media_root: Path | None = None, now: Any = None
) -> Iterator[None]:
    """Opens the test database to a class-scoped fixture; everything it builds is rolled back
    when the fixture ends. Use it only for worlds the tests do not change: a test's own writes
    are undone after it, but the Python objects the world holds are shared.

    `media_root` keeps the files the world stores for as long as it lives; `now` holds the
    clock there (ticking) for the build and the tests, as `time_machine.move_to` does for one.
    """
    with ExitStack() as stack:
        stack.enter_context(django_db_blocker.unblock())
        stack.enter_context(transaction.atomic())
        if media_root is not None:
            stack.enter_context(override_settings(MEDIA_ROOT=media_root))
        if now is not None:
            stack.enter_context(time_machine.travel(now))
        yield
        transaction.set_rollback(True)
