from datetime import date

import pytest

from aer_portal.rules.bodies import Body
from aer_portal.rules.candidacies import (
    consecutive_terms_before,
    elected_mandate_end,
    nominating_member_reason,
    withdrawal_reason,
)
from aer_portal.rules.composition import MandateLengths
from aer_portal.rules.membership import MemberCategory

GA = date(2026, 10, 15)


@pytest.mark.parametrize(
    ("category", "may"),
    [
        (MemberCategory.FULL, True),
        ("full", True),
        (MemberCategory.ASSOCIATE_GEOGRAPHICAL, False),
        (MemberCategory.OBSERVER, False),
        (None, False),
    ],
)
def test_only_full_members_nominate(category: MemberCategory | str | None, may: bool) -> None:
    reason = nominating_member_reason(category=category)
    assert (reason is None) is may
    if reason is not None:
        assert reason.article == "Procedures art. 15 D a)"
        assert "full members" in str(reason)


def test_an_unknown_category_names_the_argument() -> None:
    with pytest.raises(ValueError, match=r"^category: unknown member category"):
        nominating_member_reason(category="honorary")


@pytest.mark.parametrize(
    ("today", "may"),
    [(date(2026, 10, 14), True), (GA, True), (date(2026, 10, 16), False)],
)
def test_withdrawal_until_the_election_day(today: date, may: bool) -> None:
    reason = withdrawal_reason(today=today, election_day=GA)
    assert (reason is None) is may
    if reason is not None:
        assert str(reason) == (
            "The election took place on 15 October 2026; a candidacy can no longer be withdrawn."
        )


@pytest.mark.parametrize(
    ("last_term", "last_ended_on", "expected"),
    [
        (None, None, 0),  # never sat in the body
        (2, None, 2),  # still sitting, open-ended
        (2, date(2026, 10, 20), 2),  # still sitting on the day the new term starts
        (3, date(2026, 10, 14), 3),  # the term before, ending the day before
        (1, date(2026, 3, 1), 1),  # a short gap (a late assembly, art. 15.10)
        (3, date(2024, 10, 14), 0),  # out of the body for a full two-year term
        (3, date(2024, 10, 15), 3),  # one day short of a full term out
    ],
)
def test_consecutive_terms_before(
    last_term: int | None, last_ended_on: date | None, expected: int
) -> None:
    assert (
        consecutive_terms_before(
            Body.EXECUTIVE_BOARD,
            last_term=last_term,
            last_ended_on=last_ended_on,
            new_term_starts=GA,
        )
        == expected
    )


def test_the_monitoring_group_breaks_a_run_after_three_years_out() -> None:
    kwargs = {"last_term": 2, "new_term_starts": GA}
    group = Body.MONITORING_AND_EVALUATION_GROUP
    assert consecutive_terms_before(group, last_ended_on=date(2024, 10, 14), **kwargs) == 2
    assert consecutive_terms_before(group, last_ended_on=date(2023, 10, 14), **kwargs) == 0
    assert (
        consecutive_terms_before(
            group,
            last_ended_on=date(2024, 10, 14),
            lengths=MandateLengths(monitoring_and_evaluation_group=2),
            **kwargs,
        )
        == 0
    )


def test_a_term_number_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^last_term: "):
        consecutive_terms_before(Body.BUREAU, last_term=0, last_ended_on=None, new_term_starts=GA)


def test_an_elected_mandate_runs_for_the_body_s_length() -> None:
    assert elected_mandate_end(Body.EXECUTIVE_BOARD, starts_on=GA) == date(2028, 10, 14)
    assert elected_mandate_end("monitoring_and_evaluation_group", starts_on=GA) == date(
        2029, 10, 14
    )
    assert elected_mandate_end(Body.ELECTION_COMMITTEE, starts_on=date(2028, 2, 29)) == date(
        2030, 2, 27
    )
    assert elected_mandate_end(Body.BUREAU, starts_on=GA, lengths=MandateLengths(bureau=3)) == date(
        2029, 10, 14
    )


def test_a_by_election_mandate_ends_with_the_current_term() -> None:
    assert elected_mandate_end(
        Body.EXECUTIVE_BOARD, starts_on=GA, by_election_term_ends=date(2027, 6, 30)
    ) == date(2027, 6, 30)
    with pytest.raises(ValueError, match=r"^by_election_term_ends: "):
        elected_mandate_end(Body.EXECUTIVE_BOARD, starts_on=GA, by_election_term_ends=GA)


def test_a_body_without_mandate_length_is_refused() -> None:
    with pytest.raises(ValueError, match=r"no mandate length for the Working Group"):
        elected_mandate_end(Body.WORKING_GROUP, starts_on=GA)
