"""Nominating, eligibility with reasons, withdrawal and the Election Committee's review."""

from __future__ import annotations

from datetime import date

import pytest

from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from elections.models import Candidacy, Position
from elections.selectors.candidacies import candidacy_rows
from elections.services.candidacies import candidacy_review, candidacy_submit, candidacy_withdraw
from governance.models import Seat
from governance.selectors.roles import portal_roles
from members.models import Suspension
from tests.elections.factories import (
    AFTER_DEADLINE,
    BEFORE_DEADLINE,
    GA_DAY,
    committee_member,
    delegate,
    docx_upload,
    election,
    executable_upload,
    full_member,
    nominate,
    officer,
    pdf_upload,
)
from tests.factories import (
    BodyFactory,
    MandateFactory,
    MemberFactory,
    MembershipFactory,
    SeatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _submit(election_, member, person, *, today=BEFORE_DEADLINE, kind="president", **files):  # type: ignore[no-untyped-def]
    return candidacy_submit(
        election=election_,
        position=election_.positions.get(kind=kind),
        person=person,
        member=member,
        letter=files.get("letter", pdf_upload()),
        cv=files.get("cv", docx_upload()),
        actor=files.get("actor") or officer(member),
        today=today,
    )


def test_an_officer_nominates_an_eligible_person_with_a_pdf_letter_and_a_docx_cv() -> None:
    vote = election()
    member = full_member(name="Västra Götaland Region")
    person = delegate(member, first_name="Åsa", last_name="Lindqvist")
    candidacy = _submit(vote, member, person)
    assert candidacy.status == Candidacy.Status.SUBMITTED
    assert candidacy.submitted_on == BEFORE_DEADLINE
    assert candidacy.letter.name.startswith(
        "elections/letters/"
    ) and candidacy.letter.name.endswith(".pdf")
    assert candidacy.cv.name.endswith(".docx")
    assert "Lindqvist" not in candidacy.letter.name  # generated names only
    assert candidacy.history.count() == 1  # in the audit history


def test_a_candidacy_on_the_deadline_day_is_in_time_and_the_day_after_is_refused() -> None:
    vote = election()
    member = full_member()
    _submit(vote, member, delegate(member), today=date(2026, 9, 17))
    with pytest.raises(
        DomainError,
        match=r"^The candidacy arrived on 18 September 2026, after the deadline of "
        r"17 September 2026\. \(Procedures art\. 15\.5\)",
    ):
        _submit(vote, member, delegate(member), today=date(2026, 9, 18))
    assert Candidacy.objects.count() == 1


def test_a_candidate_without_a_regional_mandate_is_refused_with_the_reason() -> None:
    vote = election()
    member = full_member()
    person = delegate(member, mandate=False)
    with pytest.raises(
        DomainError,
        match=r" may not stand: .*does not hold a regional political mandate\. "
        r"\(Procedures art\. 15\.2\)",
    ) as caught:
        _submit(vote, member, person)
    assert caught.value.field == "person"
    assert not Candidacy.objects.exists()


def test_a_file_that_is_an_executable_renamed_pdf_is_refused() -> None:
    vote = election()
    member = full_member()
    with pytest.raises(
        DomainError, match=r"^Application letter: The content of “letter\.pdf” is not a PDF file\."
    ) as caught:
        _submit(vote, member, delegate(member), letter=executable_upload())
    assert caught.value.field == "letter"
    with pytest.raises(DomainError, match=r"^CV: Only PDF, DOCX files are accepted"):
        _submit(vote, member, delegate(member), cv=pdf_upload("cv.exe"))
    assert not Candidacy.objects.exists()


def test_a_file_over_the_size_limit_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = 100
    vote = election()
    member = full_member()
    with pytest.raises(
        DomainError, match=r"^Application letter: The file is larger than the limit"
    ):
        _submit(vote, member, delegate(member))


def test_a_suspended_member_s_candidate_is_refused() -> None:
    vote = election()
    member = full_member()
    Suspension.objects.create(
        member=member, starts_on=date(2026, 4, 1), reason="Fee 2026 unpaid", source="invoice 1"
    )
    with pytest.raises(DomainError, match=r"suspended for unpaid fees.*\(Procedures art\. 3\.5\)"):
        _submit(vote, member, delegate(member))


def test_an_associate_member_does_not_nominate() -> None:
    vote = election()
    member = MemberFactory()
    MembershipFactory(member=member, category=MemberCategory.ASSOCIATE_GEOGRAPHICAL)
    with pytest.raises(DomainError, match=r"Only full members of AER nominate candidates"):
        _submit(vote, member, delegate(member))


def test_a_board_member_at_the_term_limit_may_not_stand_again() -> None:
    vote = election()
    member = full_member()
    person = delegate(member)
    seat = SeatFactory(body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD), role=Seat.Role.TREASURER)
    MandateFactory(
        person=person,
        seat=seat,
        starts_on=date(2024, 10, 1),
        ends_on=date(2026, 10, 14),
        consecutive_term=4,
    )
    with pytest.raises(
        DomainError,
        match=r"has served 4 consecutive terms in the Executive Board; at most 4 are allowed",
    ):
        _submit(vote, member, person)
    third = delegate(member)
    MandateFactory(
        person=third,
        seat=seat,
        starts_on=date(2024, 10, 1),
        ends_on=date(2026, 10, 14),
        consecutive_term=3,
    )
    assert _submit(vote, member, third).status == Candidacy.Status.SUBMITTED


