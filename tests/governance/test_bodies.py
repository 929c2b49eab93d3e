"""Bodies, seats and mandates: the services, the body page and its warnings."""

from __future__ import annotations

from datetime import date

import pytest

from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Seat
from governance.selectors.bodies import mandate_warnings
from governance.selectors.composition import body_page
from governance.services.bodies import body_create, mandate_record, seat_for
from tests.factories import (
    BodyFactory,
    CountryFactory,
    MandateFactory,
    MemberFactory,
    MembershipFactory,
    PersonFactory,
    SeatFactory,
)
from tests.members.factories import RegionalMandateFactory

pytestmark = pytest.mark.django_db

ON = date(2026, 5, 4)


def _holder(member=None, *, gender: str = "female", mandate: bool = True, **person):  # type: ignore[no-untyped-def]
    person = PersonFactory(member=member or MemberFactory(), gender=gender, **person)
    if mandate:
        RegionalMandateFactory(person=person, starts_on=date(2020, 1, 1), ends_on=None)
    return person


def _sit(
    body,
    role: str,
    person,
    *,
    portfolio: str = "",
    country=None,
    term: int = 1,
    ends_on=date(2027, 12, 31),
):  # type: ignore[no-untyped-def]
    seat = seat_for(
        body=body, role=role, portfolio=portfolio, country_id=country.pk if country else None
    )
    return mandate_record(
        person=person,
        seat=seat,
        starts_on=date(2026, 1, 1),
        ends_on=ends_on,
        actor=None,
        consecutive_term=term,
    )


def test_body_create_and_seat_for() -> None:
    body = body_create(kind=BodyKind.TASK_FORCE, name=" Task Force on Ukraine ", actor=None)
    assert (body.name, body.slug) == ("Task Force on Ukraine", "task-force-on-ukraine")
    with pytest.raises(DomainError, match=r"^Name: Body with this Name already exists") as taken:
        body_create(kind=BodyKind.TASK_FORCE, name="Task Force on Ukraine", actor=None, slug="x")
    assert taken.value.field == "name"
    seat = seat_for(body=body, role=Seat.Role.CHAIR)
    assert seat_for(body=body, role=Seat.Role.CHAIR) == seat
    assert str(seat) == "Task Force on Ukraine: Chair"


def test_mandate_record_takes_the_person_member_and_refuses_a_backwards_term() -> None:
    person = _holder()
    seat = SeatFactory()
    mandate = mandate_record(
        person=person, seat=seat, starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31), actor=None
    )
    assert mandate.member == person.member
    with pytest.raises(DomainError, match=r"^A term ends after the day it starts") as backwards:
        mandate_record(
            person=person,
            seat=seat,
            starts_on=date(2026, 1, 1),
            ends_on=date(2025, 1, 1),
            actor=None,
        )
    assert backwards.value.field == "ends_on"


def test_the_executive_board_page() -> None:
    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    sweden, romania = (
        CountryFactory(code="SE", name_en="Sweden"),
        CountryFactory(code="RO", name_en="Romania"),
    )
    vg = MemberFactory(name="Västra Götaland Region", country=sweden)
    alba = MemberFactory(name="Alba County", country=romania)
    president = _sit(
        board,
        Seat.Role.PRESIDENT,
        _holder(vg, first_name="Magnus", last_name="Berg", gender="male"),
        term=4,
    )
    _sit(
        board,
        Seat.Role.VICE_PRESIDENT,
        _holder(alba, first_name="Ioana", last_name="Popescu"),
        portfolio="Youth",
        term=5,
        ends_on=date(2026, 9, 30),
    )
    lost = _holder(vg, first_name="Sofie", last_name="Nielsen", mandate=False)
    RegionalMandateFactory(person=lost, starts_on=date(2018, 1, 1), lost_on=date(2026, 2, 1))
    _sit(board, Seat.Role.VICE_PRESIDENT, lost, portfolio="Culture")
    _sit(
        board,
        Seat.Role.VICE_PRESIDENT,
        _holder(vg, mandate=False, first_name="Lars", last_name="Holm", gender=""),
        portfolio="Health",
    )
    seat_for(body=board, role=Seat.Role.TREASURER)  # vacant
    MandateFactory(
        seat=seat_for(body=board, role=Seat.Role.VICE_PRESIDENT, portfolio="Old"),
        starts_on=date(2020, 1, 1),
        ends_on=date(2021, 12, 31),
    )

    page = body_page(body=board, on=ON)

    assert [str(m.person) for m in page.mandates] == [
        "Magnus Berg",  # President first, then Vice-Presidents by portfolio
        "Sofie Nielsen",
        "Lars Holm",
        "Ioana Popescu",
    ]
    assert [str(s) for s in page.vacancies] == [
        "Executive Board: Treasurer",
        "Executive Board: Vice-President (Old)",
    ]
    assert [str(m.person) for m in page.ending_soon] == ["Ioana Popescu"]  # within six months
    assert president.pk in page.final_terms
    assert [(s.label, s.count, s.percent) for s in page.by_country] == [
        ("Sweden", 3, 75),
        ("Romania", 1, 25),
    ]
    assert [(s.label, s.count) for s in page.by_gender] == [
        ("Female", 2),
        ("Male", 1),
        ("Not recorded", 1),
    ]
    warnings = [str(w) for w in page.warnings]
    assert "The Executive Board needs 1 Treasurer(s); it has 0." in warnings
    assert "The Executive Board needs 7 to 12 Vice-Presidents; it has 3." in warnings
    assert (
        "Ioana Popescu serves a term in a row numbered 5 in the Executive Board; at most 4 "
        "consecutive terms are allowed."
    ) in warnings
    assert (
        "Sofie Nielsen lost the regional political mandate on 1 February 2026; the Executive Board "
        "assigns a substitute by 1 August 2026."
    ) in warnings
    assert any(w.startswith("Lars Holm holds no regional political mandate") for w in warnings)
    assert not any("Magnus" in w for w in warnings)  # fourth term: allowed, only flagged


