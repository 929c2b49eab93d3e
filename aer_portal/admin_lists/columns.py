"""One column of an admin list, resolved once for the list: what Django's ``items_for_result``
decides for every cell that does not depend on the row, and each cell written from it.

Its rows are put together in ``aer_portal.admin_lists.rows``.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable
from typing import Any

from django.contrib.admin import helpers
from django.contrib.admin import utils as admin_utils
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    display_for_field,
    display_for_value,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils import numberformat, timezone
from django.utils.formats import get_format
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from aer_portal.admin_lists.changelist import PortalListMixin

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