def test_a_monitoring_group_candidate_who_sits_in_the_bureau_is_refused() -> None:
    vote = election(kinds=(Position.Kind.MONITORING_GROUP,))
    member = full_member()
    person = delegate(member)
    MandateFactory(
        person=person,
        seat=SeatFactory(body=BodyFactory(kind=BodyKind.BUREAU), role=Seat.Role.SUBSTITUTE),
    )
    with pytest.raises(DomainError, match=r"also sits in the Bureau.*\(Procedures art\. 15 C\)"):
        _submit(vote, member, person, kind=Position.Kind.MONITORING_GROUP)


def test_only_the_member_s_officer_nominates_and_only_its_own_people() -> None:
    vote = election()
    member, other = full_member(), full_member()
    with pytest.raises(DomainError, match=r"^Only the officer of"):
        _submit(vote, member, delegate(member), actor=officer(other))
    with pytest.raises(DomainError, match=r" is not one of .*; a member nominates its own"):
        _submit(vote, member, delegate(other))


def test_a_person_stands_once_per_election() -> None:
    vote = election(kinds=(Position.Kind.PRESIDENT, Position.Kind.TREASURER))
    member = full_member()
    person = delegate(member)
    _submit(vote, member, person)
    with pytest.raises(DomainError, match=r"already stands in this election"):
        _submit(vote, member, person, kind=Position.Kind.TREASURER)


def test_a_bureau_nomination_says_which_seat() -> None:
    vote = election(kinds=(Position.Kind.BUREAU,))
    member = full_member()
    with pytest.raises(DomainError, match=r"^Say whether the candidate") as refused:
        _submit(vote, member, delegate(member), kind=Position.Kind.BUREAU)
    assert refused.value.field == "bureau_role"
    candidacy = nominate(vote, kind=Position.Kind.BUREAU)
    assert candidacy.bureau_role == Candidacy.BureauRole.REPRESENTATIVE


def test_an_unpublished_election_takes_no_candidacy() -> None:
    vote = election(published=False)
    member = full_member()
    with pytest.raises(DomainError, match=r"^Candidacies open when"):
        _submit(vote, member, delegate(member))