def test_the_monitoring_group_warns_about_members_in_other_structures() -> None:
    meg = BodyFactory(kind=BodyKind.MONITORING_AND_EVALUATION_GROUP)
    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    both = _holder(first_name="Elif", last_name="Yılmaz")
    _sit(meg, Seat.Role.MEMBER, both)
    _sit(board, Seat.Role.VICE_PRESIDENT, both, portfolio="Youth")
    warnings = [str(w) for w in body_page(body=meg, on=ON).warnings]
    assert "The Monitoring and Evaluation Group needs 3 members; it has 1." in warnings
    assert any(w.startswith("Elif Yılmaz also sits in the Executive Board") for w in warnings)


def test_the_bureau_counts_two_representatives_per_state() -> None:
    bureau = BodyFactory(kind=BodyKind.BUREAU)
    sweden, georgia = (
        CountryFactory(code="SE", name_en="Sweden"),
        CountryFactory(code="GE", name_en="Georgia"),
    )
    for country in (sweden, georgia):
        MembershipFactory(member=MemberFactory(country=country), board_decision=date(2015, 1, 1))
    for index in range(2):
        _sit(
            bureau,
            Seat.Role.COUNTRY_REPRESENTATIVE,
            _holder(MemberFactory(country=sweden)),
            country=sweden,
            portfolio=str(index),
        )
    _sit(bureau, Seat.Role.SUBSTITUTE, _holder(MemberFactory(country=georgia)), country=georgia)
    warnings = [str(w) for w in body_page(body=bureau, on=ON).warnings]
    assert warnings == [
        "The Bureau has 0 representative(s) of Georgia; each State represented in AER has 2."
    ]


def test_a_state_whose_member_left_and_comes_back_later_is_not_represented_today() -> None:
    """A past period and a future one of the same member do not make a current one."""
    bureau = BodyFactory(kind=BodyKind.BUREAU)
    georgia = CountryFactory(code="GE", name_en="Georgia")
    adjara = MemberFactory(country=georgia)
    MembershipFactory(member=adjara, board_decision=date(2015, 1, 1), ended_on=date(2020, 12, 31))
    MembershipFactory(member=adjara, board_decision=date(2027, 1, 1))
    assert [str(w) for w in body_page(body=bureau, on=ON).warnings] == []


def test_the_election_committee_size_and_a_working_group_without_rules() -> None:
    committee = BodyFactory(kind=BodyKind.ELECTION_COMMITTEE)
    _sit(committee, Seat.Role.MEMBER, _holder())
    assert [str(w) for w in body_page(body=committee, on=ON).warnings] == [
        "The Election Committee needs 3 to 5 members; it has 1."
    ]
    group = BodyFactory(kind=BodyKind.WORKING_GROUP, name="Culture WG", slug="culture")
    _sit(group, Seat.Role.CHAIR, _holder(), term=9)
    _sit(group, Seat.Role.SECONDED_OFFICER, _holder(mandate=False))  # officers need no mandate
    assert body_page(body=group, on=ON).warnings == ()


