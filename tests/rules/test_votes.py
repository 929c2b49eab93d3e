import pytest
from hypothesis import given
from hypothesis import strategies as st

from aer_portal.rules.votes import (
    BureauRepresentative,
    CastingVote,
    Outcome,
    VoteCountError,
    VoteLimit,
    bureau_votes,
    decide_vote,
    simple_majority,
)


# Procedures art. 14: more than 50 % of those present and voting; abstentions do not vote
# (DESIGN.md); a tie goes to the President's casting vote.
@pytest.mark.parametrize(
    ("yes", "no", "abstain", "casting", "outcome"),
    [
        (10, 9, 0, None, Outcome.ADOPTED),
        (9, 10, 0, None, Outcome.REJECTED),
        (1, 0, 50, None, Outcome.ADOPTED),  # abstentions never block
        (0, 1, 50, None, Outcome.REJECTED),
        (10, 10, 0, None, Outcome.TIED),
        (10, 10, 3, True, Outcome.ADOPTED),
        (10, 10, 3, False, Outcome.REJECTED),
        (0, 0, 0, None, Outcome.TIED),  # nobody voting is a tie
        (0, 0, 12, True, Outcome.ADOPTED),
    ],
)
def test_simple_majority(
    yes: int, no: int, abstain: int, casting: bool | None, outcome: Outcome
) -> None:
    assert simple_majority(yes=yes, no=no, abstain=abstain, casting_vote=casting) is outcome


@pytest.mark.parametrize("name", ["yes", "no", "abstain"])
def test_negative_counts_raise(name: str) -> None:
    counts = {"yes": 1, "no": 1, "abstain": 1, name: -1}
    with pytest.raises(VoteCountError, match=rf"^{name}: A number of votes cannot be negative"):
        simple_majority(yes=counts["yes"], no=counts["no"], abstain=counts["abstain"])


def test_outcome_values_and_labels() -> None:
    assert [o.value for o in Outcome] == ["adopted", "rejected", "tied"]
    assert Outcome.TIED.label == "tied"


counts = st.integers(0, 500)


@given(counts, counts, counts)
def test_adding_a_yes_vote_never_turns_adopted_into_rejected(
    yes: int, no: int, abstain: int
) -> None:
    before = simple_majority(yes=yes, no=no, abstain=abstain)
    after = simple_majority(yes=yes + 1, no=no, abstain=abstain)
    if before is Outcome.ADOPTED:
        assert after is Outcome.ADOPTED
    assert not (before is not Outcome.REJECTED and after is Outcome.REJECTED)


@given(counts, counts, counts, counts)
def test_abstentions_never_change_the_outcome(yes: int, no: int, a: int, b: int) -> None:
    assert simple_majority(yes=yes, no=no, abstain=a) is simple_majority(yes=yes, no=no, abstain=b)


@given(counts, counts)
def test_adopted_means_more_than_half_of_those_voting(yes: int, no: int) -> None:
    adopted = simple_majority(yes=yes, no=no) is Outcome.ADOPTED
    assert adopted is (2 * yes > yes + no)


def rep(
    person_id: str,
    country: str,
    *,
    present: bool = True,
    substitute: bool = False,
    office_region: bool = False,
) -> BureauRepresentative:
    return BureauRepresentative(person_id, country, present, substitute, office_region)


def test_each_country_has_two_votes_one_per_representative() -> None:
    allocation = bureau_votes(
        [rep("se1", "SE"), rep("se2", "SE"), rep("no1", "NO"), rep("no2", "NO")]
    )
    assert [v.votes for v in allocation.votes] == [1, 1, 1, 1]
    assert allocation.country_votes("SE") == 2
    assert allocation.total == 4
    assert allocation.votes[0].reason.article == "Procedures art. 5.5"
    assert (
        str(allocation.votes[0].reason)
        == "Representative of SE: casts one of the country's 2 votes."
    )


def test_lone_representative_casts_both_votes_by_default() -> None:
    allocation = bureau_votes([rep("ro1", "RO"), rep("ro2", "RO", present=False)])
    assert allocation.votes_of("ro1") == 2
    assert allocation.votes_of("ro2") == 0
    assert allocation.country_votes("RO") == 2
    assert str(allocation.votes[1].reason) == "Absent: no vote."


def test_lone_representative_reading_is_a_setting() -> None:
    allocation = bureau_votes(
        [rep("ro1", "RO"), rep("ro2", "RO", present=False)], lone_representative_casts_both=False
    )
    assert allocation.votes_of("ro1") == 1


def test_substitutes_present_have_no_vote() -> None:
    # art. 5.5.1: a substitute present sits in the delegation without the right to vote,
    # even when the member they stand in for is absent.
    allocation = bureau_votes(
        [
            rep("ua1", "UA"),
            rep("ua2", "UA", present=False),
            rep("ua2-sub", "UA", substitute=True),
            rep("ge1", "GE", present=False),
            rep("ge1-sub", "GE", substitute=True),
        ]
    )
    assert allocation.votes_of("ua2-sub") == 0
    assert allocation.votes_of("ua1") == 2
    assert allocation.votes_of("ge1-sub") == 0
    assert allocation.country_votes("GE") == 0
    sub = allocation.votes[2]
    assert sub.reason.article == "Procedures art. 5.5.1"


