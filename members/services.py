"""Every write to members, people and accounts goes through a function here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.history import history_author
from aer_portal.messages import portal_name, render_with_article
from aer_portal.rules.membership import MemberCategory, observer_admission_refusal
from aer_portal.validation import clean_or_raise, validate_and_save
from members.access import (
    account_roles,
    is_officer_of,
    may_correct_contacts,
    require,
    require_secretariat,
)
from members.models import (
    ContactRole,
    Member,
    Membership,
    Person,
    PortalAccess,
    RegionalMandate,
    User,
)


def region_accounts(*, member_id: int) -> int:
    """How many active accounts act for the region: what the limit on direct grants counts."""
    return (
        PortalAccess.objects.filter(member_id=member_id, user__is_active=True)
        .values("user_id")
        .distinct()
        .count()
    )


def officer_may_grant(*, role: str, accounts: int) -> bool:
    """Whether an officer gives ``role`` directly to a region that has ``accounts`` accounts.

    Not a rule of the Procedures: the secretariat's limits, kept in the settings.
    """
    return role in settings.AER_OFFICER_GRANT_ROLES and accounts < settings.AER_OFFICER_GRANT_LIMIT


def _officer_grants(
    actor: User | None, *, member: Member | None, role: str, is_staff: bool
) -> bool:
    """An officer of the region invites one of its contacts within the secretariat's limits
    (``officer_may_grant``); every other invitation is the secretariat's."""
    if member is None or is_staff or not is_officer_of(actor, member_id=member.pk):
        return False
    return officer_may_grant(role=role, accounts=region_accounts(member_id=member.pk))


@transaction.atomic
def account_invite(
    *,
    email: str,
    full_name: str,
    invited_by: User | None,
    member: Member | None = None,
    role: str = PortalAccess.Role.OFFICER,
    person: Person | None = None,
    is_staff: bool = False,
    base_url: str,
) -> User:
    """Creates an account without a password and e-mails a one-time link to choose one.

    The link is allauth's password-reset link: it stops working once a password is set
    and after PASSWORD_RESET_TIMEOUT seconds. The account belongs to ``person``'s record, or,
    when none is named, to the one person without an account whose address it is (the
    records keep their mandates and roles; a second, empty person would hide them).
    """
    if not _officer_grants(invited_by, member=member, role=role, is_staff=is_staff):
        require_secretariat(invited_by)
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(
            _("An account with the address %(email)s exists already.") % {"email": email}
        )
    if person is None:
        same_address = list(
            Person.objects.filter(
                email__iexact=email, anonymised_on__isnull=True, account__isnull=True
            )[:2]
        )
        person = same_address[0] if len(same_address) == 1 else None
    elif User.objects.filter(person=person).exists():
        raise DomainError(
            _("%(person)s has a portal account already.") % {"person": person}, field="person"
        )
    user = User(email=email, full_name=full_name.strip(), is_staff=is_staff, person=person)
    user.set_unusable_password()
    validate_and_save(user, actor=invited_by)
    if member is not None:
        PortalAccess.objects.create(user=user, member=member, role=role)
    transaction.on_commit(lambda: _send_invitation(user=user, base_url=base_url))
    return user


