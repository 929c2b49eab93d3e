"""Builders for election tests: a General Assembly, full members with delegates, uploads."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from elections.models import Candidacy, Election, Position
from elections.services.candidacies import candidacy_review, candidacy_submit
from governance.models import Meeting, Seat
from members.models import Member, Person, PortalAccess, RegionalMandate, User
from tests.factories import (
    BodyFactory,
    MandateFactory,
    MemberFactory,
    MembershipFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
#: The General Assembly of the tests: 15 October 2026. Members informed by 3 September,
#: candidacies due 17 September, portfolio by 1 October.
GA_DAY = date(2026, 10, 15)
BEFORE_DEADLINE = date(2026, 9, 1)
AFTER_DEADLINE = date(2026, 9, 20)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BRUSSELS)


def general_assembly(*, day: date = GA_DAY, online: bool = False) -> Meeting:
    body = BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY)
    return Meeting.objects.create(
        body=body,
        title=f"General Assembly {day.year}",
        starts_at=at(day, 9),
        place="" if online else "Strasbourg",
        online_url="https://meet.example.org/ga" if online else "",
    )


def election(
    *,
    day: date = GA_DAY,
    kinds: tuple[str, ...] = (Position.Kind.PRESIDENT,),
    online: bool = False,
    published: bool = True,
    talliers: bool = False,
) -> Election:
    result = Election.objects.create(
        meeting=general_assembly(day=day, online=online),
        title=f"Elections {day.year}",
        is_published=published,
        tallier_one="Ana Tallier" if talliers else "",
        tallier_two="Bo Tallier" if talliers else "",
    )
    for order, kind in enumerate(kinds):
        seats = {Position.Kind.VICE_PRESIDENT: 2, Position.Kind.MONITORING_GROUP: 3}.get(kind, 1)
        Position.objects.create(election=result, kind=kind, seats=seats, order=order)
    return result


def full_member(**kwargs: object) -> Member:
    member = MemberFactory(**kwargs)
    MembershipFactory(member=member, category=MemberCategory.FULL)
    return member


def delegate(member: Member, *, mandate: bool = True, **kwargs: object) -> Person:
    """A person of the member, with a regional political mandate unless told otherwise."""
    person = PersonFactory(member=member, **kwargs)
    if mandate:
        RegionalMandate.objects.create(
            person=person, kind="Member of the regional council", starts_on=date(2022, 1, 1)
        )
    return person


def officer(member: Member, *, person: Person | None = None, **kwargs: object) -> User:
    user = UserFactory(person=person, **kwargs)
    PortalAccess.objects.create(user=user, member=member, role=PortalAccess.Role.OFFICER)
    return user


def voter(member: Member | None = None, **kwargs: object) -> User:
    """An account acting as a delegate of a full member, holding a regional political mandate."""
    member = member or full_member()
    person = delegate(member)
    user = UserFactory(person=person, **kwargs)
    PortalAccess.objects.create(user=user, member=member, role=PortalAccess.Role.DELEGATE)
    return user


def committee_member() -> User:
    """An account whose person sits in the Election Committee."""
    seat = SeatFactory(body=BodyFactory(kind=BodyKind.ELECTION_COMMITTEE), role=Seat.Role.MEMBER)
    mandate = MandateFactory(seat=seat, starts_on=date(2024, 1, 1), ends_on=date(2099, 12, 31))
    return UserFactory(person=mandate.person)


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_upload(name: str = "letter.pdf", pages: int = 1) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


def docx_upload(name: str = "cv.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def executable_upload(name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)


def nominate(
    election: Election,
    *,
    kind: str = Position.Kind.PRESIDENT,
    member: Member | None = None,
    person: Person | None = None,
    today: date = BEFORE_DEADLINE,
    accept: bool = False,
    reviewer: User | None = None,
    **person_kwargs: object,
) -> Candidacy:
    """A candidacy submitted through the service (and accepted through it when asked)."""
    member = member or full_member()
    person = person or delegate(member, **person_kwargs)
    candidacy = candidacy_submit(
        election=election,
        position=election.positions.get(kind=kind),
        person=person,
        member=member,
        letter=pdf_upload("letter.pdf"),
        cv=pdf_upload("cv.pdf", pages=2),
        bureau_role=Candidacy.BureauRole.REPRESENTATIVE if kind == Position.Kind.BUREAU else "",
        actor=officer(member),
        today=today,
    )
    if accept:
        candidacy_review(
            candidacy=candidacy,
            actor=reviewer or UserFactory(is_staff=True),
            accept=True,
            reason="",
            today=today,
        )
        candidacy.refresh_from_db()
    return candidacy
