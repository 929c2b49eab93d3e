"""Pages about bodies, their composition and mandates."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from aer_portal.messages import render_with_article
from governance.selectors.bodies import bodies_for, body_for
from governance.selectors.composition import ENDING_SOON_MONTHS, body_page
from governance.selectors.holders import Holder, Share
from members.access import PortalRequest

#: Rows the composition and the warnings of a body's page list before "show all" (a natural
#: page: 50 rich rows were a third of the General Assembly's page).
BODY_ROWS = 25


@require_GET
def body_list(request: PortalRequest) -> HttpResponse:
    """The bodies of AER: the statutory ones for anyone, every body after login."""
    bodies = bodies_for(user=request.user, on=timezone.localdate())
    return render(request, "governance/bodies/list.html", {"bodies": bodies})


def composition_rows(holders: Sequence[Holder]) -> SafeString:
    """The composition's rows, as the template wrote them: a row's cells and badges written
    here cost a tenth of the template's lookups, and the General Assembly lists 25 rows (all
    its delegates on "show all")."""
    observer_badge = (
        ' <span class="badge text-bg-secondary observer-no-vote">'
        f"{escape(gettext('observer: no vote'))}</span>"
    )
    final_badge = (
        f' <span class="badge text-bg-secondary">{escape(gettext("last term allowed"))}</span>'
    )
    rows = []
    for holder in holders:
        member = (
            escape(holder.member) + (observer_badge if holder.observer else "")
            if holder.member
            else "—"
        )
        final = final_badge if holder.final_term else ""
        rows.append(
            f'\n        <tr>\n          <th scope="row">{escape(holder.seat)}</th>'
            f"\n          <td>{escape(holder.person)}</td>\n          <td>{member}</td>"
            f"\n          <td>{escape(holder.term)}</td>"
            f"\n          <td>{holder.consecutive_term}{final}</td>\n        </tr>\n      "
        )
    return mark_safe("".join(rows))


def share_rows(shares: Sequence[Share]) -> SafeString:
    """The rows of a balance table (a line per country: 35 and more), written once here."""
    return mark_safe(
        "".join(
            f'<tr><th scope="row">{escape(share.label)}</th><td>{share.count}</td>'
            f"<td>{share.percent} %</td></tr>"
            for share in shares
        )
    )


@require_GET
def body_detail(request: PortalRequest, slug: str) -> HttpResponse:
    """A body's current composition, vacancies, terms ending soon and balance."""
    body = body_for(slug=slug, user=request.user)
    if body is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404(gettext("There is no body with this name."))
    # The General Assembly holds a thousand delegates at five times AER's size: the page lists
    # the first rows of its long lists, cut and counted by the database (the counts and the
    # balance still cover everyone), and every row with "show all", for printing.
    show_all = request.GET.get("all") == "1"
    page = body_page(body=body, on=timezone.localdate(), limit=None if show_all else BODY_ROWS)
    context = {
        "page": page,
        # Each warning's sentence written here, once: a filter per row cost the template
        # as much as the rest of the row.
        "warnings": [render_with_article(warning) for warning in page.warnings],
        "mandates": page.mandates,
        "show_all": show_all,
        "ending_soon_months": ENDING_SOON_MONTHS,
        "observer_reason": render_with_article(page.observer_reason),
        "composition_rows": composition_rows(page.mandates),
        "country_rows": share_rows(page.by_country),
    }
    return render(request, "governance/bodies/detail.html", context)