def invitation_link(*, user: User, base_url: str) -> str:
    """The one-time link with which an invited person chooses a password."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def _send_invitation(*, user: User, base_url: str) -> None:
    context = {
        "user": user,
        "link": invitation_link(user=user, base_url=base_url),
        "portal_name": portal_name(),
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    with translation.override(user.preferred_language):
        subject = render_to_string("members/email/invitation_subject.txt", context).strip()
        body = render_to_string("members/email/invitation_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def membership_admit(
    *,
    member: Member,
    category: MemberCategory,
    board_decision: date,
    actor: User | None,
    ga_ratification: date | None = None,
) -> Membership:
    """Records the Executive Board's decision to admit a member in a category.

    The open membership, if any, ends the day before the decision. Observer status follows
    Procedures arts. 2.1 and 2.2 (aer_portal.rules.membership.observer_admission_refusal).
    """
    require_secretariat(actor)
    category = MemberCategory(category)
    history = list(member.memberships.select_for_update().order_by("board_decision"))
    if any(m.board_decision >= board_decision for m in history):
        raise DomainError(
            _("A later or same-day membership decision is already recorded."),
            field="board_decision",
        )
    if category == MemberCategory.OBSERVER:
        reason = observer_admission_refusal(
            decision=board_decision, history=[(m.category, m.ended_on) for m in history]
        )
        if reason is not None:
            raise DomainError(render_with_article(reason), field="category")
    for open_membership in (m for m in history if m.ended_on is None):
        open_membership.ended_on = board_decision - timedelta(days=1)
        open_membership.end_reason = gettext("Changed category")
        clean_or_raise(open_membership)
        open_membership.save(update_fields=["ended_on", "end_reason"])
    membership = Membership(
        member=member,
        category=category,
        board_decision=board_decision,
        ga_ratification=ga_ratification,
    )
    return validate_and_save(membership, actor=actor)


# --- Contacts, corrected by the secretariat or the member's officer ---------------------

CONTACT_FIELDS = ("first_name", "last_name", "email", "phone", "title", "languages")


def _contact_roles(roles: Iterable[str]) -> set[ContactRole.Role]:
    try:
        return {ContactRole.Role(role) for role in roles}
    except ValueError as error:
        raise DomainError(
            _("%(error)s is not a contact role.") % {"error": str(error).split(" ")[0]},
            field="roles",
        ) from error


def _set_contact_roles(
    *, person: Person, wanted: set[ContactRole.Role], unit: str, actor: User | None
) -> None:
    existing = {contact.role: contact for contact in person.contact_roles.all()}
    for role, contact in existing.items():
        if role not in wanted:
            history_author(contact, actor)
            contact.delete()
        elif contact.unit != unit:
            contact.unit = unit
            history_author(contact, actor)
            contact.save(update_fields=["unit"])
    for role in wanted - {ContactRole.Role(name) for name in existing}:
        contact = ContactRole(person=person, role=role, unit=unit)
        history_author(contact, actor)
        contact.save()


def _require_contact_editor(actor: User | None, *, member_id: int | None) -> None:
    """Staff and the member's officers correct its contacts (``None``: the portal itself)."""
    if actor is None:
        return
    require(
        member_id is not None
        and may_correct_contacts(account_roles(user=actor), member_id=member_id),
        _("Only the region's officers correct its contacts."),
        field="person",
    )


@transaction.atomic
def contact_update(
    *,
    person: Person,
    actor: User | None,
    first_name: str,
    last_name: str,
    email: str = "",
    phone: str = "",
    title: str = "",
    languages: str = "",
    roles: Iterable[str] = (),
    unit: str = "",
) -> Person:
    """Corrects a member's contact: name, e-mail, phone, function, languages, contact roles.

    The change is kept in the person's audit history with who made it.
    """
    _require_contact_editor(actor, member_id=person.member_id)
    anonymised = person.anonymised_on is not None or (
        person.pk is not None
        and Person.objects.select_for_update()
        .filter(pk=person.pk, anonymised_on__isnull=False)
        .exists()
    )
    if anonymised:
        raise DomainError(
            _("An anonymised person cannot be edited (GDPR art. 17)."), field="person"
        )
    values = {
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "phone": phone,
        "title": title,
        "languages": languages,
    }
    for name, value in values.items():
        setattr(person, name, value.strip())
    person.email = person.email.lower()
    wanted = _contact_roles(roles)
    validate_and_save(person, actor=actor)
    _set_contact_roles(person=person, wanted=wanted, unit=unit.strip(), actor=actor)
    return person


@transaction.atomic
def contact_create(
    *,
    member: Member,
    actor: User | None,
    first_name: str,
    last_name: str,
    email: str = "",
    phone: str = "",
    title: str = "",
    languages: str = "",
    roles: Iterable[str] = (),
    unit: str = "",
) -> Person:
    """Adds a contact person to a member, with their contact roles."""
    person = Person(member=member)
    return contact_update(
        person=person,
        actor=actor,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        title=title,
        languages=languages,
        roles=roles,
        unit=unit,
    )


