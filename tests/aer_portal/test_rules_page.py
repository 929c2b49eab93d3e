"""The public /rules/ page is generated from aer_portal.rules.catalogue."""

from __future__ import annotations

import pytest
from django.test import Client

from aer_portal.rules.catalogue import catalogue

pytestmark = pytest.mark.django_db


def test_every_encoded_rule_is_listed_with_its_article_and_value(
    client: Client,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    # One query: the Executive Board's fee decision in force (Procedures art. 3.2).
    with django_assert_num_queries(1):
        response = client.get("/rules/")
    assert response.status_code == 200
    rows = response.content.decode().split("<tr>")[2:]
    entries = catalogue()
    assert len(rows) == len(entries)
    for row, entry in zip(rows, entries, strict=True):
        assert entry.article in row
        assert entry.value.replace("€", "&euro;") in row or entry.value in row


def test_the_rules_page_speaks_french(client: Client) -> None:
    client.cookies["django_language"] = "fr"
    content = client.get("/rules/").content.decode()
    assert '<html lang="fr">' in content
    assert "Les règles que le portail applique" in content
    assert "Procédures" in content


def _euros(amount: int) -> str:
    from aer_portal.rules.messages import format_euros

    return " ".join(format_euros(amount).split())


def _fee_cell(content: str, title: str) -> str:
    row = next(row for row in content.split("<tr>") if f"<strong>{title}</strong>" in row)
    return " ".join(row.split("<td>")[-1].split("</td>")[0].split())


def test_the_fees_shown_are_the_board_decision_in_force(client: Client, time_machine) -> None:  # type: ignore[no-untyped-def]
    from datetime import date
    from decimal import Decimal

    from fees.models import FeeDecision

    time_machine.move_to("2026-06-01 10:00 +02:00")
    FeeDecision.objects.create(
        year=2026, decided_on=date(2026, 1, 20), basic_fee=Decimal("3400"), cap=Decimal("31000")
    )
    content = client.get("/rules/").content.decode()
    assert _fee_cell(content, "Basic fee") == _euros(3400)
    assert _fee_cell(content, "Fee cap") == _euros(31000)
    assert _fee_cell(content, "Fee values in force") == (
        "Executive Board decision of 20 January 2026 on the fees for 2026"
    )


def test_a_decision_of_an_earlier_year_holds_and_says_so(client: Client, time_machine) -> None:  # type: ignore[no-untyped-def]
    from datetime import date
    from decimal import Decimal

    from fees.models import FeeDecision

    time_machine.move_to("2027-03-01 10:00 +01:00")
    FeeDecision.objects.create(year=2026, decided_on=date(2026, 1, 20), basic_fee=Decimal("3400"))
    content = client.get("/rules/").content.decode()
    assert _fee_cell(content, "Basic fee") == _euros(3400)
    assert "on the fees for 2026, in force in 2027 until the Board decides otherwise" in (
        _fee_cell(content, "Fee values in force")
    )


def test_without_a_decision_the_procedures_values_are_shown_and_said(client: Client) -> None:
    content = client.get("/rules/").content.decode()
    assert _fee_cell(content, "Basic fee") == _euros(3250)
    assert "no Executive Board decision on the fees is recorded" in (
        _fee_cell(content, "Fee values in force")
    )
