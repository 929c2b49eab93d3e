"""The issuer's bank details and address, printed on every invoice, checked before use.

An invoice with a placeholder or mistyped IBAN sends every member's money nowhere: the call
for fees (Procedures art. 3.1.2) is refused while the FEES_* settings are unset or invalid,
the staff's call page says what is missing before anyone clicks, and production refuses to
start without them (a Django system check, FEES_ISSUER_REQUIRED in production settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pycountry
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.eu import vat

from aer_portal.errors import DomainError


@dataclass(frozen=True)
class Issuer:
    """Who issues the invoices and where members pay, as the FEES_* settings give it."""

    name: str
    street: str
    postcode: str
    city: str
    country: str
    vat_number: str
    registration_number: str
    account_holder: str
    iban: str
    bic: str
    bank_name: str

    @property
    def iban_compact(self) -> str:
        return self.iban.replace(" ", "").upper()

    @property
    def iban_formatted(self) -> str:
        compact = self.iban_compact
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))

    @property
    def address_lines(self) -> list[str]:
        country = pycountry.countries.get(alpha_2=self.country) if self.country else None
        town = " ".join(part for part in (self.postcode, self.city) if part)
        return [
            line
            for line in (*self.street.splitlines(), town, country.name if country else "")
            if line.strip()
        ]


def issuer() -> Issuer:
    return Issuer(
        name=settings.PORTAL_NAME,
        street=settings.FEES_ISSUER_STREET.strip(),
        postcode=settings.FEES_ISSUER_POSTCODE.strip(),
        city=settings.FEES_ISSUER_CITY.strip(),
        country=settings.FEES_ISSUER_COUNTRY.strip().upper(),
        vat_number=settings.FEES_ISSUER_VAT.strip(),
        registration_number=settings.FEES_ISSUER_REGISTRATION.strip(),
        account_holder=settings.FEES_ACCOUNT_HOLDER.strip() or settings.PORTAL_NAME,
        iban=settings.FEES_IBAN.strip(),
        bic=settings.FEES_BIC.strip().upper(),
        bank_name=settings.FEES_BANK_NAME.strip(),
    )


def issuer_problems(details: Issuer | None = None) -> list[str]:
    """What is missing or wrong in the issuer's details, each naming its setting; [] if none."""
    details = details or issuer()
    problems: list[str] = []
    if not details.iban:
        problems.append(_("FEES_IBAN: the account members pay to is not set."))
    else:
        try:
            IBAN(details.iban)
        except (SchwiftyException, ValueError) as error:
            problems.append(
                _("FEES_IBAN: %(iban)s is not a valid IBAN (%(reason)s).")
                % {"iban": details.iban, "reason": error}
            )
    if not details.bic:
        problems.append(_("FEES_BIC: the bank's BIC is not set."))
    else:
        try:
            BIC(details.bic)
        except (SchwiftyException, ValueError) as error:
            problems.append(
                _("FEES_BIC: %(bic)s is not a valid BIC (%(reason)s).")
                % {"bic": details.bic, "reason": error}
            )
    if not details.street:
        problems.append(_("FEES_ISSUER_STREET: the issuer's street address is not set."))
    if not details.city:
        problems.append(_("FEES_ISSUER_CITY: the issuer's town is not set."))
    if not details.country:
        problems.append(_("FEES_ISSUER_COUNTRY: the issuer's country is not set."))
    elif pycountry.countries.get(alpha_2=details.country) is None:
        problems.append(
            _("FEES_ISSUER_COUNTRY: %(country)s is not a two-letter ISO 3166 country code.")
            % {"country": details.country}
        )
    if details.vat_number and not vat.is_valid(details.vat_number):
        problems.append(
            _("FEES_ISSUER_VAT: %(number)s is not a valid EU VAT number.")
            % {"number": details.vat_number}
        )
    return problems


def issuer_require() -> Issuer:
    """The issuer's details, or DomainError naming everything missing or invalid."""
    details = issuer()
    problems = issuer_problems(details)
    if problems:
        raise DomainError(
            _(
                "No invoice can be issued while the bank details or address printed "
                "on it are missing or wrong. Set them in the server's configuration: %(problems)s"
            )
            % {"problems": " ".join(problems)},
            field="issuer",
        )
    return details


@checks.register("fees")
def issuer_configured(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """In production (FEES_ISSUER_REQUIRED), refuses to start with missing bank details."""
    if not getattr(settings, "FEES_ISSUER_REQUIRED", False):
        return []
    return [
        checks.Error(problem, hint="See the FEES_* settings in .env.example.", id="fees.E001")
        for problem in issuer_problems()
    ]
