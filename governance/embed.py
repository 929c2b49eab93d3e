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
from governance.selectors.holders import PageWords


@require_GET
def body(request: HttpRequest, slug: str) -> HttpResponse:
    """Who holds which seat today: what the body's public page shows, without its warnings;
    a page of ``OPEN_DATA_PAGE_SIZE`` holders at a time (``?page=N``), with the total."""
    found = body_for(slug=slug, user=AnonymousUser())
    if found is None:
        raise Http404(gettext("There is no body with this name."))
    today = timezone.localdate()
    seats = list(found.seats.select_related("country").order_by())
    page = embed_page(request, public_mandates(body=found, on=today, seats=seats))
    # Each row's words made here once (a seat's label and a day are shared by many rows):
    # per-row properties and ``|date`` filters were most of the frame's rendering.
    words = PageWords()
    labels = words.seat_labels(seats)
    rows = [
        {
            "seat": labels[mandate.seat_id],
            "person": str(mandate.person),
            "member": mandate.member.name if mandate.member is not None else "",
            "term": words.term(mandate.starts_on, mandate.ends_on),
        }
        for mandate in page.object_list
    ]
    context = {"body": found, "on": today, "page": page, "mandates": rows}
    return render(request, "embed/body.html", context)
