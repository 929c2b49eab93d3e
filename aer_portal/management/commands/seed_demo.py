"""Loads the demo data set: about 40 real member regions, invented people, one login per role."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from aer_portal.portal_apps import app_hooks
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from governance.models import Body, Mandate, Seat
from members.demo_data import COUNTRIES, FIRST_NAMES, LAST_NAMES, MEMBERS
from members.models import Country, Member, Membership, Person, PortalAccess, User

DEMO_PASSWORD = "aer-demo-2026"  # noqa: S105 — printed on purpose; refused in production
DEMO_LOGINS = (
    ("officer@demo.aer.eu", "member region officer (Västra Götaland Region)"),
    ("board@demo.aer.eu", "Executive Board member (Vice-President)"),
    ("staff@demo.aer.eu", "secretariat staff (must set up two-factor at first login)"),
)
SECRETARIAT_APPS = ("members", "governance", "fees", "working_groups", "elections")

STATUTORY_BODIES = (
    (BodyKind.GENERAL_ASSEMBLY, "General Assembly", "general-assembly"),
    (BodyKind.EXECUTIVE_BOARD, "Executive Board", "executive-board"),
    (BodyKind.BUREAU, "Bureau", "bureau"),
    (BodyKind.MONITORING_AND_EVALUATION_GROUP, "Monitoring and Evaluation Group", "meg"),
    (BodyKind.ELECTION_COMMITTEE, "Election Committee", "election-committee"),
)
VICE_PRESIDENT_PORTFOLIOS = (
    "Democracy and good governance",
    "Youth",
    "Health and social affairs",
    "Climate and energy",
    "Culture and education",
    "Economic development and innovation",
    "Enlargement and neighbourhood",
)


class Command(BaseCommand):
    help = "Creates the demo data set (idempotent: a second run changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "SEED_DEMO_ALLOWED", False):
            raise CommandError("seed_demo refuses to run with production settings.")
        today = timezone.localdate()
        with transaction.atomic():
            created = self._seed(today)
            # Each app adds its own demo data (fees, meetings, …) in the apps' order.
            for hook in app_hooks("demo"):
                created += hook.seed(today=today)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new records)."))
        if settings.DEBUG:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for email, role in DEMO_LOGINS:
                self.stdout.write(f"  {email:<24} {role}")

    def _seed(self, today: date) -> int:
        created = 0
        countries: dict[str, Country] = {}
        for code, name_en, name_fr in COUNTRIES:
            countries[code], new = Country.objects.get_or_create(
                code=code, defaults={"name_en": name_en, "name_fr": name_fr}
            )
            created += new
        members: dict[str, Member] = {}
        for index, demo in enumerate(MEMBERS):
            member, new = Member.objects.get_or_create(
                name=demo.name,
                defaults={
                    "native_name": demo.native_name,
                    "country": countries[demo.country],
                    "kind": Member.Kind.ORGANISATION if demo.organisation else Member.Kind.REGION,
                    "hosts_aer_office": demo.hosts_aer_office,
                },
            )
            members[demo.name] = member
            created += new
            if new:
                created += self._membership(member, demo.category, index, today)
                created += self._people(member, index)
        created += self._bodies(members, today)
        created += self._logins(members)
        return created

    def _membership(self, member: Member, category: MemberCategory, index: int, today: date) -> int:
        if category == MemberCategory.OBSERVER:
            # An observer whose year is about to end (Procedures art. 2.1), for the reminders.
            decision = (today.replace(day=1) - timedelta(days=300)).replace(day=15)
        else:
            decision = date(1990 + index % 30, 1 + index % 12, 10)
        Membership.objects.create(
            member=member,
            category=category,
            board_decision=decision,
            ga_ratification=None
            if category == MemberCategory.OBSERVER
            else decision + timedelta(days=120),
        )
        return 1

    def _people(self, member: Member, index: int) -> int:
        count = 0
        for offset, title in enumerate(("International relations officer", "Delegate", "Billing")):
            first = FIRST_NAMES[(index + offset * 7) % len(FIRST_NAMES)]
            last = LAST_NAMES[(index * 3 + offset) % len(LAST_NAMES)]
            Person.objects.create(
                first_name=first,
                last_name=last,
                email=f"{first}.{last}.{index}{offset}@demo.aer.eu".lower().replace(" ", ""),
                title=title,
                member=member,
                gender=("female", "male")[(index + offset) % 2],
                languages="en",
            )
            count += 1
        return count

    def _bodies(self, members: dict[str, Member], today: date) -> int:
        count = 0
        bodies = {}
        for kind, name, slug in STATUTORY_BODIES:
            bodies[kind], new = Body.objects.get_or_create(
                slug=slug, defaults={"kind": kind, "name": name}
            )
            count += new
        board = bodies[BodyKind.EXECUTIVE_BOARD]
        if board.seats.exists():
            return count
        term_start = date(today.year - (today.year % 2), 1, 1) - timedelta(days=60)
        term_end = term_start.replace(year=term_start.year + 2)
        seats = [
            Seat(body=board, role=Seat.Role.PRESIDENT),
            Seat(body=board, role=Seat.Role.TREASURER),
            *(
                Seat(body=board, role=Seat.Role.VICE_PRESIDENT, portfolio=p)
                for p in VICE_PRESIDENT_PORTFOLIOS
            ),
        ]
        holders = list(members.values())[1:]
        for position, seat in enumerate(seats):
            seat.save()
            member = holders[position * 4 % len(holders)]
            person = member.people.order_by("pk").filter(title="Delegate").first()
            assert person is not None
            Mandate.objects.create(
                person=person,
                member=member,
                seat=seat,
                starts_on=term_start,
                ends_on=term_end,
                consecutive_term=1 + position % 4,
            )
            count += 2
        return count

    def _logins(self, members: dict[str, Member]) -> int:
        count = 0
        officer_region = members["Västra Götaland Region"]
        officer_person = officer_region.people.order_by("pk").first()
        board_person = (
            Person.objects.filter(mandates__seat__role=Seat.Role.VICE_PRESIDENT)
            .order_by("pk")
            .first()
        )
        specs = (
            ("officer@demo.aer.eu", "Mikael Appelqvist-Demo", officer_person, False),
            ("board@demo.aer.eu", str(board_person), board_person, False),
            ("staff@demo.aer.eu", "Sam Secretariat-Demo", None, True),
        )
        group = self._secretariat_group()
        for email, full_name, person, is_staff in specs:
            user, new = User.objects.get_or_create(
                email=email,
                defaults={"full_name": full_name, "person": person, "is_staff": is_staff},
            )
            if new:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                count += 1
                if is_staff:
                    user.groups.add(group)
        officer = User.objects.get(email="officer@demo.aer.eu")
        _, new = PortalAccess.objects.get_or_create(
            user=officer, member=officer_region, defaults={"role": PortalAccess.Role.OFFICER}
        )
        count += new
        board_user = User.objects.get(email="board@demo.aer.eu")
        if board_person is not None and board_person.member is not None:
            _, new = PortalAccess.objects.get_or_create(
                user=board_user,
                member=board_person.member,
                defaults={"role": PortalAccess.Role.DELEGATE},
            )
            count += new
        return count

    def _secretariat_group(self) -> Group:
        group, new = Group.objects.get_or_create(name="Secretariat")
        if new:
            group.permissions.set(
                Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS)
            )
        return group
