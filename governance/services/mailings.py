"""Delivering a meeting's invitation or documents to every member of the body, once each."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from aer_portal.links import absolute_url
from aer_portal.messages import portal_name
from governance.models import MeetingMailing
from governance.pdf import agenda_pdf
from governance.selectors.calendar import icalendar, meeting_event
from governance.selectors.seated import meeting_invitees
from governance.services.reminders import ledger_send

KIND = "governance.meeting.{notice}"


def mailing_ledger_key(*, meeting_id: int, notice: str, document_ids: list[int]) -> str:
    """What the ledger records a mailing as: its content, not the mailing row.

    The invitation of a meeting goes out once, the same documents once, whatever the number
    of mailing rows (a double click, a retry or two tabs that got past the meeting's lock
    would each make one): a member is never sent the same thing twice.
    """
    if notice == MeetingMailing.Notice.INVITATION:
        return f"meeting:{meeting_id}:invitation"
    ids = ",".join(str(pk) for pk in sorted(document_ids))
    return f"meeting:{meeting_id}:documents:{hashlib.sha256(ids.encode()).hexdigest()[:24]}"


def meeting_mailing_deliver(*, mailing_id: int) -> int:
    """Sends the mailing to every member of the body not yet reached; returns how many now.

    Each recipient is claimed in the ledger (governance.models.ReminderSent) in the same
    transaction that sends, under a key naming what is sent (:func:`mailing_ledger_key`), so a
    task run twice, redelivered, run by two workers or a mailing recorded twice never mails
    anyone the same thing twice. The invitation carries the draft agenda as PDF and the
    meeting as .ics; the documents mailing lists the documents with links to the view that
    checks who may read them.
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
        key = mailing_ledger_key(meeting_id=meeting.pk, notice=mailing.notice, document_ids=[])
    else:
        sent_documents = list(meeting.documents.filter(sent_at=mailing.sent_at).order_by("pk"))
        documents = [
            {
                "title": document.title,
                "url": absolute_url("governance:document_download", document.pk),
            }
            for document in sent_documents
        ]
        key = mailing_ledger_key(
            meeting_id=meeting.pk,
            notice=mailing.notice,
            document_ids=[document.pk for document in sent_documents],
        )
    template = f"governance/email/meeting_{mailing.notice}"
    sent = 0
    for invitee in meeting_invitees(meeting=meeting):
        email = invitee.email
        context = {
            "meeting": meeting,
            "person": invitee.name,
            "url": url,
            "documents": documents,
            "portal_name": portal_name(),
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
            deadline_key=key,
            deadline=meeting.day,
            message=message,
        )
    return sent
