"""``{% portal_result_list cl %}``: Django's ``{% result_list cl %}``, its rows written in Python.

templates/admin/change_list.html uses it in place of Django's tag; the rows are
``aer_portal.admin_lists.portal_result_list``'s, the template is Django's change_list_results.html.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.template import Library

from aer_portal.admin_lists import portal_result_list

register = Library()


@register.tag(name="portal_result_list")
def portal_result_list_tag(parser: Any, token: Any) -> InclusionAdminNode:
    return InclusionAdminNode(
        parser,
        token,
        func=portal_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
