"""Queries compiled once per arguments (aer_portal.prepared) read fresh data."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Count, DateTimeField, QuerySet
from django.utils import timezone

from aer_portal.prepared import Late, prepared_count, prepared_objects, prepared_rows
from aer_portal.rules.bodies import Body as BodyKind
from fees.models import Exemption
from governance.models import Body, Mandate, Meeting
from members.models import Member
from tests.factories import BodyFactory, MandateFactory, MemberFactory, UserFactory
from tests.governance.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _bodies_from(slug_prefix: str) -> QuerySet[Body, tuple[Any, ...]]:
    return Body.objects.filter(slug__startswith=slug_prefix).order_by("slug").values_list("slug")


def _none(slug_prefix: str) -> QuerySet[Body, tuple[Any, ...]]:
    return Body.objects.filter(pk__in=[]).values_list("slug")


def _annotation_first(slug_prefix: str) -> QuerySet[Body, tuple[Any, ...]]:
    return Body.objects.annotate(seats_held=Count("seats")).values_list("seats_held", "slug")


def test_the_sql_is_kept_and_the_rows_are_read_each_time() -> None:
    BodyFactory(kind=BodyKind.WORKING_GROUP, name="Group A", slug="wg-a")
    assert prepared_rows(_bodies_from, "wg-") == [("wg-a",)]

    BodyFactory(kind=BodyKind.WORKING_GROUP, name="Group B", slug="wg-b")

    assert prepared_rows(_bodies_from, "wg-") == [("wg-a",), ("wg-b",)]
    assert prepared_rows(_bodies_from, "none-") == []  # other arguments, other SQL


def test_a_query_that_matches_nothing_runs_no_sql(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(0):
        assert prepared_rows(_none, "x") == []


def test_columns_come_in_sql_order_or_the_query_is_refused() -> None:
    with pytest.raises(ValueError, match="order"):
        prepared_rows(_annotation_first, "x")


def test_values_are_converted_as_the_orm_converts_them() -> None:
    MandateFactory(starts_on=date(2024, 1, 1))

    def starts() -> QuerySet[Mandate, tuple[Any, ...]]:
        return Mandate.objects.values_list("starts_on")

    assert prepared_rows(starts) == [(date(2024, 1, 1),)] == list(starts())


def _mandates_from(first: date) -> QuerySet[Mandate]:
    return (
        Mandate.objects.filter(starts_on__gte=first)
        .select_related("seat__body")
        .annotate(holders=Count("seat__mandates"))
        .order_by("starts_on")
    )


def test_objects_come_with_their_related_objects_and_annotations() -> None:
    mandate = MandateFactory(starts_on=date(2024, 1, 1))

    found = prepared_objects(
        _mandates_from, date(2023, 1, 1), related=("seat", "seat__body"), annotations=("holders",)
    )

    expected = list(_mandates_from(date(2023, 1, 1)))
    assert [m.pk for m in found] == [m.pk for m in expected] == [mandate.pk]
    assert found[0].seat.body.name == mandate.seat.body.name
    assert found[0].holders == expected[0].holders == 1  # type: ignore[attr-defined]
    assert found[0].starts_on == date(2024, 1, 1)


def _meetings_after() -> QuerySet[Meeting]:
    return Meeting.objects.filter(starts_at__gte=Late("now", DateTimeField())).order_by("pk")


def test_a_late_value_is_given_at_each_call_not_compiled() -> None:
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(days=2))

    tomorrow = timezone.now() + timedelta(days=1)
    later = timezone.now() + timedelta(days=3)
    assert [m.pk for m in prepared_objects(_meetings_after, bind={"now": tomorrow})] == [meeting.pk]
    assert prepared_objects(_meetings_after, bind={"now": later}) == []


def test_a_count_is_the_querysets_count() -> None:
    BodyFactory(kind=BodyKind.WORKING_GROUP, name="Group A", slug="wg-a")
    BodyFactory(kind=BodyKind.WORKING_GROUP, name="Group B", slug="wg-b")

    assert prepared_count(_bodies_from, "wg-") == _bodies_from("wg-").count() == 2
    assert prepared_count(_none, "x") == 0


def _exempt(member: Member, *, amount: Decimal | None, justification: str) -> Exemption:
    return Exemption.objects.create(
        member=member,
        year=2026,
        amount=amount,
        justification=justification,
        approved_by=UserFactory(),
        approver_name="Treasurer",
        approved_on=date(2026, 2, 1),
    )


def _members_with_exemption() -> QuerySet[Member]:
    return (
        Member.objects.select_related("fee_exemption")
        .only("name", "fee_exemption")
        .order_by("name")
    )


def test_only_and_a_reverse_one_to_one_are_read_as_the_orm_reads_them(  # type: ignore[no-untyped-def]
    django_assert_num_queries,
) -> None:
    exempted, plain = MemberFactory(name="Alpha"), MemberFactory(name="Beta")
    _exempt(exempted, amount=None, justification="Flood")
    expected = list(_members_with_exemption())

    found = prepared_objects(_members_with_exemption, related=("fee_exemption",))

    assert [m.pk for m in found] == [m.pk for m in expected] == [exempted.pk, plain.pk]
    assert [m.get_deferred_fields() for m in found] == [m.get_deferred_fields() for m in expected]
    with django_assert_num_queries(0):  # a missing exemption is known to be missing
        assert found[0].fee_exemption.justification == "Flood"
        assert found[0].fee_exemption.member is found[0]
        assert getattr(found[1], "fee_exemption", None) is None


def test_a_query_run_as_plain_sql_reads_what_the_queryset_reads() -> None:
    """Every type of column the portal reads (days, moments, amounts, choices, empty values)
    comes back as the queryset gives it."""
    member = MemberFactory()
    _exempt(member, amount=Decimal("120.50"), justification="")
    MandateFactory(starts_on=date(2024, 1, 1), ends_on=None)

    def exemptions() -> QuerySet[Exemption]:
        return Exemption.objects.order_by("pk")

    def mandates() -> QuerySet[Mandate]:
        return Mandate.objects.order_by("pk")

    for build in (exemptions, mandates):
        found, expected = prepared_objects(build), list(build())
        fields = [f.attname for f in expected[0]._meta.concrete_fields]
        assert [[getattr(o, f) for f in fields] for o in found] == [
            [getattr(o, f) for f in fields] for o in expected
        ]


def _mandates_of(seat_id: int) -> QuerySet[Mandate]:
    return Mandate.objects.filter(seat_id=seat_id).order_by("pk")


def test_objects_given_to_a_relation_are_what_all_returns_without_a_query(
    django_assert_num_queries: Any,
) -> None:
    from aer_portal.prepared import prefetched
    from tests.factories import SeatFactory

    seat = SeatFactory()
    made = [MandateFactory(seat=seat), MandateFactory(seat=seat)]
    seat = type(seat).objects.get(pk=seat.pk)

    prefetched(seat, "mandates", prepared_objects(_mandates_of, seat.pk))

    with django_assert_num_queries(0):
        assert [m.pk for m in seat.mandates.all()] == [m.pk for m in made]
        assert len(seat.mandates.all()) == 2
