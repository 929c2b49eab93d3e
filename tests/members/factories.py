"""Factories of the members tests, on top of the shared ones (tests.factories)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from members.models import ContactRole, MemberStatistics, RegionalMandate, Suspension
from tests.factories import MemberFactory, PersonFactory


class ContactRoleFactory(DjangoModelFactory[ContactRole]):
    class Meta:
        model = ContactRole

    person = factory.SubFactory(PersonFactory)
    role = ContactRole.Role.INTERNATIONAL_RELATIONS


class RegionalMandateFactory(DjangoModelFactory[RegionalMandate]):
    class Meta:
        model = RegionalMandate

    person = factory.SubFactory(PersonFactory)
    kind = "Member of the regional council"
    starts_on = date(2022, 1, 1)
    ends_on = date(2099, 12, 31)


class MemberStatisticsFactory(DjangoModelFactory[MemberStatistics]):
    class Meta:
        model = MemberStatistics

    member = factory.SubFactory(MemberFactory)
    year = 2025
    population = 519_000
    population_source = "National statistics office"
    relative_gdp = Decimal("0.550")
    relative_gdp_source = "Eurostat"


class SuspensionFactory(DjangoModelFactory[Suspension]):
    class Meta:
        model = Suspension

    member = factory.SubFactory(MemberFactory)
    starts_on = date(2026, 3, 1)
    reason = "Fee 2026 unpaid"
    source = factory.Sequence(lambda n: f"invoice 2026-{n:04d}")
