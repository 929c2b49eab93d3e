"""The pages of joining AER: the public form, the applicant's status link, the secretariat's
list and application page."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fees.models import Invoice
from members.models import Member, MembershipApplication
from members.services.applications import application_status_token
from tests.factories import BodyFactory, CountryFactory, staff_user, with_totp
from tests.fees.test_applications import PDF, letter, submit
from tests.governance.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit_left_over() -> Iterator[None]:
    """Rate limits live in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides: Any) -> dict[str, Any]:
    country = CountryFactory(code="RO", name_en="Romania", name_fr="Roumanie")
    data: dict[str, Any] = {
        "request_key": str(uuid.uuid4()),
        "name": "Dâmbovița County",
        "native_name": "Județul Dâmbovița",
        "kind": "region",
        "category": "full",
        "country": country.pk,
        "population": "519000",
        "relative_gdp": "0.55",
        "contact_first_name": "Ioana",
        "contact_last_name": "Marinescu",
        "contact_email": "ioana@example.ro",
        "language": "en",
        "letter": letter(),
    }
    data.update(overrides)
    return data


def test_the_form_opens_without_an_account(
    client: Client,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    CountryFactory(code="RO", name_en="Romania", name_fr="Roumanie")
    with django_assert_num_queries(1):  # the countries
        response = client.get(reverse("applications:apply"))
    assert response.status_code == 200
    assert b"Romania" in response.content


def test_show_the_fee_computes_it_with_its_steps_and_records_nothing(client: Client) -> None:
    data = form_data(preview="1")
    response = client.post(reverse("applications:apply"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Procedures art. 3.2.1" in text and "Procedures art. 3.1.1" in text
    assert "twelfths" in text
    assert 'value="Dâmbovița County"' in text  # what was typed stays
    assert not MembershipApplication.objects.exists()


def test_the_fee_in_french(client: Client) -> None:
    data = form_data(preview="1")
    response = client.post(reverse("applications:apply"), data, HTTP_ACCEPT_LANGUAGE="fr")
    text = response.content.decode()
    assert "Afficher la cotisation" in text
    assert "Première année, " in text and " douzièmes de " in text
    assert '<h1 class="h3">Adhérer à l' in text


def test_sending_twice_records_one_application_and_one_acknowledgement(
    client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    data = form_data()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("applications:apply"), data)
        data["letter"] = letter()
        second = client.post(reverse("applications:apply"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert MembershipApplication.objects.count() == 1
    assert [m.to for m in mail.outbox].count(["ioana@example.ro"]) == 1
    status = client.get(first["Location"])
    assert status.status_code == 200
    assert "Submitted" in status.content.decode()


def test_a_wrong_letter_is_refused_and_keeps_what_was_typed(client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("applications:apply"), form_data(letter=fake))
    text = response.content.decode()
    assert response.status_code == 200
    assert "The content of “letter.pdf” is not a" in text
    assert 'value="Dâmbovița County"' in text
    assert not MembershipApplication.objects.exists()


def test_a_category_the_entity_cannot_have_names_the_field_and_the_rule(client: Client) -> None:
    response = client.post(
        reverse("applications:apply"), form_data(category="associate_non_geographical")
    )
    text = response.content.decode()
    assert "a region is a geographical entity" in text and "Procedures art. 3.2.2" in text
    assert not MembershipApplication.objects.exists()


def test_missing_fee_figures_name_the_field(client: Client) -> None:
    response = client.post(reverse("applications:apply"), form_data(population=""))
    assert "Population: give the number of inhabitants" in response.content.decode()
    assert not MembershipApplication.objects.exists()


def test_the_honeypot_records_nothing(client: Client) -> None:
    response = client.post(
        reverse("applications:apply"), form_data(website_url="http://spam.example")
    )
    assert response.status_code == 200
    assert not MembershipApplication.objects.exists()
    assert mail.outbox == []


def test_the_form_is_rate_limited_per_address(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    limits = {**settings.ACCOUNT_RATE_LIMITS, "membership_application": "2/h/ip"}
    settings.ACCOUNT_RATE_LIMITS = limits
    for _ in range(3):  # showing the fee is not limited: it records and sends nothing
        assert client.post(reverse("applications:apply"), form_data(preview="1")).status_code == 200
    for n in range(2):
        sent = client.post(reverse("applications:apply"), form_data(name=f"Region {n}"))
        assert sent.status_code == 302
    assert client.post(reverse("applications:apply"), form_data()).status_code == 429
    assert MembershipApplication.objects.count() == 2


def test_a_forged_status_link_is_not_found(client: Client) -> None:
    application = submit()
    token = application_status_token(application)
    assert client.get(reverse("applications:status", args=[token + "x"])).status_code == 404
    assert client.get(reverse("applications:status", args=["1"])).status_code == 404


def test_the_applicant_answers_through_the_status_link(
    client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    application = submit(population=None, category="observer", relative_gdp=None)
    staff = with_totp(staff_user())
    client.force_login(staff)
    detail = reverse("applications:detail", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail,
            {"action": "request", "request-information_request": "Please send the signed letter."},
        )
    assert response.status_code == 302
    assert "Please send the signed letter." in mail.outbox[-1].body
    client.logout()
    link = reverse("applications:status", args=[application_status_token(application)])
    page = client.get(link)
    assert "Please send the signed letter." in page.content.decode()
    empty = client.post(link, {"reply": ""})
    assert empty.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(link, {"reply": "Here it is.", "letter": letter()})
    assert answered.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.SUBMITTED
    assert application.information_reply == "Here it is."


def test_the_secretariat_walks_an_application_to_the_invoice(
    client: Client,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    application = submit()
    meeting = MeetingFactory(body=BodyFactory(), starts_at=timezone.now() + timedelta(days=3))
    staff = with_totp(staff_user())
    client.force_login(staff)
    assert client.get(reverse("applications:list")).status_code == 200
    detail = reverse("applications:detail", args=[application.pk])
    response = client.get(detail)
    assert response.status_code == 200
    assert "Nothing in the Procedures stands in the way" in response.content.decode()
    scheduled = client.post(detail, {"action": "schedule", "schedule-meeting": meeting.pk})
    assert scheduled.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.ON_AGENDA
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(
            detail,
            {
                "action": "decide",
                "decision-approve": "yes",
                "decision-decided_on": today.isoformat(),
            },
        )
    assert decided.status_code == 302
    member = Member.objects.get(name="Dâmbovița County")
    if today.month < 12:
        assert Invoice.objects.filter(member=member, kind=Invoice.Kind.FIRST_YEAR).exists()
    letter_response = client.get(reverse("applications:letter", args=[application.pk]))
    assert letter_response.status_code == 200
    assert b"".join(letter_response.streaming_content) == PDF  # type: ignore[attr-defined]


def test_the_application_page_makes_a_constant_number_of_queries(
    client: Client,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    staff = with_totp(staff_user())
    client.force_login(staff)
    application = submit()
    for _ in range(3):
        MeetingFactory(body=BodyFactory())
    detail = reverse("applications:detail", args=[application.pk])
    client.get(detail)
    with django_assert_num_queries(QUERIES_DETAIL):
        client.get(detail)
    with django_assert_num_queries(QUERIES_LIST):
        client.get(reverse("applications:list"))
    for n in range(3):
        submit(name=f"Region {n}", request_key=uuid.uuid4(), letter=letter())
    with django_assert_num_queries(QUERIES_LIST):
        client.get(reverse("applications:list"))


QUERIES_DETAIL = 10  # the online vote, if any
QUERIES_LIST = 5


def test_a_decision_in_the_future_is_refused_on_the_page(client: Client) -> None:
    application = submit()
    client.force_login(with_totp(staff_user()))
    detail = reverse("applications:detail", args=[application.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        detail,
        {
            "action": "decide",
            "decision-approve": "yes",
            "decision-decided_on": tomorrow.isoformat(),
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "is in the future" in text
    assert f'value="{tomorrow.isoformat()}"' in text  # the form keeps what was typed
    assert not Member.objects.exists()


def test_an_observer_applies_from_its_account_and_its_record_is_kept(
    client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    from aer_portal.rules.membership import MemberCategory
    from members.models import Membership
    from tests.factories import MembershipFactory, member_officer

    observer = MembershipFactory(
        category=MemberCategory.OBSERVER,
        board_decision=timezone.localdate() - timedelta(days=300),
        member__name="Lviv Oblast",
        member__country=CountryFactory(code="UA", name_en="Ukraine", name_fr="Ukraine"),
    )
    officer = member_officer(member=observer.member)
    stranger = member_officer()
    client.force_login(stranger)
    foreign = client.get(reverse("applications:apply") + f"?member={observer.member.pk}")
    assert 'value="Lviv Oblast"' not in foreign.content.decode()  # not the stranger's region
    client.force_login(officer)
    record = client.get(reverse("members:record", args=[observer.member.pk]))
    assert f"/join/?member={observer.member.pk}" in record.content.decode()
    page = client.get(reverse("applications:apply") + f"?member={observer.member.pk}")
    assert 'value="Lviv Oblast"' in page.content.decode()
    data = form_data(
        name="Lviv Oblast",
        country=observer.member.country_id,
        member=str(observer.member.pk),
        population="2500000",
        relative_gdp="0.3",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:apply"), data)
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.member == observer.member
    staff = with_totp(staff_user())
    from fees.services.applications import application_decide

    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application=application,
            approve=True,
            decided_on=timezone.localdate(),
            actor=staff,
            today=timezone.localdate(),
        )
    assert Member.objects.filter(name="Lviv Oblast").count() == 1
    categories = list(
        Membership.objects.filter(member=observer.member)
        .order_by("board_decision")
        .values_list("category", flat=True)
    )
    assert categories == [MemberCategory.OBSERVER, MemberCategory.FULL]


def test_a_member_number_no_database_holds_is_no_member(client: Client) -> None:
    from tests.factories import member_officer

    client.force_login(member_officer())
    response = client.get(reverse("applications:apply") + "?member=99999999999999999999")
    assert response.status_code == 200
    assert b"Applying for" not in response.content
