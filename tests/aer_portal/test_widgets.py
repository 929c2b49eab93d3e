"""The portal's form renderer writes Django's markup exactly, without a template per widget."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation

from aer_portal.widgets import PortalFormRenderer

CHOICES: list[Any] = [("", "---------"), ("a", "A & B"), ("b", 'Say "<b>"')]
GROUPED: list[Any] = [("Group <1>", [("1", "one"), ("2", "two")]), ("3", "three")]
ATTRS = {"class": "form-select", "required": True, "id": "id_x", "off": False}

CASES: list[tuple[forms.Widget, Any]] = [
    (forms.Select(choices=CHOICES, attrs=ATTRS), "a"),
    (forms.Select(choices=GROUPED, attrs={"disabled": True}), "2"),
    (forms.Select(choices=[(1, "Un"), (2, 1234567)]), None),
    (forms.Select(choices=[]), ""),
    (forms.SelectMultiple(choices=CHOICES), ["a", "b"]),
    (forms.NullBooleanSelect(), True),
    (forms.TextInput(attrs={"class": "form-control", "maxlength": 200}), 'Tom & "Jerry" <x>'),
    (forms.TextInput(), None),
    (forms.EmailInput(), "a@b.eu"),
    (forms.NumberInput(attrs={"step": Decimal("0.01")}), Decimal("1234.50")),
    (forms.URLInput(), "https://x.eu/?a=1&b=2"),
    (forms.PasswordInput(), "secret"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.HiddenInput(), 7),
    (forms.DateInput(attrs={"type": "date"}), datetime.date(2026, 12, 1)),
    (forms.DateTimeInput(), datetime.datetime(2026, 12, 1, 9, 30)),
    (forms.TimeInput(), datetime.time(9, 30)),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.Textarea(attrs={"rows": 3}), "Line one\n<b>two</b> & three"),
    (forms.Textarea(), ""),
    (forms.RadioSelect(choices=CHOICES), "a"),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("widget", "value"), CASES, ids=lambda case: type(case).__name__)
def test_the_renderer_writes_djangos_markup(
    widget: forms.Widget, value: Any, language: str
) -> None:
    with translation.override(language):
        djangos = widget.render("name<&>", value, renderer=DjangoTemplates())
        ours = widget.render("name<&>", value, renderer=PortalFormRenderer())

    assert ours == djangos


def test_it_is_the_portals_form_renderer() -> None:
    assert isinstance(get_default_renderer(), PortalFormRenderer)
