"""Loads the demo data set: about 40 real member regions, invented people, one login per role.

The members, the statutory bodies and the logins are made here; then each app adds its own
demo data (`<app>/demo.py`), named one by one in the apps' order of dependence so that each
finds the data of the apps before it. It lives in the `portal` app because it uses them all.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

import elections.demo
import fees.demo
import governance.demo
import working_groups.demo
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from governance.demo import VICE_PRESIDENT_PORTFOLIOS
from governance.models import Body, Seat
from governance.services.bodies import mandate_record, seat_for
from members.demo_data import COUNTRIES, MEMBERS, DemoMember, demo_email, demo_name
from members.models import (
    ContactRole,
    Country,
    Member,
    Membership,
    MemberStatistics,
    Person,
    PortalAccess,
    RegionalMandate,
    User,
)
from members.services import membership_admit

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
#: Members whose page shows a longer category history, the one that left AER, and the one
#: whose delegate lost the regional political mandate (Procedures art. 15.2).
HISTORY_DEMO = ("Vojvodina", "Adjara", "Varaždin County")
FORMER_MEMBER_DEMO = "Kirovohrad Oblast"
LOST_MANDATE_DEMO = "Catalonia"
#: Below this population the demo records total revenue (the cap of art. 3.2.1 may apply).
SMALL_REGION_POPULATION = 250_000
#: Each member's people: the officer, the delegate and the billing contact, with their roles.
PEOPLE_DEMO = (
    (
        "International relations officer",
        (ContactRole.Role.INTERNATIONAL_RELATIONS, ContactRole.Role.EURODYSSEY),
    ),
    ("Delegate", (ContactRole.Role.DELEGATE,)),
    ("Billing", (ContactRole.Role.BILLING,)),
)
#: The apps' own demo data, in their order of dependence (members' is made by this command).
APP_DEMOS = (governance.demo, fees.demo, working_groups.demo, elections.demo)


class Command(BaseCommand):
    help = "Creates the demo data set (idempotent: a second run changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "SEED_DEMO_ALLOWED", False):
            raise CommandError("seed_demo refuses to run with production settings.")
        today = timezone.localdate()
        with transaction.atomic():
            created = self._seed(today)
            # Each app adds its own demo data (fees, meetings, …) in the apps' order.
            for demo in APP_DEMOS:
                created += demo.seed(today=today)
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
            if not member.memberships.exists():
                created += self._membership(member, demo.category, index, today)
            created += self._people(member, index)
            if not demo.organisation:
                created += self._statistics(member, demo, index, today)
        created += self._regional_mandates(members, today)
        created += self._bodies(members, today)
        created += self._logins(members)
        return created

    def _membership(self, member: Member, category: MemberCategory, index: int, today: date) -> int:
        """A category history through the rules of Procedures art. 2 (membership_admit)."""
        steps: list[tuple[MemberCategory, date]]
        if category == MemberCategory.OBSERVER:
            # An observer whose year is about to end (Procedures art. 2.1), for the reminders.
            decision = (today.replace(day=1) - timedelta(days=300)).replace(day=15)
            steps = [(category, decision)]
        elif member.name in HISTORY_DEMO:
            # Observer first, then member: the history a region's page shows.
            first = date(2012 + index % 8, 1 + index % 12, 10)
            steps = [
                (MemberCategory.OBSERVER, first),
                (MemberCategory.ASSOCIATE_GEOGRAPHICAL, first + timedelta(days=250)),
                (category, first + timedelta(days=1200)),
            ]
        else:
            steps = [(category, date(1990 + index % 30, 1 + index % 12, 10))]
        for step_category, decision in steps:
            membership_admit(
                member=member,
                category=step_category,
                board_decision=decision,
                ga_ratification=None
                if step_category == MemberCategory.OBSERVER
                else decision + timedelta(days=120),
                actor=None,
            )
        if member.name == FORMER_MEMBER_DEMO:
            Membership.objects.filter(member=member, ended_on__isnull=True).update(
                ended_on=date(today.year - 2, 12, 31), end_reason="Withdrew from AER"
            )
        return len(steps)

    def _people(self, member: Member, index: int) -> int:
        """The officer, the delegate and the billing contact of each member, with their roles."""
        count = 0
        for offset, (title, roles) in enumerate(PEOPLE_DEMO):
            first, last = demo_name(index * len(PEOPLE_DEMO) + offset)
            person, new = Person.objects.get_or_create(
                member=member,
                title=title,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": demo_email(first, last),
                    "gender": ("female", "male")[(index + offset) % 2],
                    "languages": "en",
                    "phone": f"+32 2 400 {index:02d} {offset:02d}",
                },
            )
            count += new
            for number, role in enumerate(roles):
                _, new_role = ContactRole.objects.get_or_create(
                    person=person,
                    role=role,
                    defaults={"unit": "Unit for external relations" if number == 0 else ""},
                )
                count += new_role
        return count

    def _statistics(self, member: Member, demo: DemoMember, index: int, today: date) -> int:
        """Population, relative GDP and, for small regions, revenue for the last three years."""
        count = 0
        for back in (3, 2, 1):
            year = today.year - back
            revenue = (
                Decimal(demo.population * 9) if demo.population < SMALL_REGION_POPULATION else None
            )
            _, new = MemberStatistics.objects.get_or_create(
                member=member,
                year=year,
                defaults={
                    "population": demo.population + (back - 2) * (index % 5) * 1000,
                    "population_source": f"National statistics office, {year}",
                    "relative_gdp": demo.relative_gdp,
                    "relative_gdp_source": f"Eurostat regional accounts, {year}",
                    "total_revenue": revenue,
                    "total_revenue_source": f"Annual accounts {year}" if revenue else "",
                },
            )
            count += new
        return count

    def _regional_mandates(self, members: dict[str, Member], today: date) -> int:
        """Delegates hold a regional political mandate (art. 15.2); one has just lost it."""
        count = 0
        for member in members.values():
            delegate = member.people.filter(title="Delegate").first()
            if delegate is None or member.kind == Member.Kind.ORGANISATION:
                continue
            lost = member.name == LOST_MANDATE_DEMO
            _, new = RegionalMandate.objects.get_or_create(
                person=delegate,
                kind="Member of the regional council",
                defaults={
                    "starts_on": date(today.year - 3, 6, 1),
                    "ends_on": date(today.year + 2, 5, 31),
                    "lost_on": today - timedelta(days=45) if lost else None,
                },
            )
            count += new
        return count

    def _bodies(self, members: dict[str, Member], today: date) -> int:
        count = 0
        bodies = {}
        for kind, name, slug in STATUTORY_BODIES:
            bodies[kind], new = Body.objects.get_or_create(
                slug=slug, defaults={"kind": kind, "name": name}
            )
            count += new
        holders = list(members.values())[1:]
        delegates: dict[int, Person] = {
            person.member_id: person
            for person in Person.objects.filter(title="Delegate", member__in=holders)
            if person.member_id is not None
        }
        term_start = date(today.year - (today.year % 2), 1, 1) - timedelta(days=60)
        term_end = term_start.replace(year=term_start.year + 2)
        board = bodies[BodyKind.EXECUTIVE_BOARD]
        if not board.seats.exists():
            seats = [
                (Seat.Role.PRESIDENT, ""),
                (Seat.Role.TREASURER, ""),
                *((Seat.Role.VICE_PRESIDENT, p) for p in VICE_PRESIDENT_PORTFOLIOS),
            ]
            for position, (role, portfolio) in enumerate(seats):
                member = holders[position * 4 % len(holders)]
                # Terms 1 to 4: the fourth is the last one allowed (Procedures art. 15 A).
                mandate_record(
                    person=delegates[member.pk],
                    seat=seat_for(body=board, role=role, portfolio=portfolio),
                    member=member,
                    starts_on=term_start,
                    ends_on=term_end,
                    consecutive_term=1 + position % 4,
                    actor=None,
                )
                count += 2
        count += self._general_assembly(bodies[BodyKind.GENERAL_ASSEMBLY], delegates, today)
        count += self._bureau(bodies[BodyKind.BUREAU], holders, delegates, term_start, term_end)
        count += self._small_bodies(bodies, holders, delegates, today)
        return count

    def _general_assembly(self, assembly: Body, delegates: dict[int, Person], today: date) -> int:
        """Every current member's delegate sits in the General Assembly."""
        if assembly.seats.exists():
            return 0
        seat = seat_for(body=assembly, role=Seat.Role.MEMBER)
        count = 1
        current = Membership.objects.filter(ended_on__isnull=True, member_id__in=delegates).exclude(
            category=MemberCategory.OBSERVER
        )
        for membership in current:
            mandate_record(
                person=delegates[membership.member_id],
                seat=seat,
                starts_on=max(membership.board_decision, date(today.year - 1, 1, 1)),
                ends_on=None,
                actor=None,
            )
            count += 1
        return count

    def _bureau(
        self,
        bureau: Body,
        holders: list[Member],
        delegates: dict[int, Person],
        term_start: date,
        term_end: date,
    ) -> int:
        """Two representatives per State (art. 15 B) where the demo has two regions; one else."""
        if bureau.seats.exists():
            return 0
        count = 0
        by_country: dict[int, list[Member]] = {}
        for member in holders:
            if member.pk in delegates and member.kind == Member.Kind.REGION:
                if member.name == FORMER_MEMBER_DEMO:
                    continue
                by_country.setdefault(member.country_id, []).append(member)
        for country_id, regions in by_country.items():
            for number, member in enumerate(regions[:2], start=1):
                seat = seat_for(
                    body=bureau,
                    role=Seat.Role.COUNTRY_REPRESENTATIVE,
                    portfolio=str(number),
                    country_id=country_id,
                )
                mandate_record(
                    person=delegates[member.pk],
                    seat=seat,
                    member=member,
                    starts_on=term_start,
                    ends_on=term_end,
                    consecutive_term=1 + (member.pk % 3),
                    actor=None,
                )
                count += 2
        return count

    def _small_bodies(
        self,
        bodies: dict[BodyKind, Body],
        holders: list[Member],
        delegates: dict[int, Person],
        today: date,
    ) -> int:
        """The Monitoring and Evaluation Group, whose terms end within months, and the
        Election Committee, one of whose members serves the last term allowed."""
        count = 0
        specs = (
            (BodyKind.MONITORING_AND_EVALUATION_GROUP, 3, 3, (1, 2, 1), -3 * 365 + 100),
            (BodyKind.ELECTION_COMMITTEE, 3, 2, (3, 1, 2), -200),
        )
        people = [
            delegates[member.pk]
            for member in reversed(holders)
            if member.pk in delegates
            and member.kind == Member.Kind.REGION
            and member.name != FORMER_MEMBER_DEMO
        ]
        offset = 0
        for kind, size, years, terms, start_shift in specs:
            body = bodies[kind]
            if body.seats.exists():
                offset += size
                continue
            starts_on = today + timedelta(days=start_shift)
            for number in range(size):
                person = people[offset + number]
                mandate_record(
                    person=person,
                    seat=seat_for(body=body, role=Seat.Role.MEMBER, portfolio=str(number + 1)),
                    starts_on=starts_on,
                    ends_on=starts_on.replace(year=starts_on.year + years) - timedelta(days=1),
                    consecutive_term=terms[number],
                    actor=None,
                )
                count += 2
            offset += size
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