# --- GDPR: erasing a person who leaves ---------------------------------------------------

#: The personal fields erased from the person and from every row of their audit history.
PERSONAL_FIELDS = ("first_name", "last_name", "email", "phone", "title", "languages", "gender")


def _term(starts_on: date, ends_on: date | None) -> str:
    return f"{starts_on:%Y}–{ends_on:%Y}" if ends_on else f"{starts_on:%Y}–"


def person_record_label(*, person: Person) -> str:
    """What the records keep of a person: "former delegate of <region>, <seat>, <term>; …"."""
    mandates = list(person.mandates.select_related("seat__body", "seat__country", "member"))
    if not mandates:
        if person.member is not None:
            return gettext("Former contact of %(member)s") % {"member": person.member}
        return gettext("Former contact")
    parts = [
        gettext("former delegate of %(member)s, %(seat)s, %(term)s")
        % {
            "member": mandate.member or person.member or gettext("no member"),
            "seat": mandate.seat,
            "term": _term(mandate.starts_on, mandate.ends_on),
        }
        for mandate in sorted(mandates, key=lambda m: m.starts_on)
    ]
    label = "; ".join(parts)
    label = label[:1].upper() + label[1:]
    return label[:1000]


@transaction.atomic
def person_anonymise(*, person: Person, actor: User | None, today: date) -> Person:
    """Erases a person's personal data at their request (GDPR art. 17), keeping the record.

    Their mandates in AER bodies stay, shown as "former delegate of <region>, <seat>, <term>";
    name, e-mail, phone, function, languages and gender are erased from the person and from
    every row of its audit history; contact roles and regional political mandates are deleted
    with their history; a portal account is deactivated and stripped of its address and name.
    """
    require_secretariat(actor)
    person = Person.objects.select_for_update().get(pk=person.pk)
    anonymised = person.anonymised_on is not None or (
        person.pk is not None
        and Person.objects.select_for_update()
        .filter(pk=person.pk, anonymised_on__isnull=False)
        .exists()
    )
    if anonymised:
        raise DomainError(
            _("%(person)s is anonymised already.") % {"person": person}, field="person"
        )
    label = person_record_label(person=person)
    blank = dict.fromkeys(PERSONAL_FIELDS, "")
    for name, value in blank.items():
        setattr(person, name, value)
    person.anonymised_on = today
    person.record_label = label
    history_author(person, actor)
    person.save()
    # The audit history must not keep what was erased: every earlier row is blanked too.
    Person.history.filter(id=person.pk).update(**blank, record_label=label)
    for related in (ContactRole, RegionalMandate):
        ids = list(related.objects.filter(person=person).values_list("pk", flat=True))
        related.objects.filter(pk__in=ids).delete()
        related.history.filter(id__in=ids).delete()
    account = User.objects.filter(person=person).first()
    if account is not None:
        account.email = f"anonymised-{account.pk}@invalid.aer.eu"
        account.full_name = ""
        account.is_active = False
        account.set_unusable_password()
        history_author(account, actor)
        account.save()
        User.history.filter(id=account.pk).update(email=account.email, full_name="")
    # The admin's own log names the object by its former name.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
    ).update(object_repr=label[:200])
    return person


@transaction.atomic
def account_email_confirm(*, user: User) -> None:
    """Records that the person reads the account's address: they followed a link sent to it.

    An invitation (or a password reset) is a one-time link e-mailed to the address; choosing a
    password through it proves the address as well as allauth's confirmation e-mail would.
    Without this, two-factor set-up refuses an unverified address and staff and Board members
    invited by the secretariat were locked out.
    """
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email}
    )
    if not (address.verified and address.primary):
        address.verified = True
        address.primary = True
        address.save(update_fields=["verified", "primary"])
