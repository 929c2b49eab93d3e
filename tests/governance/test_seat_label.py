"""A seat's name, read on every admin list of mandates and seats."""

from __future__ import annotations

import pytest

from governance.models import Seat
from tests.factories import BodyFactory, SeatFactory

pytestmark = pytest.mark.django_db


def test_a_seat_is_named_by_its_role_as_the_choices_label_it() -> None:
    body = BodyFactory(name="Bureau")
    for role in Seat.Role:
        seat = SeatFactory(body=body, role=role, portfolio="")
        assert str(seat).startswith(f"Bureau: {role.label}")
        assert str(seat).split(": ", 1)[1].startswith(seat.get_role_display())
