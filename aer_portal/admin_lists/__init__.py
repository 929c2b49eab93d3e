"""What every long admin list of the portal shares: a short first page drawn cheaply.

The secretariat's admin lists (members, people, mandates, meetings, invoices…) hold thousands
of rows at five times AER's size. Django's defaults draw 100 rows a page, count the table twice
(once for the page, once for "N total" beside a search) and render each row's selection box
through the form template engine, which alone took a third of a list's time. A list finds a
record by its search box and filters; 25 rows a page read as well and cost a quarter.

The rows themselves are written by :func:`portal_result_list` (templates/admin/change_list.html
calls it through ``{% portal_result_list cl %}``): Django's HTML, byte for byte, for every list
of the portal, decided once per column rather than once per cell.

One module per part: ``changelist`` (the list, its action form and its rows' links),
``columns`` (each column resolved once, and its cells), ``rows`` (the rows of a page) and
``page`` (the headers, page links, filters, actions, search box and object tools around them).
"""

from aer_portal.admin_lists.changelist import PortalActionForm, PortalListMixin, row_url
from aer_portal.admin_lists.page import (
    actions_html,
    django_draws,
    list_filter_html,
    media_js,
    object_tools_html,
    pagination_html,
    results_html,
    search_form_html,
)
from aer_portal.admin_lists.rows import portal_result_list, writes_rows

__all__ = [
    "PortalActionForm",
    "PortalListMixin",
    "actions_html",
    "django_draws",
    "list_filter_html",
    "media_js",
    "object_tools_html",
    "pagination_html",
    "portal_result_list",
    "results_html",
    "row_url",
    "search_form_html",
    "writes_rows",
]
