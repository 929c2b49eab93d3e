import pytest
from hypothesis import given
from hypothesis import strategies as st

from aer_portal.rules.working_groups import (
    WorkingGroupDraft,
    draft_proposal_problems,
    has_enough_supporters,
    supporters_still_needed,
)

COMPLETE = WorkingGroupDraft(
    topic="Rural health",
    focus="Telemedicine in sparsely populated regions",
    lead_region="Norrbotten",
    supporting_regions=("Innlandet", "Imereti", "Donegal"),
    activities=("Study visit", "Webinar series"),
    objective="Share working models of remote care",
)


@pytest.mark.parametrize(
    ("supporters", "needed"),
    [
        ((), 3),
        (("Innlandet",), 2),
        (("Innlandet", "Imereti"), 1),
        (("Innlandet", "Imereti", "Donegal"), 0),
        (("Innlandet", "Imereti", "Donegal", "Azores"), 0),
        (("Innlandet", "Innlandet", " Innlandet "), 2),  # a region counts once
        (("Norrbotten", "Innlandet", "Imereti"), 1),  # the lead is not its own supporter
        (("", "  ", "Imereti"), 2),  # blanks do not count
    ],
)
def test_supporters_still_needed(supporters: tuple[str, ...], needed: int) -> None:
    assert supporters_still_needed(supporters, lead_region="Norrbotten") == needed
    assert has_enough_supporters(supporters, lead_region="Norrbotten") is (needed == 0)


def test_minimum_is_a_setting() -> None:
    assert supporters_still_needed(["a"], lead_region="x", minimum=5) == 4
    assert has_enough_supporters([], lead_region="x", minimum=0)
    with pytest.raises(ValueError, match=r"^minimum: must not be negative, got -1"):
        supporters_still_needed([], lead_region="x", minimum=-1)


def test_a_complete_draft_has_no_problems() -> None:
    assert draft_proposal_problems(COMPLETE) == ()


def test_an_empty_draft_lists_everything_missing() -> None:
    problems = [str(p) for p in draft_proposal_problems(WorkingGroupDraft())]
    assert problems == [
        "The draft proposal does not mention the topic of the Working Group.",
        "The draft proposal does not clarify the focus of the exchange of best practices.",
        "The draft proposal does not indicate the lead region.",
        "The proposal needs at least 3 supporting regions besides the lead region; 3 more needed.",
        "The draft proposal proposes no activities for the first 2-year mandate.",
        "The draft proposal does not define an objective for the Working Group.",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"topic": "   "}, "topic"),
        ({"focus": ""}, "focus"),
        ({"lead_region": " "}, "lead region"),
        ({"supporting_regions": ("Innlandet", "Imereti")}, "1 more needed"),
        ({"activities": ("", " ")}, "no activities"),
        ({"objective": "\n"}, "objective"),
    ],
)
def test_each_missing_item_is_reported_alone(change: dict[str, object], expected: str) -> None:
    draft = WorkingGroupDraft(**{**COMPLETE.__dict__, **change})  # type: ignore[arg-type]
    problems = draft_proposal_problems(draft)
    assert len(problems) == 1
    assert expected in str(problems[0])


def test_min_supporters_setting_in_draft_check() -> None:
    problems = draft_proposal_problems(COMPLETE, min_supporters=4)
    assert [str(p) for p in problems] == [
        "The proposal needs at least 4 supporting regions besides the lead region; 1 more needed."
    ]


@given(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "lead", " "]), max_size=10))
def test_adding_a_supporter_never_increases_what_is_needed(supporters: list[str]) -> None:
    before = supporters_still_needed(supporters, lead_region="lead")
    after = supporters_still_needed([*supporters, "f"], lead_region="lead")
    assert after == max(0, before - 1)
