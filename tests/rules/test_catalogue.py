import ast
from decimal import Decimal
from pathlib import Path

from aer_portal.rules import N_
from aer_portal.rules.catalogue import RuleEntry, catalogue
from aer_portal.rules.fees import FeeParameters
from aer_portal.rules.messages import Figure


def by_key() -> dict[str, RuleEntry]:
    return {entry.key: entry for entry in catalogue()}


def test_keys_are_unique_and_every_entry_is_complete() -> None:
    entries = catalogue()
    assert len({entry.key for entry in entries}) == len(entries)
    for entry in entries:
        assert entry.article and entry.title and entry.description and entry.value
        assert "{" not in entry.value  # every placeholder filled


def test_values_are_rendered_from_the_rules() -> None:
    entries = by_key()
    assert entries["basic_fee"].value == "€ 3 250"
    assert entries["fee_cap"].value == "€ 30 000"
    assert entries["fee_indexation"].value == "1.027 per year since 2016"
    assert entries["fee_revenue_cap"].value == "0.15 % of total revenue below € 2 000 000"
    assert entries["fee_non_geographical"].value == "basic fee × 3 = € 9 750"
    assert entries["fee_formula"].value == (
        "(basic fee + population × relative GDP^2 / 200) × 1.027^(year − 2016)"
    )
    assert entries["fee_payment_period"].value == "2 months"
    assert entries["fee_summer_academy"].value == "€ 5 000"
    assert entries["notice_general_assembly"].value == "28 days (invitation), 14 days (documents)"
    assert entries["notice_executive_board"].value == "14 days (invitation), 7 days (documents)"
    assert entries["notice_executive_board"].article == "Procedures art. 6"
    assert entries["observer_status_period"].value == "12 months"
    assert entries["election_calendar"].value == "42 / 28 / 14 days"
    assert entries["mandate_executive_board"].value == "2 years; at most 4 consecutive mandates"
    assert entries["mandate_monitoring_and_evaluation_group"].value == (
        "3 years; at most 3 consecutive mandates"
    )
    assert entries["executive_board_composition"].value == (
        "1 President, 1 Treasurer, 7–12 Vice-Presidents"
    )
    assert entries["bureau_votes"].value == "2 votes per country, 1 per office region"
    assert entries["working_group_support"].value == (
        "at least 3 supporting regions; first mandate 2 years"
    )


def test_the_fee_default_drives_the_catalogue() -> None:
    # If the default changes, the page changes with it: no second copy of the number.
    assert by_key()["basic_fee"].value_message.params == (("amount", Figure.euros(3250)),)
    assert FeeParameters().basic_fee == Decimal("3250")


def test_values_translate() -> None:
    french = {"{months} months": "{months} mois"}
    entry = by_key()["fee_payment_period"]
    assert entry.value_message.render(lambda text: french.get(text, text)) == "2 mois"


def test_no_marker_changes_its_text() -> None:
    assert N_("Basic fee") == "Basic fee"


def test_every_title_and_description_literal_is_marked_for_translation() -> None:
    # makemessages --keyword=N_ only finds literals passed to N_ directly.
    package = Path(__file__).resolve().parents[2] / "aer_portal" / "rules" / "catalogue"
    marked = {
        node.args[0].value
        for source in package.glob("*.py")
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "N_"
        and isinstance(node.args[0], ast.Constant)
    }
    for entry in catalogue():
        assert entry.title in marked, entry.key
        assert entry.description in marked, entry.key


def test_readmission_after_a_gap_is_listed_as_an_interpretation() -> None:
    entry = by_key()["fee_readmission"]
    assert entry.article == "Procedures art. 3.1.1"
    assert "approves again after a period without membership" in entry.description
    assert "(interpretation)" in entry.description
    assert entry.value == "new member: remaining twelfths"


def test_the_catalogue_shows_the_fee_values_it_is_given_and_their_source() -> None:
    from aer_portal.rules.fees import ProgrammeFees
    from aer_portal.rules.messages import Message

    source = Message("Executive Board decision of 20 January 2026 on the fees for 2026")
    entries = {
        entry.key: entry
        for entry in catalogue(
            fee_parameters=FeeParameters(basic_fee=Decimal("3400")),
            programme_fees=ProgrammeFees(summer_academy_organising_committee=Decimal("5200")),
            fee_source=source,
        )
    }
    assert entries["basic_fee"].value == "€ 3 400"
    assert entries["fee_non_geographical"].value == "basic fee × 3 = € 10 200"
    assert entries["fee_summer_academy"].value == "€ 5 200"
    assert entries["fee_values_source"].value == str(source)


def test_without_a_decision_the_catalogue_says_it_shows_the_procedures_values() -> None:
    entry = by_key()["fee_values_source"]
    assert entry.value.startswith("The values of the Procedures: no Executive Board decision")
    assert by_key()["basic_fee"].value == "€ 3 250"
