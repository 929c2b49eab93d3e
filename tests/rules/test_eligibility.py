from datetime import date

import pytest

from aer_portal.rules.bodies import Body
from aer_portal.rules.composition import TermLimits
from aer_portal.rules.elections import ElectionCalendar
from aer_portal.rules.eligibility import (
    Candidate,
    candidacy_deadline_reason,
    candidate_ineligibility,
    nomination_reason,
    political_mandate_reason,
    suspension_reason,
    term_limit_reason,
)

GA = date(2026, 10, 15)  # candidacies due 2026-09-17


def test_political_mandate() -> None:
    assert political_mandate_reason(holds_regional_political_mandate=True) is None
    reason = political_mandate_reason(holds_regional_political_mandate=False)
    assert reason is not None
    assert reason.article == "Procedures art. 15.2"
    assert str(reason) == "The candidate does not hold a regional political mandate."


def test_suspension() -> None:
    assert suspension_reason(region_suspended=False) is None
    reason = suspension_reason(region_suspended=True)
    assert reason is not None
    assert reason.article == "Procedures art. 3.5"


@pytest.mark.parametrize(
    ("body", "served", "eligible"),
    [
        (Body.EXECUTIVE_BOARD, 3, True),
        (Body.EXECUTIVE_BOARD, 4, False),
        (Body.BUREAU, 2, True),
        (Body.BUREAU, 3, False),
    ],
)
def test_term_limit(body: Body, served: int, eligible: bool) -> None:
    reason = term_limit_reason(body=body, consecutive_terms_served=served)
    assert (reason is None) is eligible


def test_term_limit_reason_in_words() -> None:
    reason = term_limit_reason(body=Body.EXECUTIVE_BOARD, consecutive_terms_served=4)
    assert str(reason) == (
        "The candidate has served 4 consecutive terms in the Executive Board; "
        "at most 4 are allowed."
    )
    assert (
        term_limit_reason(
            body="election_committee",
            consecutive_terms_served=3,
            limits=TermLimits(election_committee=3),
        )
        is None
    )
    with pytest.raises(ValueError, match=r"^consecutive_terms_served: must not be negative"):
        term_limit_reason(body=Body.BUREAU, consecutive_terms_served=-1)


def test_nomination() -> None:
    assert nomination_reason(nominated_by_member=True) is None
    reason = nomination_reason(nominated_by_member=False)
    assert reason is not None and reason.article == "Procedures art. 15 D"


@pytest.mark.parametrize(
    ("submitted", "in_time"),
    [
        (date(2026, 9, 16), True),  # the day before the deadline
        (date(2026, 9, 17), True),  # the deadline
        (date(2026, 9, 18), False),  # the day after
    ],
)
def test_candidacy_deadline(submitted: date, in_time: bool) -> None:
    reason = candidacy_deadline_reason(submitted_on=submitted, election_day=GA)
    assert (reason is None) is in_time


def test_candidacy_deadline_reason_in_words_and_setting() -> None:
    reason = candidacy_deadline_reason(submitted_on=date(2026, 9, 20), election_day=GA)
    assert (
        str(reason)
        == "The candidacy arrived on 20 September 2026, after the deadline of 17 September 2026."
    )
    calendar = ElectionCalendar(candidacies_days=20)
    assert (
        candidacy_deadline_reason(
            submitted_on=date(2026, 9, 20), election_day=GA, calendar=calendar
        )
        is None
    )


GOOD = Candidate(name="Ana Lind", holds_regional_political_mandate=True)


@pytest.mark.parametrize("body", list(Body))
def test_a_good_candidate_may_stand_anywhere(body: Body) -> None:
    assert candidate_ineligibility(body, GOOD, election_day=GA) == ()


def test_every_reason_is_listed_at_once() -> None:
    candidate = Candidate(
        name="Bo",
        holds_regional_political_mandate=False,
        region_suspended=True,
        consecutive_terms_served=3,
        nominated_by_member=False,
        submitted_on=date(2026, 9, 30),
        other_bodies=(Body.BUREAU,),
    )
    articles = [
        r.article
        for r in candidate_ineligibility(Body.ELECTION_COMMITTEE, candidate, election_day=GA)
    ]
    assert articles == [
        "Procedures art. 15.2",
        "Procedures art. 3.5",
        "Procedures art. 15 A–D",
        "Procedures art. 15 D",
        "Procedures art. 15.5",
    ]
    # the Monitoring and Evaluation Group adds independence and drops nomination
    articles = [
        r.article
        for r in candidate_ineligibility(
            "monitoring_and_evaluation_group", candidate, election_day=GA
        )
    ]
    assert articles == [
        "Procedures art. 15.2",
        "Procedures art. 3.5",
        "Procedures art. 15 A–D",
        "Procedures art. 15.5",
        "Procedures art. 15 C",
    ]


def test_rules_that_do_not_apply_are_not_checked() -> None:
    late_veteran = Candidate(
        name="Cy",
        holds_regional_political_mandate=True,
        consecutive_terms_served=9,
        nominated_by_member=False,
        submitted_on=date(2026, 10, 14),
        other_bodies=(Body.EXECUTIVE_BOARD,),
    )
    # a Working Group has no term limit, nomination or independence rule
    assert candidate_ineligibility(Body.WORKING_GROUP, late_veteran) == ()
    # the deadline is only checked when the election day is known
    assert [r.article for r in candidate_ineligibility(Body.BUREAU, late_veteran)] == [
        "Procedures art. 15 A–D"
    ]
    assert len(candidate_ineligibility(Body.BUREAU, late_veteran, election_day=GA)) == 2
