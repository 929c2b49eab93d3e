"""Every write to membership applications, up to the Board (notices of withdrawal:
:mod:`members.services.withdrawals`).

The Board's decision itself (which also invoices the first-year fee) is
fees.services.applications.application_decide; putting an application on a meeting's agenda
is governance.services.applications.application_schedule. Both call the functions here for
the application's own record.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from aer_portal.dates import day
from aer_portal.errors import DomainError
from aer_portal.links import absolute_url
from aer_portal.mail import template_mail_send
from aer_portal.messages import portal_name, render_with_article
from aer_portal.rules.applications import (
    category_refusal,
    fee_figures_refusal,
)
from aer_portal.rules.membership import (
    MemberCategory,
)
from aer_portal.uploads import validate_upload
from aer_portal.validation import clean_or_raise, validate_and_save
from members.models import (
    ContactRole,
    Country,
    Member,
    Membership,
    MembershipApplication,
    MemberStatistics,
    Person,
    User,
)
from members.models.applications import LETTER_EXTENSIONS
from members.selectors.applications import STATUS_SALT, matching_member
from members.services.records import contact_create

Status = MembershipApplication.Status


def application_status_token(application: MembershipApplication) -> str:
    """The signed token of the applicant's status link (no account needed to follow it)."""
    return signing.dumps(application.pk, salt=STATUS_SALT)


def application_status_link(application: MembershipApplication) -> str:
    return absolute_url("applications:status", application_status_token(application))


def _mail_applicant(application: MembershipApplication, template: str, **extra: Any) -> None:
    context = {
        "application": application,
        "link": application_status_link(application),
        "portal_name": portal_name(),
        **extra,
    }
    template_mail_send(
        template=f"members/applications/email/{template}",
        context=context,
        to=application.contact_email,
        language=application.language,
    )


def _mail_secretariat(application: MembershipApplication, template: str) -> None:
    context = {
        "application": application,
        "link": absolute_url("applications:detail", application.pk),
    }
    template_mail_send(
        template=f"members/applications/email/{template}",
        context=context,
        to=settings.SECRETARIAT_EMAIL,
    )


def _letter_checked(letter: UploadedFile | None) -> UploadedFile:
    label = gettext("Signed letter of intent")
    if letter is None:
        raise DomainError(_("Attach the signed letter of intent as a PDF file."), field="letter")
    try:
        return validate_upload(letter, allowed=LETTER_EXTENSIONS, field=label)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="letter") from error


def _figures_checked(
    *,
    kind: str,
    category: str,
    population: int | None,
    relative_gdp: Decimal | None,
) -> None:
    reason = category_refusal(kind=kind, category=category)
    if reason is not None:
        raise DomainError(render_with_article(reason), field="category")
    reason = fee_figures_refusal(
        category=category, population=population, relative_gdp=relative_gdp
    )
    if reason is not None:
        field = "population" if population is None or population <= 0 else "relative_gdp"
        raise DomainError(render_with_article(reason), field=field)


