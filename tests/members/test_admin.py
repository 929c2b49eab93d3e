"""The secretariat's admin: lists, history, import and export, admission, GDPR actions."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from governance.models import Mandate
from members.models import ContactRole, Member, Membership, MemberStatistics, Person, User
from tests.factories import (
    BodyFactory,
    CountryFactory,
    MandateFactory,
    MemberFactory,
    MembershipFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
    with_totp,
)
from tests.members.factories import (
    ContactRoleFactory,
    MemberStatisticsFactory,
    RegionalMandateFactory,
    SuspensionFactory,
)

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # positions in PORTAL_FORMATS


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(with_totp(UserFactory(is_staff=True, is_superuser=True)))
    return client


@pytest.mark.parametrize(
    "model",
    [
        "user",
        "country",
        "member",
        "membership",
        "person",
        "contactrole",
        "portalaccess",
        "memberstatistics",
        "regionalmandate",
        "suspension",
    ],
)
def test_every_model_has_a_list_a_change_page_and_its_history(
    admin_client: Client, model: str
) -> None:
    person = PersonFactory(first_name="Olena", last_name="Коваленко")
    ContactRoleFactory(person=person)
    RegionalMandateFactory(person=person, lost_on=date(2026, 2, 1))
    MembershipFactory(member=person.member, category=MemberCategory.OBSERVER)
    MemberStatisticsFactory(member=person.member)
    SuspensionFactory(member=person.member)
    UserFactory(person=person)
    from members.models import PortalAccess

    PortalAccess.objects.create(user=UserFactory(), member=person.member)
    changelist = admin_client.get(reverse(f"admin:members_{model}_changelist"))
    assert changelist.status_code == 200
    obj = changelist.context["cl"].result_list[0]
    assert (
        admin_client.get(reverse(f"admin:members_{model}_change", args=[obj.pk])).status_code == 200
    )
    history = admin_client.get(reverse(f"admin:members_{model}_history", args=[obj.pk]))
    assert history.status_code == 200


def test_the_member_list_shows_the_derived_category_and_the_observer_last_day(
    admin_client: Client,
) -> None:
    member = MemberFactory(name="Imereti")
    MembershipFactory(
        member=member, category=MemberCategory.OBSERVER, board_decision=date(2026, 3, 15)
    )
    response = admin_client.get(
        reverse("admin:members_member_changelist"), {"category": "observer"}
    )
    content = response.content.decode()
    assert "Imereti" in content and "Observer" in content and "31 March 2027" in content
    change = admin_client.get(reverse("admin:members_member_change", args=[member.pk]))
    assert "2027-03-31" in change.content.decode()


# --- Admission ----------------------------------------------------------------------------


def test_admitting_through_the_admin_applies_article_2(admin_client: Client) -> None:
    member = MemberFactory()
    MembershipFactory(member=member, board_decision=date(2015, 1, 1), ended_on=date(2024, 12, 31))
    url = reverse("admin:members_membership_add")
    refused = admin_client.post(
        url, {"member": member.pk, "category": "observer", "board_decision": "2026-05-04"}
    )
    assert refused.status_code == 200
    content = refused.content.decode()
    assert "Observer status cannot be granted" in content and "art. 2.2" in content
    assert 'value="2026-05-04"' in content
    assert member.memberships.count() == 1
    admitted = admin_client.post(
        url, {"member": member.pk, "category": "full", "board_decision": "2026-05-04"}
    )
    assert admitted.status_code == 302
    assert member.memberships.get(ended_on__isnull=True).category == "full"


# --- Import -------------------------------------------------------------------------------


def _upload(client: Client, model: str, content: bytes, name: str, fmt: str) -> object:
    return client.post(
        reverse(f"admin:{model}_import"),
        {"import_file": SimpleUploadedFile(name, content), "format": fmt},
    )


def _confirm(client: Client, model: str, preview: object) -> object:
    form = preview.context["confirm_form"]  # type: ignore[attr-defined]
    return client.post(reverse(f"admin:{model}_process_import"), form.initial)


PEOPLE_CSV = (
    "first_name,last_name,email,member,contact roles,gender\n"
    "Ioana,Popescu,ioana@dambovita.example,Dâmbovița County,"
    '"billing, international_relations",female\n'
    "Олена,Коваленко,olena@chernivtsi.example,Dâmbovița County,Eurodyssey,female\n"
    "'=Evil,Formula,,Dâmbovița County,,\n"
).encode()


def test_people_import_previews_then_saves_every_row(admin_client: Client) -> None:
    MemberFactory(name="Dâmbovița County")
    preview = _upload(admin_client, "members_person", PEOPLE_CSV, "people.csv", CSV)
    assert preview.status_code == 200
    assert "Confirm import" in preview.content.decode()
    assert not Person.objects.exists()  # a preview saves nothing
    done = _confirm(admin_client, "members_person", preview)
    assert done.status_code == 302
    assert sorted(Person.objects.values_list("first_name", flat=True)) == [
        "=Evil",
        "Ioana",
        "Олена",
    ]
    ioana = Person.objects.get(first_name="Ioana")
    assert sorted(ioana.contact_roles.values_list("role", flat=True)) == [
        "billing",
        "international_relations",
    ]
    assert Person.objects.get(first_name="Олена").contact_roles.get().role == "eurodyssey"
    assert ioana.history.count() == 1  # the audit history has the import


def test_a_bad_row_saves_nothing_and_every_bad_row_is_listed_with_its_line(
    admin_client: Client,
) -> None:
    MemberFactory(name="Dâmbovița County")
    csv = (
        "first_name,last_name,email,member,contact roles,gender\n"
        "Ioana,Popescu,ioana@example.org,Dâmbovița County,billing,female\n"
        "Bad,Mail,not-an-email,Dâmbovița County,,\n"
        ",Nameless,,Dâmbovița County,,\n"
        "Ana,Nowhere,,Atlantis,janitor,robot\n"
    ).encode()
    preview = _upload(admin_client, "members_person", csv, "people.csv", CSV)
    content = preview.content.decode()
    assert "Confirm import" not in content
    assert (
        "4 problems: nothing was imported" in content or "problems: nothing was imported" in content
    )
    assert "line 3: email: Enter a valid email address." in content
    assert "line 4: first_name: This field is required." in content
    assert "line 5: member: no member named “Atlantis” is recorded." in content
    assert "line 5: import_contact_roles: “janitor” is not a contact role" in content
    assert "line 5: gender: Value &#x27;robot&#x27; is not a valid choice." in content
    assert not Person.objects.exists()


def test_all_or_nothing_also_when_the_confirmation_is_forced(admin_client: Client) -> None:
    """Even a crafted confirmation of a bad file saves no row (rollback on validation errors)."""
    MemberFactory(name="Dâmbovița County")
    good = _upload(admin_client, "members_person", PEOPLE_CSV, "people.csv", CSV)
    form = dict(good.context["confirm_form"].initial)  # type: ignore[attr-defined]
    bad = (
        "first_name,last_name,email,member\n"
        "Ioana,Popescu,,Dâmbovița County\n"
        "Bad,Mail,not-an-email,Dâmbovița County\n"
    ).encode()
    bad_preview = _upload(admin_client, "members_person", bad, "bad.csv", CSV)
    assert "Confirm import" not in bad_preview.content.decode()
    # Point the confirmation of the good preview at the bad file's temporary copy.
    from import_export.tmp_storages import TempFolderStorage

    storage = TempFolderStorage()
    storage.save(bad)
    form["import_file_name"] = storage.name
    admin_client.post(reverse("admin:members_person_process_import"), form)
    assert not Person.objects.exists()


def test_members_import_from_xlsx_with_non_latin_names(admin_client: Client) -> None:
    CountryFactory(code="GE", name_en="Georgia")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "native_name", "country", "kind", "hosts_aer_office", "website"])
    sheet.append(["Adjara", "აჭარა", "ge", "region", "0", "https://adjara.gov.ge"])
    sheet.append(["Imereti", "იმერეთი", "GE", "region", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = _upload(admin_client, "members_member", buffer.getvalue(), "members.xlsx", XLSX)
    assert "Confirm import" in preview.content.decode()
    _confirm(admin_client, "members_member", preview)
    assert Member.objects.get(name="Adjara").native_name == "აჭარა"
    assert Member.objects.get(name="Imereti").country.code == "GE"


def test_statistics_import_updates_the_row_of_a_member_and_year(admin_client: Client) -> None:
    stats = MemberStatisticsFactory(member=MemberFactory(name="Sălaj County"), year=2025)
    csv = (
        "member,year,population,population_source,relative_gdp,total_revenue\n"
        "Sălaj County,2025,212000,INS 2025,0.48,1800000\n"
        "Sălaj County,2024,213000,INS 2024,0.47,\n"
    ).encode()
    preview = _upload(admin_client, "members_memberstatistics", csv, "stats.csv", CSV)
    _confirm(admin_client, "members_memberstatistics", preview)
    stats.refresh_from_db()
    assert (stats.population, str(stats.relative_gdp), str(stats.total_revenue)) == (
        212000,
        "0.480",
        "1800000.00",
    )
    assert MemberStatistics.objects.count() == 2


def test_mandates_import_creates_the_seat(admin_client: Client) -> None:
    BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    person = PersonFactory()
    csv = (
        "person id,member,body,seat,portfolio,country,starts_on,ends_on,consecutive_term\n"
        f"{person.pk},,executive-board,vice_president,Youth,,2026-01-01,2027-12-31,2\n"
        f"{person.pk},,senate,emperor,,XX,2026-01-01,2025-12-31,0\n"
    ).encode()
    preview = _upload(admin_client, "governance_mandate", csv, "mandates.csv", CSV)
    content = preview.content.decode()
    assert "line 3: body: no body with the short name “senate” is recorded." in content
    assert "line 3: seat: “emperor” is not a seat" in content
    assert "line 3: country: no country with the ISO code “XX” is recorded." in content
    assert not Mandate.objects.exists()
    good = csv.decode().splitlines()[:2]
    preview = _upload(admin_client, "governance_mandate", "\n".join(good).encode(), "m.csv", CSV)
    _confirm(admin_client, "governance_mandate", preview)
    mandate = Mandate.objects.get()
    assert str(mandate.seat) == "Executive Board: Vice-President (Youth)"
    assert mandate.member == person.member and mandate.consecutive_term == 2


# --- Who may import -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("permissions", "status"),
    [((), 403), (("view_person",), 403), (("view_person", "add_person"), 200)],
)
def test_only_staff_with_the_permission_can_import(
    client: Client, permissions: tuple[str, ...], status: int
) -> None:
    staff = with_totp(UserFactory(is_staff=True))
    staff.user_permissions.set(Permission.objects.filter(codename__in=permissions))
    client.force_login(staff)
    assert client.get(reverse("admin:members_person_import")).status_code == status
    response = client.post(
        reverse("admin:members_person_import"),
        {"import_file": SimpleUploadedFile("p.csv", PEOPLE_CSV), "format": CSV},
    )
    assert response.status_code == status
    assert not Person.objects.exists()


def test_a_member_officer_cannot_reach_the_import(client: Client) -> None:
    from tests.factories import member_officer

    client.force_login(member_officer())
    response = client.get(reverse("admin:members_person_import"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- Export -------------------------------------------------------------------------------

DANGEROUS = ['=HYPERLINK("http://x")', "+46 31 00", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


def _export(client: Client, model: str, fmt: str) -> bytes:
    url = reverse(f"admin:members_{model}_export")
    form = client.get(url).context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.initial is True}
    data["format"] = fmt
    if "resource" in form.fields:
        data["resource"] = "0"
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return response.content


def test_csv_export_neutralises_formulas_including_tab_and_carriage_return(
    admin_client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is True
    member = MemberFactory(name="Dâmbovița County")
    for index, text in enumerate(DANGEROUS):
        PersonFactory(member=member, first_name=text, last_name=f"Ionescu{index}", phone="")
    content = _export(admin_client, "person", CSV).decode("utf-8")
    import csv

    rows = list(csv.DictReader(io.StringIO(content)))
    firsts = sorted(row["first_name"] for row in rows)
    assert firsts == sorted("'" + text for text in DANGEROUS)
    assert all(row["member"] == "Dâmbovița County" for row in rows)
    assert all(row["phone"] == "" for row in rows)  # empty cells stay empty, not "None"


def test_xlsx_export_holds_no_formula(admin_client: Client) -> None:
    member = MemberFactory(name="=cmd|' /C calc'!A0", native_name="Чернівецька область")
    MembershipFactory(member=member)
    book = openpyxl.load_workbook(io.BytesIO(_export(admin_client, "member", XLSX)))
    cells = [cell for row in book.active.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    values = [cell.value for cell in cells]
    # A text cell is never run as a formula: it shows as typed, without an apostrophe.
    assert "=cmd|' /C calc'!A0" in values and "Чернівецька область" in values
    assert next(c for c in cells if c.value == "=cmd|' /C calc'!A0").data_type == "s"
    assert "Full member" in values  # the derived category is exported


def test_xlsx_statistics_hold_numbers_as_numbers_and_money_with_two_decimals(
    admin_client: Client,
) -> None:
    from decimal import Decimal

    for year in (2024, 2025):
        MemberStatisticsFactory(
            year=year,
            population=519_000,
            relative_gdp=Decimal("0.550"),
            total_revenue=Decimal("1234567.50"),
        )
    book = openpyxl.load_workbook(io.BytesIO(_export(admin_client, "memberstatistics", XLSX)))
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 2
    for row in rows:
        cell = dict(zip(headers, row, strict=True))
        assert cell["year"].data_type == "n" and cell["year"].value in (2024, 2025)
        assert cell["population"].data_type == "n" and cell["population"].value == 519_000
        assert cell["relative_gdp"].data_type == "n" and cell["relative_gdp"].value == 0.55
        assert cell["total_revenue"].data_type == "n"
        assert cell["total_revenue"].value == 1234567.5
        assert cell["total_revenue"].number_format == "#,##0.00"
    numeric = [c for row in rows for c in row if isinstance(c.value, int | float)]
    texts_that_are_numbers = [
        c for row in rows for c in row if isinstance(c.value, str) and c.value.isdigit()
    ]
    assert len(numeric) == 8 and texts_that_are_numbers == []


def test_xlsx_phone_numbers_show_as_typed_and_csv_keeps_its_guard(admin_client: Client) -> None:
    member = MemberFactory(name="Västra Götaland")
    PersonFactory(member=member, first_name="Eva", last_name="Berg", phone="+46 31 00 00")
    book = openpyxl.load_workbook(io.BytesIO(_export(admin_client, "person", XLSX)))
    headers = [cell.value for cell in book.active[1]]
    row = dict(zip(headers, next(book.active.iter_rows(min_row=2)), strict=True))
    assert row["phone"].value == "+46 31 00 00" and row["phone"].data_type == "s"
    assert row["id"].data_type == "n"
    csv_text = _export(admin_client, "person", CSV).decode("utf-8")
    assert "'+46 31 00 00" in csv_text


def test_an_exported_xlsx_imports_back_unchanged(admin_client: Client) -> None:
    from decimal import Decimal

    statistics = MemberStatisticsFactory(
        year=2025, population=519_000, relative_gdp=Decimal("0.550"), total_revenue=Decimal("10.5")
    )
    exported = _export(admin_client, "memberstatistics", XLSX)
    MemberStatistics.objects.filter(pk=statistics.pk).update(population=1)
    preview = _upload(admin_client, "members_memberstatistics", exported, "stats.xlsx", XLSX)
    _confirm(admin_client, "members_memberstatistics", preview)
    statistics.refresh_from_db()
    assert statistics.population == 519_000
    assert statistics.total_revenue == Decimal("10.50")


def test_an_exported_file_imports_back_unchanged(admin_client: Client) -> None:
    member = MemberFactory(name="Dâmbovița County")
    person = PersonFactory(member=member, first_name="Ana", last_name="Pop", phone="+40 245 000")
    ContactRoleFactory(person=person, role=ContactRole.Role.BILLING)
    exported = _export(admin_client, "person", CSV)
    preview = _upload(admin_client, "members_person", exported, "people.csv", CSV)
    _confirm(admin_client, "members_person", preview)
    person.refresh_from_db()
    assert person.phone == "+40 245 000"
    assert person.contact_roles.get().role == "billing"
    assert Person.objects.count() == 1


# --- Mandates and bodies ------------------------------------------------------------------


def test_saving_a_mandate_over_the_term_limit_warns_but_saves(admin_client: Client) -> None:
    person = PersonFactory(first_name="Nino", last_name="Beridze")
    seat = SeatFactory(body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD), role="president")
    response = admin_client.post(
        reverse("admin:governance_mandate_add"),
        {
            "person": person.pk,
            "member": person.member_id,
            "seat": seat.pk,
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "consecutive_term": 5,
        },
        follow=True,
    )
    content = response.content.decode()
    assert Mandate.objects.filter(person=person, consecutive_term=5).exists()
    assert "Nino Beridze serves a term in a row numbered 5" in content
    assert "(Procedures art. 15 A–D)" in content
    assert "holds no regional political mandate on record" in content
    body = admin_client.get(reverse("admin:governance_body_change", args=[seat.body_id]))
    assert "The Executive Board needs 1 Treasurer(s); it has 0." in body.content.decode()


@pytest.mark.parametrize("model", ["body", "seat", "mandate"])
def test_governance_lists_and_history(admin_client: Client, model: str) -> None:
    MandateFactory()
    changelist = admin_client.get(reverse(f"admin:governance_{model}_changelist"))
    assert changelist.status_code == 200
    obj = changelist.context["cl"].result_list[0]
    assert (
        admin_client.get(reverse(f"admin:governance_{model}_history", args=[obj.pk])).status_code
        == 200
    )


# --- GDPR ---------------------------------------------------------------------------------


def test_staff_export_one_person_data_as_a_zip_of_json(admin_client: Client) -> None:
    person = PersonFactory(first_name="Ingrid", last_name="Lindqvist", email="ingrid@example.se")
    response = admin_client.post(
        reverse("admin:members_person_changelist"),
        {"action": "export_personal_data", "_selected_action": [person.pk]},
    )
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [f"person-{person.pk}.json"]
    data = json.loads(archive.read(f"person-{person.pk}.json"))
    assert data["person"]["email"] == "ingrid@example.se"


def test_staff_anonymise_a_person_after_confirming(admin_client: Client) -> None:
    person = PersonFactory(
        first_name="Ingrid", last_name="Lindqvist", member=MemberFactory(name="Uppsala Region")
    )
    MandateFactory(
        person=person,
        seat__portfolio="Youth",
        starts_on=date(2022, 1, 1),
        ends_on=date(2023, 12, 31),
    )
    url = reverse("admin:members_person_changelist")
    confirm = admin_client.post(url, {"action": "anonymise", "_selected_action": [person.pk]})
    assert confirm.status_code == 200 and "Yes, anonymise" in confirm.content.decode()
    person.refresh_from_db()
    assert person.anonymised_on is None
    done = admin_client.post(
        url, {"action": "anonymise", "_selected_action": [person.pk], "confirm": "yes"}, follow=True
    )
    assert "1 people are anonymised" in done.content.decode()
    person.refresh_from_db()
    assert str(person).startswith(
        "Former delegate of Uppsala Region, Executive Board: Vice-President (Youth), 2022–2023"
    )
    history = admin_client.get(reverse("admin:members_person_history", args=[person.pk]))
    assert "Ingrid" not in history.content.decode()


def test_users_have_an_audit_history_without_passwords(admin_client: Client) -> None:
    user = UserFactory(full_name="Ana Popescu")
    user.full_name = "Ana Popescu-Ionescu"
    user.save()
    assert User.history.filter(id=user.pk).count() >= 2
    assert not hasattr(User.history.model, "password")
    assert Membership.objects.count() == 0