def test_office_region_representatives_have_a_vote_of_their_own() -> None:
    # art. 5.5.2, read as one vote besides the country's two (interpretation).
    allocation = bureau_votes(
        [
            rep("be1", "BE"),
            rep("be2", "BE"),
            rep("brussels", "BE", office_region=True),
            rep("alba", "RO", office_region=True),
            rep("ro1", "RO"),
            rep("alba-sub", "RO", substitute=True, office_region=True),
            rep("strasbourg", "FR", office_region=True, present=False),
        ]
    )
    assert allocation.votes_of("brussels") == 1
    assert allocation.country_votes("BE") == 3
    assert (
        allocation.votes_of("ro1") == 2
    )  # the office region's representative is not one of the two
    assert allocation.country_votes("RO") == 3
    assert allocation.votes_of("alba-sub") == 0
    assert allocation.votes_of("strasbourg") == 0
    assert allocation.votes[2].reason.article == "Procedures art. 5.5.2"
    assert allocation.total == 6


def test_more_than_two_voting_representatives_is_a_data_error_naming_the_country() -> None:
    with pytest.raises(ValueError, match=r"^representatives: country 'IT' has 3 representatives"):
        bureau_votes([rep("a", "IT"), rep("b", "IT"), rep("c", "IT")])
    # three listed, one of them absent: fine
    assert bureau_votes([rep("a", "IT"), rep("b", "IT"), rep("c", "IT", present=False)]).total == 2


def test_duplicate_people_raise() -> None:
    with pytest.raises(ValueError, match=r"^representatives: listed more than once: a"):
        bureau_votes([rep("a", "IT"), rep("a", "IT")])


def test_votes_of_unknown_person_raises_key_error() -> None:
    with pytest.raises(KeyError):
        bureau_votes([rep("a", "IT")]).votes_of("b")


def test_empty_bureau() -> None:
    assert bureau_votes([]).total == 0


@st.composite
def delegations(draw: st.DrawFn) -> list[BureauRepresentative]:
    people = []
    for country in draw(st.lists(st.sampled_from(["SE", "NO", "RO", "UA", "BE"]), unique=True)):
        for index in range(draw(st.integers(0, 2))):
            people.append(rep(f"{country}{index}", country, present=draw(st.booleans())))
        if draw(st.booleans()):
            people.append(rep(f"{country}-sub", country, substitute=True))
        if draw(st.booleans()):
            people.append(rep(f"{country}-office", country, office_region=True))
    return people


@given(delegations())
def test_no_country_casts_more_than_two_votes_plus_its_office_regions(
    people: list[BureauRepresentative],
) -> None:
    allocation = bureau_votes(people)
    for country in {person.country for person in people}:
        offices = sum(1 for p in people if p.country == country and p.office_region and p.present)
        assert allocation.country_votes(country) <= 2 + offices
    assert all(v.votes == 0 for v, p in zip(allocation.votes, people, strict=True) if p.substitute)


# --- One reading of the casting vote (Procedures art. 14, DESIGN.md) ----------------------


def test_a_tie_is_not_decided_until_the_president_casts_or_declines() -> None:
    pending = decide_vote(yes=4, no=4, abstain=1)
    assert (pending.outcome, pending.final, pending.adopted) == (Outcome.TIED, False, False)
    assert pending.reason.article == "Procedures art. 14"
    assert "not decided until the President" in str(pending.reason)
    cast_for = decide_vote(yes=4, no=4, casting_vote=CastingVote.FOR)
    assert (cast_for.outcome, cast_for.final, cast_for.casting_vote) == (
        Outcome.ADOPTED,
        True,
        CastingVote.FOR,
    )
    assert decide_vote(yes=4, no=4, casting_vote="against").outcome is Outcome.REJECTED
    declined = decide_vote(yes=0, no=0, abstain=3, casting_vote=CastingVote.DECLINED)
    assert (declined.outcome, declined.final) == (Outcome.REJECTED, True)
    assert "declined" in str(declined.reason) and declined.reason.article == "Procedures art. 14"


@pytest.mark.parametrize("casting", list(CastingVote))
def test_a_casting_vote_without_a_tie_is_refused_not_ignored(casting: CastingVote) -> None:
    with pytest.raises(VoteCountError, match=r"not tied \(5 to 4\)") as error:
        decide_vote(yes=5, no=4, casting_vote=casting)
    assert error.value.part == "casting_vote"
    with pytest.raises(VoteCountError):
        simple_majority(yes=5, no=4, casting_vote=False)


def test_counts_are_checked_against_the_votes_that_can_be_cast() -> None:
    with pytest.raises(VoteCountError, match="record who is present first") as error:
        decide_vote(yes=1, no=0, votes_available=0)
    assert error.value.part == "total"
    with pytest.raises(VoteCountError, match="6 votes are more than the 5 votes of the members"):
        decide_vote(yes=3, no=2, abstain=1, votes_available=5, limit=VoteLimit.BOARD)
    assert decide_vote(yes=3, no=1, abstain=1, votes_available=5).outcome is Outcome.ADOPTED
    assert decide_vote(yes=3, no=1, votes_available=None).final


@given(counts, counts, counts, st.sampled_from([None, *CastingVote]))
def test_decided_means_not_tied_and_a_casting_vote_needs_a_tie(
    yes: int, no: int, abstain: int, casting: CastingVote | None
) -> None:
    try:
        decision = decide_vote(yes=yes, no=no, abstain=abstain, casting_vote=casting)
    except VoteCountError as error:
        assert error.part == "casting_vote" and casting is not None and yes != no
        return
    assert decision.final is (yes != no or casting is not None)
    if decision.final and yes == no:
        assert decision.adopted is (casting is CastingVote.FOR)
