import pytest

from aer_portal.rules.voting_rights import (
    Attendee,
    general_assembly_votes,
    no_vote_reason,
    one_vote_each,
)


def test_an_entitled_attendee_has_no_reason_against_voting() -> None:
    assert no_vote_reason(Attendee("ana")) is None


@pytest.mark.parametrize(
    ("attendee", "article", "words"),
    [
        (Attendee("a", present=False), "Procedures art. 14", "Absent"),
        (Attendee("a", holds_regional_mandate=False), "Procedures art. 15.2", "regional political"),
        (Attendee("a", member_suspended=True), "Procedures art. 3.5", "suspended"),
        (Attendee("a", member_observer=True), "Procedures art. 2", "observers are not members"),
    ],
)
def test_reasons_against_voting(attendee: Attendee, article: str, words: str) -> None:
    reason = no_vote_reason(attendee)
    assert reason is not None and reason.article == article and words in reason.render()


def test_one_vote_each_only_for_the_entitled() -> None:
    rights = one_vote_each(
        [Attendee("a"), Attendee("b", present=False), Attendee("c", member_suspended=True)]
    )
    assert [(r.person_id, r.votes) for r in rights] == [("a", 1), ("b", 0), ("c", 0)]
    assert rights[0].reason.render() == "Present and entitled: one vote."


def test_general_assembly_one_vote_per_member_delegation() -> None:
    rights = general_assembly_votes(
        [
            Attendee("a1", member_id=1, holds_regional_mandate=False),
            Attendee("a2", member_id=1),
            Attendee("a3", member_id=1),
            Attendee("b1", member_id=2),
            Attendee("x", member_id=None),
            Attendee("c1", member_id=3, member_suspended=True),
        ]
    )
    assert [(r.person_id, r.votes) for r in rights] == [
        ("a1", 0),
        ("a2", 1),
        ("a3", 0),
        ("b1", 1),
        ("x", 0),
        ("c1", 0),
    ]
    assert "Another delegate" in rights[2].reason.render()
    assert "Represents no member" in rights[4].reason.render()
    assert rights[1].reason.render() == "Casts the member's 1 vote(s)."


def test_general_assembly_votes_per_member_is_a_setting() -> None:
    (right,) = general_assembly_votes([Attendee("a", member_id=1)], votes_per_member=2)
    assert right.votes == 2
    with pytest.raises(ValueError, match="votes_per_member"):
        general_assembly_votes([], votes_per_member=0)


def test_observers_have_no_vote_in_any_body() -> None:
    """Procedures art. 2 (DESIGN.md): an observer region's representative never votes."""
    observer = Attendee("imereti", member_id="GE-IM", member_observer=True)
    assert [r.votes for r in one_vote_each([observer, Attendee("b")])] == [0, 1]
    assert [r.votes for r in general_assembly_votes([observer])] == [0]
    assert one_vote_each([observer])[0].reason.article == "Procedures art. 2"