@transaction.atomic
def application_submit(
    *,
    request_key: uuid.UUID,
    name: str,
    kind: str,
    category: str,
    country: Country,
    contact_first_name: str,
    contact_last_name: str,
    contact_email: str,
    letter: UploadedFile | None,
    now: datetime,
    native_name: str = "",
    website: str = "",
    population: int | None = None,
    relative_gdp: Decimal | None = None,
    total_revenue: Decimal | None = None,
    contact_title: str = "",
    language: str = "en",
    member: Member | None = None,
) -> MembershipApplication:
    """Records an application to join AER and e-mails the acknowledgement with the status link.

    No account is needed. The category must fit the entity's kind and the fee figures must be
    given where the fee formula needs them (aer_portal.rules.applications); the letter is
    checked like every upload. A form sent twice (same ``request_key``) records one
    application and sends one acknowledgement.
    """
    existing = MembershipApplication.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    _figures_checked(kind=kind, category=category, population=population, relative_gdp=relative_gdp)
    checked_letter = _letter_checked(letter)
    application = MembershipApplication(
        request_key=request_key,
        name=name.strip(),
        native_name=native_name.strip(),
        kind=kind,
        category=category,
        country=country,
        website=website.strip(),
        population=population,
        relative_gdp=relative_gdp,
        total_revenue=total_revenue,
        contact_first_name=contact_first_name.strip(),
        contact_last_name=contact_last_name.strip(),
        contact_email=contact_email.strip().lower(),
        contact_title=contact_title.strip(),
        language=language,
        member=member,
        letter=checked_letter,
        letter_name=(checked_letter.name or "")[:255],
        submitted_at=now,
    )
    clean_or_raise(application, exclude=["letter"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # The same form, sent twice at once: the first one recorded it.
        return MembershipApplication.objects.get(request_key=request_key)
    transaction.on_commit(lambda: _mail_applicant(application, "acknowledgement"))
    transaction.on_commit(lambda: _mail_secretariat(application, "received"))
    return application


def _locked_open(application: MembershipApplication) -> MembershipApplication:
    locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if not locked.is_open:
        raise DomainError(
            _("This application was decided on %(day)s; it cannot change any more.")
            % {"day": locked.decided_on},
            field="status",
        )
    return locked


@transaction.atomic
def application_information_request(
    *, application: MembershipApplication, actor: User, message: str
) -> MembershipApplication:
    """The secretariat asks the applicant for missing information; the e-mail carries the
    status link through which the applicant answers."""
    if not (actor.is_authenticated and actor.is_staff):
        raise DomainError(_("Only the secretariat asks applicants for information."))
    locked = _locked_open(application)
    message = message.strip()
    if not message:
        raise DomainError(
            _("Information requested: say what is missing."), field="information_request"
        )
    if locked.status == Status.INFORMATION_REQUESTED and locked.information_request == message:
        return locked  # the same request sent twice
    locked.information_request = message
    locked.information_reply = ""
    locked.status = Status.INFORMATION_REQUESTED
    validate_and_save(locked, actor=actor, exclude=["letter"])
    transaction.on_commit(lambda: _mail_applicant(locked, "information_request"))
    return locked


@transaction.atomic
def application_information_complete(
    *,
    application: MembershipApplication,
    reply: str,
    population: int | None,
    relative_gdp: Decimal | None,
    total_revenue: Decimal | None,
    letter: UploadedFile | None = None,
) -> MembershipApplication:
    """The applicant answers the secretariat's request through the status link: the reply,
    corrected figures and, if asked for, a new letter; the application is back with the
    secretariat."""
    locked = _locked_open(application)
    if locked.status != Status.INFORMATION_REQUESTED:
        raise DomainError(
            _("The secretariat has not asked for more information; nothing to complete."),
            field="reply",
        )
    reply = reply.strip()
    if not reply:
        raise DomainError(_("Your reply: answer the secretariat's question."), field="reply")
    _figures_checked(
        kind=locked.kind,
        category=locked.category,
        population=population,
        relative_gdp=relative_gdp,
    )
    locked.population = population
    locked.relative_gdp = relative_gdp
    locked.total_revenue = total_revenue
    if letter is not None:
        locked.letter = _letter_checked(letter)
        locked.letter_name = (letter.name or "")[:255]
    locked.information_reply = reply
    locked.status = Status.SUBMITTED
    validate_and_save(locked, exclude=["letter"])
    transaction.on_commit(lambda: _mail_secretariat(locked, "completed"))
    return locked


@transaction.atomic
def application_mark_on_agenda(
    *, application: MembershipApplication, meeting_label: str, actor: User | None
) -> MembershipApplication:
    """Records that the application is before the Executive Board (see
    governance.services.applications.application_schedule)."""
    locked = _locked_open(application)
    locked.status = Status.ON_AGENDA
    locked.board_meeting = meeting_label[:300]
    return validate_and_save(locked, actor=actor, exclude=["letter"])


@transaction.atomic
def application_member_create(
    *, application: MembershipApplication, actor: User | None, decided_on: date
) -> Member:
    """The member an approved application becomes: the applicant's record when it has one (an
    observer, a former member), else a new member with its figures and its contact person,
    who receives the region's correspondence and invoices."""
    member = application.member or matching_member(application)
    if member is None:
        member = Member(
            name=application.name,
            native_name=application.native_name,
            country=application.country,
            kind=application.kind,
            website=application.website,
        )
        validate_and_save(member, actor=actor)
    if application.population or application.relative_gdp or application.total_revenue:
        statistics, _created = MemberStatistics.objects.get_or_create(
            member=member, year=decided_on.year
        )
        source = gettext("Membership application of %(day)s") % {
            "day": day(application.submitted_at.date())
        }
        if application.population:
            statistics.population = application.population
            statistics.population_source = source
        if application.relative_gdp:
            statistics.relative_gdp = application.relative_gdp
            statistics.relative_gdp_source = source
        if application.total_revenue:
            statistics.total_revenue = application.total_revenue
            statistics.total_revenue_source = source
        validate_and_save(statistics, actor=actor)
    known = Person.objects.filter(member=member, email__iexact=application.contact_email)
    if not known.exists():
        contact_create(
            member=member,
            actor=actor,
            first_name=application.contact_first_name,
            last_name=application.contact_last_name,
            email=application.contact_email,
            title=application.contact_title,
            languages=application.language,
            roles=[ContactRole.Role.INTERNATIONAL_RELATIONS, ContactRole.Role.BILLING],
        )
    return member


@transaction.atomic
def application_approve_record(
    *,
    application: MembershipApplication,
    membership: Membership,
    decided_on: date,
    meeting_label: str,
    actor: User | None,
    invited: bool,
    board_vote: str = "",
) -> MembershipApplication:
    """Records the Board's approval on the application and e-mails the welcome."""
    locked = _locked_open(application)
    locked.board_vote = board_vote[:300]
    locked.status = Status.APPROVED
    locked.decided_on = decided_on
    locked.member = membership.member
    locked.membership = membership
    if meeting_label:
        locked.board_meeting = meeting_label[:300]
    validate_and_save(locked, actor=actor, exclude=["letter"])
    transaction.on_commit(
        lambda: _mail_applicant(
            locked,
            "welcome",
            invited=invited,
            observer=membership.category == MemberCategory.OBSERVER,
            portal_link=absolute_url("home"),
        )
    )
    return locked


@transaction.atomic
def application_refuse(
    *,
    application: MembershipApplication,
    decided_on: date,
    reason: str,
    meeting_label: str,
    actor: User | None,
    board_vote: str = "",
) -> MembershipApplication:
    """Records the Board's refusal with its reason, which the applicant receives by e-mail."""
    locked = _locked_open(application)
    locked.board_vote = board_vote[:300]
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Reason for the decision: a refusal says why; the applicant receives it."),
            field="decision_reason",
        )
    locked.status = Status.REFUSED
    locked.decided_on = decided_on
    locked.decision_reason = reason
    if meeting_label:
        locked.board_meeting = meeting_label[:300]
    validate_and_save(locked, actor=actor, exclude=["letter"])
    transaction.on_commit(lambda: _mail_applicant(locked, "refusal"))
    return locked
