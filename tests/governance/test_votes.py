"""Attendance, voting rights and votes: show of hands, online, secret (Procedures art. 14)."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.db import OperationalError, connection
from django.db.models import ForeignKey, OneToOneField

from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Attendance, Meeting, Motion, SealedVote, VoteBallot, VoteCast
from governance.services.attendance import attendance_record
from governance.services.votes import (
    motion_close,
    motion_open,
    motion_propose,
    motion_record_show_of_hands,
    vote_cast,
)
from members.models import Person, RegionalMandate, Suspension, User
from tests.factories import CountryFactory, MemberFactory, UserFactory
from tests.governance.factories import (
    MeetingFactory,
    brussels,
    full_member_with_delegate,
    seated,
)
from tests.locking import held_open, lock_timeout

pytestmark = pytest.mark.django_db

DAY = brussels(2026, 6, 18, 10)
AFTER = DAY + timedelta(hours=1)


def convened(kind: BodyKind, people: list[Person], *, online: bool = False) -> Meeting:
    body = people[0].mandates.first().seat.body if people[0].mandates.exists() else None
    from tests.factories import BodyFactory

    meeting = MeetingFactory(
        body=body or BodyFactory(kind=kind),
        starts_at=DAY,
        status=Meeting.Status.CONVENED,
        online_url="https://meet.example.org/aer" if online else "",
        place="" if online else "Brussels",
    )
    return meeting


def board(n: int = 3) -> list[Person]:
    return [seated(BodyKind.EXECUTIVE_BOARD) for _ in range(n)]


def test_voting_rights_need_presence_a_regional_mandate_and_no_suspension() -> None:
    people = board(4)
    RegionalMandate.objects.filter(person=people[1]).update(lost_on=date(2026, 1, 31))
    Suspension.objects.create(
        member=people[2].member, starts_on=date(2026, 3, 1), reason="Fee 2026", source="inv-1"
    )
    meeting = convened(BodyKind.EXECUTIVE_BOARD, people)
    rows = attendance_record(
        meeting=meeting, present_person_ids=[p.pk for p in people[:3]], actor=None
    )
    votes = {row.person_id: (row.present, row.votes) for row in rows}
    assert votes == {
        people[0].pk: (True, 1),
        people[1].pk: (True, 0),
        people[2].pk: (True, 0),
        people[3].pk: (False, 0),
    }
    reasons = {row.person_id: row.vote_reason for row in rows}
    assert "Procedures art. 15.2" in reasons[people[1].pk]
    assert "Procedures art. 3.5" in reasons[people[2].pk]
    assert "Absent" in reasons[people[3].pk]


def test_bureau_two_votes_per_country_substitutes_none_office_regions_one() -> None:
    from governance.models import Seat

    ro, se = CountryFactory(code="RO"), CountryFactory(code="SE")
    ro_1 = seated(BodyKind.BUREAU, role=Seat.Role.COUNTRY_REPRESENTATIVE, country=ro)
    ro_sub = seated(BodyKind.BUREAU, role=Seat.Role.SUBSTITUTE, country=ro)
    se_1 = seated(BodyKind.BUREAU, role=Seat.Role.COUNTRY_REPRESENTATIVE, country=se)
    se_2 = seated(BodyKind.BUREAU, role=Seat.Role.COUNTRY_REPRESENTATIVE, country=se)
    alba = MemberFactory(name="Alba County", hosts_aer_office=True, country=ro)
    ro_office = seated(
        BodyKind.BUREAU, role=Seat.Role.COUNTRY_REPRESENTATIVE, country=ro, member=alba
    )
    board_member = seated(BodyKind.EXECUTIVE_BOARD)
    meeting = MeetingFactory(
        body=ro_1.mandates.get().seat.body, starts_at=DAY, status=Meeting.Status.CONVENED
    )
    everyone = [ro_1, ro_sub, se_1, se_2, ro_office, board_member]
    rows = attendance_record(
        meeting=meeting, present_person_ids=[p.pk for p in everyone], actor=None
    )
    votes = {row.person_id: row.votes for row in rows}
    assert votes == {
        ro_1.pk: 2,  # the only Romanian representative present casts both
        ro_sub.pk: 0,
        se_1.pk: 1,
        se_2.pk: 1,
        ro_office.pk: 1,
        board_member.pk: 0,
    }
    reasons = {row.person_id: row.vote_reason for row in rows}
    assert "Procedures art. 5.5.1" in reasons[ro_sub.pk]
    assert "Procedures art. 5.5.2" in reasons[ro_office.pk]


def test_general_assembly_one_vote_per_full_member() -> None:
    member, first = full_member_with_delegate()
    from members.models import ContactRole
    from tests.factories import PersonFactory

    second = PersonFactory(member=member)
    ContactRole.objects.create(person=second, role=ContactRole.Role.DELEGATE)
    RegionalMandate.objects.create(person=second, kind="Councillor", starts_on=date(2010, 1, 1))
    _other, third = full_member_with_delegate()
    from tests.factories import BodyFactory

    meeting = MeetingFactory(
        body=BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY),
        starts_at=DAY,
        status=Meeting.Status.CONVENED,
    )
    rows = attendance_record(
        meeting=meeting, present_person_ids=[first.pk, second.pk, third.pk], actor=None
    )
    assert sorted(row.votes for row in rows) == [0, 1, 1]
    assert sum(row.votes for row in rows if row.member_id == member.pk) == 1


def test_attendance_refuses_people_outside_the_body_and_unconvened_meetings() -> None:
    people = board(1)
    meeting = convened(BodyKind.EXECUTIVE_BOARD, people)
    stranger = seated(BodyKind.ELECTION_COMMITTEE)
    with pytest.raises(DomainError, match=r"^1 person\(s\) do not sit"):
        attendance_record(meeting=meeting, present_person_ids=[stranger.pk], actor=None)
    meeting.status = Meeting.Status.PLANNED
    meeting.save()
    with pytest.raises(DomainError, match="Attendance is recorded once"):
        attendance_record(meeting=meeting, present_person_ids=[], actor=None)


def _present(meeting: Meeting, people: list[Person]) -> None:
    attendance_record(meeting=meeting, present_person_ids=[p.pk for p in people], actor=None)


def test_show_of_hands_counts_and_the_presidents_casting_vote() -> None:
    people = board(4)
    meeting = convened(BodyKind.EXECUTIVE_BOARD, people)
    motion = motion_propose(
        meeting=meeting, text="Adopt the budget", method="show_of_hands", actor=None
    )
    with pytest.raises(DomainError, match=r"record who is present first"):
        motion_record_show_of_hands(
            motion=motion, votes_for=1, votes_against=0, abstentions=0, actor=None, now=AFTER
        )
    _present(meeting, people)
    with pytest.raises(DomainError, match="5 votes are more than the 4 votes"):
        motion_record_show_of_hands(
            motion=motion, votes_for=3, votes_against=2, abstentions=0, actor=None, now=AFTER
        )
    motion = motion_record_show_of_hands(
        motion=motion,
        votes_for=2,
        votes_against=2,
        abstentions=0,
        casting_vote=True,
        actor=None,
        now=AFTER,
    )
    assert (motion.outcome, motion.casting_vote, motion.status) == ("adopted", True, "closed")


def test_a_tie_without_casting_vote_is_not_saved_as_a_decision() -> None:
    """Procedures art. 14: a tie is not final until the President casts or declines."""
    people = board(4)
    meeting = convened(BodyKind.EXECUTIVE_BOARD, people)
    _present(meeting, people)
    motion = motion_propose(meeting=meeting, text="Second", method="show_of_hands", actor=None)
    with pytest.raises(DomainError, match=r"The votes are tied \(1 to 1\).*art\. 14"):
        motion_record_show_of_hands(
            motion=motion, votes_for=1, votes_against=1, abstentions=2, actor=None, now=AFTER
        )
    motion.refresh_from_db()
    assert (motion.status, motion.outcome, motion.votes_for) == ("draft", "", None)
    motion = motion_record_show_of_hands(
        motion=motion,
        votes_for=1,
        votes_against=1,
        abstentions=2,
        casting_vote="declined",
        actor=None,
        now=AFTER,
    )
    assert (motion.status, motion.outcome) == ("closed", "rejected")
    assert motion.casting_declined and motion.casting_vote is None


def test_a_casting_vote_without_a_tie_is_refused_by_both_recorders() -> None:
    people = board(4)
    meeting = convened(BodyKind.EXECUTIVE_BOARD, people)
    _present(meeting, people)
    third = motion_propose(meeting=meeting, text="Third", method="show_of_hands", actor=None)
    with pytest.raises(DomainError, match=r"not tied \(1 to 2\)") as error:
        motion_record_show_of_hands(
            motion=third,
            votes_for=1,
            votes_against=2,
            abstentions=1,
            casting_vote=True,
            actor=None,
            now=AFTER,
        )
    assert error.value.field == "casting_vote"
    third.refresh_from_db()
    assert third.status == "draft"


def test_an_online_tie_stays_open_until_the_casting_vote_is_given() -> None:
    people = board(2)
    meeting = convened(BodyKind.EXECUTIVE_BOARD, people, online=True)
    users = _voters(meeting, people)
    motion = motion_propose(meeting=meeting, text="Move", method="online", actor=None)
    motion_open(motion=motion, actor=None, now=AFTER)
    vote_cast(motion=motion, user=users[0], choice="yes")
    vote_cast(motion=motion, user=users[1], choice="no")
    with pytest.raises(DomainError, match="The votes are tied"):
        motion_close(motion=motion, actor=None, now=AFTER)
    motion.refresh_from_db()
    assert (motion.status, motion.outcome) == ("open", "")
    motion = motion_close(motion=motion, actor=None, now=AFTER, casting_vote="for")
    assert (motion.status, motion.outcome, motion.casting_vote) == ("closed", "adopted", True)


def test_online_votes_are_for_virtual_meetings_and_secret_ones_name_who_asked() -> None:
    people = board(1)
    physical = convened(BodyKind.EXECUTIVE_BOARD, people)
    with pytest.raises(DomainError, match="An open online vote is for virtual meetings"):
        motion_propose(meeting=physical, text="x", method="online", actor=None)
    with pytest.raises(DomainError, match="Votes are by show of hands"):
        motion_propose(meeting=physical, text="x", method="secret", actor=None)
    motion = motion_propose(
        meeting=physical, text="x", method="secret", secret_requested_by="Catalonia", actor=None
    )
    assert motion.secret_requested_by == "Catalonia"


def _voters(meeting: Meeting, people: list[Person]) -> list[User]:
    _present(meeting, people)
    return [UserFactory(person=p) for p in people]


def test_a_secret_vote_counts_once_per_voter_and_shows_results_only_when_closed() -> None:
    people = board(3)
    meeting = convened(BodyKind.EXECUTIVE_BOARD, people, online=True)
    users = _voters(meeting, people)
    motion = motion_propose(
        meeting=meeting, text="Elect", method="secret", secret_requested_by="Lviv", actor=None
    )
    with pytest.raises(DomainError, match="The vote is not open"):
        vote_cast(motion=motion, user=users[0], choice="yes")
    motion_open(motion=motion, actor=None, now=AFTER)
    vote_cast(motion=motion, user=users[0], choice="yes")
    vote_cast(motion=motion, user=users[1], choice="no")
    with pytest.raises(DomainError, match="You have voted on this motion already"):
        vote_cast(motion=motion, user=users[0], choice="no")
    outsider = UserFactory()
    with pytest.raises(DomainError, match="Only those present with a vote"):
        vote_cast(motion=motion, user=outsider, choice="yes")
    motion.refresh_from_db()
    assert motion.votes_for is None and motion.outcome == ""  # nothing before closing
    assert VoteCast.objects.filter(motion=motion).count() == 2
    motion = motion_close(motion=motion, actor=None, now=AFTER, casting_vote=False)
    assert (motion.votes_for, motion.votes_against, motion.abstentions) == (1, 1, 0)
    assert (motion.outcome, motion.casting_vote) == ("rejected", False)
    with pytest.raises(DomainError, match="The vote is not open"):
        vote_cast(motion=motion, user=users[2], choice="yes")


def test_a_voter_with_two_bureau_votes_casts_two_ballots() -> None:
    from governance.models import Seat

    ro = CountryFactory(code="RO")
    lone = seated(BodyKind.BUREAU, role=Seat.Role.COUNTRY_REPRESENTATIVE, country=ro)
    meeting = MeetingFactory(
        body=lone.mandates.get().seat.body,
        starts_at=DAY,
        status=Meeting.Status.CONVENED,
        online_url="https://meet.example.org/b",
        place="",
    )
    (user,) = _voters(meeting, [lone])
    motion = motion_propose(meeting=meeting, text="x", method="online", actor=None)
    motion_open(motion=motion, actor=None, now=AFTER)
    vote_cast(motion=motion, user=user, choice="abstain")
    closed = motion_close(motion=motion, actor=None, now=AFTER, casting_vote="declined")
    assert closed.abstentions == 2


def _forward_closure(model: type) -> set[type]:
    """Every model a row determines by following its foreign keys (many-to-one, one-to-one)."""
    seen: set[type] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        for field in current._meta.get_fields():
            if isinstance(field, ForeignKey | OneToOneField) and not field.auto_created:
                target = field.related_model
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
    return seen


def test_no_path_leads_from_a_ballot_to_a_person() -> None:
    """The schema proves the secret: a ballot holds only a random key, its motion and its
    choice; following foreign keys from it never reaches a person, an account or the record
    of who voted; nothing points at a ballot; and ballots have no audit history."""
    from django.apps import apps

    fields = {f.name for f in VoteBallot._meta.concrete_fields}
    assert fields == {"id", "motion", "choice"}
    assert VoteBallot._meta.pk.get_internal_type() == "UUIDField"
    assert not any(
        f.get_internal_type() in {"DateTimeField", "DateField", "AutoField", "BigAutoField"}
        for f in VoteBallot._meta.concrete_fields
    )
    reachable = _forward_closure(VoteBallot)
    assert Motion in reachable and Meeting in reachable
    assert not reachable & {Person, User, VoteCast, Attendance}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created:
                assert field.related_model is not VoteBallot, f"{model} points at ballots"
    assert not any(
        m.__name__ == "HistoricalVoteBallot" or m.__name__ == "HistoricalVoteCast"
        for m in apps.get_models()
    )
    cast_fields = {f.name for f in VoteCast._meta.concrete_fields}
    assert cast_fields == {"id", "motion", "voter"}  # who, never what or when
    assert VoteCast._meta.pk.get_internal_type() == "UUIDField"  # not the order of voting
    sealed_fields = {f.name for f in SealedVote._meta.concrete_fields}
    assert sealed_fields == {"id", "motion", "envelope"}
    assert SealedVote._meta.pk.get_internal_type() == "UUIDField"
    assert not _forward_closure(SealedVote) & {Person, User, VoteCast, Attendance}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_votes_of_one_person_count_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (CI)")
    people = board(1)
    meeting = convened(BodyKind.EXECUTIVE_BOARD, people, online=True)
    (user,) = _voters(meeting, people)
    motion = motion_propose(
        meeting=meeting, text="x", method="secret", secret_requested_by="A", actor=None
    )
    motion_open(motion=motion, actor=None, now=AFTER)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def vote() -> None:
        from django.db import connections

        try:
            barrier.wait()
            vote_cast(motion=motion, user=user, choice="yes")
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] + ["refused"] * 7
    assert VoteCast.objects.filter(motion=motion).count() == 1
    assert SealedVote.objects.filter(motion=motion).count() == 1
    assert not VoteBallot.objects.filter(motion=motion).exists()  # sealed until the close


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_voters_do_not_wait_for_one_another_but_the_close_waits_for_a_vote() -> None:
    """A General Assembly votes at once (issue 19): a vote still being written does not hold
    the next voter back (every vote locked the motion for update: they queued), but it holds
    the close back, so no vote arrives after the count."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL (CI)")
    people = board(3)
    meeting = convened(BodyKind.EXECUTIVE_BOARD, people, online=True)
    first, second, third = _voters(meeting, people)
    motion = motion_propose(
        meeting=meeting, text="x", method="secret", secret_requested_by="A", actor=None
    )
    motion_open(motion=motion, actor=None, now=AFTER)
    with held_open(lambda: vote_cast(motion=motion, user=first, choice="yes")) as outcome:
        assert outcome == [None]
        with lock_timeout(3):
            vote_cast(motion=motion, user=second, choice="yes")
        with lock_timeout(0.5), pytest.raises(OperationalError):
            motion_close(motion=motion, actor=None, now=AFTER)
    vote_cast(motion=motion, user=third, choice="no")
    motion = motion_close(motion=motion, actor=None, now=AFTER)
    assert (motion.votes_for, motion.votes_against) == (2, 1)
    assert not SealedVote.objects.filter(motion=motion).exists()