def test_mandate_warnings_after_saving() -> None:
    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    mandate = _sit(
        board, Seat.Role.PRESIDENT, _holder(first_name="Nino", last_name="Beridze"), term=5
    )
    warnings = [f"{w} ({w.article})" for w in mandate_warnings(mandate=mandate, on=ON)]
    assert warnings[0] == (
        "Nino Beridze serves a term in a row numbered 5 in the Executive Board; at most 4 "
        "consecutive terms are allowed. (Procedures art. 15 A–D)"
    )
    assert any("Treasurer" in w for w in warnings)


def test_a_mandate_runs_from_its_first_to_its_last_day_in_sql_and_in_python() -> None:
    from governance.models import Mandate
    from governance.selectors.bodies import current_mandates_q

    closed = MandateFactory(starts_on=date(2024, 1, 1), ends_on=date(2025, 12, 31))
    open_ended = MandateFactory(starts_on=date(2024, 1, 1), ends_on=None)
    for mandate, day, runs in (
        (closed, date(2023, 12, 31), False),
        (closed, date(2024, 1, 1), True),
        (closed, date(2025, 12, 31), True),
        (closed, date(2026, 1, 1), False),
        (open_ended, date(2099, 12, 31), True),
    ):
        in_sql = Mandate.objects.filter(current_mandates_q(day), pk=mandate.pk).exists()
        assert (in_sql, mandate.runs_on(day)) == (runs, runs), (mandate, day)


def test_a_country_whose_region_left_and_is_admitted_later_is_not_represented_today() -> None:
    # Its old period began before the day and its next period is open-ended, but neither runs
    # on the day: the Bureau owes it no representatives (the decision and the end were once
    # matched on different periods).
    bureau = BodyFactory(kind=BodyKind.BUREAU)
    portugal = CountryFactory(code="PT", name_en="Portugal")
    region = MemberFactory(country=portugal)
    MembershipFactory(
        member=region, board_decision=date(2010, 1, 1), ended_on=date(ON.year - 2, 12, 31)
    )
    MembershipFactory(member=region, board_decision=date(ON.year + 1, 1, 1))
    assert [str(w) for w in body_page(body=bureau, on=ON).warnings] == []
    MembershipFactory(member=MemberFactory(country=portugal), board_decision=date(2015, 1, 1))
    assert [str(w) for w in body_page(body=bureau, on=ON).warnings] == [
        "The Bureau has 0 representative(s) of Portugal; each State represented in AER has 2."
    ]


def test_the_first_rows_of_a_large_body_are_the_first_of_the_whole_page() -> None:
    """The General Assembly's page orders, cuts and counts its delegates in the database:
    its first rows, warnings and counts are those of the whole page, each person named once."""
    assembly = BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY)
    for index, last_name in enumerate(["Weber", "Abel", "Kovacs", "Moreau", "Dunn", "Berg"]):
        person = _holder(last_name=last_name, mandate=index % 3 == 0)
        _sit(assembly, Seat.Role.MEMBER, person)
        if index == 1:  # two seats, one warning
            _sit(assembly, Seat.Role.SUBSTITUTE, person)
        if index == 2:  # lost it twice: the later day is named
            for lost_on in (date(2025, 3, 1), date(2026, 2, 1)):
                RegionalMandateFactory(person=person, starts_on=date(2020, 1, 1), lost_on=lost_on)

    whole = body_page(body=assembly, on=ON)
    first = body_page(body=assembly, on=ON, limit=3)

    assert first.mandates == whole.mandates[:3]
    assert first.mandate_count == len(whole.mandates) == 7
    assert first.warnings == whole.warnings[:3]
    assert first.warning_count == len(whole.warnings) == 4
    assert (first.by_country, first.by_gender) == (whole.by_country, whole.by_gender)
    assert [s.count for s in first.by_gender] == [6]  # Abel counted once
    lost = (
        " Kovacs lost the regional political mandate on 1 February 2026; the Executive Board "
        "assigns a substitute by 1 August 2026."
    )
    assert sum(str(w).endswith(lost) for w in whole.warnings) == 1


def test_the_open_list_of_a_body_reads_no_regional_mandates() -> None:
    """The open-data answer and the embedded list show no warning: reading every delegate's
    regional mandates for them was a third of their time at five times AER's size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from governance.selectors.bodies import current_mandates_of

    assembly = BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY)
    _sit(assembly, Seat.Role.MEMBER, _holder())
    with CaptureQueriesContext(connection) as queries:
        (mandate,) = current_mandates_of(body=assembly, on=ON)
    assert not any("regionalmandate" in q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        (mandate,) = current_mandates_of(body=assembly, on=ON, for_warnings=True)
        assert (mandate.holds_regional, mandate.last_lost_on) == (True, None)
    assert len(queries.captured_queries) == 1  # asked with the mandates, in the same query
