"""Loads the demo data set: about 40 real member regions, invented people, one login per role.

Each app makes its own demo data (`<app>/demo.py`): the members, then the statutory bodies,
then the logins made here (one per role, which need a member and a Vice-President), then the
rest of each app in the apps' order of dependence, so that each finds the data of the apps
before it. It lives in the `portal` app because it uses them all, each named explicitly.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

import elections.demo
import fees.demo
import governance.demo
import members.demo
import working_groups.demo
from governance.models import Seat
from members.models import (
    Member,
    Person,
    PortalAccess,
    User,
)

DEMO_PASSWORD = "aer-demo-2026"  # noqa: S105 — printed on purpose; refused in production
DEMO_LOGINS = (
    ("officer@demo.aer.eu", "member region officer (Västra Götaland Region)"),
    ("board@demo.aer.eu", "Executive Board member (Vice-President)"),
    ("staff@demo.aer.eu", "secretariat staff (must set up two-factor at first login)"),
)
SECRETARIAT_APPS = ("members", "governance", "fees", "working_groups", "elections")

#: The apps' demo data made after the logins, in their order of dependence.
APP_DEMOS = (governance.demo, fees.demo, working_groups.demo, elections.demo)


class Command(BaseCommand):
    help = "Creates the demo data set (idempotent: a second run changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "SEED_DEMO_ALLOWED", False):
            raise CommandError("seed_demo refuses to run with production settings.")
        today = timezone.localdate()
        with transaction.atomic():
            created = members.demo.seed(today=today)
            created += governance.demo.seed_bodies(today=today)
            created += self._logins(members.demo.demo_members())
            # Each app adds its own demo data (fees, meetings, …) in the apps' order.
            for demo in APP_DEMOS:
                created += demo.seed(today=today)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new records)."))
        if settings.DEBUG:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for email, role in DEMO_LOGINS:
                self.stdout.write(f"  {email:<24} {role}")

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
