"""Member portal pages: "My region", correcting its contacts, and the member directory."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aer_portal.errors import DomainError
from aer_portal.rules.membership import MemberCategory
from members.access import may_correct_contacts, require
from members.forms import ContactForm
from members.http import PortalRequest
from members.models import Member, Person
from members.selectors.directory import (
    DirectoryFilters,
    directory_countries,
    member_directory,
    member_for_user,
)
from members.selectors.records import contact_for_member, member_record
from members.services import contact_create, contact_update

#: Members the directory lists before "show all".
DIRECTORY_ROWS = 50


@require_GET
def directory(request: PortalRequest) -> HttpResponse:
    """Every member with country and category; people's contact details only after login."""
    filters = DirectoryFilters(
        query=request.GET.get("q", "").strip()[:100],
        country=request.GET.get("country", "").strip()[:2],
        category=request.GET.get("category", "").strip()
        if request.GET.get("category") in {c.value for c in MemberCategory}
        else "",
        kind=request.GET.get("kind", "")
        if request.GET.get("kind") in {k.value for k in Member.Kind}
        else "",
    )
    entries = member_directory(
        on=timezone.localdate(), filters=filters, with_contacts=request.user.is_authenticated
    )
    # A thousand members at five times AER's size: the first rows unless "show all" (for
    # printing); the count above the table is every member the filters match.
    show_all = request.GET.get("all") == "1"
    query = request.GET.copy()
    query["all"] = "1"
    context = {
        "entries": entries if show_all else entries[:DIRECTORY_ROWS],
        "matching": len(entries),
        "show_all_query": query.urlencode(),
        "filters": filters,
        "countries": directory_countries(),
        "categories": [(c.value, _(c.label)) for c in MemberCategory],
        "kinds": Member.Kind.choices,
    }
    return render(request, "members/directory.html", context)


@login_required
@require_GET
def my_region(request: PortalRequest) -> HttpResponse:
    """The region the account acts for; staff go to the directory to choose one."""
    acting_for = request.portal.acting_for
    if acting_for is not None:
        return HttpResponseRedirect(reverse("members:record", args=[acting_for.pk]))
    if request.user.is_staff:
        return HttpResponseRedirect(reverse("members:directory"))
    return render(
        request, "members/no_region.html", {"secretariat_email": settings.SECRETARIAT_EMAIL}
    )


def _member_or_404(request: PortalRequest, member_id: int) -> Member:
    member = member_for_user(user=request.user, member_id=member_id)
    if member is None:
        raise Http404(_("No member region of yours has this number."))
    return member


@login_required
@require_GET
def record(request: PortalRequest, member_id: int) -> HttpResponse:
    """ "My region": the record, category and history, contacts, delegates, bodies."""
    member = _member_or_404(request, member_id)
    context = {
        "record": member_record(member=member, on=timezone.localdate()),
        "may_edit": may_correct_contacts(request.portal, member_id=member.pk),
        "secretariat_email": settings.SECRETARIAT_EMAIL,
        "today": timezone.localdate(),
    }
    return render(request, "members/record.html", context)


def _editable_member(request: PortalRequest, member_id: int) -> Member:
    member = _member_or_404(request, member_id)
    require(
        may_correct_contacts(request.portal, member_id=member.pk),
        _("Only the region's officers correct its contacts."),
    )
    return member


def _save_contact(
    request: PortalRequest, form: ContactForm, member: Member, person: Person | None
) -> HttpResponse | None:
    """Calls the service; returns the redirect, or None with the error on the form."""
    data = form.cleaned_data
    fields = {
        name: data[name]
        for name in ("first_name", "last_name", "email", "phone", "title", "languages", "unit")
    }
    try:
        if person is None:
            person = contact_create(
                member=member,
                actor=request.user,
                roles=data["roles"],
                **fields,
            )
        else:
            contact_update(
                person=person,
                actor=request.user,
                roles=data["roles"],
                **fields,
            )
    except DomainError as error:
        form.add_domain_error(error)
        return None
    messages.success(request, _("%(person)s is saved.") % {"person": person})
    return HttpResponseRedirect(reverse("members:record", args=[member.pk]) + "#contacts")


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: PortalRequest, member_id: int, person_id: int) -> HttpResponse:
    """An officer of the region corrects one of its contacts."""
    member = _editable_member(request, member_id)
    person = contact_for_member(member_id=member.pk, person_id=person_id)
    if person is None:
        raise Http404(_("This region has no contact with this number."))
    form = ContactForm(request.POST or None, initial=ContactForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        response = _save_contact(request, form, member, person)
        if response is not None:
            return response
    context = {"member": member, "person": person, "form": form}
    return render(request, "members/contact_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: PortalRequest, member_id: int) -> HttpResponse:
    """An officer of the region adds a contact."""
    member = _editable_member(request, member_id)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _save_contact(request, form, member, None)
        if response is not None:
            return response
    context = {"member": member, "person": None, "form": form}
    return render(request, "members/contact_form.html", context)
