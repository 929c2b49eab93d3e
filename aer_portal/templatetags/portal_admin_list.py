"""Django's changelist tags, their HTML written in Python (``aer_portal.admin_lists``).

templates/admin/change_list.html uses them in place of Django's ``result_list``,
``admin_actions``, ``search_form``, ``pagination`` and ``admin_list_filter`` (each named
``portal_…``), and ``{% portal_media_js media %}`` for ``{{ media.js }}``. Each draws
Django's template instead when a model or app overrides it, or when the list is editable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.template import Library
from django.template.context import Context
from django.template.loader import select_template
from django.utils.safestring import SafeString, mark_safe

from aer_portal.admin_lists import (
    actions_html,
    django_draws,
    list_filter_html,
    media_js,
    object_tools_html,
    pagination_html,
    portal_result_list,
    results_html,
    search_form_html,
    writes_rows,
)

register = Library()


class _ResultListNode(InclusionAdminNode):
    """The table of a list: written in Python unless its template is overridden."""

    def render(self, context: Context) -> SafeString:
        cl = self.args[0].resolve(context)
        if writes_rows(cl) and django_draws(cl.opts, self.template_name):
            return mark_safe(results_html(cl, portal_result_list(cl)))
        return super().render(context)


class _ChangeListPartNode(InclusionAdminNode):
    """A part of a list (the page links, the search box) that ``draw`` writes in Python
    unless its template is overridden."""

    def __init__(
        self, parser: Any, token: Any, *, draw: Callable[[Any], SafeString], **kwargs: Any
    ) -> None:
        super().__init__(parser, token, **kwargs)
        self.draw = draw

    def render(self, context: Context) -> SafeString:
        cl = self.args[0].resolve(context)
        if django_draws(cl.opts, self.template_name):
            return self.draw(cl)
        return super().render(context)


class _ActionsNode(InclusionAdminNode):
    """The action form of a list: written in Python unless its template is overridden."""

    def render(self, context: Context) -> SafeString:
        if django_draws(context["opts"], self.template_name):
            return actions_html(context)
        return super().render(context)


@register.tag(name="portal_admin_actions")
def portal_admin_actions_tag(parser: Any, token: Any) -> InclusionAdminNode:
    return _ActionsNode(parser, token, func=admin_list.admin_actions, template_name="actions.html")


@register.tag(name="portal_search_form")
def portal_search_form_tag(parser: Any, token: Any) -> InclusionAdminNode:
    return _ChangeListPartNode(
        parser,
        token,
        func=admin_list.search_form,
        template_name="search_form.html",
        takes_context=False,
        draw=search_form_html,
    )


@register.tag(name="portal_result_list")
def portal_result_list_tag(parser: Any, token: Any) -> InclusionAdminNode:
    return _ResultListNode(
        parser,
        token,
        func=portal_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )


@register.tag(name="portal_pagination")
def portal_pagination_tag(parser: Any, token: Any) -> InclusionAdminNode:
    return _ChangeListPartNode(
        parser,
        token,
        func=admin_list.pagination,
        template_name="pagination.html",
        takes_context=False,
        draw=pagination_html,
    )


@register.simple_tag
def portal_list_filter(cl: Any, spec: Any) -> SafeString:
    return list_filter_html(cl, spec)


@register.simple_tag
def portal_media_js(media: Any) -> SafeString:
    return media_js(media)


@register.simple_tag(takes_context=True)
def portal_object_tools(context: Context) -> SafeString:
    """The object tools block of a list (``aer_portal.admin_lists.page.object_tools_html``), or
    Django's template when a model or app overrides change_list_object_tools.html."""
    opts = context["cl"].opts
    if django_draws(opts, "change_list_object_tools.html"):
        return object_tools_html(context)
    template: Any = select_template(
        [
            f"admin/{opts.app_label}/{opts.model_name}/change_list_object_tools.html",
            f"admin/{opts.app_label}/change_list_object_tools.html",
            "admin/change_list_object_tools.html",
        ]
    )
    return mark_safe(
        f'\n        <ul class="object-tools">\n          \n            '
        f"{template.render(context.flatten())}\n          \n        </ul>\n    "
    )
