from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aer_portal.rules.bodies import Body
from aer_portal.rules.meetings import (
    NOTICE_PERIODS,
    DeadlineCheck,
    DeadlineStatus,
    NoticePeriod,
    check_deadline,
    ga_proposal_deadline,
    notice_deadlines,
    notice_period,
)

MEETING = date(2026, 6, 18)


# Procedures arts. 4.1, 5.6, 6 and 11.4: invitations four (two) weeks, documents two (one).
@pytest.mark.parametrize(
    ("body", "invitation", "documents", "article"),
    [
        (Body.GENERAL_ASSEMBLY, date(2026, 5, 21), date(2026, 6, 4), "Procedures art. 4.1"),
        (Body.BUREAU, date(2026, 5, 21), date(2026, 6, 4), "Procedures art. 5.6"),
        (Body.EXECUTIVE_BOARD, date(2026, 6, 4), date(2026, 6, 11), "Procedures art. 6"),
        (Body.WORKING_GROUP, date(2026, 5, 21), date(2026, 6, 4), "Procedures art. 11.4"),
        ("working_group", date(2026, 5, 21), date(2026, 6, 4), "Procedures art. 11.4"),
    ],
)
def test_notice_deadlines(
    body: Body | str, invitation: date, documents: date, article: str
) -> None:
    deadlines = notice_deadlines(body, MEETING)
    assert deadlines.invitation == invitation
    assert deadlines.documents == documents
    assert deadlines.article == article
    assert deadlines.meeting_day == MEETING
    assert deadlines.body == body


def test_notice_across_a_year_boundary() -> None:
    deadlines = notice_deadlines(Body.GENERAL_ASSEMBLY, date(2027, 1, 20))
    assert deadlines.invitation == date(2026, 12, 23)
    assert deadlines.documents == date(2027, 1, 6)


@pytest.mark.parametrize(
    "body",
    [
        Body.TASK_FORCE,
        Body.ELECTION_COMMITTEE,
        Body.MONITORING_AND_EVALUATION_GROUP,
        Body.PROGRAMME_COMMITTEE,
    ],
)
def test_bodies_without_a_notice_period_raise_naming_the_body(body: Body) -> None:
    with pytest.raises(
        ValueError,
        match=rf"^body: the Procedures set no notice period for the "
        rf"{body.label} \({body.value}\)",
    ):
        notice_deadlines(body, MEETING)


def test_unknown_body_raises() -> None:
    with pytest.raises(ValueError, match=r"^body: unknown body 'parliament'"):
        notice_deadlines("parliament", MEETING)


def test_periods_are_a_setting() -> None:
    periods = {**NOTICE_PERIODS, Body.TASK_FORCE: NoticePeriod(10, 3, "Task Force ToR")}
    deadlines = notice_deadlines(Body.TASK_FORCE, MEETING, periods=periods)
    assert deadlines.invitation == date(2026, 6, 8)
    assert deadlines.documents == date(2026, 6, 15)
    assert notice_period(Body.TASK_FORCE, periods=periods).article == "Task Force ToR"


@given(st.sampled_from(sorted(NOTICE_PERIODS)), st.dates(min_value=date(2000, 1, 1)))
def test_documents_never_due_before_the_invitation(body: Body, day: date) -> None:
    deadlines = notice_deadlines(body, day)
    assert deadlines.invitation < deadlines.documents < day


# Procedures art. 4.2: the evening before the Executive Board meeting preceding the GA.
@pytest.mark.parametrize(
    ("eb_day", "deadline"),
    [
        (date(2026, 10, 14), date(2026, 10, 13)),
        (date(2026, 3, 1), date(2026, 2, 28)),
        (date(2027, 1, 1), date(2026, 12, 31)),
    ],
)
def test_ga_proposal_deadline(eb_day: date, deadline: date) -> None:
    assert ga_proposal_deadline(eb_day) == deadline


DEADLINE = date(2026, 5, 21)


@pytest.mark.parametrize(
    ("today", "done_on", "status", "days"),
    [
        (date(2026, 5, 18), None, DeadlineStatus.DUE, 3),
        (date(2026, 5, 20), None, DeadlineStatus.DUE, 1),  # the day before
        (date(2026, 5, 21), None, DeadlineStatus.DUE, 0),  # the last compliant day
        (date(2026, 5, 22), None, DeadlineStatus.LATE, 1),  # the day after
        (date(2026, 6, 1), None, DeadlineStatus.LATE, 11),
        (date(2026, 6, 1), date(2026, 5, 14), DeadlineStatus.ON_TIME, 7),
        (date(2026, 6, 1), date(2026, 5, 21), DeadlineStatus.ON_TIME, 0),
        (date(2026, 6, 1), date(2026, 5, 22), DeadlineStatus.LATE, 1),
        (date(2026, 5, 25), date(2026, 5, 25), DeadlineStatus.LATE, 4),
    ],
)
def test_check_deadline(
    today: date, done_on: date | None, status: DeadlineStatus, days: int
) -> None:
    check = check_deadline(DEADLINE, today=today, done_on=done_on)
    assert check == DeadlineCheck(DEADLINE, status, days, done_on)
    assert check.done is (done_on is not None)


def test_check_deadline_refuses_an_action_in_the_future() -> None:
    with pytest.raises(ValueError, match=r"^done_on: 2026-05-20 is after today \(2026-05-19\)"):
        check_deadline(DEADLINE, today=date(2026, 5, 19), done_on=date(2026, 5, 20))


def test_deadline_status_labels() -> None:
    assert [status.label for status in DeadlineStatus] == ["on time", "due", "late"]
    assert DeadlineStatus.ON_TIME == "on_time"


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    st.integers(-400, 400),
)
def test_days_never_negative_and_status_matches_side(deadline: date, offset: int) -> None:
    today = deadline + timedelta(days=offset)
    check = check_deadline(deadline, today=today)
    assert check.days == abs(offset)
    assert check.status is (DeadlineStatus.DUE if offset <= 0 else DeadlineStatus.LATE)


# --- ga_proposal_refusal: who submits proposals to the General Assembly (arts. 4.2, 3.5) ---


@pytest.mark.parametrize("category", [None, "observer"])
def test_only_members_submit_proposals(category: str | None) -> None:
    from aer_portal.rules.meetings import ga_proposal_refusal

    reason = ga_proposal_refusal(category=category, suspended=False, member="Vaud")
    assert reason is not None
    assert reason.article == "Procedures art. 4.2"


def test_a_suspended_member_does_not_submit() -> None:
    from aer_portal.rules.meetings import ga_proposal_refusal

    reason = ga_proposal_refusal(category="full", suspended=True, member="Vaud")
    assert reason is not None
    assert reason.article == "Procedures art. 3.5"
    assert reason.render() == "The rights of Vaud are suspended for unpaid fees."


@pytest.mark.parametrize(
    "category",
    ["full", "associate_geographical", "associate_non_geographical", "founding_associate"],
)
def test_every_member_in_good_standing_submits(category: str) -> None:
    from aer_portal.rules.meetings import ga_proposal_refusal

    assert ga_proposal_refusal(category=category, suspended=False, member="Vaud") is None
