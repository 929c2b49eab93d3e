"""Pages about bodies, their composition and mandates."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from aer_portal.messages import render_with_article
from governance.selectors.bodies import bodies_for, body_for
from governance.selectors.composition import ENDING_SOON_MONTHS, body_page
from members.access import PortalRequest

#: Rows the composition and the warnings of a body's page list before "show all" (a natural
#: page: 50 rich rows were a third of the General Assembly's page).
BODY_ROWS = 25


@require_GET
def body_list(request: PortalRequest) -> HttpResponse:
    """The bodies of AER: the statutory ones for anyone, every body after login."""
    bodies = bodies_for(user=request.user, on=timezone.localdate())
    return render(request, "governance/bodies/list.html", {"bodies": bodies})


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
    }
    return render(request, "governance/bodies/detail.html", context)
