"""Queries compiled once per arguments (governance.selectors.prepared) read fresh data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db.models import Count, QuerySet

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Body
from governance.selectors.prepared import prepared_rows
from tests.factories import BodyFactory

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
    from governance.models import Mandate
    from tests.factories import MandateFactory

    MandateFactory(starts_on=date(2024, 1, 1))

    def starts() -> QuerySet[Mandate, tuple[Any, ...]]:
        return Mandate.objects.values_list("starts_on")

    assert prepared_rows(starts) == [(date(2024, 1, 1),)] == list(starts())
