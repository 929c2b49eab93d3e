"""The agenda and the minutes of a meeting as PDF (WeasyPrint), from the records themselves."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from aer_portal.messages import portal_name
from governance.models import AgendaItem, Attendance, Meeting, Motion


def _pdf(template: str, context: dict[str, object]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "portal_name": portal_name()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def agenda_pdf(*, meeting: Meeting) -> bytes:
    """The (draft) agenda, as sent with the invitation."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    return _pdf("governance/pdf/agenda.html", {"meeting": meeting, "items": items})


def minutes_pdf(*, meeting: Meeting) -> bytes:
    """The minutes: the notes, who attended with their votes, and every decision."""
    attendances = list(
        Attendance.objects.filter(meeting=meeting).select_related("person", "member__country")
    )
    motions = list(
        Motion.objects.filter(meeting=meeting).select_related("agenda_item").order_by("pk")
    )
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    return _pdf(
        "governance/pdf/minutes.html",
        {
            "meeting": meeting,
            "items": items,
            "present": [a for a in attendances if a.present],
            "absent": [a for a in attendances if not a.present],
            "motions": motions,
        },
    )
