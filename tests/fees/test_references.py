"""Structured payment references: made from an invoice number and read back from bank text."""

import pytest
from stdnum import iso11649
from stdnum.be import ogm_vcs

from fees.references import (
    belgian_reference,
    creditor_reference,
    invoice_numbers_in,
    payment_reference,
)


def test_creditor_reference_is_valid_iso11649_and_reads_back():
    reference = creditor_reference("2026-0039")
    assert iso11649.is_valid(reference)
    assert reference.endswith("2026000039")
    assert invoice_numbers_in(f"Fee 2026 {iso11649.format(reference)} thanks") == ["2026-0039"]


def test_belgian_reference_is_valid_ogm_and_reads_back():
    reference = belgian_reference("2026-0039")
    assert reference.startswith("+++") and reference.endswith("+++")
    assert ogm_vcs.is_valid(reference)
    assert invoice_numbers_in(f"Mededeling {reference}") == ["2026-0039"]
    assert invoice_numbers_in(reference.strip("+").replace("/", "")) == ["2026-0039"]


def test_payment_reference_follows_the_account_country():
    assert payment_reference("2026-0001", iban="BE68 5390 0754 7034").startswith("+++")
    assert payment_reference("2026-0001", iban="FR14 2004 1010 0505 0001 3M02 606").startswith("RF")


def test_a_mistyped_reference_matches_nothing():
    good = creditor_reference("2026-0039")
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    assert invoice_numbers_in(bad) == []
    assert invoice_numbers_in("+++202/6000/03900+++") == []


@pytest.mark.parametrize("number", ["2026", "CN-2026-0001", "2026-1234567", ""])
def test_only_invoice_numbers_make_references(number):
    with pytest.raises(ValueError):
        creditor_reference(number)
