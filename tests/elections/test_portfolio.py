"""The candidates' portfolio: one PDF made by a Celery task and sent to every member once."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core import mail
from pypdf import PdfReader

from aer_portal.errors import DomainError
from elections.models import Candidacy, Election, Position
from elections.portfolio import portfolio_pdf
from elections.services.portfolio import portfolio_request
from elections.tasks import portfolio_generate_task
from governance.models import ReminderSent
from tests.elections.factories import (
    AFTER_DEADLINE,
    committee_member,
    docx_upload,
    election,
    full_member,
    nominate,
    officer,
    pdf_bytes,
)
from tests.factories import MemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_portfolio_has_a_cover_contents_and_every_accepted_candidate_s_letter_and_cv() -> None:
    vote = election(kinds=(Position.Kind.PRESIDENT, Position.Kind.TREASURER))
    first = nominate(vote, accept=True, first_name="Ștefan", last_name="Țăranu")
    second = nominate(
        vote, kind=Position.Kind.TREASURER, accept=True, first_name="Олена", last_name="Коваль"
    )
    nominate(vote, first_name="Pending", last_name="Person")  # not accepted: not in it
    content = portfolio_pdf(
        election=vote,
        candidacies=list(vote.candidacies.filter(status=Candidacy.Status.ACCEPTED)),
        base_url="https://portal.example.org",
    )
    reader = PdfReader(io.BytesIO(content))
    # cover + contents + (title page + 1-page letter + 2-page CV) × 2
    assert len(reader.pages) == 2 + 2 * 4
    text = _text(content)
    assert "Candidates' portfolio" in text and "Contents" in text
    assert "Ștefan Țăranu" in text and "Олена Коваль" in text
    assert "Pending" not in text
    assert "p. 4" in text and "p. 5" in text  # after the first title page: letter, then CV
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert f"{first.person} — President" in outline and f"{second.person} — Treasurer" in outline


def test_a_word_cv_is_listed_with_a_link_that_checks_rights() -> None:
    vote = election()
    member = full_member()
    candidacy = nominate(vote, member=member, accept=True)
    candidacy.cv.save("cv.docx", docx_upload(), save=True)
    content = portfolio_pdf(
        election=vote, candidacies=[candidacy], base_url="https://portal.example.org"
    )
    assert len(PdfReader(io.BytesIO(content)).pages) == 2 + 1 + 1  # the letter only is merged
    assert f"https://portal.example.org/elections/candidacies/{candidacy.pk}/cv/" in _text(content)


def test_an_unreadable_pdf_is_linked_instead_of_breaking_the_portfolio(caplog) -> None:  # type: ignore[no-untyped-def]
    vote = election()
    candidacy = nominate(vote, accept=True)
    candidacy.letter.save("letter.pdf", io.BytesIO(b"%PDF-1.4 broken"), save=True)
    content = portfolio_pdf(
        election=vote, candidacies=[candidacy], base_url="https://x.example.org"
    )
    assert len(PdfReader(io.BytesIO(content)).pages) == 2 + 1 + 2
    assert "could not be merged" in caplog.text


def test_the_task_makes_the_pdf_and_mails_every_member_s_officer_once(
    django_capture_on_commit_callbacks,
    time_machine,  # type: ignore[no-untyped-def]
) -> None:
    time_machine.move_to("2026-09-25 10:00 +02:00")
    vote = election()
    nominate(vote, accept=True, last_name="Lindqvist")
    officers = [officer(full_member()) for _ in range(2)]
    associate = MemberFactory()
    MembershipFactory(member=associate, category="associate_geographical")
    officers.append(officer(associate))  # every member gets it, associates too
    asker = committee_member()
    with django_capture_on_commit_callbacks(execute=True):
        portfolio_request(election=vote, actor=asker, today=date(2026, 9, 25))
    vote.refresh_from_db()
    assert vote.portfolio.name.startswith("elections/portfolios/") and vote.portfolio_generated_at
    # The worker passes on who asked: the audit history names them, not "no author".
    made = vote.history.filter(portfolio_generated_at__isnull=False).earliest("history_date")
    assert made.history_user == asker
    assert vote.portfolio_sent_on == date(2026, 9, 25)
    assert "Lindqvist" in _text(vote.portfolio.read())
    recipients = sorted(m.to[0] for m in mail.outbox)
    # the officers made above, plus the nominating member's officer
    assert {u.email for u in officers} <= set(recipients)
    assert len(recipients) == len(set(recipients))
    assert f"/elections/{vote.pk}/portfolio.pdf" in mail.outbox[0].body
    # A retried task makes the PDF again and mails nobody twice.
    assert portfolio_generate_task(vote.pk) == 0
    assert len(mail.outbox) == len(recipients)
    assert ReminderSent.objects.filter(kind="elections.portfolio").count() == len(recipients)


def test_the_portfolio_waits_for_the_deadline_and_the_reviews() -> None:
    vote = election()
    pending = nominate(vote)
    actor = committee_member()
    with pytest.raises(DomainError, match=r"^Candidacies are open until 17 September 2026"):
        portfolio_request(election=vote, actor=actor, today=date(2026, 9, 17))
    with pytest.raises(DomainError, match=r"^1 candidacies still await"):
        portfolio_request(election=vote, actor=actor, today=AFTER_DEADLINE)
    pending.status = Candidacy.Status.WITHDRAWN
    pending.save()
    with pytest.raises(DomainError, match=r"^No candidacy has been accepted"):
        portfolio_request(election=vote, actor=actor, today=AFTER_DEADLINE)
    with pytest.raises(
        DomainError, match=r"^Only the Election Committee or the secretariat sends the portfolio"
    ):
        portfolio_request(election=vote, actor=officer(full_member()), today=AFTER_DEADLINE)
    assert not Election.objects.get().portfolio
    assert pdf_bytes()  # the helper makes a real PDF


def test_the_desk_shows_the_portfolio_run_until_it_is_done(
    django_capture_on_commit_callbacks,
    time_machine,  # type: ignore[no-untyped-def]
) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.factories import with_totp

    time_machine.move_to("2026-09-25 10:00 +02:00")
    vote = election()
    nominate(vote, accept=True)
    actor = committee_member()
    client = Client()
    client.force_login(with_totp(actor))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("elections:portfolio_send", args=[vote.pk]))
    url = reverse("elections:portfolio_progress", args=[vote.pk])
    waiting = client.get(url).content.decode()
    assert "Waiting for the worker…" in waiting and 'hx-trigger="every 2s"' in waiting
    desk = client.get(reverse("elections:desk", args=[vote.pk])).content.decode()
    # loaded after the page: no query more
    assert f'data-hx-get="{url}" data-hx-trigger="load"' in desk
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()  # the worker makes and sends it
    done = client.get(url).content.decode()
    assert "Done." in done and "1 of 1 done, 0 failed." in done and "hx-trigger" not in done


def test_a_late_portfolio_goes_out_only_after_confirming_art_15_6(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    vote = election()  # portfolio due 2026-10-01
    nominate(vote, accept=True)
    actor = committee_member()
    late_day = date(2026, 10, 3)
    with pytest.raises(DomainError) as refused:
        portfolio_request(election=vote, actor=actor, today=late_day)
    assert refused.value.field == "confirm_late"
    assert "2 day(s) late" in refused.value.message
    assert "Procedures art. 15.6: “The portfolio of the candidates" in refused.value.message
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        portfolio_request(election=vote, actor=actor, today=late_day, late_confirmed=True)
    assert len(callbacks) == 1
    vote.refresh_from_db()
    assert "Procedures art. 15.6" in vote.portfolio_late_confirmation


def test_the_announcement_is_an_explicit_step_late_only_after_confirming_art_15_4(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    from elections.selectors.elections import election_steps
    from elections.services.announcement import election_announce

    vote = election()  # members informed by 2026-09-03
    officers = [officer(full_member()) for _ in range(2)]
    actor = committee_member()
    steps = election_steps(election=vote, today=date(2026, 9, 5))
    assert steps[0].check is not None and steps[0].check.status == "late"
    with pytest.raises(DomainError) as refused:
        election_announce(election=vote, actor=actor, today=date(2026, 9, 5))
    assert refused.value.field == "confirm_late"
    assert "Procedures art. 15.4: “The member regions shall be informed" in refused.value.message
    vote.refresh_from_db()
    assert vote.announced_on is None and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        election_announce(election=vote, actor=actor, today=date(2026, 9, 5), late_confirmed=True)
    vote.refresh_from_db()
    assert vote.announced_on == date(2026, 9, 5)
    assert "Procedures art. 15.4" in vote.announcement_late_confirmation
    assert {u.email for u in officers} <= {m.to[0] for m in mail.outbox}
    with pytest.raises(DomainError, match="were informed on 5 September 2026"):
        election_announce(election=vote, actor=actor, today=date(2026, 9, 6), late_confirmed=True)
    step = election_steps(election=vote, today=date(2026, 9, 6))[0]
    assert step.check is not None and step.check.done_on == date(2026, 9, 5)


def test_an_announcement_in_time_needs_no_confirmation() -> None:
    from elections.services.announcement import election_announce

    vote = election()
    announced = election_announce(election=vote, actor=committee_member(), today=date(2026, 9, 3))
    assert announced.announced_on == date(2026, 9, 3)
    assert announced.announcement_late_confirmation == ""
