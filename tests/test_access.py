"""Every portal URL, asked with GET by an anonymous visitor, an officer of region A, an officer
of region B, an Executive Board member and a staff member (DESIGN's security model).

The world is the demo (``seed_demo``): the real services build meetings, proposals, working
groups, elections and invoices, so the table below states who opens what on a realistic portal.
Region A is the demo officer's region (Västra Götaland); region B another full member. A URL the
table lacks fails the test, so a new page states its access here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from elections.models import Candidacy, Election, Position, Round
from fees.models import CreditNote, Invoice
from governance.models import CalendarFeed, Meeting, MeetingDocument
from members.models import (
    Member,
    Membership,
    MembershipApplication,
    Person,
    PortalAccess,
    User,
)
from tests.world import ROLES, people
from tests.world import World as SharedWorld
from working_groups.models import WorkingGroup, WorkingGroupProposal

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@dataclass
class World(SharedWorld):
    objects: dict[str, Any]


def _world() -> World:
    call_command("seed_demo", stdout=io.StringIO())
    officer_a = User.objects.get(email="officer@demo.aer.eu")
    region_a = PortalAccess.objects.get(user=officer_a).member
    current_full = Membership.objects.filter(
        ended_on__isnull=True, category=MemberCategory.FULL
    ).exclude(member=region_a)
    region_b = Member.objects.filter(pk__in=current_full.values("member_id")).order_by("pk")[0]
    users = people(
        region_a,
        region_b,
        officer_a=officer_a,
        board=User.objects.get(email="board@demo.aer.eu"),
        staff=User.objects.get(email="staff@demo.aer.eu"),
    )
    general_assembly = Meeting.objects.filter(body__kind=BodyKind.GENERAL_ASSEMBLY).first()
    invoice_a = Invoice.objects.filter(member=region_a).order_by("pk").first()
    election = Election.objects.order_by("pk").first()
    objects = {
        "person_a": Person.objects.filter(member=region_a).order_by("pk").first(),
        "ga": general_assembly,
        "document": MeetingDocument.objects.order_by("pk").first(),
        "invoice_a": invoice_a,
        "credit_note": CreditNote.objects.order_by("pk").first(),
        "proposal": WorkingGroupProposal.objects.order_by("pk").first(),
        "group": WorkingGroup.objects.order_by("pk").first(),
        "election": election,
        "candidacy": Candidacy.objects.order_by("pk").first(),
        "position": Position.objects.order_by("pk").first(),
        "round": Round.objects.order_by("pk").first(),
        "feed": CalendarFeed.objects.order_by("pk").first(),
        "application_on_vote": MembershipApplication.objects.filter(online_vote__isnull=False)
        .order_by("pk")
        .first(),
    }
    # The rows the table is about must exist, or its 404s would say nothing. The demo has no
    # meeting document, credit note or calendar feed: those rows state what an unknown one gives.
    required = (
        "person_a",
        "ga",
        "invoice_a",
        "proposal",
        "group",
        "election",
        "candidacy",
        "application_on_vote",
    )
    assert all(objects[key] is not None for key in (*required, "position", "round"))
    return World(region_a, region_b, users, objects)


def _pk(key: str) -> Callable[[World], object]:
    return lambda w: w.objects[key].pk if w.objects[key] is not None else 999_999


def _attr(key: str, attribute: str) -> Callable[[World], object]:
    return lambda w: getattr(w.objects[key], attribute) if w.objects[key] else "none"


def _region_a(w: World) -> object:
    return w.region_a.pk


#: URL name → its arguments (functions of the world) and the status each role gets, in ROLES'
#: order. 302 for anonymous is the login page; 405 an address that only takes POST (the fees
#: actions answer 405 before asking anyone to log in); 404 for another region's record, so its
#: existence does not leak.
TABLE: dict[str, tuple[tuple[Any, ...], tuple[int, int, int, int, int]]] = {
    "home": ((), (200, 200, 200, 200, 200)),
    "dashboard": ((), (302, 200, 200, 200, 200)),
    "healthz": ((), (200, 200, 200, 200, 200)),
    "scheduled_work": ((), (302, 403, 403, 403, 200)),
    "scheduled_work_run": (("reminders-scan",), (302, 405, 405, 405, 405)),
    "rules": ((), (200, 200, 200, 200, 200)),
    "members:directory": ((), (200, 200, 200, 200, 200)),
    "members:my_region": ((), (302, 302, 302, 302, 302)),
    "members:record": ((_region_a,), (302, 200, 404, 404, 200)),
    "members:withdrawal": ((_region_a,), (302, 200, 404, 404, 200)),
    "members:contact_add": ((_region_a,), (302, 200, 404, 404, 200)),
    "members:contact_edit": ((_region_a, _pk("person_a")), (302, 200, 404, 404, 200)),
    "members:contact_access": ((_region_a, _pk("person_a")), (302, 200, 404, 404, 200)),
    "members:access_requests": ((), (302, 403, 403, 403, 200)),
    "members:access_request_decide": ((999_999,), (302, 405, 405, 405, 405)),
    "governance:body_list": ((), (200, 200, 200, 200, 200)),
    "governance:body_detail": (("executive-board",), (200, 200, 200, 200, 200)),
    "governance:meeting_list": ((), (302, 200, 200, 200, 200)),
    "governance:meeting_detail": ((_pk("ga"),), (302, 200, 200, 200, 200)),
    "governance:meeting_attendance": ((_pk("ga"),), (302, 200, 200, 200, 200)),
    "governance:meeting_manage": ((_pk("ga"),), (302, 405, 405, 405, 405)),
    "governance:meeting_vote": ((_pk("ga"),), (302, 405, 405, 405, 405)),
    "governance:proposal_new": ((_pk("ga"),), (302, 200, 200, 200, 403)),
    "governance:meeting_agenda_pdf": ((_pk("ga"),), (302, 200, 200, 200, 200)),
    "governance:meeting_minutes_pdf": ((_pk("ga"),), (302, 404, 404, 404, 200)),
    "governance:document_download": ((_pk("document"),), (302, 404, 404, 404, 404)),
    "governance:mailing_progress": ((999_999,), (302, 403, 403, 403, 200)),
    "governance:calendar_settings": ((), (302, 200, 200, 200, 200)),
    "governance:calendar_feed": (("not-a-token",), (404, 404, 404, 404, 404)),
    "fees:invoices": ((), (302, 200, 200, 200, 200)),
    "fees:invoice": ((_attr("invoice_a", "number"),), (302, 200, 404, 404, 200)),
    "fees:invoice_pdf": ((_attr("invoice_a", "number"),), (302, 200, 404, 404, 200)),
    "fees:invoice_ubl": ((_attr("invoice_a", "number"),), (302, 200, 404, 404, 200)),
    "fees:credit_note_new": ((_attr("invoice_a", "number"),), (302, 403, 403, 403, 200)),
    "fees:credit_note_pdf": ((_attr("credit_note", "number"),), (302, 404, 404, 404, 404)),
    "fees:calls": ((), (302, 403, 403, 403, 200)),
    "fees:call": ((2026,), (302, 403, 403, 403, 200)),
    "fees:call_issue": ((2026,), (302, 403, 403, 403, 200)),
    "fees:call_progress": ((2026,), (302, 403, 403, 403, 200)),
    "fees:decision": ((2027,), (302, 403, 403, 403, 200)),
    "fees:participation_new": ((2026,), (302, 403, 403, 403, 200)),
    "fees:first_year_issue": ((2026, _region_a), (405, 405, 405, 405, 405)),
    "fees:admit": ((), (302, 403, 403, 403, 200)),
    "fees:payments": ((), (302, 403, 403, 403, 200)),
    "fees:statements": ((), (302, 403, 403, 403, 200)),
    "fees:statement": ((999_999,), (302, 403, 403, 403, 404)),
    "fees:line_resolve": ((999_999,), (405, 405, 405, 405, 405)),
    "fees:line_split": ((999_999,), (405, 405, 405, 405, 405)),
    "fees:exemptions": ((), (302, 403, 403, 403, 200)),
    "fees:reduction_decide": ((999_999,), (405, 405, 405, 405, 405)),
    "fees:budget_current": ((), (302, 403, 403, 403, 302)),
    "fees:budget": ((2026,), (302, 403, 403, 403, 200)),
    "fees:export": (("invoices", "csv"), (302, 403, 403, 403, 200)),
    "applications:apply": ((), (200, 200, 200, 200, 200)),
    "applications:status": (("not-a-token",), (404, 404, 404, 404, 404)),
    "applications:list": ((), (302, 403, 403, 403, 200)),
    "applications:detail": ((999_999,), (302, 403, 403, 403, 404)),
    "applications:letter": ((999_999,), (302, 403, 403, 403, 404)),
    "applications:board_list": ((), (302, 403, 403, 200, 200)),
    "applications:board_detail": ((_pk("application_on_vote"),), (302, 403, 403, 200, 200)),
    "applications:board_letter": ((_pk("application_on_vote"),), (302, 403, 403, 200, 200)),
    "working_groups:list": ((), (200, 200, 200, 200, 200)),
    "working_groups:review_queue": ((), (302, 403, 403, 200, 200)),
    "working_groups:proposals": ((), (302, 200, 200, 200, 200)),
    "working_groups:proposal_new": ((), (302, 200, 200, 403, 403)),
    "working_groups:proposal": ((_pk("proposal"),), (302, 200, 404, 404, 200)),
    "working_groups:proposal_edit": ((_pk("proposal"),), (302, 200, 404, 404, 403)),
    "working_groups:proposal_invite": ((_pk("proposal"),), (302, 405, 405, 405, 405)),
    "working_groups:proposal_suggest": ((_pk("proposal"),), (302, 405, 405, 405, 405)),
    "working_groups:proposal_answer": ((_pk("proposal"),), (302, 405, 405, 405, 405)),
    "working_groups:proposal_submit": ((_pk("proposal"),), (302, 405, 405, 405, 405)),
    "working_groups:proposal_comment": ((_pk("proposal"),), (302, 405, 405, 405, 405)),
    "working_groups:proposal_vote": ((_pk("proposal"),), (302, 405, 405, 405, 405)),
    "working_groups:proposal_decide": ((_pk("proposal"),), (302, 403, 404, 404, 403)),
    "working_groups:group": ((_attr("group", "slug"),), (200, 200, 200, 200, 200)),
    "working_groups:group_join": ((_attr("group", "slug"),), (302, 405, 405, 405, 405)),
    "working_groups:group_leave": ((_attr("group", "slug"),), (302, 405, 405, 405, 405)),
    "working_groups:group_chair": ((_attr("group", "slug"),), (302, 403, 403, 403, 200)),
    "working_groups:group_seconded_officer": ((_attr("group", "slug"),), (302, 403, 403, 403, 200)),
    "working_groups:group_meeting_add": ((_attr("group", "slug"),), (302, 403, 403, 403, 200)),
    "working_groups:group_activity_add": ((_attr("group", "slug"),), (302, 403, 403, 403, 200)),
    "working_groups:group_dissolve": ((_attr("group", "slug"),), (302, 403, 403, 403, 200)),
    "elections:list": ((), (200, 200, 200, 200, 200)),
    "elections:receipt_check": ((), (200, 200, 200, 200, 200)),
    "elections:secrecy": ((), (200, 200, 200, 200, 200)),
    "elections:detail": ((_pk("election"),), (200, 200, 200, 200, 200)),
    "elections:results": ((_pk("election"),), (200, 200, 200, 200, 200)),
    "elections:candidacy_list": ((_pk("election"),), (302, 200, 200, 200, 200)),
    "elections:candidacy_new": ((_pk("election"),), (302, 200, 200, 403, 200)),
    "elections:portfolio": ((_pk("election"),), (302, 404, 404, 404, 404)),
    "elections:desk": ((_pk("election"),), (302, 403, 403, 403, 200)),
    "elections:talliers": ((_pk("election"),), (302, 405, 405, 405, 405)),
    "elections:portfolio_progress": ((_pk("election"),), (302, 403, 403, 403, 200)),
    "elections:announce": ((_pk("election"),), (302, 405, 405, 405, 405)),
    "elections:portfolio_send": ((_pk("election"),), (302, 405, 405, 405, 405)),
    "elections:results_publish": ((_pk("election"),), (302, 405, 405, 405, 405)),
    "elections:candidacy_withdraw": ((_pk("candidacy"),), (302, 405, 405, 405, 405)),
    "elections:candidacy_review": ((_pk("candidacy"),), (302, 405, 405, 405, 405)),
    "elections:candidacy_file": ((_pk("candidacy"), "letter"), (302, 403, 403, 403, 200)),
    "elections:round_open": ((_pk("position"),), (302, 405, 405, 405, 405)),
    "elections:bureau_ratify": ((_pk("position"),), (302, 405, 405, 405, 405)),
    "elections:round_counts": ((_pk("round"),), (302, 405, 405, 405, 405)),
    "elections:round_close": ((_pk("round"),), (302, 405, 405, 405, 405)),
    "elections:round_tie": ((_pk("round"),), (302, 405, 405, 405, 405)),
    "elections:vote": ((_pk("round"),), (302, 403, 403, 403, 403)),
    "elections:turnout": ((_pk("round"),), (302, 403, 403, 200, 200)),
    # Open data: the same public answer for everyone; a draft election is not found.
    "api_schema": ((), (200, 200, 200, 200, 200)),
    "api_docs": ((), (200, 200, 200, 200, 200)),
    "members_api:members": ((), (200, 200, 200, 200, 200)),
    "governance_api:bodies": ((), (200, 200, 200, 200, 200)),
    "governance_api:body": (("executive-board",), (200, 200, 200, 200, 200)),
    "working_groups_api:groups": ((), (200, 200, 200, 200, 200)),
    "elections_api:elections": ((), (200, 200, 200, 200, 200)),
    "elections_api:election": ((_pk("election"),), (200, 200, 200, 200, 200)),
    "elections_api:meetings": ((), (200, 200, 200, 200, 200)),
    "working_groups_feeds:groups": ((), (200, 200, 200, 200, 200)),
    "elections_feeds:candidacies": ((), (200, 200, 200, 200, 200)),
    "elections_feeds:results": ((), (200, 200, 200, 200, 200)),
    "elections_feeds:calendar": ((), (200, 200, 200, 200, 200)),
    "members_embed:directory": ((), (200, 200, 200, 200, 200)),
    "governance_embed:body": (("executive-board",), (200, 200, 200, 200, 200)),
    "working_groups_embed:list": ((), (200, 200, 200, 200, 200)),
}

EXCLUDED_PREFIXES = ("admin/", "accounts/", "i18n/")


def _url_names() -> set[str]:
    def walk(patterns: list[Any], namespace: str | None) -> set[str]:
        names: set[str] = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern) in EXCLUDED_PREFIXES:
                    continue
                names |= walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
        return names

    return walk(get_resolver().url_patterns, None)


def test_every_url_is_in_the_table() -> None:
    assert _url_names() == set(TABLE)


def test_every_role_gets_the_stated_status_on_every_url() -> None:
    world = _world()
    clients = {role: world.client(role) for role in ROLES}
    observed: dict[str, tuple[int, ...]] = {}
    for name, (args, _expected) in sorted(TABLE.items()):
        url = reverse(name, args=[arg(world) if callable(arg) else arg for arg in args])
        observed[name] = tuple(clients[role].get(url).status_code for role in ROLES)
    wrong = {
        name: (TABLE[name][1], observed[name]) for name in TABLE if observed[name] != TABLE[name][1]
    }
    table = "\n".join(
        f"{name}: stated {stated}, got {got}" for name, (stated, got) in wrong.items()
    )
    assert not wrong, f"\n{table}"