def test_the_committee_accepts_and_rejects_with_a_reason() -> None:
    vote = election()
    reviewer = committee_member()
    first, second = nominate(vote), nominate(vote)
    candidacy_review(candidacy=first, actor=reviewer, accept=True, reason="", today=BEFORE_DEADLINE)
    with pytest.raises(DomainError, match=r"^The Election Committee gives the reason"):
        candidacy_review(
            candidacy=second, actor=reviewer, accept=False, reason=" ", today=BEFORE_DEADLINE
        )
    candidacy_review(
        candidacy=second,
        actor=reviewer,
        accept=False,
        reason="Letter unsigned",
        today=BEFORE_DEADLINE,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Candidacy.Status.ACCEPTED and first.reviewed_by == reviewer
    assert second.status == Candidacy.Status.REJECTED and second.review_reason == "Letter unsigned"
    assert second.history.first().history_user == reviewer
    with pytest.raises(DomainError, match=r"only a candidacy awaiting review"):
        candidacy_review(
            candidacy=first, actor=reviewer, accept=False, reason="x", today=BEFORE_DEADLINE
        )


def test_only_the_committee_reviews() -> None:
    candidacy = nominate(election())
    with pytest.raises(DomainError, match=r"^Only the Election Committee reviews"):
        candidacy_review(
            candidacy=candidacy, actor=UserFactory(), accept=True, reason="", today=BEFORE_DEADLINE
        )


def test_a_candidate_who_lost_the_mandate_cannot_be_accepted() -> None:
    candidacy = nominate(election())
    candidacy.person.regional_mandates.update(lost_on=date(2026, 9, 5))
    with pytest.raises(DomainError, match=r"does not hold a regional political mandate"):
        candidacy_review(
            candidacy=candidacy,
            actor=committee_member(),
            accept=True,
            reason="",
            today=date(2026, 9, 10),
        )


def test_withdrawal_until_election_day_by_the_member_only() -> None:
    vote = election()
    candidacy = nominate(vote)
    with pytest.raises(DomainError, match=r"^Only the nominating member's officer"):
        candidacy_withdraw(candidacy=candidacy, actor=officer(full_member()), today=GA_DAY)
    with pytest.raises(DomainError, match=r"can no longer be withdrawn"):
        candidacy_withdraw(
            candidacy=candidacy, actor=officer(candidacy.member), today=date(2026, 10, 16)
        )
    candidacy_withdraw(candidacy=candidacy, actor=officer(candidacy.member), today=GA_DAY)
    candidacy.refresh_from_db()
    assert candidacy.status == Candidacy.Status.WITHDRAWN and candidacy.withdrawn_on == GA_DAY
    with pytest.raises(DomainError, match=r"^The candidacy is Withdrawn already"):
        candidacy_withdraw(candidacy=candidacy, actor=officer(candidacy.member), today=GA_DAY)
    # The person may stand again once withdrawn.
    nominate(vote, member=candidacy.member, person=candidacy.person)


def test_the_list_gives_reasons_to_those_who_handle_candidacies_only() -> None:
    vote = election()
    mine = nominate(vote)
    theirs = nominate(vote, accept=True)
    pending_other = nominate(vote)
    mine.person.regional_mandates.update(lost_on=date(2026, 9, 2))
    me = officer(mine.member)
    rows = {
        row.pk: row
        for row in candidacy_rows(
            election=vote, roles=portal_roles(user=me, on=AFTER_DEADLINE), today=AFTER_DEADLINE
        )
    }
    assert set(rows) == {mine.pk, theirs.pk}  # not the other member's pending one
    assert rows[mine.pk].own and rows[mine.pk].reasons == [
        "The candidate does not hold a regional political mandate. (Procedures art. 15.2)"
    ]
    assert rows[theirs.pk].reasons == [] and not rows[theirs.pk].may_download
    committee = {
        row.pk: row
        for row in candidacy_rows(
            election=vote,
            roles=portal_roles(user=committee_member(), on=AFTER_DEADLINE),
            today=AFTER_DEADLINE,
        )
    }
    assert set(committee) == {mine.pk, theirs.pk, pending_other.pk}
    assert committee[pending_other.pk].may_review and not committee[theirs.pk].may_review
