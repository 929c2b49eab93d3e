"""Sending a meeting's invitation or documents, and what to say when it is late.

Procedures arts. 4.1 (General Assembly), 5.6 (Bureau), 6 (Executive Board) and 11.4 (Working
Groups) set the notice periods that :mod:`aer_portal.rules.meetings` turns into deadlines. This
module quotes those articles, so that the secretariat confirms a late mailing against the words
of the Procedures and the reminders say which article a missed deadline breaks.
"""

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from aer_portal.rules import N_
from aer_portal.rules.bodies import Body, as_body
from aer_portal.rules.meetings import (
    NOTICE_PERIODS,
    DeadlineStatus,
    NoticePeriod,
    check_deadline,
    notice_deadlines,
)
from aer_portal.rules.messages import Message, Param

_FOUR_AND_TWO_WEEKS = (
    "Invitations and draft agendas should be sent to members at least four weeks and working "
    "documents at least two weeks before the meetings."
)

#: The words of the Procedures (English, the reference version, art. 1.2) on notice, by body.
NOTICE_QUOTES: Mapping[Body, str] = MappingProxyType(
    {
        Body.GENERAL_ASSEMBLY: _FOUR_AND_TWO_WEEKS,
        Body.BUREAU: _FOUR_AND_TWO_WEEKS,
        Body.EXECUTIVE_BOARD: (
            "Invitations and draft agendas should be sent to members at least two weeks and "
            "working documents at least one week before the meetings."
        ),
        Body.WORKING_GROUP: (
            "Invitations and draft agendas to Working Groups’ meetings should be sent to members "
            "at least four weeks and working documents at least two weeks before the meetings."
        ),
    }
)


class Notice(StrEnum):
    """What goes out before a meeting: the invitation with the draft agenda, or the documents."""

    INVITATION = "invitation"
    DOCUMENTS = "documents"

    @property
    def label(self) -> str:
        """The mailing's name in English, marked for translation."""
        return _NOTICE_LABELS[self]


_NOTICE_LABELS: dict[Notice, str] = {
    Notice.INVITATION: N_("invitation and draft agenda"),
    Notice.DOCUMENTS: N_("working documents"),
}


def notice_quote(body: Body | str) -> str:
    """The sentence of the Procedures that sets the notice period of ``body``.

    Procedures arts. 4.1, 5.6, 6 and 11.4. A body without a notice period raises
    ``ValueError`` naming it, as :func:`aer_portal.rules.meetings.notice_period` does.
    """
    body = as_body(body)
    try:
        return NOTICE_QUOTES[body]
    except KeyError:
        raise ValueError(
            f"body: the Procedures set no notice period for the {body.label} ({body.value})"
        ) from None


def notice_deadline(
    body: Body | str,
    notice: Notice | str,
    *,
    meeting_day: date,
    periods: Mapping[Body, NoticePeriod] = NOTICE_PERIODS,
) -> date:
    """The last day to send ``notice`` for a meeting of ``body`` on ``meeting_day``.

    Procedures arts. 4.1, 5.6, 6, 11.4, read as in :func:`aer_portal.rules.meetings
    .notice_deadlines` (the meeting day minus 28, 14 or 7 days is still in time).
    """
    deadlines = notice_deadlines(body, meeting_day, periods=periods)
    return deadlines.invitation if Notice(notice) is Notice.INVITATION else deadlines.documents


def _notice_words(
    body: Body | str,
    notice: Notice | str,
    *,
    meeting_day: date,
    periods: Mapping[Body, NoticePeriod],
) -> tuple[date, str, dict[str, Param]]:
    """The deadline of ``notice``, the article that sets it, and the parameters of a message
    that names the notice, the body, the deadline and the article with its words."""
    body = as_body(body)
    notice = Notice(notice)
    deadline = notice_deadline(body, notice, meeting_day=meeting_day, periods=periods)
    article = notice_deadlines(body, meeting_day, periods=periods).article
    words: dict[str, Param] = {
        "where": article,
        "notice": notice,
        "body": body,
        "deadline": deadline,
        "quote": notice_quote(body),
    }
    return deadline, article, words


def late_notice_message(
    body: Body | str,
    notice: Notice | str,
    *,
    meeting_day: date,
    today: date,
    periods: Mapping[Body, NoticePeriod] = NOTICE_PERIODS,
) -> Message | None:
    """What the secretariat confirms before sending ``notice`` late; ``None`` when in time.

    Procedures arts. 4.1, 5.6, 6 and 11.4: the message names the mailing, how many days late it
    is, the last day that complied, the article and its words. Sending on the deadline itself is
    in time (DESIGN.md).
    """
    deadline, article, words = _notice_words(body, notice, meeting_day=meeting_day, periods=periods)
    check = check_deadline(deadline, today=today)
    if check.status is not DeadlineStatus.LATE:
        return None
    return Message.of(
        N_(
            "The {notice} of this {body} meeting goes out {days} day(s) late: the last day was "
            "{deadline}. {where}: “{quote}”"
        ),
        article=article,
        **words,
        days=check.days,
    )


def convened_outside_portal_message(
    body: Body | str,
    *,
    meeting_day: date,
    periods: Mapping[Body, NoticePeriod] = NOTICE_PERIODS,
) -> Message:
    """What the secretariat confirms to record a meeting that began without being convened
    through the portal (invited by other means, or not in time).

    Procedures arts. 4.1, 5.6, 6 and 11.4 set the notice; a meeting that has begun can no
    longer be convened in time, yet its attendance, votes and minutes must be recorded. The
    record says it was convened outside the portal and which notice the article required, so
    the minutes never imply the notice was checked. A body without a notice period gets the
    same message without a deadline.
    """
    body = as_body(body)
    if body not in periods:
        return Message.of(
            N_(
                "This {body} meeting has begun without being convened through the portal. It "
                "will be recorded as convened outside the portal."
            ),
            body=body,
        )
    deadlines = notice_deadlines(body, meeting_day, periods=periods)
    return Message.of(
        N_(
            "This {body} meeting has begun without being convened through the portal. It will "
            "be recorded as convened outside the portal: the portal cannot show that the "
            "invitation and draft agenda went out by {deadline}. {where}: “{quote}”"
        ),
        article=deadlines.article,
        where=deadlines.article,
        body=body,
        deadline=deadlines.invitation,
        quote=notice_quote(body),
    )


def missed_notice_message(
    body: Body | str,
    notice: Notice | str,
    *,
    meeting_day: date,
    periods: Mapping[Body, NoticePeriod] = NOTICE_PERIODS,
) -> Message:
    """What the reminder to the secretariat says when a notice deadline passed unsent.

    Procedures arts. 4.1, 5.6, 6 and 11.4: names the mailing, the deadline and the article
    with its words, so that nobody has to look it up.
    """
    _, article, words = _notice_words(body, notice, meeting_day=meeting_day, periods=periods)
    return Message.of(
        N_(
            "The {notice} of the {body} meeting of {meeting_day} was due by {deadline} and has "
            "not been sent. {where}: “{quote}”"
        ),
        article=article,
        **words,
        meeting_day=meeting_day,
    )
