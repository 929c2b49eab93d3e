"""A statutory body's composition for the AER website's frame (README, "Open data")."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from aer_portal.open_data import embed_page
from governance.selectors.bodies import body_for, public_mandates


@require_GET
def body(request: HttpRequest, slug: str) -> HttpResponse:
    """Who holds which seat today: what the body's public page shows, without its warnings;
    a page of ``OPEN_DATA_PAGE_SIZE`` holders at a time (``?page=N``), with the total."""
    found = body_for(slug=slug, user=AnonymousUser())
    if found is None:
        raise Http404(gettext("There is no body with this name."))
    today = timezone.localdate()
    page = embed_page(request, public_mandates(body=found, on=today))
    context = {"body": found, "on": today, "page": page, "mandates": page.object_list}
    return render(request, "embed/body.html", context)
