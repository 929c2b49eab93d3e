"""Delivering a meeting's invitation or documents to every member of the body, once each."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from aer_portal.links import absolute_url
from governance.models import MeetingMailing
from governance.selectors.calendar import icalendar, meeting_event
from governance.selectors.meetings import seated_people
from governance.selectors.printouts import agenda_pdf
from governance.services.reminders import ledger_send

KIND = "governance.meeting.{notice}"


def meeting_mailing_deliver(*, mailing_id: int) -> int:
    """Sends the mailing to every member of the body not yet reached; returns how many now.

    Each recipient is claimed in the ledger (governance.models.ReminderSent) in the same
    transaction that sends, so a task run twice, redelivered or run by two workers never mails
    anyone twice. The invitation carries the draft agenda as PDF and the meeting as .ics; the
    documents mailing lists the documents with links to the view that checks who may read them.
    """
    mailing = MeetingMailing.objects.select_related("meeting__body").get(pk=mailing_id)
    meeting = mailing.meeting
    url = absolute_url("governance:meeting_detail", meeting.pk)
    attachments: list[tuple[str, bytes | str, str]] = []
    documents = []
    if mailing.notice == MeetingMailing.Notice.INVITATION:
        ics = icalendar(
            [meeting_event(meeting, url=url)],
            name=meeting.title,
            now=mailing.sent_at,
            method="PUBLISH",
        )
        attachments = [
            ("agenda.pdf", agenda_pdf(meeting=meeting), "application/pdf"),
            ("meeting.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH"),
        ]
    else:
        documents = [
            {
                "title": document.title,
                "url": absolute_url("governance:document_download", document.pk),
            }
            for document in meeting.documents.filter(sent_at=mailing.sent_at).order_by("pk")
        ]
    template = f"governance/email/meeting_{mailing.notice}"
    sent = 0
    seen: set[str] = set()
    for seated in seated_people(meeting=meeting):
        email = seated.email.lower()
        if not email or email in seen:
            continue
        seen.add(email)
        context = {
            "meeting": meeting,
            "person": seated.person,
            "url": url,
            "documents": documents,
            "portal_name": settings.PORTAL_NAME,
            "starts_at": timezone.localtime(meeting.starts_at),
        }
        with translation.override("en"):
            subject = render_to_string(f"{template}_subject.txt", context).strip()
            body = render_to_string(f"{template}_message.txt", context)
        message = EmailMessage(
            subject=subject.replace("\n", " "),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
        )
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        sent += ledger_send(
            kind=KIND.format(notice=mailing.notice),
            deadline_key=f"mailing:{mailing.pk}",
            deadline=meeting.day,
            message=message,
        )
    return sent
