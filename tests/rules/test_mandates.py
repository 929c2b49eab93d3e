from datetime import date

import pytest

from aer_portal.rules.bodies import Body
from aer_portal.rules.composition import TermLimits
from aer_portal.rules.mandates import (
    bureau_composition_problems,
    is_final_term,
    lost_mandate_warning,
    no_political_mandate_warning,
    term_limit_warning,
)


@pytest.mark.parametrize(
    ("body", "term", "warned"),
    [
        (Body.EXECUTIVE_BOARD, 4, False),  # re-elected three times: four terms allowed
        (Body.EXECUTIVE_BOARD, 5, True),
        (Body.BUREAU, 3, False),  # re-elected twice
        (Body.BUREAU, 4, True),
        (Body.MONITORING_AND_EVALUATION_GROUP, 4, True),
        ("election_committee", 3, False),
        (Body.GENERAL_ASSEMBLY, 12, False),  # no limit
        (Body.WORKING_GROUP, 9, False),
    ],
)
def test_term_limit_warning(body: Body | str, term: int, warned: bool) -> None:
    warning = term_limit_warning(body=body, consecutive_term=term, name="Ana Popescu")
    assert (warning is not None) is warned
    if warning is not None:
        assert warning.article == "Procedures art. 15 A–D"
        assert str(warning).startswith(f"Ana Popescu serves a term in a row numbered {term}")


def test_term_limit_warning_text_and_setting() -> None:
    warning = term_limit_warning(body=Body.EXECUTIVE_BOARD, consecutive_term=5, name="Nino")
    assert str(warning) == (
        "Nino serves a term in a row numbered 5 in the Executive Board; at most 4 "
        "consecutive terms are allowed."
    )
    # The Election Committee's limit is a setting (a 2024 page says three re-elections).
    limits = TermLimits(election_committee=3)
    assert term_limit_warning(body="election_committee", consecutive_term=4, name="x") is not None
    assert (
        term_limit_warning(body="election_committee", consecutive_term=4, name="x", limits=limits)
        is None
    )


def test_term_limit_warning_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match=r"^consecutive_term: must be at least 1, got 0"):
        term_limit_warning(body=Body.BUREAU, consecutive_term=0, name="x")
    with pytest.raises(ValueError, match=r"^body: unknown body"):
        term_limit_warning(body="senate", consecutive_term=1, name="x")


@pytest.mark.parametrize(
    ("body", "term", "final"),
    [
        (Body.EXECUTIVE_BOARD, 3, False),
        (Body.EXECUTIVE_BOARD, 4, True),
        (Body.EXECUTIVE_BOARD, 5, True),
        (Body.BUREAU, 3, True),
        (Body.GENERAL_ASSEMBLY, 30, False),
    ],
)
def test_is_final_term(body: Body, term: int, final: bool) -> None:
    assert is_final_term(body=body, consecutive_term=term) is final


def test_is_final_term_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match=r"^consecutive_term"):
        is_final_term(body=Body.BUREAU, consecutive_term=-1)


def test_bureau_composition_problems() -> None:
    assert bureau_composition_problems({"Sweden": 2, "Romania": 2}) == ()
    problems = bureau_composition_problems({"Sweden": 2, "Romania": 1, "Georgia": 0, "Türkiye": 3})
    assert [str(p) for p in problems] == [
        "The Bureau has 0 representative(s) of Georgia; each State represented in AER has 2.",
        "The Bureau has 1 representative(s) of Romania; each State represented in AER has 2.",
        "The Bureau has 3 representative(s) of Türkiye; each State represented in AER has 2.",
    ]
    assert {p.article for p in problems} == {"Procedures art. 15 B"}
    assert bureau_composition_problems({"Sweden": 1}, per_state=1) == ()
    with pytest.raises(ValueError, match=r"^per_state"):
        bureau_composition_problems({}, per_state=-1)


def test_lost_mandate_warning_before_and_after_the_deadline() -> None:
    before = lost_mandate_warning(
        name="Lars Berg", lost_on=date(2026, 1, 31), today=date(2026, 7, 31)
    )
    assert str(before) == (
        "Lars Berg lost the regional political mandate on 31 January 2026; the Executive Board "
        "assigns a substitute by 31 July 2026."
    )
    assert before.article == "Procedures art. 15.2"
    after = lost_mandate_warning(
        name="Lars Berg", lost_on=date(2026, 1, 31), today=date(2026, 8, 1)
    )
    assert "should have assigned a substitute by 31 July 2026" in str(after)
    shorter = lost_mandate_warning(
        name="x", lost_on=date(2026, 1, 31), today=date(2026, 1, 31), months=1
    )
    assert "by 28 February 2026" in str(shorter)


def test_no_political_mandate_warning() -> None:
    warning = no_political_mandate_warning(name="Олена Коваленко")
    assert str(warning).startswith("Олена Коваленко holds no regional political mandate")
    assert warning.article == "Procedures art. 15.2"
