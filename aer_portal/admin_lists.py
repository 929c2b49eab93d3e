"""What every long admin list of the portal shares: a short first page drawn cheaply.

The secretariat's admin lists (members, people, mandates, meetings, invoices…) hold thousands
of rows at five times AER's size. Django's defaults draw 100 rows a page, count the table twice
(once for the page, once for "N total" beside a search) and render each row's selection box
through the form template engine, which alone took a third of a list's time. A list finds a
record by its search box and filters; 25 rows a page read as well and cost a quarter.

The rows themselves are written by :func:`portal_result_list` (templates/admin/change_list.html
calls it through ``{% portal_result_list cl %}``): Django's HTML, byte for byte, for every list
of the portal, decided once per column rather than once per cell.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin import helpers
from django.contrib.admin import utils as admin_utils
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    display_for_field,
    display_for_value,
)
from django.contrib.admin.views import main as admin_main
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.template.loader import get_template, select_template
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import numberformat, timezone
from django.utils.encoding import iri_to_uri
from django.utils.formats import get_format, localize
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

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


# --- The rows of a list, written in Python -------------------------------------------------
#
# Django draws each cell of a changelist through ``items_for_result``: it looks the column up
# in the model's fields again (an exception for every column that is not a field), asks the
# static-files storage for the boolean icons, rebuilds the row's link with its preserved
# filters by parsing and resolving the URL, and formats the cell; the template then loops over
# the cells. At 25 rows of 7 columns that was about 20 µs a cell, half of an admin list.
# ``portal_result_list`` below makes the same decisions once per column, writes each row's
# cells as one string, and gives Django's own function every case it does not know (an
# editable list, a ChangeList with its own row links). tests/aer_portal/test_admin_lists.py
# compares both renderings of every admin list of the portal, byte for byte.

#: Model fields whose cell is the text itself, or the empty value when there is none.
_TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.SlugField)
_DATE_OR_TIME = (datetime.date, datetime.time)
_NUMBER_FIELDS = (models.DecimalField, models.IntegerField, models.FloatField)
_NOWRAP_FIELDS = (models.DateField, models.TimeField, models.ForeignKey)
_PLAIN_STRINGS = (str, SafeString)
# Django's own helpers of items_for_result, private to its modules, used exactly as it does.
_get_non_gfk_field: Callable[[Any, Any], Any] = vars(admin_utils)["_get_non_gfk_field"]
_coerce_field_name: Callable[[Any, int], str] = vars(admin_list)["_coerce_field_name"]
_boolean_icon: Callable[[Any], str] = vars(admin_list)["_boolean_icon"]


def _escape(text: Any) -> str:
    """``django.utils.html.conditional_escape``, as ``format_html`` applies it to each value."""
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return str(text.__html__())
    return html.escape(str(text))


#: Each date, time or moment as a list writes it, by language, time zone, kind of field and
#: value: the same few hundred dates recur from page to page.
_DATES: dict[tuple[Any, ...], str] = {}
#: At most this many are kept (a list of 25 rows writes at most a hundred).
_DATES_KEPT = 5000


class _Column:
    """One column of a list, resolved once: what ``items_for_result`` decides for each cell
    that does not depend on the row."""

    __slots__ = (
        "aria_label",
        "attr",
        "boolean",
        "choices",
        "classes",
        "dates",
        "empty",
        "field",
        "icons",
        "kind",
        "link",
        "model",
        "name",
        "nowrap",
        "number",
        "related",
    )

    def __init__(self, cl: ChangeList, index: int, name: Any, link: bool, empty: Any) -> None:
        self.name = name
        self.model = cl.model_admin.model
        self.link = link
        self.empty = empty
        self.classes = f"field-{_coerce_field_name(name, index)}"
        self.field: Any = None
        self.attr: Any = None
        self.choices: dict[Any, Any] | None = None
        #: Each date of the column as written, once per list (the same few dates recur).
        self.dates: dict[tuple[type, Any], str] = {}
        self.icons: dict[Any, str] | None = None
        #: Each related record of the column as written, by key, for the list.
        self.related: dict[Any, SafeString] = {}
        self.boolean = False
        self.nowrap = False
        try:
            self.field = _get_non_gfk_field(cl.lookup_opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            self._resolve_attribute(cl)
            return
        field = self.field
        if field.auto_created:
            self.kind = "auto"
            return
        self.nowrap = isinstance(field, _NOWRAP_FIELDS)
        if isinstance(field.remote_field, models.ManyToOneRel):
            self.kind = "related"
        elif getattr(field, "flatchoices", None):
            self.kind = "choices"
            try:
                # Each label translated and escaped once for the list, not once per row.
                labels = dict(field.flatchoices)
                self.choices = {v: mark_safe(_escape(label)) for v, label in labels.items()}
            except TypeError:
                self.kind = "field"
        elif isinstance(field, models.BooleanField):
            self.kind = "boolean"
            self.icons = {v: _boolean_icon(v) for v in (True, False, None)}
        elif type(field) in _TEXT_FIELDS:
            self.kind = "text"
        elif isinstance(field, _NUMBER_FIELDS):
            # formats.number_format's separators and grouping, looked up once for the list
            # rather than three times a cell.
            self.kind = "number"
            language = get_language()
            self.number = (
                get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
                field.decimal_places if isinstance(field, models.DecimalField) else None,
                get_format("NUMBER_GROUPING", language, use_l10n=True),
                get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
            )
        elif isinstance(field, (models.DateField, models.TimeField)):
            self.kind = "date"
        else:
            self.kind = "field"

    def _resolve_attribute(self, cl: ChangeList) -> None:
        """How ``lookup_field`` finds a column that is not a field: the callable itself, a
        method of the admin, or (decided row by row) an attribute of the object."""
        name, model_admin = self.name, cl.model_admin
        if name == "action_checkbox" and getattr(type(model_admin), name, None) is getattr(
            PortalListMixin, name
        ):
            # Each row's selection box (PortalListMixin.action_checkbox), its label
            # translated once for the list rather than once per row.
            self.kind = "checkbox"
            self.aria_label = gettext("Select this object for an action - {}")
            return
        if callable(name):
            self.kind, self.attr = "callable", name
        elif hasattr(model_admin, name) and name != "__str__":
            self.kind, self.attr = "admin", getattr(model_admin, name)
        else:
            self.kind = "object"
            return
        self._decorated(self.attr)

    def _decorated(self, attr: Any) -> None:
        """The empty value and the boolean flag the column's ``@display`` gives it."""
        self.empty = getattr(attr, "empty_value_display", self.empty)
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        self.boolean = boolean

    def cell(self, result: Any) -> tuple[str, Any]:
        """The cell's class attribute and its content, as ``items_for_result`` makes them."""
        kind = self.kind
        if kind == "checkbox":
            return "action-checkbox", mark_safe(
                f'<input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" '
                f'value="{_escape(result.pk)}" class="action-select" '
                f'aria-label="{_escape(self.aria_label.format(result))}">'
            )
        try:
            if kind == "admin" or kind == "callable":
                value = self.attr(result)
            elif kind == "object":
                return self._object(result)
            else:
                value = getattr(result, self.name)
        except ObjectDoesNotExist:
            return self.classes, self.empty
        if kind == "admin" or kind == "callable":
            return self._shown(value, self.empty, self.boolean)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        classes = f"{self.classes} nowrap" if self.nowrap else self.classes
        empty = self.empty
        if kind == "text":
            if type(value) is str:
                return classes, value or empty
            return classes, display_for_field(value, self.field, empty, self.link)
        if kind == "related":
            if value is None:
                return classes, empty
            # The same seat, member or person recurs down a list: each written once.
            key = value.pk
            shown = self.related.get(key)
            if shown is None:
                shown = self.related[key] = mark_safe(_escape(value))
            return classes, shown
        if kind == "number":
            if value in self.field.empty_values:
                return classes, empty
            separator, places, grouping, thousands = self.number
            return classes, numberformat.format(
                value, separator, places, grouping, thousands, force_grouping=False, use_l10n=True
            )
        if kind == "date":
            if value in self.field.empty_values:
                return classes, empty
            return classes, self._date(value, self.field)
        if kind == "choices":
            assert self.choices is not None
            try:
                return classes, self.choices.get(value, empty)
            except TypeError:
                return classes, display_for_field(value, self.field, empty, self.link)
        if kind == "boolean":
            assert self.icons is not None
            icon = self.icons.get(value)
            return classes, _boolean_icon(value) if icon is None else icon
        if kind == "auto":
            return self._shown(value, empty, False)
        return classes, display_for_field(value, self.field, empty, self.link)

    def _object(self, result: Any) -> tuple[str, Any]:
        """``lookup_field``'s last case: an attribute, property or method of the object."""
        name = self.name
        sentinel = object()
        attr = getattr(result, name, sentinel)
        if callable(attr):
            value = attr()
        else:
            if attr is sentinel:
                attr = result
                for part in name.split(LOOKUP_SEP):
                    attr = getattr(attr, part, sentinel)
                    if attr is sentinel:
                        return self._shown(None, self.empty, False)
            value = attr
        if hasattr(self.model, name):
            attr = getattr(self.model, name)
        empty = getattr(attr, "empty_value_display", self.empty)
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        return self._shown(value, empty, boolean)

    def _date(self, value: Any, field: Any) -> str:
        """``display_for_field`` (or ``display_for_value`` without a field) of a date, time or
        moment, remembered for the list, and across lists in :data:`_DATES`: formatting a
        date is a regular expression and a translated month name each time."""
        key = (type(value), value)
        shown = self.dates.get(key)
        if shown is None:
            # What the text depends on: the language, the time zone (for a moment), the kind
            # of field and the value.
            zone = timezone.get_current_timezone_name() if type(value) is datetime.datetime else ""
            written = (get_language(), zone, type(field), type(value), value)
            shown = _DATES.get(written)
            if shown is None:
                if field is None:
                    shown = display_for_value(value, self.empty)
                else:
                    shown = display_for_field(value, field, self.empty, self.link)
                if len(_DATES) >= _DATES_KEPT:
                    _DATES.clear()
                _DATES[written] = shown
            self.dates[key] = shown
        return shown

    def _shown(self, value: Any, empty: Any, boolean: bool) -> tuple[str, Any]:
        """A computed column's cell: ``display_for_value`` of what it returned."""
        if isinstance(value, str) and value.strip() == "":
            value = ""
        classes = "action-checkbox" if self.name == "action_checkbox" else self.classes
        if isinstance(value, _DATE_OR_TIME):
            shown = display_for_value(value, empty, True) if boolean else self._date(value, None)
            return f"{classes} nowrap", shown
        if not boolean and type(value) in _PLAIN_STRINGS and value:
            return classes, value
        return classes, display_for_value(value, empty, boolean)


