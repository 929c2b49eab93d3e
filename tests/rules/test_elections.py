from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aer_portal.rules.bodies import Body
from aer_portal.rules.composition import (
    Composition,
    MandateLengths,
    TermLimits,
    election_committee_composition_problems,
    executive_board_composition_problems,
    mandate_years,
    max_consecutive_terms,
    may_stand_again,
    monitoring_group_composition_problems,
    other_structure_reasons,
)
from aer_portal.rules.elections import (
    ElectionCalendar,
    RoundResult,
    election_timeline,
    round_result,
)

GA = date(2026, 10, 15)


def test_election_timeline() -> None:
    # Procedures arts. 15.4 (six weeks), 15.5 (four weeks), 15.6 (two weeks).
    timeline = election_timeline(GA)
    assert timeline.election_day == GA
    assert timeline.members_informed == date(2026, 9, 3)
    assert timeline.candidacies_due == date(2026, 9, 17)
    assert timeline.portfolio_distributed == date(2026, 10, 1)


def test_election_calendar_is_a_setting() -> None:
    calendar = ElectionCalendar(members_informed_days=60, candidacies_days=30, portfolio_days=10)
    timeline = election_timeline(GA, calendar=calendar)
    assert timeline.members_informed == date(2026, 8, 16)
    assert timeline.candidacies_due == date(2026, 9, 15)
    assert timeline.portfolio_distributed == date(2026, 10, 5)


# Procedures art. 15.8: more than 50 % of those present and voting; 15.7: two in a runoff.
@pytest.mark.parametrize(
    ("votes", "blank", "elected", "runoff", "tie"),
    [
        ({"Ana": 51, "Bo": 49}, 0, "Ana", (), ()),
        ({"Ana": 50, "Bo": 50}, 0, None, ("Ana", "Bo"), ()),  # exactly half does not elect
        ({"Ana": 40, "Bo": 35, "Cy": 25}, 0, None, ("Ana", "Bo"), ()),
        ({"Ana": 6, "Bo": 3, "Cy": 2}, 10, "Ana", (), ()),  # blank ballots are not cast
        ({"Ana": 5, "Bo": 3, "Cy": 2}, 0, None, ("Ana", "Bo"), ()),  # 5 of 10 is not more than half
        ({"Ana": 40, "Bo": 30, "Cy": 30}, 0, None, ("Ana",), ("Bo", "Cy")),  # tie for second
        ({"Ana": 30, "Bo": 30, "Cy": 30}, 0, None, (), ("Ana", "Bo", "Cy")),  # three-way tie
        ({"Ana": 30, "Bo": 30, "Cy": 20}, 0, None, ("Ana", "Bo"), ()),  # tie at the top, decided
        ({"Cy": 10, "Ana": 40, "Bo": 35, "Di": 15}, 0, None, ("Ana", "Bo"), ()),
        ({"Ana": 3}, 0, "Ana", (), ()),
        ({"Ana": 0}, 4, None, ("Ana",), ()),  # all blank: nobody has a majority
        ({"Ana": 0, "Bo": 0, "Cy": 0}, 0, None, (), ("Ana", "Bo", "Cy")),
    ],
)
def test_round_result(
    votes: dict[str, int],
    blank: int,
    elected: str | None,
    runoff: tuple[str, ...],
    tie: tuple[str, ...],
) -> None:
    result = round_result(votes, blank=blank)
    assert result.elected == elected
    assert result.runoff == runoff
    assert result.tie_for_runoff == tie
    assert result.votes_cast == sum(votes.values())
    assert result.blank == blank
    assert result.runoff_decided is (elected is None and not tie)


def test_majority_threshold() -> None:
    assert round_result({"a": 50, "b": 50}).majority == 51
    assert round_result({"a": 50, "b": 51}).majority == 51
    assert RoundResult(votes_cast=0, blank=0, elected=None, runoff=()).majority == 1


