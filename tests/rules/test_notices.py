from datetime import date

import pytest

from aer_portal.rules.bodies import Body
from aer_portal.rules.meetings import NoticePeriod
from aer_portal.rules.notices import (
    NOTICE_QUOTES,
    Notice,
    late_notice_message,
    missed_notice_message,
    notice_deadline,
    notice_quote,
)

MEETING = date(2026, 6, 18)


@pytest.mark.parametrize(
    ("body", "notice", "deadline"),
    [
        (Body.EXECUTIVE_BOARD, Notice.INVITATION, date(2026, 6, 4)),
        (Body.EXECUTIVE_BOARD, "documents", date(2026, 6, 11)),
        (Body.GENERAL_ASSEMBLY, Notice.INVITATION, date(2026, 5, 21)),
        ("bureau", Notice.DOCUMENTS, date(2026, 6, 4)),
    ],
)
def test_notice_deadline(body: Body | str, notice: Notice | str, deadline: date) -> None:
    assert notice_deadline(body, notice, meeting_day=MEETING) == deadline


def test_every_body_with_a_notice_period_is_quoted() -> None:
    from aer_portal.rules.meetings import NOTICE_PERIODS

    assert set(NOTICE_QUOTES) == set(NOTICE_PERIODS)
    assert "two weeks" in notice_quote(Body.EXECUTIVE_BOARD)
    assert "Working Groups’" in notice_quote("working_group")


def test_a_body_without_notice_period_cannot_be_quoted() -> None:
    with pytest.raises(ValueError, match="body: the Procedures set no notice period"):
        notice_quote(Body.TASK_FORCE)


def test_in_time_and_on_the_deadline_there_is_nothing_to_confirm() -> None:
    for today in (date(2026, 5, 1), date(2026, 6, 4)):
        assert (
            late_notice_message(
                Body.EXECUTIVE_BOARD, Notice.INVITATION, meeting_day=MEETING, today=today
            )
            is None
        )


def test_late_message_quotes_the_article_and_counts_the_days() -> None:
    message = late_notice_message(
        Body.EXECUTIVE_BOARD, Notice.INVITATION, meeting_day=MEETING, today=date(2026, 6, 7)
    )
    assert message is not None
    assert message.article == "Procedures art. 6"
    text = message.render()
    assert "invitation and draft agenda of this Executive Board meeting goes out 3 day(s) late" in (
        text
    )
    assert "the last day was 4 June 2026" in text
    assert "Procedures art. 6: “Invitations and draft agendas should be sent" in text


def test_late_message_for_documents_uses_the_documents_deadline() -> None:
    message = late_notice_message(
        Body.GENERAL_ASSEMBLY, Notice.DOCUMENTS, meeting_day=MEETING, today=date(2026, 6, 5)
    )
    assert message is not None
    assert "working documents" in message.render() and "1 day(s) late" in message.render()
    assert message.article == "Procedures art. 4.1"


def test_periods_the_board_changed_apply() -> None:
    periods = {Body.EXECUTIVE_BOARD: NoticePeriod(21, 10, "Procedures art. 6")}
    assert notice_deadline(
        Body.EXECUTIVE_BOARD, Notice.INVITATION, meeting_day=MEETING, periods=periods
    ) == date(2026, 5, 28)


def test_missed_message_names_the_article() -> None:
    message = missed_notice_message(Body.BUREAU, Notice.DOCUMENTS, meeting_day=MEETING)
    assert message.article == "Procedures art. 5.6"
    text = message.render()
    assert "working documents of the Bureau meeting of 18 June 2026 was due by 4 June 2026" in text
    assert "Procedures art. 5.6: “Invitations and draft agendas" in text


def test_labels_translate() -> None:
    assert Notice.INVITATION.label == "invitation and draft agenda"
    assert Notice.DOCUMENTS.label == "working documents"


def test_a_meeting_convened_outside_the_portal_names_the_notice_it_required() -> None:
    from aer_portal.rules.notices import convened_outside_portal_message

    message = convened_outside_portal_message(Body.WORKING_GROUP, meeting_day=date(2026, 9, 30))
    assert message.article == "Procedures art. 11.4"
    text = str(message)
    assert "convened outside the portal" in text and "by 2 September 2026" in text
    assert "Procedures art. 11.4: “Invitations and draft agendas" in text
    committee = convened_outside_portal_message(
        Body.ELECTION_COMMITTEE, meeting_day=date(2026, 9, 30)
    )
    assert committee.article == "" and "convened outside the portal" in str(committee)
