"""The election calendar reaches the members in time, and the secretariat sees each step."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from aer_portal.rules.meetings import DeadlineStatus
from elections.reminders import member_reminders, secretariat_reminders
from elections.selectors.elections import election_steps
from governance.reminders import reminder_sources
from governance.tasks import reminders_scan
from tests.elections.factories import election, full_member, officer
from tests.factories import MemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db

# GA on 15 October 2026: informed by 3 September, candidacies by 17 September,
# portfolio by 1 October.


def _kinds(reminders) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted((r.kind, r.recipient) for r in reminders)


def test_the_sources_are_registered() -> None:
    assert {"elections.members", "elections.secretariat"} <= set(reminder_sources())


def test_every_member_s_officer_is_told_from_a_week_before_the_six_week_deadline() -> None:
    vote = election()
    full = officer(full_member(), email="full@example.org")
    associate = MemberFactory()
    MembershipFactory(member=associate, category="associate_geographical")
    officer(associate, email="associate@example.org")
    election(published=False, day=date(2026, 10, 16))  # a draft tells nobody
    assert list(member_reminders(date(2026, 8, 26))) == []
    due = list(member_reminders(date(2026, 8, 27)))
    assert _kinds(due) == [
        ("elections.announcement", "associate@example.org"),
        ("elections.announcement", "full@example.org"),
    ]
    assert due[0].deadline == date(2026, 9, 3) and due[0].template == "elections/email/announcement"
    assert due[0].context["candidacies_due"] == "2026-09-17"
    assert full.email and vote.pk


def test_the_candidacy_deadline_reminder_goes_to_full_members_only() -> None:
    election()
    officer(full_member(), email="full@example.org")
    associate = MemberFactory()
    MembershipFactory(member=associate, category="observer")
    officer(associate, email="observer@example.org")
    due = [r for r in member_reminders(date(2026, 9, 10)) if r.kind == "elections.candidacies_due"]
    assert [r.recipient for r in due] == ["full@example.org"]
    assert not [
        r for r in member_reminders(date(2026, 9, 18)) if r.kind == "elections.candidacies_due"
    ]


def test_the_scan_sends_each_once_and_the_desk_sees_the_step_done(time_machine) -> None:  # type: ignore[no-untyped-def]
    vote = election()
    officer(full_member(), email="one@example.org")
    officer(full_member(), email="two@example.org")
    time_machine.move_to("2026-08-28 09:00 +02:00")
    reminders_scan()
    reminders_scan()
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["Elections at the General Assembly 2026 on 15 October 2026"] * 2
    assert "(art. 15.4)" in mail.outbox[0].body
    (informed, _, portfolio) = election_steps(election=vote, today=date(2026, 8, 28))
    assert informed.check is not None and informed.check.status == DeadlineStatus.ON_TIME
    assert informed.check.done_on == date(2026, 8, 28)
    assert portfolio.check is not None and portfolio.check.status == DeadlineStatus.DUE


def test_the_secretariat_hears_of_a_portfolio_due_then_late_and_of_a_silent_announcement(
    settings,
) -> None:  # type: ignore[no-untyped-def]
    settings.SECRETARIAT_EMAIL = "secretariat@example.org"
    vote = election()  # no member has an officer: nobody can be told
    assert [r.kind for r in secretariat_reminders(date(2026, 9, 3))] == []
    assert [r.kind for r in secretariat_reminders(date(2026, 9, 4))] == [
        "elections.announcement_late"
    ]
    assert sorted(r.kind for r in secretariat_reminders(date(2026, 9, 28))) == [
        "elections.announcement_late",
        "elections.portfolio_due",
    ]
    late = list(secretariat_reminders(date(2026, 10, 2)))
    assert sorted(r.kind for r in late) == [
        "elections.announcement_late",
        "elections.portfolio_late",
    ]
    assert {r.recipient for r in late} == {"secretariat@example.org"}
    from governance.services.reminders import reminder_send

    for reminder in late:
        reminder_send(reminder=reminder)
    assert "Late: members were not informed of Elections 2026" in {m.subject for m in mail.outbox}
    vote.portfolio_sent_on = date(2026, 10, 2)
    vote.save()
    assert [r.kind for r in secretariat_reminders(date(2026, 10, 3))] == [
        "elections.announcement_late"
    ]
    steps = election_steps(election=vote, today=date(2026, 10, 3))
    assert steps[0].check.status == DeadlineStatus.LATE and not steps[0].check.done  # type: ignore[union-attr]
    assert steps[2].check.status == DeadlineStatus.LATE and steps[2].check.done  # type: ignore[union-attr]
    assert list(secretariat_reminders(date(2026, 10, 16))) == []  # after the election: silence


def test_every_reminder_template_renders(time_machine, settings) -> None:  # type: ignore[no-untyped-def]
    from governance.services.reminders import reminder_send

    election()
    officer(full_member())
    for day in (date(2026, 8, 28), date(2026, 9, 10), date(2026, 9, 28), date(2026, 10, 5)):
        for reminder in [*member_reminders(day), *secretariat_reminders(day)]:
            reminder_send(reminder=reminder)
    assert sorted(m.subject for m in mail.outbox) == [
        "Candidacies close on 17 September 2026: Elections 2026",
        "Elections at the General Assembly 2026 on 15 October 2026",
        "Late: the portfolio for Elections 2026 was due on 1 October 2026",
        "Portfolio due on 1 October 2026: Elections 2026",
    ]
