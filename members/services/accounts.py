"""Portal accounts: invitations, who acts for a region, the address an account reads."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.messages import portal_name
from aer_portal.validation import validate_and_save
from members.access import is_officer_of, require_secretariat
from members.models import Member, Person, PortalAccess, User


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
