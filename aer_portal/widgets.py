"""The portal's form renderer: Django's, with the commonest widgets written in Python.

Django draws each widget through a template, and each ``<option>`` of a ``<select>`` through
two more (the option and its attributes): the application form, with a list of 44 countries,
rendered about a hundred templates, two thirds of its time (issue 16, ``make bench``).
:class:`PortalFormRenderer` writes the same markup, character for character, for
``<select>``, ``<textarea>`` and the one-line ``<input>``s by joining strings; any other
template (radio lists, file inputs, the form and field layouts, the admin's widgets) is
Django's. The portal overrides none of the templates it replaces (they live in Django only);
``tests/aer_portal/test_widgets.py`` compares both outputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape

_WIDGETS = "django/forms/widgets/"
#: The templates that are ``input.html`` (each only includes it).
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "email",
        "number",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
_SELECT = f"{_WIDGETS}select.html"
_TEXTAREA = f"{_WIDGETS}textarea.html"
#: ``{{ value }}`` in a template: localized, then escaped.
_CONTEXT = Context(autoescape=True)


def _text(value: Any) -> str:
    return render_value_in_context(value, _CONTEXT)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``attrs.html``: `` name="value"``, the bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    """``input.html``."""
    value = widget["value"]
    shown = f' value="{conditional_escape(str(value))}"' if value is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: Mapping[str, Any]) -> str:
    """``textarea.html``."""
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _options(optgroups: Iterable[tuple[Any, Iterable[Mapping[str, Any]], int]]) -> str:
    """The loop of ``select.html`` over the groups, each option as ``select_option.html``
    (whose file ends with a line break)."""
    parts = []
    for group_name, group_choices, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    return "".join(parts)


def _select(widget: Mapping[str, Any]) -> str:
    """``select.html``."""
    return (
        f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>'
        f"{_options(widget['optgroups'])}\n</select>"
    )


class PortalFormRenderer(DjangoTemplates):
    """``FORM_RENDERER``: Django's default renderer, with the widgets above in Python."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if widget is not None:
            if template_name in _INPUTS:
                return _input(widget)
            if template_name == _SELECT:
                return _select(widget)
            if template_name == _TEXTAREA:
                return _textarea(widget)
        return super().render(template_name, context, request=request)
