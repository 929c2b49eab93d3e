"""Structured payment references: printed on every invoice, read back from bank files.

An invoice number ``2026-0039`` has one base of ten digits, ``2026000039`` (the fee year and
the number in it, six digits), from which both structured references are made:

- the international ISO 11649 creditor reference, ``RF.. 2026 0000 39``, which any SEPA bank
  carries in the remittance information (``RmtInf/Strd/CdtrRefInf``);
- the Belgian structured communication (OGM-VCS), ``+++202/6000/03934+++``, which Belgian banks
  and their CODA statements carry, used where the receiving account is Belgian.

Both are checked by python-stdnum, so a mistyped reference never matches another invoice.
"""

import re

from stdnum import iso11649
from stdnum.be import ogm_vcs
from stdnum.iso7064 import mod_97_10

_INVOICE_NUMBER = re.compile(r"^(\d{4})-(\d{1,6})$")
# An RF reference may be written in groups of four: "RF18 2026 0000 39".
_RF_IN_TEXT = re.compile(r"\bRF\s?\d{2}(?:\s?[0-9A-Z]){1,21}", re.IGNORECASE)
# "+++202/6000/03934+++", "***202/6000/03934***", "202/6000/03934" or twelve digits in a row.
_OGM_IN_TEXT = re.compile(r"(?<!\d)(\d{3})\s*/?\s*(\d{4})\s*/?\s*(\d{5})(?!\d)")


def _base(invoice_number: str) -> str | None:
    match = _INVOICE_NUMBER.match(invoice_number.strip())
    if match is None:
        return None
    year, sequence = match.groups()
    return f"{year}{int(sequence):06d}"


def _invoice_number(base: str) -> str | None:
    if len(base) != 10 or not base.isdigit():
        return None
    return f"{base[:4]}-{int(base[4:]):04d}"


def creditor_reference(invoice_number: str) -> str:
    """The ISO 11649 reference of an invoice, compact (``RF..2026000039``)."""
    base = _base(invoice_number)
    if base is None:
        raise ValueError(f"{invoice_number!r} is not an invoice number")
    check = 98 - mod_97_10.checksum(base + "RF00")
    return f"RF{check:02d}{base}"


def belgian_reference(invoice_number: str) -> str:
    """The Belgian structured communication of an invoice (``+++202/6000/03934+++``)."""
    base = _base(invoice_number)
    if base is None:
        raise ValueError(f"{invoice_number!r} is not an invoice number")
    return f"+++{ogm_vcs.format(base + ogm_vcs.calc_check_digits(base))}+++"


def payment_reference(invoice_number: str, *, iban: str) -> str:
    """The reference to print: Belgian structured communication on a Belgian account, else RF."""
    if iban.replace(" ", "").upper().startswith("BE"):
        return belgian_reference(invoice_number)
    return iso11649.format(creditor_reference(invoice_number))


def invoice_numbers_in(text: str) -> list[str]:
    """Invoice numbers whose valid structured reference (RF or OGM-VCS) appears in ``text``.

    Candidates whose check digits fail are ignored, so a reference with a typo matches nothing
    rather than the wrong invoice.
    """
    found: list[str] = []
    for candidate in _RF_IN_TEXT.findall(text or ""):
        compact = iso11649.compact(candidate).upper()
        # The text may run on after the reference ("RF.. 2026 0000 39 THANKS"): the longest
        # prefix whose check digits hold is the reference.
        for end in range(len(compact), 4, -1):
            if iso11649.is_valid(compact[:end]):
                number = _invoice_number(compact[4:end])
                if number is not None and number not in found:
                    found.append(number)
                break
    for groups in _OGM_IN_TEXT.findall(text or ""):
        digits = "".join(groups)
        if ogm_vcs.is_valid(digits):
            number = _invoice_number(digits[:10])
            if number is not None and number not in found:
                found.append(number)
    return found
