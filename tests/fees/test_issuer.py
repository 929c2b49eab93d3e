"""No placeholder bank details: a fee call needs the issuer's real IBAN, BIC and address."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from aer_portal.errors import DomainError
from fees.checks import issuer_problems
from fees.models import FeeCall, Invoice
from fees.services.calls import fee_call_issue
from fees.services.invoices import first_year_invoice_issue
from tests.factories import staff_user, with_totp
from tests.fees.factories import fee_decision, paying_member

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = "FR00 0000 0000 0000 0000 0000 000"


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"FEES_IBAN": PLACEHOLDER}, "FEES_IBAN: FR00 0000 0000 0000 0000 0000 000 is not a valid"),
        ({"FEES_IBAN": ""}, "FEES_IBAN: the account members pay to is not set"),
        ({"FEES_IBAN": "BE71 0961 2345 6768"}, "FEES_IBAN: BE71 0961 2345 6768 is not a valid"),
        ({"FEES_BIC": ""}, "FEES_BIC: the bank's BIC is not set"),
        ({"FEES_BIC": "GKCC"}, "FEES_BIC: GKCC is not a valid BIC"),
        ({"FEES_ISSUER_STREET": ""}, "FEES_ISSUER_STREET: the issuer's street address is not set"),
        ({"FEES_ISSUER_CITY": " "}, "FEES_ISSUER_CITY: the issuer's town is not set"),
        ({"FEES_ISSUER_COUNTRY": "XX"}, "FEES_ISSUER_COUNTRY: XX is not a two-letter"),
        ({"FEES_ISSUER_VAT": "BE0403170702"}, "FEES_ISSUER_VAT: BE0403170702 is not a valid"),
    ],
)
@pytest.mark.django_db
def test_a_call_is_refused_without_valid_bank_details_and_nothing_is_saved(
    settings,  # type: ignore[no-untyped-def]
    overrides: dict[str, str],
    words: str,
) -> None:
    for name, value in overrides.items():
        setattr(settings, name, value)
    fee_decision(2026)
    paying_member()
    with pytest.raises(DomainError) as refused:
        fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2))
    assert words in refused.value.message
    assert refused.value.message.startswith("No invoice can be issued")
    assert not FeeCall.objects.exists() and not Invoice.objects.exists()


def test_the_test_settings_are_complete() -> None:
    assert issuer_problems() == []


@pytest.mark.django_db
def test_a_first_year_invoice_is_refused_too(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FEES_IBAN = PLACEHOLDER
    member = paying_member(since=date(2026, 2, 10))
    fee_decision(2026)
    with pytest.raises(DomainError, match="FEES_IBAN"):
        first_year_invoice_issue(
            member=member, decision=date(2026, 2, 10), actor=None, today=date(2026, 3, 1)
        )
    assert not Invoice.objects.exists()


@pytest.mark.django_db
def test_the_call_page_says_what_is_missing_before_anyone_clicks(settings) -> None:  # type: ignore[no-untyped-def]
    fee_decision(2026)
    paying_member()
    client = Client()
    client.force_login(with_totp(staff_user()))
    page = client.get(reverse("fees:call", args=[2026])).content.decode()
    assert 'id="issuer-check"' not in page
    settings.FEES_IBAN = PLACEHOLDER
    settings.FEES_BIC = ""
    page = client.get(reverse("fees:call", args=[2026])).content.decode()
    assert 'id="issuer-check"' in page
    assert "FEES_IBAN: FR00 0000 0000 0000 0000 0000 000 is not a valid IBAN" in page
    assert "FEES_BIC: the bank&#x27;s BIC is not set" in page
    confirm = client.get(reverse("fees:call_issue", args=[2026])).content.decode()
    assert 'id="issuer-check"' in confirm and 'id="call-confirmation"' not in confirm
    # A confirmation posted anyway (an old tab) is refused by the service itself.
    response = client.post(
        reverse("fees:call_issue", args=[2026]), {"count": "1", "total": "1.00"}, follow=True
    )
    assert "No invoice can be issued" in response.content.decode()
    assert not Invoice.objects.exists()


def _production_check(**env: str) -> subprocess.CompletedProcess[str]:
    names = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in names and not k.startswith("FEES_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "aer_portal.settings.production",
            "DATABASE_URL": "sqlite:///:memory:",
            "SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-0123456789abcdef",
            "ALLOWED_HOSTS": "portal.aer.eu",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION_ISSUER = {
    "FEES_IBAN": "BE71 0961 2345 6769",
    "FEES_BIC": "GKCCBEBB",
    "FEES_ISSUER_STREET": "Rue de la Loi 1",
    "FEES_ISSUER_CITY": "Brussels",
    "FEES_ISSUER_COUNTRY": "BE",
}


def test_production_refuses_to_start_without_bank_details() -> None:
    result = _production_check()
    assert result.returncode != 0
    assert "fees.E001" in result.stderr and "FEES_IBAN" in result.stderr
    result = _production_check(**{**PRODUCTION_ISSUER, "FEES_IBAN": PLACEHOLDER})
    assert result.returncode != 0 and "is not a valid IBAN" in result.stderr
    result = _production_check(**PRODUCTION_ISSUER)
    assert result.returncode == 0, result.stderr
