"""Everything the portal holds about one person, for a data-protection request (GDPR)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from members.models import Person, User


def _plain(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def person_personal_data(*, person_id: int) -> dict[str, Any]:
    """Everything the portal holds about one person, for a request under GDPR art. 15/20.

    Their record, contact roles, regional political mandates, mandates in AER bodies, portal
    account (without the password) and the audit history of their own record.
    """
    person = (
        Person.objects.select_related("member")
        .prefetch_related("contact_roles", "regional_mandates", "mandates__seat__body")
        .get(pk=person_id)
    )
    account = User.objects.filter(person=person).prefetch_related("accesses__member").first()
    history = Person.history.filter(id=person.pk).order_by("history_date")
    fields = ("first_name", "last_name", "email", "phone", "title", "languages", "gender")
    return {
        "person": {
            "id": person.pk,
            **{name: getattr(person, name) for name in fields},
            "member": str(person.member) if person.member else None,
            "anonymised_on": _plain(person.anonymised_on),
        },
        "contact_roles": [
            {"role": role.role, "unit": role.unit} for role in person.contact_roles.all()
        ],
        "regional_political_mandates": [
            {
                "mandate": mandate.kind,
                "from": _plain(mandate.starts_on),
                "to": _plain(mandate.ends_on),
                "lost_on": _plain(mandate.lost_on),
            }
            for mandate in person.regional_mandates.all()
        ],
        "mandates_in_aer_bodies": [
            {
                "body": str(mandate.seat.body),
                "seat": str(mandate.seat),
                "on_behalf_of": str(mandate.member) if mandate.member_id else None,
                "from": _plain(mandate.starts_on),
                "to": _plain(mandate.ends_on),
                "consecutive_term": mandate.consecutive_term,
            }
            for mandate in person.mandates.all()
        ],
        "portal_account": None
        if account is None
        else {
            "email": account.email,
            "full_name": account.full_name,
            "preferred_language": account.preferred_language,
            "invited_on": _plain(account.date_joined),
            "last_login": _plain(account.last_login),
            "active": account.is_active,
            "acts_for": [
                {"member": str(access.member), "role": access.role}
                for access in account.accesses.all()
            ],
        },
        "history_of_the_record": [
            {
                "changed_on": _plain(row.history_date),
                "change": row.get_history_type_display(),
                **{name: getattr(row, name) for name in fields},
            }
            for row in history
        ],
    }