@pytest.mark.parametrize(
    ("votes", "blank", "message"),
    [
        ({}, 0, r"^votes: an election round needs at least one candidate"),
        ({"a": 1}, -1, r"^blank: a ballot count cannot be negative, got -1"),
        ({"a": 1, "b": -2}, 0, r"^votes: 'b' cannot have a negative count, got -2"),
    ],
)
def test_round_result_bad_input(votes: dict[str, int], blank: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        round_result(votes, blank=blank)


@given(
    st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 200), min_size=1, max_size=8),
    st.integers(0, 50),
)
def test_round_result_properties(votes: dict[str, int], blank: int) -> None:
    result = round_result(votes, blank=blank)
    cast = sum(votes.values())
    if result.elected is not None:
        assert 2 * votes[result.elected] > cast
        assert result.runoff == () and result.tie_for_runoff == ()
    else:
        assert all(2 * count <= cast for count in votes.values())
        assert len(result.runoff) <= 2
        assert set(result.runoff).isdisjoint(result.tie_for_runoff)
        if result.tie_for_runoff:
            assert len(result.runoff) + len(result.tie_for_runoff) > 2
            assert len({votes[name] for name in result.tie_for_runoff}) == 1
        else:
            assert len(result.runoff) == min(2, len(votes))
        # nobody left out of the runoff has more votes than anyone in it or tied for it
        contenders = result.runoff + result.tie_for_runoff
        lowest = min(votes[name] for name in contenders)
        assert all(votes[name] < lowest for name in votes if name not in contenders)


# Procedures art. 15 A–D; DESIGN.md: re-elected three times = at most four consecutive terms.
@pytest.mark.parametrize(
    ("body", "served", "allowed"),
    [
        (Body.EXECUTIVE_BOARD, 0, True),
        (Body.EXECUTIVE_BOARD, 3, True),
        (Body.EXECUTIVE_BOARD, 4, False),
        (Body.BUREAU, 2, True),
        (Body.BUREAU, 3, False),
        (Body.MONITORING_AND_EVALUATION_GROUP, 2, True),
        (Body.MONITORING_AND_EVALUATION_GROUP, 3, False),
        (Body.ELECTION_COMMITTEE, 2, True),
        (Body.ELECTION_COMMITTEE, 3, False),
        ("election_committee", 3, False),
    ],
)
def test_may_stand_again(body: Body | str, served: int, allowed: bool) -> None:
    assert may_stand_again(body, served) is allowed


def test_election_committee_reelections_are_a_setting() -> None:
    # a 2024 AER page says three re-elections (aer-facts.md)
    limits = TermLimits(election_committee=3)
    assert may_stand_again(Body.ELECTION_COMMITTEE, 3, limits=limits)
    assert not may_stand_again(Body.ELECTION_COMMITTEE, 4, limits=limits)
    assert max_consecutive_terms(Body.ELECTION_COMMITTEE, limits=limits) == 4
    assert max_consecutive_terms(Body.EXECUTIVE_BOARD) == 4


@pytest.mark.parametrize("body", [Body.GENERAL_ASSEMBLY, Body.WORKING_GROUP, Body.TASK_FORCE])
def test_bodies_without_term_limits_or_mandates_raise(body: Body) -> None:
    with pytest.raises(
        ValueError, match=rf"^body: the Procedures set no term limit for the {body.label}"
    ):
        may_stand_again(body, 1)
    with pytest.raises(
        ValueError, match=rf"^body: the Procedures set no mandate length for the {body.label}"
    ):
        mandate_years(body)


def test_may_stand_again_bad_input() -> None:
    with pytest.raises(ValueError, match=r"^consecutive_terms_served: must not be negative"):
        may_stand_again(Body.BUREAU, -1)
    with pytest.raises(ValueError, match=r"^body: unknown body 'senate'"):
        may_stand_again("senate", 1)


@pytest.mark.parametrize(
    ("body", "years"),
    [
        (Body.EXECUTIVE_BOARD, 2),
        (Body.BUREAU, 2),
        (Body.MONITORING_AND_EVALUATION_GROUP, 3),
        (Body.ELECTION_COMMITTEE, 2),
    ],
)
def test_mandate_years(body: Body, years: int) -> None:
    assert mandate_years(body) == years


