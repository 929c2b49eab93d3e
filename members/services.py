"""Every write to members, people and accounts goes through a function here."""

from __future__ import annotations

from datetime import date, timedelta

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.rules.membership import MemberCategory, observer_refusal_reason
from members.models import Member, Membership, Person, PortalAccess, User


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
    and after PASSWORD_RESET_TIMEOUT seconds.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(
            _("e-mail: an account with the address %(email)s exists already.") % {"email": email}
        )
    user = User(email=email, full_name=full_name.strip(), is_staff=is_staff, person=person)
    user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as error:
        raise DomainError(error.messages[0]) from error
    user.save()
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
        "portal_name": settings.PORTAL_NAME,
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    with translation.override(user.preferred_language):
        subject = render_to_string("members/email/invitation_subject.txt", context).strip()
        body = render_to_string("members/email/invitation_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


MEMBER_CATEGORIES = {
    MemberCategory.FULL,
    MemberCategory.ASSOCIATE_GEOGRAPHICAL,
    MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL,
    MemberCategory.FOUNDING_ASSOCIATE,
}


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
    Procedures art. 2: it is refused to a region that was a full or associate member in the
    three years before the decision (art. 2.2), and it cannot be renewed (art. 2.1).
    """
    category = MemberCategory(category)
    history = list(member.memberships.select_for_update().order_by("board_decision"))
    if any(m.board_decision >= board_decision for m in history):
        raise DomainError(
            _("board_decision: a later or same-day membership decision is already recorded."),
            field="board_decision",
        )
    if category == MemberCategory.OBSERVER:
        if any(m.category == MemberCategory.OBSERVER for m in history):
            raise DomainError(
                _(
                    "category: observer status is granted for a non-renewable period "
                    "(Procedures art. 2.1); %(member)s was an observer before."
                )
                % {"member": member},
                field="category",
            )
        ended = [m.ended_on or board_decision for m in history if m.category in MEMBER_CATEGORIES]
        reason = observer_refusal_reason(
            decision=board_decision, last_membership_ended=max(ended, default=None)
        )
        if reason is not None:
            raise DomainError("category: " + reason.render(gettext), field="category")
    for open_membership in (m for m in history if m.ended_on is None):
        open_membership.ended_on = board_decision - timedelta(days=1)
        open_membership.end_reason = gettext("Changed category")
        open_membership.full_clean()
        open_membership.save(update_fields=["ended_on", "end_reason"])
    membership = Membership(
        member=member,
        category=category,
        board_decision=board_decision,
        ga_ratification=ga_ratification,
    )
    membership.full_clean()
    membership.save()
    return membership
