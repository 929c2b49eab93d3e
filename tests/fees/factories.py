"""Building blocks for fees tests: paying members, billing contacts, the Treasurer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from aer_portal.rules.membership import MemberCategory
from fees.models import FeeDecision
from governance.models import Seat
from members.models import ContactRole, Member, Membership, MemberStatistics, Person, User
from tests.factories import (
    BodyFactory,
    MandateFactory,
    MemberFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
    with_totp,
)


def billing_contact(member: Member, *, languages: str = "en", **kwargs: Any) -> Person:
    person = PersonFactory(member=member, languages=languages, **kwargs)
    ContactRole.objects.create(person=person, role=ContactRole.Role.BILLING)
    return person


def paying_member(
    *,
    name: str | None = None,
    native_name: str = "",
    category: MemberCategory = MemberCategory.FULL,
    since: date = date(2015, 3, 10),
    population: int | None = 519_000,
    relative_gdp: Decimal | None = Decimal("0.55"),
    statistics_year: int | None = 2025,
    total_revenue: Decimal | None = None,
    billing: bool = True,
    languages: str = "en",
) -> Member:
    """A member since ``since`` with statistics and a billing contact, unless told otherwise."""
    kwargs: dict[str, Any] = {"native_name": native_name}
    if name is not None:
        kwargs["name"] = name
    member = MemberFactory(**kwargs)
    Membership.objects.create(
        member=member,
        category=category,
        board_decision=since,
        ga_ratification=None if category == MemberCategory.OBSERVER else since,
    )
    if statistics_year is not None:
        MemberStatistics.objects.create(
            member=member,
            year=statistics_year,
            population=population,
            relative_gdp=relative_gdp,
            total_revenue=total_revenue,
        )
    if billing:
        billing_contact(member, languages=languages)
    return member


def fee_decision(year: int = 2026, **values: Any) -> FeeDecision:
    return FeeDecision.objects.create(year=year, decided_on=date(year, 1, 20), **values)


def treasurer_user(*, on: date = date(2026, 1, 1)) -> User:
    """An account (with two-factor) whose person holds the Executive Board's Treasurer seat."""
    seat = SeatFactory(body=BodyFactory(), role=Seat.Role.TREASURER)
    mandate = MandateFactory(seat=seat, starts_on=date(on.year - 1, 1, 1), ends_on=date(2099, 1, 1))
    return with_totp(UserFactory(person=mandate.person))


def invoice_rows_for(member: Member, count: int, *, year: int = 2026) -> list[Any]:
    """``count`` programme invoices with a payment each, for pages that list invoices."""
    from fees.models import Invoice, InvoiceLine, Payment

    invoices = Invoice.objects.bulk_create(
        Invoice(
            number=f"{year}-{9000 + n:04d}-{member.pk}",
            year=year,
            sequence=9000 + n + 100 * member.pk,
            kind=Invoice.Kind.PROGRAMME,
            member=member,
            member_name=member.name,
            category=MemberCategory.FULL,
            issued_on=date(year, 3, 2),
            due_on=date(year, 5, 2),
            total=Decimal("5000"),
        )
        for n in range(count)
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            position=1,
            kind=InvoiceLine.Kind.SUMMER_ACADEMY,
            template="Summer Academy Organising Committee {year}",
            params=[["year", str(year)]],
            amount=Decimal("5000"),
        )
        for invoice in invoices
    )
    Payment.objects.bulk_create(
        Payment(
            invoice=invoice, amount=Decimal("100"), received_on=date(year, 4, 1), source="manual"
        )
        for invoice in invoices
    )
    return invoices
