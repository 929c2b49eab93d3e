"""The base of every portal form: Bootstrap classes on the widgets and a service's refusal
attached to the field it is about."""

from __future__ import annotations

from typing import Any

from django import forms

from aer_portal.errors import DomainError


class DomainErrorMixin:
    """Puts a :class:`DomainError` under its field, or above the form when the form lacks it."""

    fields: dict[str, forms.Field]

    def add_domain_error(self, error: DomainError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)  # type: ignore[attr-defined]


class PortalForm(DomainErrorMixin, forms.Form):
    """A form of the portal's pages: it parses input; the services decide.

    Templates render its fields with ``_field.html`` and its other errors with
    ``_form_errors.html``.
    """

    #: What this form's ids start with (``id_agenda_title``), for a form that a page shows
    #: beside others with the same field names: ids stay unique and each label names its own
    #: field. The posted names do not change. None keeps Django's ``id_title``.
    ids: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.ids is not None:
            kwargs.setdefault("auto_id", f"id_{self.ids}_%s")
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        """Bootstrap's class on every visible widget (again after adding fields)."""
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(
                widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput
            ):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
