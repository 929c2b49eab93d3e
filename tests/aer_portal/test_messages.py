"""No message a person reads starts with a Python field name or names a database constraint.

The runtime half lives in tests/conftest.py (every DomainError raised in any test); this module
scans the source and the models, so a message no test triggers is caught as well.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

from tests.conftest import unreadable_refusal

ROOT = Path(__file__).resolve().parents[2]
APPS = ("aer_portal", "members", "governance", "fees", "working_groups", "elections")

# A translatable string whose first words are a Python name and a colon: "status: ...", or
# a placeholder that a caller fills with one: "%(field)s: ...".
PREFIXED = re.compile(
    r"\b(?:N_|_|gettext|gettext_lazy|ngettext|pgettext)\(\s*"
    r'"([a-z][a-z0-9_]*|%\((?:field|what)\)s): '
)
# These two fill the placeholder with the field's label, as the form shows it ("CV: ...").
LABELLED = {"aer_portal/validation.py", "elections/services/candidacies.py"}
# A refusal glued to the name of its field: DomainError(f"{field}: ...") or f"status: ...".
# (A member's or a person's name before the colon reads well: "{member}: ...".)
GLUED = re.compile(r'DomainError\(\s*f"(?:\{field\}|[a-z_]+): ')
# Words that read as English before a colon, not as a field's name: a table cell that says
# "none: the invoice will not be e-mailed" (the fee-call preview writes its rows in Python).
ENGLISH = {"none"}


def _sources() -> list[Path]:
    return [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]


def test_no_translatable_message_starts_with_a_python_name() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}: {match.group(1)}"
        for path in _sources()
        for text in [path.read_text(encoding="utf-8")]
        for match in PREFIXED.finditer(text)
        if not (match.group(1).startswith("%") and str(path.relative_to(ROOT)) in LABELLED)
        and match.group(1) not in ENGLISH
    ]
    assert found == []


def test_no_refusal_is_glued_to_its_field_name() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in _sources()
        for text in [path.read_text(encoding="utf-8")]
        for match in GLUED.finditer(text)
    ]
    assert found == []


def test_every_constraint_says_what_is_wrong_in_words() -> None:
    unnamed = [
        f"{model._meta.label}.{constraint.name}"
        for model in apps.get_models()
        if model._meta.app_label in APPS
        for constraint in model._meta.constraints
        if constraint.violation_error_message == constraint.default_violation_error_message
    ]
    assert unnamed == []


@pytest.mark.parametrize(
    ("message", "unreadable"),
    [
        ("first_meeting_starts_at: the meeting must be later.", True),
        ("approve_votes: give a number.", True),
        ("Constraint “relative_gdp_positive” is violated.", True),
        ("Round 2 is still open.", False),
        ("Application letter: The content of “a.pdf” is not a PDF file.", False),
        ("%(person)s has a portal account already.", False),
    ],
)
def test_the_guard_tells_a_python_name_from_a_sentence(message: str, unreadable: bool) -> None:
    assert unreadable_refusal(message) is unreadable


# Figures in the rules' messages: kept as values by the rules (pure Python), written in the
# reader's number format by the interface layer (aer_portal.messages). French: decimal comma
# and a narrow no-break space between thousands (aer_portal/formats/fr); English: AER's style.

NNBSP = "\u202f"


def test_a_message_writes_its_figures_with_the_format_it_is_given() -> None:
    from decimal import Decimal

    from aer_portal.rules.messages import Figure, Message

    message = Message.of(
        "{factor} of {amount}, {rate}, year {year}",
        factor=Figure.number(Decimal("1.027")),
        amount=Figure.euros(Decimal("1234.5")),
        rate=Figure.percent(Decimal("0.0015")),
        year=2026,
    )
    assert str(message) == "1.027 of € 1 234.5, 0.15 %, year 2026"
    assert message.render(number=lambda value: f"<{value}>") == (
        "<1.027> of € <1234.5>, <0.1500> %, year 2026"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("€ 3 250", ("3250", "euros")),
        ("0.15 %", ("0.0015", "percent")),
        ("1.027", ("1.027", "")),
        ("30 000", ("30000", "")),
        ("4459.87", ("4459.87", "")),
        ("2026", None),  # a year: the same in every language
        ("200", None),
        ("Dâmbovița County", None),
        ("04/2026", None),
    ],
)
def test_a_stored_figure_is_read_back_as_a_figure(
    text: str, expected: tuple[str, str] | None
) -> None:
    from decimal import Decimal

    from aer_portal.rules.messages import Figure

    figure = Figure.parse(text)
    if expected is None:
        assert figure is None
    else:
        assert figure == Figure(Decimal(expected[0]), expected[1])
        assert str(figure) == text or text == "4459.87"


def test_figures_follow_the_active_language() -> None:
    from decimal import Decimal

    from django.utils import translation

    from aer_portal.messages import euros, number

    with translation.override("en"):
        assert [number(Decimal("1234.56")), number(30000), euros(Decimal("3250.00"))] == [
            "1 234.56",
            "30 000",
            "€ 3 250",
        ]
    with translation.override("fr"):
        assert [number(Decimal("1234.56")), number(30000), euros(Decimal("3250.00"))] == [
            f"1{NNBSP}234,56",
            f"30{NNBSP}000",
            f"€ 3{NNBSP}250",
        ]


@pytest.mark.django_db
def test_the_rules_page_writes_decimals_in_the_readers_language(client) -> None:  # type: ignore[no-untyped-def]
    english = client.get("/rules/").content.decode()
    assert "1.027 per year since 2016" in english
    assert "0.15 % of total revenue below &euro; 2 000 000" in english.replace("€", "&euro;")
    client.cookies["django_language"] = "fr"
    french = client.get("/rules/").content.decode()
    assert "1,027 par an depuis 2016" in french
    assert "1.027" not in french
    assert "0,15 % des recettes totales" in french
    assert f"2{NNBSP}000{NNBSP}000" in french


@pytest.mark.django_db
def test_a_french_invoice_explains_its_fee_with_decimal_commas() -> None:
    from datetime import date

    from fees.pdf import invoice_html
    from fees.services.calls import fee_call_issue
    from tests.fees.factories import fee_decision, paying_member

    fee_decision(2026)
    paying_member(name="Dâmbovița County")
    (invoice,) = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices

    invoice.language = "en"
    english = invoice_html(invoice)
    assert "Indexation 1.027^(2026 − 2016) = 1.305282 (Procedures art. 3.2.1)" in english

    invoice.language = "fr"
    french = invoice_html(invoice)
    assert "Indexation 1,027^(2026 − 2016) = 1,305282 (Procédures, art. 3.2.1)" in french
    assert f"= 5{NNBSP}267 (Procédures, art. 3.2.1)" in french
    assert "1.027" not in french and "1.305282" not in french


# ``message.render(gettext)`` translates the words but writes the figures in English; every
# rule's message is shown through aer_portal.messages, which passes the reader's number format.
RENDERED_ASIDE = re.compile(r"\.render(?:_with_article)?\(\s*(?:gettext|_|gettext_lazy)\s*\)")


def test_every_rule_message_is_shown_through_the_one_rendering_path() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in [*_sources(), *(ROOT / "portal").rglob("*.py")]
        for text in [path.read_text(encoding="utf-8")]
        for match in RENDERED_ASIDE.finditer(text)
    ]
    assert found == []


@pytest.mark.django_db
def test_a_french_fee_reminder_writes_the_balance_with_a_decimal_comma() -> None:
    from datetime import date
    from decimal import Decimal

    from django.core import mail

    from fees.reminders import invoice_reminders
    from fees.services.calls import fee_call_issue
    from fees.services.payments import payment_record
    from governance.services.reminders import reminder_send
    from tests.fees.factories import billing_contact, fee_decision, paying_member

    fee_decision(2026)
    member = paying_member(name="Vrancea County")
    billing_contact(member, email="finance@vrancea.example.org", languages="fr")
    (invoice,) = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    payment_record(
        invoice_number=invoice.number,
        amount=invoice.total - Decimal("1234.56"),
        received_on=date(2026, 4, 1),
        reference="",
        actor=None,
        today=date(2026, 4, 1),
    )
    reminders = {r.language: r for r in invoice_reminders(date(2026, 4, 18))}
    assert reminder_send(reminder=reminders["fr"]) and reminder_send(reminder=reminders["en"])
    french, english = (message.body for message in mail.outbox)
    assert f"€ 1{NNBSP}234,56" in french and "1 234.56" not in french
    assert "€ 1 234.56 of € 5 267 remains to be paid" in english
    # The body's name in the reader's language too (issue 15: "body names stay English").
    assert "Le Secrétariat de l'Assemblée des Régions d'Europe" in french
    assert "Assembly of European Regions" not in french


def test_a_stored_e_mail_context_is_written_for_the_reader() -> None:
    from django.utils import translation

    from aer_portal.messages import for_reader

    stored = {
        "balance": "€ 1 234.56",
        "article": "Procedures art. 4.2",
        "invoices": [{"total": "€ 30 000", "number": "2026-0001"}],
        "member": "Région Grand Est",
        "days_left": 3,
    }
    with translation.override("fr"):
        assert for_reader(stored) == {
            "balance": f"€ 1{NNBSP}234,56",
            "article": "Procédures, art. 4.2",
            "invoices": [{"total": f"€ 30{NNBSP}000", "number": "2026-0001"}],
            "member": "Région Grand Est",
            "days_left": 3,
        }
    with translation.override("en"):
        assert for_reader(stored) == {**stored, "invoices": [dict(stored["invoices"][0])]}
