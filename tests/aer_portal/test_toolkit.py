"""The toolkit every app uses: validate-and-save, DomainError on forms, links, rule messages."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from pytest_django.fixtures import Settings

from aer_portal.errors import DomainError
from aer_portal.forms import PortalForm
from aer_portal.links import absolute_url
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.messages import Message
from aer_portal.validation import clean_or_raise, validate_and_save
from governance.models import Body
from governance.services.bodies import body_create
from governance.services.meetings import meeting_schedule
from tests.factories import BodyFactory, MemberFactory, staff_user

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.mark.django_db
def test_a_field_error_keeps_the_field_apart_and_names_it_in_words() -> None:
    with pytest.raises(DomainError) as raised:
        body_create(kind=BodyKind.WORKING_GROUP, name="   ", actor=None)
    assert raised.value.field == "name"
    # The label a person reads (the model's verbose_name), never the Python name "name: ".
    label = str(Body._meta.get_field("name").verbose_name)
    assert raised.value.message.startswith(f"{label[0].upper()}{label[1:]}: ")
    assert not raised.value.message.startswith("name:")
    assert not Body.objects.exists()


@pytest.mark.django_db
def test_a_broken_constraint_is_not_reported_by_its_python_name() -> None:
    body = BodyFactory()
    starts_at = datetime(2026, 6, 18, 10, tzinfo=BRUSSELS)
    with pytest.raises(DomainError) as raised:
        meeting_schedule(
            body=body,
            title="Board",
            starts_at=starts_at,
            ends_at=starts_at - timedelta(hours=1),
            actor=None,
        )
    assert "meeting_ends_after_start" not in raised.value.message
    assert "__all__" not in raised.value.message and raised.value.field is None


@pytest.mark.django_db
def test_validate_and_save_records_the_author_and_clean_or_raise_excludes() -> None:
    actor = staff_user()
    member = MemberFactory.build(name="")
    clean_or_raise(member, exclude=["name", "country"])  # nothing else is wrong
    member.name = "Vaud"
    body = validate_and_save(
        Body(kind=BodyKind.TASK_FORCE, name="Budget", slug="budget"), actor=actor
    )
    assert body.pk is not None
    history = getattr(body, "history", None)
    if history is not None:
        assert history.latest().history_user == actor


class _Form(PortalForm):
    title = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


def test_the_base_form_attaches_a_domain_error_to_its_field_or_to_the_form() -> None:
    form = _Form(data={"title": "x", "kind": "a"})
    assert form.is_valid()
    form.add_domain_error(DomainError("Give the proposal a title.", field="title"))
    form.add_domain_error(DomainError("The meeting is over.", field="meeting"))
    form.add_domain_error(DomainError("Refused."))
    assert form.errors["title"] == ["Give the proposal a title."]
    assert form.non_field_errors() == ["The meeting is over.", "Refused."]
    assert form.fields["title"].widget.attrs["class"] == "form-control"
    assert form.fields["kind"].widget.attrs["class"] == "form-check-input"
    assert "class" not in form.fields["hidden"].widget.attrs


def test_the_shared_field_and_error_partials_render_a_form() -> None:
    form = _Form(data={"title": "", "kind": "a"})
    form.is_valid()
    form.add_domain_error(DomainError("Refused."))
    html = Template(
        '{% include "_form_errors.html" %}{% for field in form %}{% include "_field.html" %}'
        "{% endfor %}"
    ).render(Context({"form": form}))
    assert '<div class="alert alert-danger" role="alert"><p class="mb-0">Refused.</p>' in html
    assert 'class="invalid-feedback d-block" role="alert">This field is required.' in html
    assert "<legend" in html and 'type="hidden"' in html


def test_absolute_url_takes_a_path_or_a_view_name(settings: Settings) -> None:
    settings.PORTAL_BASE_URL = "https://portal.aer.example/"
    assert absolute_url("/meetings/3/") == "https://portal.aer.example/meetings/3/"
    assert absolute_url("governance:meeting_detail", 3) == "https://portal.aer.example/meetings/3/"


def test_a_rules_message_renders_with_its_article_one_way() -> None:
    message = Message.of("Refused on {day}.", article="Procedures art. 4.2", day="2026-01-01")
    assert message.render_with_article() == "Refused on 1 January 2026. (Procedures art. 4.2)"
    assert Message.of("No article.").render_with_article() == "No article."
    html = Template("{% load rules %}{{ reason|with_article }}").render(
        Context({"reason": message})
    )
    assert html == "Refused on 1 January 2026. (Procedures art. 4.2)"