def test_an_observer_regions_representative_has_no_vote_in_the_bureau() -> None:
    """Procedures art. 2: observers are not members; Imereti's representative gets no vote."""
    from aer_portal.rules.membership import MemberCategory
    from governance.models import Seat
    from tests.factories import MembershipFactory

    georgia, romania = CountryFactory(code="GE"), CountryFactory(code="RO")
    imereti = MemberFactory(name="Imereti", country=georgia)
    MembershipFactory(
        member=imereti, category=MemberCategory.OBSERVER, board_decision=date(2026, 1, 20)
    )
    observer = seated(
        BodyKind.BUREAU, role=Seat.Role.COUNTRY_REPRESENTATIVE, country=georgia, member=imereti
    )
    member = MemberFactory(country=romania)
    MembershipFactory(member=member, category=MemberCategory.FULL)
    delegate = seated(
        BodyKind.BUREAU, role=Seat.Role.COUNTRY_REPRESENTATIVE, country=romania, member=member
    )
    meeting = MeetingFactory(
        body=observer.mandates.get().seat.body, starts_at=DAY, status=Meeting.Status.CONVENED
    )
    rows = attendance_record(
        meeting=meeting, present_person_ids=[observer.pk, delegate.pk], actor=None
    )
    votes = {row.person_id: row.votes for row in rows}
    assert votes[observer.pk] == 0
    reason = next(row.vote_reason for row in rows if row.person_id == observer.pk)
    assert "observers are not members" in reason and "Procedures art. 2" in reason
