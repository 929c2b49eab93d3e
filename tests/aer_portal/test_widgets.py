"""The portal's <select> writes Django's markup exactly, without a template per option."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from aer_portal.forms import PortalForm
from aer_portal.widgets import Select

CASES: list[tuple[list[Any], Any, dict[str, Any]]] = [
    (
        [("", "---------"), ("a", "A & B"), ("b", 'Say "<b>"')],
        "a",
        {"class": "form-select", "required": True, "id": "id_x"},
    ),
    ([("Group <1>", [("1", "one"), ("2", "two")]), ("3", "three")], "2", {"disabled": True}),
    ([(1, "Un"), (2, "Deux")], None, {"aria-describedby": "x_help", "data-off": False}),
    ([], "", {}),
]


@pytest.mark.parametrize(("choices", "value", "attrs"), CASES)
def test_the_select_writes_djangos_markup(
    choices: list[Any], value: Any, attrs: dict[str, Any]
) -> None:
    djangos = forms.Select(choices=choices, attrs=dict(attrs)).render("name<&>", value)

    ours = Select(choices=choices, attrs=dict(attrs)).render("name<&>", value)

    assert ours == djangos


def test_a_portal_form_draws_its_plain_selects_with_it_and_keeps_the_others() -> None:
    class Form(PortalForm):
        country = forms.ChoiceField(choices=[("BE", "Belgium"), ("FR", "France")])
        tags = forms.MultipleChoiceField(choices=[("a", "A")])
        kind = forms.ChoiceField(choices=[("x", "X")], widget=forms.RadioSelect)

    form = Form(initial={"country": "FR"})

    assert type(form.fields["country"].widget) is Select
    assert type(form.fields["tags"].widget) is forms.SelectMultiple
    assert type(form.fields["kind"].widget) is forms.RadioSelect
    assert '<option value="FR" selected>France</option>' in str(form["country"])
