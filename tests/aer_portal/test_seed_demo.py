"""The demo data set: complete, idempotent, refused in production."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings

from aer_portal.rules.membership import MemberCategory
from governance.models import Mandate
from members.models import Member, Membership, PortalAccess, User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"members", "governance", "auth", "mfa"}
    }


def test_seed_demo_creates_regions_people_and_one_login_per_role() -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert 38 <= Member.objects.count() <= 45
    assert Member.objects.filter(native_name="Västra Götalandsregionen").exists()
    assert set(Membership.objects.values_list("category", flat=True)) >= {
        MemberCategory.FULL,
        MemberCategory.OBSERVER,
        MemberCategory.ASSOCIATE_GEOGRAPHICAL,
        MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL,
        MemberCategory.FOUNDING_ASSOCIATE,
    }
    officer = User.objects.get(email="officer@demo.aer.eu")
    assert PortalAccess.objects.get(user=officer).member.name == "Västra Götaland Region"
    board = User.objects.get(email="board@demo.aer.eu")
    assert Mandate.objects.filter(person=board.person, seat__body__kind="executive_board").exists()
    assert User.objects.get(email="staff@demo.aer.eu").is_staff
    _demo_data_passes_the_portals_own_checks()


def _demo_data_passes_the_portals_own_checks() -> None:
    """What the admin would refuse to save, or a mail server bounce, is not demo data."""
    from collections import Counter

    from django.core.exceptions import ValidationError

    from governance.models import Attendance, Motion
    from members.models import Person

    refused = []
    for record in [*Person.objects.all(), *User.objects.all()]:
        try:
            record.full_clean()
        except ValidationError as error:
            refused.append((str(record), error.message_dict))
    assert refused == []
    assert all(email.isascii() for email in Person.objects.values_list("email", flat=True))
    names = Counter(Person.objects.values_list("first_name", "last_name"))
    assert [name for name, count in names.items() if count > 1] == []
    for motion in Motion.objects.exclude(votes_for=None).select_related("meeting"):
        present = Attendance.objects.filter(meeting=motion.meeting, present=True).count()
        counted = motion.votes_for + motion.votes_against + motion.abstentions
        assert counted <= present, f"{motion.text}: {counted} votes with {present} present"


def test_running_seed_demo_twice_changes_nothing() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    before = _row_counts()
    passwords = dict(User.objects.values_list("email", "password"))
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _row_counts() == before
    assert dict(User.objects.values_list("email", "password")) == passwords
    assert "0 new records" in out.getvalue()


@override_settings(DEBUG=True)
def test_local_settings_print_the_demo_logins() -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    for email in ("officer@demo.aer.eu", "board@demo.aer.eu", "staff@demo.aer.eu"):
        assert email in out.getvalue()


@override_settings(SEED_DEMO_ALLOWED=False)
def test_seed_demo_refuses_to_run_with_production_settings() -> None:
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Member.objects.exists()
