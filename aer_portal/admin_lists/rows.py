"""The rows of an admin list, written in Python.

Django draws each cell of a changelist through ``items_for_result``: it looks the column up
in the model's fields again (an exception for every column that is not a field), asks the
static-files storage for the boolean icons, rebuilds the row's link with its preserved
filters by parsing and resolving the URL, and formats the cell; the template then loops over
the cells. At 25 rows of 7 columns that was about 20 µs a cell, half of an admin list.
``portal_result_list`` below makes the same decisions once per column
(``aer_portal.admin_lists.columns``), writes each row's cells as one string, and gives
Django's own function every case it does not know (an editable list, a ChangeList with its
own row links). tests/aer_portal/test_admin_lists.py compares both renderings of every admin
list of the portal, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe

from aer_portal.admin_lists.changelist import _PK_DIGITS, PortalChangeList
from aer_portal.admin_lists.columns import _Column, _escape


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
