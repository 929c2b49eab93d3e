"""A member's record: its membership decisions, its contacts, and the erasure of a person who
leaves (GDPR)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.history import history_author
from aer_portal.messages import render_with_article
from aer_portal.rules.membership import MemberCategory, observer_admission_refusal
from aer_portal.validation import clean_or_raise, validate_and_save
from members.access import account_roles, may_correct_contacts, require, require_secretariat
from members.models import ContactRole, Member, Membership, Person, RegionalMandate, User


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
