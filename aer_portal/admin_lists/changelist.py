"""The admin list itself, made cheap: 25 rows a page, one count, each row's link and the
action form built without resolving URLs or rendering templates for every row.

:class:`PortalListMixin` is what a ModelAdmin mixes in; :class:`PortalChangeList` is the
ChangeList it hands Django.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

#: Stands for a row's primary key in the change URL reversed once per list.
_PK = "__portal_pk__"
#: Stands for a row's key in a URL whose pattern takes only digits.
_PK_DIGITS = "918273645546372819"
#: (view name, script prefix, URL conf) -> the reversed URL around the key.
_ROW_URLS: dict[tuple[str, str, Any], tuple[str, str]] = {}


def row_url(viewname: str, pk: int) -> str:
    """``reverse(viewname, args=[pk])`` for a row of a list: the URL patterns are resolved
    once per view name (and script prefix), then each row's key is put in its place."""
    key = (viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    shape = _ROW_URLS.get(key)
    if shape is None:
        before, _, after = reverse(viewname, args=[_PK_DIGITS]).partition(_PK_DIGITS)
        shape = _ROW_URLS[key] = (before, after)
    return f"{shape[0]}{int(pk)}{shape[1]}"


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """A widget's attributes as django/forms/widgets/attrs.html writes them."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, f"{value}")
            for name, value in attrs.items()
            if value is not False
        )
    )


class _PlainSelect(forms.Select):
    """Django's select, joined here: its template includes a template for each option."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [
            format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))
        ]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        f"{option['value']}",
                        _attrs(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class _PlainHiddenInput(forms.HiddenInput):
    """Django's hidden input, joined here rather than rendered by a template."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', f"{widget['value']}")
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            shown,
            _attrs(widget["attrs"]),
        )


class PortalActionForm(helpers.ActionForm):
    """Django's form of list actions (same fields, same HTML), its two widgets joined in
    Python: rendered through the form templates they were a twentieth of a list's time."""

    action = forms.ChoiceField(
        label=helpers.ActionForm.base_fields["action"].label, widget=_PlainSelect
    )
    select_across = forms.BooleanField(
        label="",
        required=False,
        initial=0,
        widget=_PlainHiddenInput({"class": "select-across"}),
    )


class PortalChangeList(ChangeList):
    """Django's ChangeList, with each row's link built from one reversed URL instead of
    resolving the URL patterns again for every row (25 reverses a page), and its page of
    rows read in two steps (:meth:`get_results`)."""

    _change_url: tuple[str, str] | None = None

    def get_queryset(self, request: Any, exclude_parameters: Any = None) -> Any:
        """Django's, without the columns the list never shows (``list_defer`` of the admin)."""
        queryset = super().get_queryset(request, exclude_parameters)
        deferred = getattr(self.model_admin, "list_defer", ())
        return queryset.defer(*deferred) if deferred else queryset

    def get_results(self, request: Any) -> None:
        """Django's page of rows, read in two steps: the keys of the page first, sorted and
        cut without the joined and computed columns, then those rows with their columns.

        SQLite sorts whole rows before it takes a page: joined and computed columns (a
        mandate's person, seat, body and member; a person's region; a member's category) were
        read for every row of the table, 3 ms for 15 000 people. An editable list keeps
        Django's query, its forms being built on it."""
        super().get_results(request)
        page = self.result_list
        if self.list_editable or not isinstance(page, models.QuerySet):
            return
        keys = list(page.values_list("pk", flat=True))
        rows = {row.pk: row for row in self.queryset.filter(pk__in=keys).order_by()}
        self.result_list = [rows[key] for key in keys if key in rows]

    def url_for_result(self, result: Any) -> str:
        pk = getattr(result, self.pk_attname)
        if not isinstance(pk, int):
            # Django quotes other keys (text, UUID) itself.
            return str(super().url_for_result(result))
        if self._change_url is None:
            url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=(_PK,),
                current_app=self.model_admin.admin_site.name,
            )
            before, _, after = url.partition(_PK)
            self._change_url = (before, after)
        before, after = self._change_url
        return f"{before}{pk}{after}"


class PortalListMixin:
    """Mixed into a ModelAdmin before it: 25 rows a page, one count, plain selection boxes."""

    list_per_page = 25
    #: The filtered count is shown; the table's total ("of 15 000") would cost a second COUNT.
    show_full_result_count = False
    #: Columns of the model the list never reads: SQLite sorts whole rows before taking a
    #: page, so a large column the list does not show is left out of its query.
    list_defer: tuple[str, ...] = ()
    action_form = PortalActionForm
    #: A list that imports and exports draws its "Import" and "Export" links itself
    #: (``object_tools_html``) rather than through import_export's two more levels of
    #: templates around Django's.
    import_export_change_list_template = None

    def get_changelist(self, request: Any, **kwargs: Any) -> type[ChangeList]:
        return PortalChangeList

    def get_empty_value_display(self) -> SafeString:
        """Django's, without the lazy-string check it makes for each cell of the list."""
        value = getattr(self, "empty_value_display", None)
        if value is None:
            value = self.admin_site.empty_value_display  # type: ignore[attr-defined]
        return value if isinstance(value, SafeString) else mark_safe(value)

    def action_checkbox(self, obj: Any) -> SafeString:
        """The row's selection box, as Django's own but joined here instead of rendered by a
        widget template: the same HTML for a fraction of the time."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            gettext("Select this object for an action - {}").format(obj),
        )
