"""The portal's form widgets: Django's, with the choices of a ``<select>`` written in Python.

Django draws every ``<option>`` through two templates (the option and its attributes): a
form with a list of 44 countries rendered 90 templates, two thirds of the application form's
time (issue 16). :class:`Select` writes the same markup, character for character, by joining
strings; ``PortalForm`` gives it to every plain ``<select>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``: `` name="value"``, a bare name for True, nothing
    for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _option(option: Mapping[str, Any]) -> str:
    """``django/forms/widgets/select_option.html`` (its file ends with a line break)."""
    return (
        f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>\n"
    )


def _options(optgroups: Iterable[tuple[Any, list[Mapping[str, Any]], int]]) -> str:
    """The loop of ``django/forms/widgets/select.html`` over the groups and their options."""
    parts = []
    for group_name, group_choices, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    return "".join(parts)


class Select(forms.Select):
    """``forms.Select`` drawn without a template per option: the same HTML."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        # Safe: every value in it went through conditional_escape.
        return mark_safe(
            f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
            f"{_options(widget['optgroups'])}\n</select>"
        )
