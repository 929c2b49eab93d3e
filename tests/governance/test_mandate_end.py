"""Ending a mandate goes through one governance service, whichever app asks."""

from __future__ import annotations

from datetime import date

import pytest

from aer_portal.errors import DomainError
from governance.services.bodies import mandate_end
from tests.factories import MandateFactory

pytestmark = pytest.mark.django_db


def test_a_mandate_ends_on_the_given_day_and_the_history_keeps_it() -> None:
    mandate = MandateFactory(starts_on=date(2024, 1, 1), ends_on=None)
    mandate_end(mandate=mandate, last_day=date(2025, 6, 30), actor=None)
    mandate.refresh_from_db()
    assert mandate.ends_on == date(2025, 6, 30)
    assert mandate.history.first().ends_on == date(2025, 6, 30)


def test_ending_on_or_before_the_first_day_is_refused_naming_the_field() -> None:
    mandate = MandateFactory(starts_on=date(2024, 1, 1), ends_on=None)
    with pytest.raises(DomainError, match=r" holds this office since .*; it can end") as refused:
        mandate_end(mandate=mandate, last_day=date(2024, 1, 1), actor=None, field="starts_on")
    assert refused.value.field == "starts_on"
    mandate.refresh_from_db()
    assert mandate.ends_on is None
