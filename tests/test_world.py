"""The shared world's `built_once`: one build for a class, nothing left behind by a test or by
the class."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from members.models import Member
from tests.factories import MemberFactory
from tests.world import ROLES, built_once, people

# The checks below follow each other: one worker runs them in file order.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("shared-world")]


class TestBuiltOnce:
    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker) -> Iterator[Member]:  # type: ignore[no-untyped-def]
        with built_once(django_db_blocker):
            yield MemberFactory(name="Built once")

    def test_the_world_is_there_and_a_test_writes_beside_it(self, world: Member) -> None:
        assert Member.objects.filter(pk=world.pk).exists()
        MemberFactory(name="Written by a test")

    def test_the_next_test_sees_the_world_but_not_the_previous_writes(self, world: Member) -> None:
        assert Member.objects.filter(pk=world.pk).exists()
        assert not Member.objects.filter(name="Written by a test").exists()


def test_the_world_is_gone_after_its_class() -> None:
    assert not Member.objects.filter(name="Built once").exists()


def test_people_are_the_five_roles_with_two_factor_for_board_and_staff() -> None:
    region_a, region_b = MemberFactory(), MemberFactory()
    users = people(region_a, region_b)
    assert tuple(users) == ROLES and users["anonymous"] is None
    assert users["region A"].accesses.get().member == region_a  # type: ignore[union-attr]
    assert users["region B"].accesses.get().member == region_b  # type: ignore[union-attr]
    for role in ("board member", "staff"):
        assert users[role].authenticator_set.filter(type="totp").count() == 1  # type: ignore[union-attr]
    # An account that already has two-factor keeps its one authenticator.
    again = people(region_a, region_b, board=users["board member"], staff=users["staff"])
    assert again["board member"].authenticator_set.filter(type="totp").count() == 1  # type: ignore[union-attr]
