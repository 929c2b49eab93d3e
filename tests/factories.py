"""factory_boy factories for the portal's models; tests build data with these and services."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory
from allauth.mfa.models import Authenticator
from factory.django import DjangoModelFactory

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from governance.models import Body, Mandate, Seat
from members.models import Country, Member, Membership, Person, PortalAccess, User

PASSWORD = "correct-horse-battery"


class CountryFactory(DjangoModelFactory[Country]):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    name_en = factory.LazyAttribute(lambda c: f"Country {c.code}")
    name_fr = factory.LazyAttribute(lambda c: f"Pays {c.code}")


class MemberFactory(DjangoModelFactory[Member]):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"Region {n}")
    native_name = factory.LazyAttribute(lambda m: f"{m.name} (native)")
    country = factory.SubFactory(CountryFactory)


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    member = factory.SubFactory(MemberFactory)
    category = MemberCategory.FULL
    board_decision = date(2015, 3, 10)


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Ana{n}")
    last_name = "Popescu"
    email = factory.LazyAttribute(lambda p: f"{p.first_name.lower()}@example.org")
    member = factory.SubFactory(MemberFactory)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"User Number{n}")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class PortalAccessFactory(DjangoModelFactory[PortalAccess]):
    class Meta:
        model = PortalAccess

    user = factory.SubFactory(UserFactory)
    member = factory.SubFactory(MemberFactory)
    role = PortalAccess.Role.OFFICER


class BodyFactory(DjangoModelFactory[Body]):
    class Meta:
        model = Body
        django_get_or_create = ("slug",)

    kind = BodyKind.EXECUTIVE_BOARD
    name = factory.LazyAttribute(lambda b: BodyKind(b.kind).label)
    slug = factory.LazyAttribute(lambda b: str(b.kind).replace("_", "-"))


class SeatFactory(DjangoModelFactory[Seat]):
    class Meta:
        model = Seat

    body = factory.SubFactory(BodyFactory)
    role = Seat.Role.VICE_PRESIDENT


class MandateFactory(DjangoModelFactory[Mandate]):
    class Meta:
        model = Mandate

    person = factory.SubFactory(PersonFactory)
    member = factory.LazyAttribute(lambda m: m.person.member)
    seat = factory.SubFactory(SeatFactory)
    starts_on = date(2024, 1, 1)
    ends_on = date(2099, 12, 31)


def member_officer(**kwargs: Any) -> User:
    """An account acting for a (new) member region as its officer."""
    access = PortalAccessFactory(**kwargs)
    return access.user


def board_member(*, on: date | None = None) -> User:
    """An account whose person holds a running Executive Board mandate."""
    mandate = MandateFactory()
    return UserFactory(person=mandate.person)


def staff_user(**kwargs: Any) -> User:
    return UserFactory(is_staff=True, **kwargs)


def with_totp(user: User) -> User:
    """Gives the account an active TOTP authenticator, as if it had set up two-factor."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return user
