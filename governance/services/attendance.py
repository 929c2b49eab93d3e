"""Recording who attended a meeting and the votes the rules give each (arts. 3.5, 5.5, 14, 15.2)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.history import history_author
from aer_portal.rules import N_
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.messages import Message
from aer_portal.rules.votes import BureauRepresentative, bureau_votes
from aer_portal.rules.voting_rights import (
    Attendee,
    VotingRight,
    general_assembly_votes,
    no_vote_reason,
    one_vote_each,
)
from governance.models import Attendance, Meeting, Motion, Seat
from governance.selectors.bodies import observer_member_ids
from governance.selectors.seated import seated_people
from members.access import require_secretariat
from members.models import User
from members.selectors.memberships import person_holds_regional_mandate, suspended_member_ids

RECORDABLE = (Meeting.Status.CONVENED, Meeting.Status.DOCUMENTS_SENT, Meeting.Status.HELD)


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, present_person_ids: Iterable[int], actor: User | None
) -> list[Attendance]:
    """Records who is present among the members of the body and gives each their votes.

    The list is everyone who sits in the body on the meeting day
    (governance.selectors.seated.seated_people). Votes follow aer_portal.rules: present, a
    regional political mandate on the day (art. 15.2), the member not suspended (art. 3.5)
    and not an observer (art. 2: observers are not members and vote in no body);
    then two votes per country, none for substitutes and one for each office region in the
    Bureau (art. 5.5), one per member's delegation at the General Assembly, one each elsewhere.
    """
    require_secretariat(actor, message=_("Only the secretariat runs meetings."))
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.status not in RECORDABLE:
        raise DomainError(
            _(
                "Attendance is recorded once the meeting is convened, until its minutes are "
                "approved."
            ),
            field="attendance",
        )
    if meeting.motions.filter(status=Motion.Status.OPEN).exists():
        raise DomainError(
            _("An online vote is open; close it before changing who is present."),
            field="attendance",
        )
    present = set(present_person_ids)
    seated = {s.person.pk: s for s in seated_people(meeting=meeting)}
    unknown = present - set(seated)
    if unknown:
        raise DomainError(
            _("%(count)s person(s) do not sit in the %(body)s on the meeting day.")
            % {"count": len(unknown), "body": meeting.body.display_name},
            field="attendance",
        )
    rows = {a.person_id: a for a in meeting.attendances.select_for_update()}
    for person_id, s in seated.items():
        row = rows.get(person_id) or Attendance(meeting=meeting, person_id=person_id)
        row.member = s.member
        row.seat = s.seat
        row.substitute = s.substitute
        row.present = person_id in present
        rows[person_id] = row
    for person_id, row in rows.items():
        if person_id not in seated:
            row.present = person_id in present
    ordered = [rows[pid] for pid in seated] + [r for pid, r in rows.items() if pid not in seated]
    rights = {right.person_id: right for right in _voting_rights(meeting, ordered)}
    for row in ordered:
        right = rights[row.person_id]
        row.votes = right.votes
        row.vote_reason = right.reason.render_with_article()[:400]
        history_author(row, actor)
        row.save()
    return ordered


def _voting_rights(meeting: Meeting, rows: list[Attendance]) -> tuple[VotingRight, ...]:
    day = meeting.day
    suspended = suspended_member_ids(on=day)
    observers = observer_member_ids(on=day, member_ids={r.member_id for r in rows if r.member_id})
    attendees = [
        Attendee(
            person_id=row.person_id,
            member_id=row.member_id,
            present=row.present,
            holds_regional_mandate=row.present
            and person_holds_regional_mandate(person_id=row.person_id, on=day),
            member_suspended=row.member_id in suspended,
            member_observer=row.member_id in observers,
        )
        for row in rows
    ]
    kind = meeting.body.kind
    if kind == BodyKind.GENERAL_ASSEMBLY:
        return general_assembly_votes(attendees)
    if kind == BodyKind.BUREAU:
        return _bureau_rights(meeting, rows, attendees)
    return one_vote_each(attendees)


def _bureau_rights(
    meeting: Meeting, rows: list[Attendance], attendees: list[Attendee]
) -> tuple[VotingRight, ...]:
    """Procedures art. 5.5: the rules' allocation among the entitled country representatives."""
    rights: dict[object, VotingRight] = {}
    representatives = []
    for row, attendee in zip(rows, attendees, strict=True):
        reason = no_vote_reason(attendee)
        seat = row.seat
        if reason is not None:
            rights[row.person_id] = VotingRight(row.person_id, 0, reason)
        elif seat is None or seat.body_id != meeting.body_id or seat.country_id is None:
            rights[row.person_id] = VotingRight(
                row.person_id,
                0,
                Message.of(
                    N_(
                        "Sits in the Bureau without representing a country: votes go to "
                        "countries and office regions."
                    ),
                    article="Procedures art. 5.5",
                ),
            )
        else:
            assert seat.country is not None
            representatives.append(
                BureauRepresentative(
                    person_id=row.person_id,
                    country=seat.country.code,
                    substitute=seat.role == Seat.Role.SUBSTITUTE,
                    office_region=bool(row.member and row.member.hosts_aer_office),
                )
            )
    try:
        allocation = bureau_votes(representatives)
    except ValueError as error:
        # The rules module's reason names its own parameters: the person reads what to check.
        raise DomainError(
            _(
                "The votes cannot be shared out from this attendance: check who is recorded "
                "present for each country."
            ),
            field="attendance",
        ) from error
    for vote in allocation.votes:
        rights[vote.person_id] = VotingRight(vote.person_id, vote.votes, vote.reason)
    return tuple(rights[row.person_id] for row in rows)