class _Rows:
    """The rows of one page of a list, each written as one string of cells."""

    def __init__(self, cl: ChangeList) -> None:
        self.cl = cl
        empty = cl.model_admin.get_empty_value_display()
        links = cl.list_display_links
        self.columns: list[_Column] = []
        first = True
        for index, name in enumerate(cl.list_display):
            if links is None:
                link = False
            elif first and not links:
                link = True
            else:
                link = name in links
            if link:
                first = False
            self.columns.append(_Column(cl, index, name, link, empty))
        self.opener = str(cl.to_field) if cl.to_field else cl.lookup_opts.pk.attname
        self._url: tuple[str, str] | None = None
        self._url_known = False

    def _link_shape(self) -> tuple[str, str] | None:
        """The row link with its preserved filters around the key, made once for the list;
        None when the model has no change page."""
        cl = self.cl
        try:
            url = reverse(
                f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
                args=(_PK_DIGITS,),
                current_app=cl.model_admin.admin_site.name,
            )
        except NoReverseMatch:
            return None
        context: dict[str, Any] = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
        before, found, after = add_preserved_filters(context, url).partition(_PK_DIGITS)
        if not found:  # pragma: no cover - a URL scheme that moves the key
            raise NoReverseMatch
        return before, after

    def url(self, result: Any) -> str | None:
        """The row's link, as ``items_for_result`` builds it, or None without a change page."""
        pk = getattr(result, self.cl.pk_attname)
        if not self._url_known:
            self._url, self._url_known = self._link_shape(), True
        if self._url is None:
            return None
        if isinstance(pk, int) and not isinstance(pk, bool):
            return f"{self._url[0]}{pk}{self._url[1]}"
        context: dict[str, Any] = {
            "preserved_filters": self.cl.preserved_filters,
            "opts": self.cl.opts,
        }
        return str(add_preserved_filters(context, self.cl.url_for_result(result)))

    def row(self, result: Any) -> SafeString:
        parts: list[str] = []
        table_tag = "th"
        for column in self.columns:
            classes, shown = column.cell(result)
            if not column.link:
                parts.append(f'<td class="{classes}">{_escape(shown)}</td>')
                continue
            url = self.url(result)
            if url is None:
                content = _escape(shown)
            else:
                opener = ""
                if self.cl.is_popup:
                    value = result.serializable_value(self.opener)
                    opener = f' data-popup-opener="{_escape(value)}"'
                content = f'<a href="{_escape(url)}"{opener}>{_escape(shown)}</a>'
            parts.append(f'<{table_tag} class="{classes}">{content}</{table_tag}>')
            table_tag = "td"
        return mark_safe("".join(parts))


