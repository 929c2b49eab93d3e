"""The services by which a region's contacts get a portal account.

A contact without an account receives the portal's invitations (support of a working-group
proposal, meetings, reminders) and cannot answer them. One of the region's international
relations officers asks for an account for the contact: within the limits the secretariat sets
(``settings.AER_OFFICER_GRANT_ROLES`` and ``settings.AER_OFFICER_GRANT_LIMIT``) the account is
given at once; beyond them the request waits for the secretariat, which approves it (the usual
invitation goes out, linked to the contact's record) or refuses it with a reason the officer
reads.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.links import absolute_url
from aer_portal.validation import validate_and_save
from members.access import is_officer_of
from members.models import AccessRequest, Person, PortalAccess, User
from members.services.accounts import account_invite, officer_may_grant, region_accounts


def _check_person(person: Person) -> None:
    if person.anonymised_on is not None or person.member_id is None:
        raise DomainError(_("Only a region's current contacts get a portal account."))
    if User.objects.filter(person=person).exists():
        raise DomainError(_("%(person)s has a portal account already.") % {"person": person})
    if not person.email.strip():
        raise DomainError(
            _("Record an e-mail address for %(person)s first: the invitation goes there.")
            % {"person": person},
            field="email",
        )
    if User.objects.filter(email__iexact=person.email.strip()).exists():
        raise DomainError(
            _(
                "An account with the address %(email)s exists already; ask the secretariat to "
                "link it to %(person)s."
            )
            % {"email": person.email, "person": person}
        )


def _invite(person: Person, role: str, actor: User) -> User:
    assert person.member is not None
    return account_invite(
        email=person.email,
        full_name=str(person),
        invited_by=actor,
        member=person.member,
        role=role,
        person=person,
        base_url=absolute_url("/"),
    )


@transaction.atomic
def access_request_submit(
    *, person: Person, role: str, actor: User, now: datetime
) -> AccessRequest:
    """An officer of the contact's region asks for a portal account for the contact.

    Within the secretariat's limits (:func:`officer_may_grant`) the account is given at once
    and the invitation sent; otherwise the request waits for the secretariat, which is told.
    Asking again while a request waits returns that request: a double click asks once.
    """
    if role not in PortalAccess.Role.values:
        raise DomainError(_("Choose the role the contact will have."), field="role")
    person = (
        Person.objects.select_for_update(of=("self",)).select_related("member").get(pk=person.pk)
    )
    if person.member_id is None or not (
        actor.is_staff or is_officer_of(actor, member_id=person.member_id)
    ):
        raise DomainError(
            _("Only the region's international relations officers ask for access for its contacts.")
        )
    pending = AccessRequest.objects.filter(
        person=person, status=AccessRequest.Status.PENDING
    ).first()
    if pending is not None:
        return pending
    _check_person(person)
    request = AccessRequest(
        person=person, member_id=person.member_id, role=role, requested_by=actor, requested_at=now
    )
    if officer_may_grant(role=role, accounts=region_accounts(member_id=person.member_id)):
        request.account = _invite(person, role, actor)
        request.status = AccessRequest.Status.GRANTED
        request.decided_by = actor
        request.decided_at = now
        return validate_and_save(request, actor=actor)
    validate_and_save(request, actor=actor)
    transaction.on_commit(lambda: _tell_secretariat(request_id=request.pk))
    return request


def _locked_pending(access_request: AccessRequest, actor: User) -> AccessRequest | None:
    if not (actor.is_authenticated and actor.is_staff):
        raise DomainError(_("Only the secretariat decides on requests for portal access."))
    locked = (
        AccessRequest.objects.select_for_update(of=("self",))
        .select_related("person", "member")
        .get(pk=access_request.pk)
    )
    return locked if locked.status == AccessRequest.Status.PENDING else None


@transaction.atomic
def access_request_approve(
    *, access_request: AccessRequest, actor: User, now: datetime
) -> AccessRequest:
    """The secretariat approves: the invitation goes to the contact, linked to their record.

    Approving a request decided already changes nothing (a double click approves once).
    """
    locked = _locked_pending(access_request, actor)
    if locked is None:
        return AccessRequest.objects.get(pk=access_request.pk)
    _check_person(locked.person)
    locked.account = _invite(locked.person, locked.role, actor)
    locked.status = AccessRequest.Status.APPROVED
    locked.decided_by = actor
    locked.decided_at = now
    return validate_and_save(locked, actor=actor)


@transaction.atomic
def access_request_refuse(
    *, access_request: AccessRequest, actor: User, reason: str, now: datetime
) -> AccessRequest:
    """The secretariat refuses, saying why; the officer who asked is told the reason."""
    if not reason.strip():
        raise DomainError(
            _("Say why the access is refused: the officer who asked reads it."), field="reason"
        )
    locked = _locked_pending(access_request, actor)
    if locked is None:
        return AccessRequest.objects.get(pk=access_request.pk)
    locked.status = AccessRequest.Status.REFUSED
    locked.refusal_reason = reason.strip()
    locked.decided_by = actor
    locked.decided_at = now
    validate_and_save(locked, actor=actor)
    transaction.on_commit(lambda: _tell_officer(request_id=locked.pk))
    return locked


def _tell_secretariat(*, request_id: int) -> None:
    request = AccessRequest.objects.select_related("person", "member", "requested_by").get(
        pk=request_id
    )
    context = {"request": request, "link": absolute_url("members:access_requests")}
    with translation.override("en"):
        subject = render_to_string("members/email/access_asked_subject.txt", context).strip()
        body = render_to_string("members/email/access_asked_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [settings.SECRETARIAT_EMAIL])


def _tell_officer(*, request_id: int) -> None:
    request = AccessRequest.objects.select_related("person", "member", "requested_by").get(
        pk=request_id
    )
    officer = request.requested_by
    if officer is None or not officer.email:
        return
    context = {
        "request": request,
        "link": absolute_url("members:record", request.member_id) + "#contacts",
    }
    with translation.override(officer.preferred_language):
        subject = render_to_string("members/email/access_refused_subject.txt", context).strip()
        body = render_to_string("members/email/access_refused_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [officer.email])
