"""The rest of an admin list's page, written in Python.

Around its rows, a list draws its column headers, its page links and each filter's choices
through templates (change_list_results.html, pagination.html, filter.html): a loop, a few
conditions and an escaped variable for every header, page and choice, about a third of a
25-row list's time. The functions below write the same HTML, byte for byte, whenever the
template in use is Django's own (a model or app overriding one keeps its template);
tests/aer_portal/test_admin_lists.py compares both for every list of the portal. The same
goes for the actions, the search box, the scripts and the object tools above a list.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views import main as admin_main
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.template.loader import get_template, select_template
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.formats import localize
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext, ngettext

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
