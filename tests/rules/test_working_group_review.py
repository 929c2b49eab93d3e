from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.working_group_review import (
    earliest_review_meeting_day,
    first_mandate_last_day,
    participation_refusal_reason,
    policy_area_problem,
)


def test_a_proposal_goes_to_a_board_meeting_at_least_a_week_later() -> None:
    # Procedures art. 6: the Board's documents one week before the meeting.
    assert earliest_review_meeting_day(date(2026, 3, 2)) == date(2026, 3, 9)
    assert earliest_review_meeting_day(date(2026, 3, 2), documents_days=0) == date(2026, 3, 2)
    assert earliest_review_meeting_day(date(2026, 12, 28), documents_days=10) == date(2027, 1, 7)


def test_a_negative_documents_period_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^documents_days: must not be negative, got -1$"):
        earliest_review_meeting_day(date(2026, 3, 2), documents_days=-1)


@pytest.mark.parametrize(
    ("established", "last_day"),
    [
        (date(2026, 3, 15), date(2028, 3, 14)),
        (date(2026, 1, 1), date(2027, 12, 31)),
        (date(2024, 2, 29), date(2026, 2, 27)),  # 29 February → 28 February, minus one day
    ],
)
def test_the_first_mandate_lasts_two_years(established: date, last_day: date) -> None:
    assert first_mandate_last_day(established) == last_day


def test_the_mandate_length_is_a_setting() -> None:
    assert first_mandate_last_day(date(2026, 3, 15), years=3) == date(2029, 3, 14)
    with pytest.raises(ValueError, match=r"^years: must be at least 1, got 0$"):
        first_mandate_last_day(date(2026, 3, 15), years=0)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_the_mandate_always_ends_within_two_years(established: date) -> None:
    last = first_mandate_last_day(established)
    assert 365 * 2 - 2 <= (last - established).days <= 366 * 2


@pytest.mark.parametrize(
    "category",
    [
        MemberCategory.FULL,
        MemberCategory.ASSOCIATE_GEOGRAPHICAL,
        MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL,
        MemberCategory.FOUNDING_ASSOCIATE,
        "full",
    ],
)
def test_every_member_may_take_part(category: MemberCategory | str) -> None:
    assert participation_refusal_reason(category=category, suspended=False) is None


def test_a_region_that_is_not_a_member_may_not_take_part() -> None:
    reason = participation_refusal_reason(category=None, suspended=False)
    assert reason is not None
    assert str(reason) == (
        "The region is not a member of AER today; Working Groups are open to members."
    )
    assert "art. 11" in reason.article


def test_an_observer_may_not_take_part() -> None:
    reason = participation_refusal_reason(category=MemberCategory.OBSERVER, suspended=False)
    assert reason is not None and "observer" in str(reason)


def test_a_suspended_member_may_not_take_part() -> None:
    reason = participation_refusal_reason(category=MemberCategory.FULL, suspended=True)
    assert reason is not None
    assert reason.article == "Procedures art. 3.5"
    assert "suspended" in str(reason)


def test_a_draft_names_its_policy_area() -> None:
    assert policy_area_problem("Youth") is None
    problem = policy_area_problem("  ")
    assert problem is not None and "Vice-President in charge" in str(problem)


def test_the_board_decides_after_the_online_review_and_explains_a_departure() -> None:
    from aer_portal.rules.votes import decide_vote
    from aer_portal.rules.working_group_review import board_decision_problem

    adopted, rejected = decide_vote(yes=5, no=2), decide_vote(yes=1, no=6)
    day = date(2026, 6, 18)
    common = {"meeting_day": day, "decision": rejected, "reason_against_online": ""}
    field, message = board_decision_problem(
        review_open=True, decided_on=day, online=adopted, **common
    ) or ("", None)
    assert field == "decided_on" and message is not None and "18 June 2026" in str(message)
    early = board_decision_problem(
        review_open=False, decided_on=date(2026, 6, 1), online=rejected, **common
    )
    assert early is not None and early[0] == "decided_on"
    against = board_decision_problem(review_open=False, decided_on=day, online=adopted, **common)
    assert against is not None and against[0] == "reason_against_online"
    assert against[1].article == "Procedures art. 14"
    assert (
        board_decision_problem(review_open=False, decided_on=day, online=rejected, **common) is None
    )
    explained = {**common, "reason_against_online": "Heard the region at the meeting."}
    assert (
        board_decision_problem(review_open=False, decided_on=day, online=adopted, **explained)
        is None
    )
    undecided_online = decide_vote(yes=1, no=1)
    assert (
        board_decision_problem(review_open=False, decided_on=day, online=undecided_online, **common)
        is None
    )
    waiting = board_decision_problem(
        review_open=True,
        meeting_day=None,
        decided_on=day,
        decision=rejected,
        online=adopted,
        reason_against_online="",
    )
    assert waiting is not None and "Queue it for a Board meeting" in str(waiting[1])
