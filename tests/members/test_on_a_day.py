"""Membership, regional mandates and suspensions on a day: the one definition of each, its
edges (first day, last day, open end, not yet begun) in SQL and in its Python twin."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from members.models import (
    Country,
    Membership,
    RegionalMandate,
    Suspension,
    membership_running_q,
)
from tests.factories import MemberFactory, MembershipFactory, PersonFactory
from tests.members.factories import RegionalMandateFactory, SuspensionFactory

pytestmark = pytest.mark.django_db

DECIDED = date(2024, 3, 10)
ENDED = date(2025, 6, 30)
DAY = timedelta(days=1)


def _membership_runs(membership: Membership, day: date) -> bool:
    in_sql = Membership.objects.current_on(day).filter(pk=membership.pk).exists()
    assert in_sql == membership.is_current_on(day), "the query and its Python twin disagree"
    return in_sql


def test_a_closed_membership_runs_from_its_decision_to_its_last_day_included() -> None:
    membership = MembershipFactory(board_decision=DECIDED, ended_on=ENDED)
    assert not _membership_runs(membership, DECIDED - DAY)
    assert _membership_runs(membership, DECIDED)
    assert _membership_runs(membership, ENDED)
    assert not _membership_runs(membership, ENDED + DAY)


def test_an_open_membership_runs_on_and_a_future_one_has_not_begun() -> None:
    open_ended = MembershipFactory(board_decision=DECIDED)
    future = MembershipFactory(board_decision=date(2030, 1, 1))
    assert _membership_runs(open_ended, date(2099, 12, 31))
    assert not _membership_runs(future, date(2029, 12, 31))
    assert _membership_runs(future, date(2030, 1, 1))


def test_the_same_period_must_run_when_reached_through_a_join() -> None:
    """A past period and a future one of one member are not a period running today."""
    member = MemberFactory()
    MembershipFactory(member=member, board_decision=DECIDED, ended_on=ENDED)
    MembershipFactory(member=member, board_decision=date(2027, 1, 1))
    between = date(2026, 1, 1)
    assert not Membership.objects.current_on(between).filter(member=member).exists()
    assert not Country.objects.filter(
        membership_running_q(between, "members__memberships__")
    ).exists()
    assert Country.objects.filter(membership_running_q(ENDED, "members__memberships__")).exists()


def _mandate_held(mandate: RegionalMandate, day: date) -> bool:
    in_sql = RegionalMandate.objects.holding_on(day).filter(pk=mandate.pk).exists()
    assert in_sql == mandate.holds_on(day), "the query and its Python twin disagree"
    return in_sql


def test_a_regional_mandate_is_held_from_its_first_to_its_last_day() -> None:
    mandate = RegionalMandateFactory(
        person=PersonFactory(), starts_on=DECIDED, ends_on=ENDED, lost_on=None
    )
    assert not _mandate_held(mandate, DECIDED - DAY)
    assert _mandate_held(mandate, DECIDED)
    assert _mandate_held(mandate, ENDED)
    assert not _mandate_held(mandate, ENDED + DAY)


def test_a_regional_mandate_lost_is_no_longer_held_on_the_day_it_is_lost() -> None:
    """Procedures art. 15.2: the day the mandate is lost, the delegate no longer holds it."""
    lost_on = date(2025, 1, 15)
    mandate = RegionalMandateFactory(
        person=PersonFactory(), starts_on=DECIDED, ends_on=None, lost_on=lost_on
    )
    assert _mandate_held(mandate, lost_on - DAY)
    assert not _mandate_held(mandate, lost_on)


def test_an_open_regional_mandate_runs_on_and_a_future_one_has_not_begun() -> None:
    open_ended = RegionalMandateFactory(
        person=PersonFactory(), starts_on=DECIDED, ends_on=None, lost_on=None
    )
    future = RegionalMandateFactory(
        person=PersonFactory(), starts_on=date(2030, 1, 1), ends_on=None, lost_on=None
    )
    assert _mandate_held(open_ended, date(2099, 12, 31))
    assert not _mandate_held(future, date(2029, 12, 31))
    assert _mandate_held(future, date(2030, 1, 1))


def test_a_suspension_is_in_force_from_its_first_day_until_the_day_it_is_lifted() -> None:
    """Procedures art. 3.5: rights come back on the day the suspension is lifted."""
    suspension = SuspensionFactory(member=MemberFactory(), starts_on=DECIDED, ends_on=ENDED)
    open_ended = SuspensionFactory(member=MemberFactory(), starts_on=DECIDED, ends_on=None)

    def in_force(row: Suspension, day: date) -> bool:
        return Suspension.objects.in_force_on(day).filter(pk=row.pk).exists()

    assert not in_force(suspension, DECIDED - DAY)
    assert in_force(suspension, DECIDED)
    assert in_force(suspension, ENDED - DAY)
    assert not in_force(suspension, ENDED)
    assert in_force(open_ended, date(2099, 12, 31))
