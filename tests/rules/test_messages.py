from decimal import Decimal

import pytest

from aer_portal.rules.bodies import Body
from aer_portal.rules.messages import Message, format_euros, format_number, format_percent


def test_message_renders_its_parameters_in_english_by_default() -> None:
    message = Message.of("{count} days before the {body}", article="art. 1", count=28, body="GA")
    assert str(message) == "28 days before the GA"
    assert message.article == "art. 1"


def test_message_translates_template_and_labelled_parameters() -> None:
    french = {
        "Meeting of the {body} in {days} days": "Réunion du {body} dans {days} jours",
        "Executive Board": "Bureau exécutif",
    }
    message = Message.of("Meeting of the {body} in {days} days", body=Body.EXECUTIVE_BOARD, days=3)
    assert message.render(lambda text: french.get(text, text)) == (
        "Réunion du Bureau exécutif dans 3 jours"
    )
    assert str(message) == "Meeting of the Executive Board in 3 days"


def test_messages_are_hashable_values() -> None:
    assert Message.of("a {x}", x=1) == Message.of("a {x}", x=1)
    assert len({Message.of("a {x}", x=1), Message.of("a {x}", x=2)}) == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("30000"), "30 000"),
        (Decimal("30000.00"), "30 000"),
        (Decimal("1.027"), "1.027"),
        (Decimal("2000000"), "2 000 000"),
        (Decimal("6952.83"), "6 952.83"),
        (0, "0"),
        (3250, "3 250"),
    ],
)
def test_format_number(value: Decimal | int, expected: str) -> None:
    assert format_number(value) == expected


def test_format_euros_and_percent() -> None:
    assert format_euros(Decimal("3250")) == "€ 3 250"
    assert format_percent(Decimal("0.0015")) == "0.15 %"
    assert format_percent(Decimal("0.027")) == "2.7 %"


def test_a_day_in_a_message_is_written_in_words_in_the_readers_language() -> None:
    """Issue 15: reasons said "2026-12-18" where the pages say "18 December 2026"."""
    from datetime import date

    from aer_portal.rules.messages import Message

    message = Message.of("Due on {day}.", day=date(2026, 12, 18))
    french = {"Due on {day}.": "À régler le {day}.", "December": "décembre"}
    assert str(message) == "Due on 18 December 2026."
    assert message.render(lambda text: french.get(text, text)) == "À régler le 18 décembre 2026."
