"""The governance app's models, one module per area."""

from governance.models.applications import (
    ApplicationBallot,
    ApplicationOnAgenda,
    ApplicationOnlineVote,
)
from governance.models.attendance import Attendance
from governance.models.bodies import Body, Mandate, Seat
from governance.models.meetings import (
    AgendaItem,
    CalendarFeed,
    Meeting,
    MeetingDocument,
    MeetingMailing,
)
from governance.models.pending import PendingTask
from governance.models.proposals import GeneralAssemblyProposal
from governance.models.reminders import ReminderSent
from governance.models.votes import Motion, SealedVote, VoteBallot, VoteCast

__all__ = [
    "AgendaItem",
    "ApplicationBallot",
    "ApplicationOnAgenda",
    "ApplicationOnlineVote",
    "Attendance",
    "Body",
    "CalendarFeed",
    "GeneralAssemblyProposal",
    "Mandate",
    "Meeting",
    "MeetingDocument",
    "MeetingMailing",
    "Motion",
    "PendingTask",
    "ReminderSent",
    "SealedVote",
    "Seat",
    "VoteBallot",
    "VoteCast",
]
