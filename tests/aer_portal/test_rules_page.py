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
    with django_assert_num_queries(0):
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
