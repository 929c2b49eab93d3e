"""What a meeting's page shows: its agenda with documents, attendance, motions and proposals."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import (
    AgendaItem,
    Attendance,
    GeneralAssemblyProposal,
    Meeting,
    MeetingDocument,
    Motion,
)
from governance.selectors.meetings import board_meeting_before
from governance.selectors.roles import PortalRoles
from members.models import User


@dataclass(frozen=True)
class AttendanceSummary:
    """How many people were recorded, how many were present, their votes and the reader's."""

    recorded: int
    present: int
    votes_present: int
    my_votes: int
    """The votes the reader holds as a person present (0 if absent or not recorded)."""


@dataclass(frozen=True)
class MeetingPage:
    """Everything the meeting page shows, fetched in a fixed number of queries.

    ``attendances`` lists every row for the secretariat only, who records attendance from the
    page; everyone else gets ``attendance`` (counts from the database) and reads the list on
    demand, a page at a time (meeting_attendance_page): during a General Assembly's vote 20
    members reloading a page of 200 rows was a good part of the portal's CPU.
    """

    meeting: Meeting
    agenda: list[AgendaItem]
    documents: list[MeetingDocument]
    attendances: list[Attendance]
    attendance: AttendanceSummary
    motions: list[Motion]
    proposals: list[GeneralAssemblyProposal]
    board_meeting: Meeting | None
    voted_motion_ids: set[int]

    @property
    def unattached_documents(self) -> list[MeetingDocument]:
        return [d for d in self.documents if d.agenda_item_id is None]

    @property
    def votes_present(self) -> int:
        return self.attendance.votes_present


def attendance_summary(*, meeting: Meeting, person_id: int | None) -> AttendanceSummary:
    """The attendance counts of a meeting and the reader's votes, in one query."""
    present = Q(present=True)
    totals = Attendance.objects.filter(meeting=meeting).aggregate(
        recorded=Count("pk"),
        n_present=Count("pk", filter=present),
        n_votes_present=Sum("votes", filter=present),
        n_my_votes=Sum("votes", filter=present & Q(person_id=person_id)),
    )
    return AttendanceSummary(
        recorded=totals["recorded"],
        present=totals["n_present"],
        votes_present=totals["n_votes_present"] or 0,
        my_votes=(totals["n_my_votes"] or 0) if person_id is not None else 0,
    )


def _summary_of(attendances: list[Attendance], person_id: int | None) -> AttendanceSummary:
    here = [a for a in attendances if a.present]
    return AttendanceSummary(
        recorded=len(attendances),
        present=len(here),
        votes_present=sum(a.votes for a in here),
        my_votes=sum(a.votes for a in here if person_id is not None and a.person_id == person_id),
    )


def attendance_rows(*, meeting: Meeting) -> QuerySet[Attendance]:
    """The attendance of a meeting in the order the page lists it (people by name)."""
    return (
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "member__country")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def meeting_page(*, meeting: Meeting, user: User, roles: PortalRoles) -> MeetingPage:
    """The agenda with its documents, attendance, motions and proposals of one meeting.

    Documents not yet sent are shown to the secretariat only; the other proposals of a General
    Assembly to the secretariat, the Executive Board and the member that made them.
    """
    documents = MeetingDocument.objects.filter(meeting=meeting).order_by("uploaded_at", "pk")
    if not roles.is_staff:
        documents = documents.filter(sent_at__isnull=False)
    document_list = list(documents)
    agenda = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    for item in agenda:
        item.listed_documents = [d for d in document_list if d.agenda_item_id == item.pk]  # type: ignore[attr-defined]
    attendances: list[Attendance] = []
    if roles.is_staff:
        attendances = list(attendance_rows(meeting=meeting))
        summary = _summary_of(attendances, user.person_id)
    else:
        summary = attendance_summary(meeting=meeting, person_id=user.person_id)
    motions = list(
        Motion.objects.filter(meeting=meeting).select_related("agenda_item").order_by("pk")
    )
    proposals: list[GeneralAssemblyProposal] = []
    board_meeting = None
    if meeting.body.kind == BodyKind.GENERAL_ASSEMBLY:
        proposals_qs = GeneralAssemblyProposal.objects.filter(meeting=meeting).select_related(
            "member", "agenda_item"
        )
        if not (roles.is_staff or roles.is_board_member):
            member_ids = [access.member_id for access in roles.accesses]
            proposals_qs = proposals_qs.filter(
                Q(member_id__in=member_ids) | Q(status=GeneralAssemblyProposal.Status.ACCEPTED)
            )
        proposals = list(proposals_qs)
        board_meeting = board_meeting_before(general_assembly=meeting)
    voted: set[int] = set()
    if user.person_id is not None and any(m.is_online for m in motions):
        voted = set(
            meeting.motions.filter(casts__voter_id=user.person_id).values_list("pk", flat=True)
        )
    return MeetingPage(
        meeting=meeting,
        agenda=agenda,
        documents=document_list,
        attendances=attendances,
        attendance=summary,
        motions=motions,
        proposals=proposals,
        board_meeting=board_meeting,
        voted_motion_ids=voted,
    )