def test_mandate_lengths_are_a_setting() -> None:
    assert mandate_years("bureau", lengths=MandateLengths(bureau=3)) == 3


@pytest.mark.parametrize(
    ("presidents", "treasurers", "vps", "problems"),
    [
        (1, 1, 7, []),
        (1, 1, 12, []),
        (1, 1, 6, ["The Executive Board needs 7 to 12 Vice-Presidents; it has 6."]),
        (1, 1, 13, ["The Executive Board needs 7 to 12 Vice-Presidents; it has 13."]),
        (
            0,
            2,
            9,
            [
                "The Executive Board needs 1 President(s); it has 0.",
                "The Executive Board needs 1 Treasurer(s); it has 2.",
            ],
        ),
    ],
)
def test_executive_board_composition(
    presidents: int, treasurers: int, vps: int, problems: list[str]
) -> None:
    found = executive_board_composition_problems(
        presidents=presidents, treasurers=treasurers, vice_presidents=vps
    )
    assert [str(p) for p in found] == problems
    assert all(p.article == "Procedures art. 15 A" for p in found)


def test_composition_is_a_setting() -> None:
    # a 2025 AER page says 7–13 Vice-Presidents
    wider = Composition(vice_presidents_min=7, vice_presidents_max=13)
    assert (
        executive_board_composition_problems(
            presidents=1, treasurers=1, vice_presidents=13, composition=wider
        )
        == ()
    )
    exact = Composition(vice_presidents_min=9, vice_presidents_max=9, presidents=2)
    found = executive_board_composition_problems(
        presidents=1, treasurers=1, vice_presidents=8, composition=exact
    )
    assert [str(p) for p in found] == [
        "The Executive Board needs 2 President(s); it has 1.",
        "The Executive Board needs 9 Vice-Presidents; it has 8.",
    ]
    two_to_three = Composition(presidents=2, treasurers=2)
    assert (
        executive_board_composition_problems(
            presidents=2, treasurers=2, vice_presidents=7, composition=two_to_three
        )
        == ()
    )


@pytest.mark.parametrize(
    ("members", "problems"),
    [
        (3, []),
        (5, []),
        (2, ["The Election Committee needs 3 to 5 members; it has 2."]),
        (6, ["The Election Committee needs 3 to 5 members; it has 6."]),
    ],
)
def test_election_committee_composition(members: int, problems: list[str]) -> None:
    assert [str(p) for p in election_committee_composition_problems(members=members)] == problems


def test_election_committee_exact_size_reads_well() -> None:
    composition = Composition(election_committee_min=4, election_committee_max=4)
    found = election_committee_composition_problems(members=3, composition=composition)
    assert [str(p) for p in found] == ["The Election Committee needs 4 members; it has 3."]


def test_monitoring_group_composition() -> None:
    fine = {"Ana": [], "Bo": [Body.GENERAL_ASSEMBLY, Body.WORKING_GROUP], "Cy": ()}
    assert monitoring_group_composition_problems(fine) == ()
    found = monitoring_group_composition_problems(
        {"Ana": [Body.EXECUTIVE_BOARD, "bureau"], "Bo": []}
    )
    assert [str(p) for p in found] == [
        "The Monitoring and Evaluation Group needs 3 members; it has 2.",
        "Ana also sits in the Bureau; members of the Monitoring and Evaluation Group may not be "
        "involved in other governing structures of AER.",
        "Ana also sits in the Executive Board; members of the Monitoring and Evaluation Group may "
        "not be involved in other governing structures of AER.",
    ]
    assert all(p.article == "Procedures art. 15 C" for p in found)


def test_sitting_in_the_group_itself_is_not_another_structure() -> None:
    assert (
        other_structure_reasons(name="Ana", other_bodies=[Body.MONITORING_AND_EVALUATION_GROUP])
        == ()
    )
    with pytest.raises(ValueError, match=r"^other_bodies: unknown body 'x'"):
        other_structure_reasons(name="Ana", other_bodies=["x"])