def writes_rows(cl: ChangeList) -> bool:
    """Whether ``portal_result_list`` writes this list's rows itself: not an editable list,
    nor a ChangeList that draws its row links its own way."""
    url_for_result = type(cl).url_for_result
    return cl.formset is None and url_for_result in (
        ChangeList.url_for_result,
        PortalChangeList.url_for_result,
    )


def portal_results(cl: ChangeList) -> Iterator[list[SafeString]]:
    """Django's ``admin_list.results``: each row a list of HTML the results template joins
    (here the whole row in one piece: the template writes its cells with nothing between)."""
    if not writes_rows(cl):
        yield from admin_list.results(cl)
        return
    rows = _Rows(cl)
    for result in cl.result_list:
        yield admin_list.ResultList(None, [rows.row(result)])


def portal_result_list(cl: ChangeList) -> dict[str, Any]:
    """Django's ``admin_list.result_list``, its rows from :func:`portal_results`."""
    headers = list(admin_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(admin_list.result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": list(portal_results(cl)),
    }


# --- The rest of a list's page, written in Python ------------------------------------------
#
# Around its rows, a list draws its column headers, its page links and each filter's choices
# through templates (change_list_results.html, pagination.html, filter.html): a loop, a few
# conditions and an escaped variable for every header, page and choice, about a third of a
# 25-row list's time. The functions below write the same HTML, byte for byte, whenever the
# template in use is Django's own (a model or app overriding one keeps its template);
# tests/aer_portal/test_admin_lists.py compares both for every list of the portal.

#: The popup's and the counts' parameters (left out of the type stubs).
IS_POPUP_VAR: str = vars(admin_main)["IS_POPUP_VAR"]
IS_FACETS_VAR: str = vars(admin_main)["IS_FACETS_VAR"]
#: ``django.utils.timezone.template_localtime`` (left out of its type stubs).
_template_localtime: Callable[[Any], Any] = vars(timezone)["template_localtime"]
_DJANGO_ADMIN_TEMPLATES = Path(admin_list.__file__).resolve().parent.parent / "templates"
#: (app label, model name, template name) -> whether the admin would draw Django's own.
_DJANGO_DRAWS: dict[tuple[str, str, str], bool] = {}


def django_draws(opts: Any, template_name: str) -> bool:
    """Whether ``InclusionAdminNode`` would draw ``template_name`` from Django's own file for
    the model ``opts`` (no ``admin/<app>/<model>/`` or ``admin/<app>/`` override)."""
    key = (opts.app_label, opts.model_name, template_name)
    found = _DJANGO_DRAWS.get(key)
    if found is None:
        app_label, model_name = opts.app_label.lower(), opts.model_name
        template: Any = select_template(
            [
                f"admin/{app_label}/{model_name}/{template_name}",
                f"admin/{app_label}/{template_name}",
                f"admin/{template_name}",
            ]
        )
        origin = Path(str(template.origin.name)).resolve()
        found = _DJANGO_DRAWS[key] = origin.is_relative_to(_DJANGO_ADMIN_TEMPLATES)
    return found


def _text(value: Any) -> str:
    """``{{ value }}`` as the template engine writes it: localized, then escaped unless safe."""
    if type(value) is str:
        return html.escape(value)
    value = localize(_template_localtime(value))
    if not isinstance(value, str):
        value = str(value)
    return value if hasattr(value, "__html__") else html.escape(value)


def _capfirst(value: Any) -> str:
    """``{{ value|capfirst }}``: the first letter capitalised, escaped unless safe."""
    text = str(value)
    text = text and text[0].upper() + text[1:]
    return text if isinstance(value, SafeData) else html.escape(text)


def results_html(cl: ChangeList, context: dict[str, Any]) -> str:
    """admin/change_list_results.html for a list without an editable form (no hidden fields,
    no form errors), from :func:`portal_result_list`'s context."""
    parts = ["\n\n"]
    results = context["results"]
    if results:
        parts.append('\n<div class="results">\n<table id="result_list">\n<thead>\n<tr>\n')
        num_sorted = context["num_sorted_fields"]
        for header in context["result_headers"]:
            parts.append(f'\n<th scope="col"{_text(header["class_attrib"])}>\n   ')
            if header["sortable"] and header["sort_priority"] > 0:
                priority = _text(header["sort_priority"])
                parts.append(
                    '\n       <div class="sortoptions">\n         <a class="sortremove" '
                    f'href="{_text(header["url_remove"])}" '
                    f'title="{_text(gettext("Remove from sorting"))}"></a>\n         '
                )
                if num_sorted > 1:
                    title = gettext("Sorting priority: %(priority_number)s") % {
                        "priority_number": priority
                    }
                    parts.append(f'<span class="sortpriority" title="{title}">{priority}</span>')
                order = "ascending" if header["ascending"] else "descending"
                parts.append(
                    f'\n         <a href="{_text(header["url_toggle"])}" class="toggle {order}" '
                    f'title="{_text(gettext("Toggle sorting"))}"></a>\n       </div>\n   '
                )
            if header["sortable"]:
                text = f'<a href="{_text(header["url_primary"])}">{_capfirst(header["text"])}</a>'
            else:
                text = f"<span>{_capfirst(header['text'])}</span>"
            parts.append(
                f'\n   <div class="text">{text}</div>\n   <div class="clear"></div>\n</th>'
            )
        parts.append("\n</tr>\n</thead>\n<tbody>\n")
        for result in results:
            parts.append(f"\n\n<tr>{''.join(result)}</tr>\n")
        parts.append("\n</tbody>\n</table>\n</div>\n")
    parts.append("\n")
    return "".join(parts)


def pagination_html(cl: ChangeList) -> SafeString:
    """admin/pagination.html: the page links, the count and "Show all"."""
    context = admin_list.pagination(cl)
    parts = ['\n\n<p class="paginator">\n']
    if context["pagination_required"]:
        parts.append("\n")
        for number in context["page_range"]:
            parts.append(f"\n    {admin_list.paginator_number(cl, number)}\n")
        parts.append("\n")
    count = cl.result_count
    name = cl.opts.verbose_name if count == 1 else cl.opts.verbose_name_plural
    parts.append(f"\n{_text(count)} {_text(name)}\n")
    if context["show_all_url"]:
        parts.append(
            f'<a href="{_text(context["show_all_url"])}" class="showall">'
            f"{_text(gettext('Show all'))}</a>"
        )
    parts.append("\n")
    if cl.formset and count:
        parts.append(
            f'<input type="submit" name="_save" class="default" value="{_text(gettext("Save"))}">'
        )
    parts.append("\n</p>\n")
    return mark_safe("".join(parts))


_FILTER_TEMPLATE = "admin/filter.html"
_DJANGO_FILTER: list[bool] = []


def list_filter_html(cl: ChangeList, spec: Any) -> SafeString:
    """``{% admin_list_filter cl spec %}``: a filter's title and choices, written here when the
    filter uses Django's own admin/filter.html."""
    if not _DJANGO_FILTER:
        template: Any = get_template(_FILTER_TEMPLATE)
        origin = Path(str(template.origin.name)).resolve()
        _DJANGO_FILTER.append(origin.is_relative_to(_DJANGO_ADMIN_TEMPLATES))
    if spec.template != _FILTER_TEMPLATE or not _DJANGO_FILTER[0]:
        return mark_safe(admin_list.admin_list_filter(cl, spec))
    title = _text(spec.title)
    parts = [
        f'\n<details data-filter-title="{title}" open>\n  <summary>\n    ',
        gettext(" By %(filter_title)s ") % {"filter_title": title},
        "\n  </summary>\n  <ul>\n  ",
    ]
    for choice in spec.choices(cl):
        selected = ' class="selected"' if choice.get("selected") else ""
        parts.append(
            f"\n    <li{selected}>\n    "
            f'<a href="{_text(iri_to_uri(str(choice["query_string"])))}">'
            f"{_text(choice['display'])}</a></li>\n  "
        )
    parts.append("\n  </ul>\n</details>\n")
    return mark_safe("".join(parts))


#: Each admin's scripts as ``{{ media.js }}`` writes them, by their lists of paths.
_MEDIA_JS: dict[tuple[tuple[str, ...], ...], SafeString] = {}


def media_js(media: forms.Media) -> SafeString:
    """``{{ media.js }}``: the same few scripts on every page of a list, written once: Django
    merges the lists and asks the static files storage for each path at every page."""
    lists = media._js_lists  # type: ignore[attr-defined]
    if not all(type(path) is str for paths in lists for path in paths):
        return mark_safe(str(media["js"]))
    key = tuple(tuple(paths) for paths in lists)
    shown = _MEDIA_JS.get(key)
    if shown is None:
        shown = _MEDIA_JS[key] = mark_safe(str(media["js"]))
    return shown


def actions_html(context: Any) -> SafeString:
    """admin/actions.html: the action form, its button and the selection counter; counts the
    forms drawn on the page in ``action_index`` as Django's ``admin_actions`` does."""
    index = context["action_index"] = context.get("action_index", -1) + 1
    cl = context["cl"]
    fields = []
    for field in context["action_form"]:
        if field.label:
            fields.append(f"<label>{_text(field.label)} {_text(field)}</label>")
        else:
            fields.append(_text(field))
    parts = [
        '\n<div class="actions">\n  \n    \n    ',
        "".join(fields),
        "\n    \n    \n    ",
        f'<button type="submit" class="button" title="{_text(gettext("Run the selected action"))}"'
        f' name="index" value="{_text(index or 0)}">{_text(gettext("Go"))}</button>',
        "\n    \n    \n    ",
    ]
    if context.get("actions_selection_counter"):
        shown = len(cl.result_list)
        parts.append(
            f'\n        <span class="action-counter" data-actions-icnt="{_text(shown)}">'
            f"{_text(context.get('selection_note', ''))}</span>\n        "
        )
        if cl.result_count != shown:
            select_all = gettext("Select all %(total_count)s %(module_name)s") % {
                "total_count": _text(cl.result_count),
                "module_name": _text(context.get("module_name", "")),
            }
            title = _text(gettext("Click here to select the objects across all pages"))
            parts.append(
                f'\n        <span class="all hidden">{_text(context.get("selection_note_all", ""))}'
                '</span>\n        <span class="question hidden">\n            '
                f'<a role="button" href="#" title="{title}">{select_all}</a>\n        </span>\n'
                '        <span class="clear hidden"><a role="button" href="#">'
                f"{_text(gettext('Clear selection'))}</a></span>\n        "
            )
        parts.append("\n    ")
    parts.append("\n    \n  \n</div>\n")
    return mark_safe("".join(parts))


def search_form_html(cl: ChangeList) -> SafeString:
    """admin/search_form.html: the search box, the count of what it found and the filters it
    keeps."""
    if not cl.search_fields:
        return mark_safe("\n\n")
    described = ' aria-describedby="searchbar_helptext"' if cl.search_help_text else ""
    parts = [
        '\n\n<div id="toolbar"><form id="changelist-search" method="get" role="search">\n'
        "<div><!-- DIV needed for valid HTML -->\n"
        f'<label for="searchbar"><img src="{_text(static("admin/img/search.svg"))}" '
        'alt="Search"></label>\n'
        f'<input type="text" size="40" name="{SEARCH_VAR}" value="{_text(cl.query)}" '
        f'id="searchbar"{described}>\n'
        f'<input type="submit" value="{_text(gettext("Search"))}">\n'
    ]
    if cl.result_count != cl.full_result_count:
        count = _text(cl.result_count)
        found = ngettext("%(counter)s result", "%(counter)s results", cl.result_count) % {
            "counter": count
        }
        query = ""
        if cl.is_popup:
            query = f"{IS_POPUP_VAR}=1{'&' if cl.add_facets else ''}"
        if cl.add_facets:
            query += IS_FACETS_VAR
        if cl.show_full_result_count:
            total = gettext("%(full_result_count)s total") % {
                "full_result_count": _text(cl.full_result_count)
            }
        else:
            total = _text(gettext("Show all"))
        parts.append(
            f'\n    <span class="small quiet">{found} (<a href="?{query}">{total}</a>)</span>\n'
        )
    parts.append("\n")
    for name, value in cl.params.items():
        parts.append("\n    ")
        if name != SEARCH_VAR:
            parts.append(f'<input type="hidden" name="{_text(name)}" value="{_text(value)}">')
        parts.append("\n")
    parts.append("\n</div>\n")
    if cl.search_help_text:
        parts.append(
            '\n<br class="clear">\n'
            f'<div class="help" id="searchbar_helptext">{_text(cl.search_help_text)}</div>\n'
        )
    parts.append("\n</form></div>\n\n")
    return mark_safe("".join(parts))


def _object_tools_item(url: str, link: str, label: str, quote: str = '"') -> str:
    """An import or export link as import_export's change_list_*_item.html writes it."""
    return f'\n<li><a href={quote}{_text(url)}{quote} class="{link}">{_text(label)}</a></li>\n'


def object_tools_html(context: Any) -> SafeString:
    """The object tools above a list ("Add …", and "Import" and "Export" for a list that
    imports and exports): Django's change_list_object_tools.html, inside import_export's
    blocks for such a list (change_list_import_export.html), the same HTML."""
    cl = context["cl"]
    opts = cl.opts
    site = cl.model_admin.admin_site.name
    tools = "\n\n\n  "
    if context.get("has_add_permission"):
        try:
            add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add", current_app=site)
        except NoReverseMatch:
            add_url = ""
        url = add_preserved_filters(
            context, add_url, context.get("is_popup"), context.get("to_field")
        )
        name = gettext("Add %(name)s") % {"name": _text(opts.verbose_name)}
        tools += (
            f'\n  <li>\n    \n    <a href="{_text(url)}" class="addlink">\n      {name}\n'
            "    </a>\n  </li>\n  "
        )
    tools += "\n\n"
    django_items = f"\n            {tools}\n          "
    imports, exports = "has_import_permission" in context, "has_export_permission" in context
    if not imports and not exports:
        return mark_safe(
            f'\n        <ul class="object-tools">\n          {django_items}\n        </ul>\n    '
        )
    items = ""
    if imports:
        link = ""
        if context["has_import_permission"]:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_import", current_app=site)
            link = _object_tools_item(url, "import_link", gettext("Import"), quote="'")
        items += f"\n  \n\n\n{link}\n"
    if exports:
        link = ""
        if context["has_export_permission"]:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_export", current_app=site)
            link = _object_tools_item(
                f"{url}{cl.get_query_string()}", "export_link", gettext("Export")
            )
        items += f"\n  \n\n\n{link}\n"
    added = f"\n        {django_items}\n      " if context.get("has_add_permission") else ""
    items += f"\n  \n      {added}\n    \n"
    return mark_safe(f'\n  <ul class="object-tools">\n    {items}\n  </ul>\n')
