"""Read-only queries about meetings: which comes next, who may see them, and the Executive
Board meeting before a General Assembly, from which its proposal deadline follows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import DateTimeField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from aer_portal.prepared import Late, prepared_objects, prepared_rows
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.meetings import ga_proposal_deadline
from governance.models import Body, Mandate, Meeting
from governance.selectors.bodies import current_mandates_q
from governance.selectors.roles import PortalRoles
from members.models import User


def _group_regions_q(on: date, prefix: str = "") -> Q:
    """Member regions taking part, on ``on``, in the working group that is the body.

    AER Working Groups page: the groups "are open to all members"; the lead, the supporting
    regions and those that joined are its members (Procedures art. 11.4 sends them its
    invitations). The app order keeps ``working_groups`` above ``governance``, so the group's
    memberships are reached through the ORM relation names (``Body.working_group``), not an
    import.
    """
    p = f"{prefix}working_group__memberships__"
    return Q(**{f"{p}joined_on__lte": on}) & (
        Q(**{f"{p}left_on__isnull": True}) | Q(**{f"{p}left_on__gt": on})
    )


def next_meeting_of(*, kind: BodyKind, after: datetime) -> Meeting | None:
    """The next meeting (not cancelled) of a body of this kind after the given moment."""
    return (
        Meeting.objects.filter(body__kind=kind, starts_at__gt=after)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("starts_at")
        .first()
    )


# --- Who may see a meeting ----------------------------------------------------------------


def _sits_q(*, person_id: int | None, member_ids: tuple[int, ...]) -> Q | None:
    """Mandates held by the person or on behalf of a member the account acts for."""
    who = Q(member_id__in=member_ids) if member_ids else None
    if person_id is not None:
        who = Q(person_id=person_id) if who is None else who | Q(person_id=person_id)
    return who


class _Rights(NamedTuple):
    """What an account's rights to see meetings come to, as plain values: a prepared query's
    arguments (aer_portal.prepared)."""

    staff: bool
    authenticated: bool
    person_id: int | None
    member_ids: tuple[int, ...]
    every_assembly: bool

    @classmethod
    def of(cls, user: User, roles: PortalRoles) -> _Rights:
        return cls(
            roles.is_staff,
            user.is_authenticated,
            user.person_id if user.is_authenticated else None,
            tuple(access.member_id for access in roles.accesses),
            roles.is_member_user or roles.is_board_member,
        )


def meetings_visible_to(
    *, user: User, roles: PortalRoles, on: date, one: bool = False
) -> QuerySet[Meeting]:
    """The meetings an account may see, with their body.

    The secretariat sees every meeting. Anyone else sees the meetings of the bodies in which
    they, or a member they act for, hold a mandate running on ``on``; the Bureau's meetings
    also when they sit on the Executive Board (its members sit in the Bureau, Procedures
    art. 15 B); and every General Assembly when they act for a member or sit on the Board
    (every member is concerned, and may send proposals, art. 4.2).

    ``one`` when a single meeting is asked for (by its number): its body is then looked up
    for that meeting alone rather than every body the account sits in worked out first.
    """
    return _visible_meetings(on, one, _Rights.of(user, roles))


def _visible_meetings(on: date, one: bool, rights: _Rights) -> QuerySet[Meeting]:
    """:func:`meetings_visible_to` from plain values (see aer_portal.prepared)."""
    staff, authenticated, person_id, member_ids, every_assembly = rights
    meetings = Meeting.objects.select_related("body")
    if staff:
        return meetings
    if not authenticated:
        return meetings.none()
    who = _sits_q(person_id=person_id, member_ids=member_ids)
    if who is None:
        return meetings.none()
    # For a list, the bodies are picked by subqueries that do not look at the meeting (worked
    # out once), not by an EXISTS for each meeting: that grew with every meeting ever held (a
    # scan of 700 meetings at five times AER's size for a page of the next five). For one
    # meeting, an EXISTS for that meeting is cheaper than working out every body.
    current = Mandate.objects.filter(current_mandates_q(on)).filter(who)
    sits = (
        Q(Exists(current.filter(seat__body=OuterRef("body"))))
        if one
        else Q(body_id__in=current.values("seat__body_id"))
    )
    visible = sits | Q(
        Q(body__kind=BodyKind.BUREAU)
        & Q(Exists(current.filter(seat__body__kind=BodyKind.EXECUTIVE_BOARD)))
    )
    if every_assembly:
        visible |= Q(body__kind=BodyKind.GENERAL_ASSEMBLY)
    if member_ids:
        groups = Body.objects.filter(
            _group_regions_q(on),
            kind=BodyKind.WORKING_GROUP,
            working_group__memberships__region_id__in=member_ids,
        )
        visible |= (
            Q(Exists(groups.filter(pk=OuterRef("body_id"))))
            if one
            else Q(body_id__in=groups.values("pk"))
        )
    return meetings.filter(visible)


_MEETING_FIELDS = tuple(field.attname for field in Meeting._meta.concrete_fields)
_BODY_FIELDS = tuple(field.attname for field in Body._meta.concrete_fields)


def _visible_meeting_row(pk: int, on: date, rights: _Rights) -> QuerySet[Meeting, tuple[Any, ...]]:
    visible = _visible_meetings(on, True, rights)
    return visible.filter(pk=pk).values_list(
        *_MEETING_FIELDS, *(f"body__{name}" for name in _BODY_FIELDS)
    )[:1]


def meeting_visible_to(*, user: User, roles: PortalRoles, pk: int, on: date) -> Meeting | None:
    """One meeting, if the account may see it (see :func:`meetings_visible_to`).

    Its query is compiled once per account's rights and day (aer_portal.prepared):
    building the visibility's subqueries was a third of a meeting's page.
    """
    rows = prepared_rows(_visible_meeting_row, pk, on, _Rights.of(user, roles))
    if not rows:
        return None
    values = rows[0]
    meeting = Meeting.from_db("default", _MEETING_FIELDS, values[: len(_MEETING_FIELDS)])
    meeting.body = Body.from_db("default", _BODY_FIELDS, values[len(_MEETING_FIELDS) :])
    return meeting


def _upcoming(on: date, rights: _Rights, limit: int) -> QuerySet[Meeting]:
    visible = _visible_meetings(on, False, rights)
    return (
        visible.filter(starts_at__gte=Late("now", DateTimeField()))
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")[:limit]
    )


def upcoming_meetings(
    *, user: User, roles: PortalRoles, now: datetime, limit: int = 5
) -> list[Meeting]:
    """The next meetings the account may see, soonest first, cancelled ones left out.

    Compiled once per account's rights and day (aer_portal.prepared), the moment
    given at each call: building the visibility's subqueries was a quarter of the dashboard.
    """
    return prepared_objects(
        _upcoming,
        now.date(),
        _Rights.of(user, roles),
        limit,
        related=("body",),
        bind={"now": now},
    )


def _listed(
    on: date, rights: _Rights, ahead: bool, limit: int | None, columns: tuple[str, ...]
) -> QuerySet[Meeting, tuple[Any, ...]]:
    visible = _visible_meetings(on, False, rights)
    now = Late("now", DateTimeField())
    listed = (
        visible.filter(starts_at__gte=now).order_by("starts_at")
        if ahead
        else visible.filter(starts_at__lt=now).order_by("-starts_at")
    ).values_list(*columns)
    return listed if limit is None else listed[:limit]


def listed_meetings(
    *,
    user: User,
    roles: PortalRoles,
    on: date,
    now: datetime,
    ahead: bool,
    limit: int | None,
    columns: tuple[str, ...],
) -> list[tuple[Any, ...]]:
    """The ``columns`` of the meetings the account may see (:func:`meetings_visible_to` on
    ``on``): from ``now`` on, soonest first (``ahead``), or those begun before, latest first;
    the first ``limit`` (``None``: all).

    Compiled once per account's rights and day (aer_portal.prepared), the moment given at
    each call: building the visibility's subqueries twice was a third of the meetings list.
    """
    return prepared_rows(
        _listed, on, _Rights.of(user, roles), ahead, limit, columns, bind={"now": now}
    )


# --- The Board meeting before a General Assembly ------------------------------------------


def board_meeting_before(*, general_assembly: Meeting) -> Meeting | None:
    """The Executive Board meeting that precedes a General Assembly (Procedures art. 4.2)."""
    return (
        Meeting.objects.filter(
            body__kind=BodyKind.EXECUTIVE_BOARD, starts_at__lt=general_assembly.starts_at
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .first()
    )


def proposal_deadline_of(*, general_assembly: Meeting) -> date | None:
    """The last day to submit proposals to a General Assembly (Procedures art. 4.2).

    ``None`` while no Executive Board meeting before it is planned: the deadline follows from
    that meeting, so it is not known yet.
    """
    board = board_meeting_before(general_assembly=general_assembly)
    return None if board is None else ga_proposal_deadline(board.day)


def proposal_deadlines(*, general_assemblies: Iterable[Meeting]) -> dict[int, date]:
    """The proposal deadline of each General Assembly given, in one query (art. 4.2)."""
    assemblies = sorted(general_assemblies, key=lambda m: m.starts_at)
    if not assemblies:
        return {}
    boards = list(
        Meeting.objects.filter(
            body__kind=BodyKind.EXECUTIVE_BOARD, starts_at__lt=assemblies[-1].starts_at
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .only("starts_at")
    )
    deadlines: dict[int, date] = {}
    for assembly in assemblies:
        before = [board for board in boards if board.starts_at < assembly.starts_at]
        if before:
            deadlines[assembly.pk] = ga_proposal_deadline(before[-1].day)
    return deadlines


def with_board_meeting_before(assemblies: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """General Assemblies, each with ``board_before``: when the Executive Board meeting that
    precedes it starts (art. 4.2), or ``None``; in the same query, where
    :func:`proposal_deadlines` reads every Board meeting of the past ten years.

    The subquery is plain SQL on the assemblies' own table (not usable where that table is
    aliased, as in a subquery): as a Subquery expression, compiling it took the ORM longer
    than the rest of the dashboard's query (issue 16).
    """
    qn = connection.ops.quote_name
    meetings, bodies = qn(Meeting._meta.db_table), qn(Body._meta.db_table)
    # Names from the models, the kind and status parameters: nothing to inject.
    sql = (
        f"SELECT board.starts_at FROM {meetings} board"  # noqa: S608
        f" INNER JOIN {bodies} body ON board.body_id = body.id"
        f" WHERE body.kind = %s AND board.starts_at < {meetings}.starts_at"
        " AND NOT (board.status = %s) ORDER BY board.starts_at DESC LIMIT 1"
    )
    params = (BodyKind.EXECUTIVE_BOARD.value, Meeting.Status.CANCELLED.value)
    board_before = RawSQL(sql, params, output_field=DateTimeField())  # noqa: S611
    return assemblies.annotate(board_before=board_before)
