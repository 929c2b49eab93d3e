"""Member portal pages: "My region", correcting its contacts, and the member directory."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aer_portal.dates import day
from aer_portal.errors import DomainError
from aer_portal.rules.applications import withdrawal_effective_day
from aer_portal.rules.membership import MemberCategory
from members.access import PortalRequest, may_correct_contacts, may_run_secretariat, require
from members.access_requests import (
    access_request_approve,
    access_request_refuse,
    access_request_submit,
    officer_may_grant,
    region_accounts,
)
from members.forms import AccessAskForm, AccessRefuseForm, ContactForm, WithdrawalForm
from members.models import AccessRequest, Member, Person, PortalAccess, User, WithdrawalNotice
from members.selectors.access import decided_access_requests, pending_access_requests
from members.selectors.applications import may_give_notice
from members.selectors.directory import (
    DirectoryEntry,
    DirectoryFilters,
    directory_countries,
    directory_page,
    member_for_user,
)
from members.selectors.records import PersonRecord, contact_for_member, member_record
from members.services.records import contact_create, contact_update
from members.services.withdrawals import withdrawal_notice_give

#: Members the directory lists before "show all": a page of the portal's usual 25 rows.
DIRECTORY_ROWS = 25


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
    # A thousand members at five times AER's size: the first rows unless "show all" (for
    # printing), cut in the database; the count above the table is every member the filters
    # match, counted by the database.
    show_all = request.GET.get("all") == "1"
    today = timezone.localdate()
    entries, matching = directory_page(
        on=today,
        filters=filters,
        with_contacts=request.user.is_authenticated,
        limit=None if show_all else DIRECTORY_ROWS,
    )
    query = request.GET.copy()
    query["all"] = "1"
    context = {
        "entries": entries,
        "rows": _directory_rows(entries),
        "with_contacts": request.user.is_authenticated,
        "matching": matching,
        "show_all_query": query.urlencode(),
        "filters": filters,
        "countries": directory_countries(),
        "selected_country": filters.country,
        "categories": [(c.value, _(c.label)) for c in MemberCategory],
        "kinds": Member.Kind.choices,
    }
    return render(request, "members/directory.html", context)


def _directory_rows(entries: list[DirectoryEntry]) -> list[dict[str, Any]]:
    """The directory's cells as words, made once here: the template looked each member's
    name, country and dates up through three objects and a filter per row."""
    rows = []
    for entry in entries:
        member = entry.member
        rows.append(
            {
                "name": member.name,
                "native_name": member.native_name if member.native_name != member.name else "",
                "website": member.website,
                "country": member.country.name,
                "category": entry.category_label,
                "until": date_format(entry.observer_until, "DATE_FORMAT")
                if entry.observer_until
                else "",
                "suspended": entry.suspended,
                "contacts": [
                    {"name": str(person), "email": person.email, "phone": person.phone}
                    for person in entry.contacts
                ],
            }
        )
    return rows


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
    # A region the account acts for came with its roles (and its country): a save of a
    # member or country renews the roles, so that member is as fresh as a query's.
    for access in request.portal.accesses:
        if access.member_id == member_id:
            return access.member
    member = member_for_user(user=request.user, member_id=member_id)
    if member is None:
        raise Http404(_("No member region of yours has this number."))
    return member


@login_required
@require_GET
def record(request: PortalRequest, member_id: int) -> HttpResponse:
    """ "My region": the record, category and history, contacts, delegates, bodies."""
    member = _member_or_404(request, member_id)
    record = member_record(member=member, on=timezone.localdate())
    context = {
        "record": record,
        "contact_rows": _contact_rows(record.people),
        "may_edit": may_correct_contacts(request.portal, member_id=member.pk),
        "secretariat_email": settings.SECRETARIAT_EMAIL,
        "today": timezone.localdate(),
        # The contacts' pages (``contact_edit``, ``contact_access``) are under this address:
        # one reverse for the page, not two for every contact.
        "contacts_url": reverse("members:contact_add", args=[member.pk]).removesuffix("add/"),
    }
    return render(request, "members/record.html", context)


def _contact_rows(people: tuple[PersonRecord, ...]) -> list[dict[str, Any]]:
    """The contacts table's cells as words, made once here: a dozen lookups and filters per
    person in the template were half of the page's rendering."""
    rows = []
    for row in people:
        person, asked = row.person, row.access_request
        rows.append(
            {
                "pk": str(person.pk),
                "name": str(person),
                "roles": ", ".join(
                    f"{role.label} ({role.unit})" if role.unit else role.label for role in row.roles
                )
                or "—",
                "title": person.title or "—",
                "email": person.email,
                "phone": person.phone or "—",
                "languages": person.languages or "—",
                "has_account": row.has_account,
                "asked": asked.status if asked else "",
                "asked_on": date_format(timezone.localtime(asked.requested_at), "DATE_FORMAT")
                if asked and asked.status == AccessRequest.Status.PENDING
                else "",
                "refusal_reason": asked.refusal_reason if asked else "",
            }
        )
    return rows


def _editable_member(request: PortalRequest, member_id: int) -> Member:
    member = _member_or_404(request, member_id)
    require(
        may_correct_contacts(request.portal, member_id=member.pk),
        _("Only the region's officers correct its contacts."),
    )
    return member


def _contact_page(request: PortalRequest, member: Member, person: Person | None) -> HttpResponse:
    """The contact form, new (``person`` ``None``) or filled in: a valid POST saves through
    the service and goes back to the region's contacts; an error stays on the form."""
    initial = ContactForm.initial_for(person) if person is not None else None
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            name: data[name]
            for name in ("first_name", "last_name", "email", "phone", "title", "languages", "unit")
        }
        try:
            if person is None:
                person = contact_create(
                    member=member, actor=request.user, roles=data["roles"], **fields
                )
            else:
                contact_update(person=person, actor=request.user, roles=data["roles"], **fields)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("%(person)s is saved.") % {"person": person})
            return HttpResponseRedirect(reverse("members:record", args=[member.pk]) + "#contacts")
    context = {"member": member, "person": person, "form": form}
    return render(request, "members/contact_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: PortalRequest, member_id: int, person_id: int) -> HttpResponse:
    """An officer of the region corrects one of its contacts."""
    member = _editable_member(request, member_id)
    person = contact_for_member(member_id=member.pk, person_id=person_id)
    if person is None:
        raise Http404(_("This region has no contact with this number."))
    return _contact_page(request, member, person)


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: PortalRequest, member_id: int) -> HttpResponse:
    """An officer of the region adds a contact."""
    return _contact_page(request, _editable_member(request, member_id), None)


@login_required
@require_http_methods(["GET", "POST"])
def contact_access(request: PortalRequest, member_id: int, person_id: int) -> HttpResponse:
    """An officer of the region asks for a portal account for one of its contacts.

    The page says beforehand whether the account is given at once (the secretariat's limits)
    or waits for the secretariat; members.access_requests decides.
    """
    member = _editable_member(request, member_id)
    person = contact_for_member(member_id=member.pk, person_id=person_id)
    if person is None:
        raise Http404(_("This region has no contact with this number."))
    form = AccessAskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            asked = access_request_submit(
                person=person,
                role=form.cleaned_data["role"],
                actor=request.user,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if asked.status == AccessRequest.Status.PENDING:
                text = _(
                    "Access for %(person)s is asked; the secretariat decides and you will see "
                    "its answer here."
                )
            else:
                text = _("%(person)s is invited; the e-mail with the link is on its way.")
            messages.success(request, text % {"person": person})
            return HttpResponseRedirect(reverse("members:record", args=[member.pk]) + "#contacts")
    accounts = region_accounts(member_id=member.pk)
    grantable = [
        label
        for value, label in PortalAccess.Role.choices
        if officer_may_grant(role=value, accounts=accounts)
    ]
    context = {
        "member": member,
        "person": person,
        "form": form,
        "has_account": User.objects.filter(person=person).exists(),
        "pending": person.access_requests.filter(status=AccessRequest.Status.PENDING).first(),
        "grantable": grantable,
        "accounts": accounts,
        "limit": settings.AER_OFFICER_GRANT_LIMIT,
    }
    return render(request, "members/contact_access.html", context)


def _staff_only(request: PortalRequest) -> None:
    require(
        may_run_secretariat(request.portal),
        _("Only the secretariat decides on requests for portal access."),
    )


@login_required
@require_GET
def access_requests(request: PortalRequest) -> HttpResponse:
    """The secretariat's one place for requests for portal access: waiting, then decided."""
    _staff_only(request)
    context = {
        "pending": pending_access_requests(),
        "decided": decided_access_requests(),
        "refuse_form": AccessRefuseForm(),
    }
    return render(request, "members/access_requests.html", context)


@login_required
@require_POST
def access_request_decide(request: PortalRequest, pk: int) -> HttpResponse:
    """Approve (the invitation goes out) or refuse (the officer is told why) one request."""
    _staff_only(request)
    asked = get_object_or_404(AccessRequest.objects.select_related("person"), pk=pk)
    decision = request.POST.get("decision")
    refuse_form = AccessRefuseForm(request.POST if decision == "refuse" else None)
    try:
        if decision == "approve":
            access_request_approve(
                access_request=asked,
                actor=request.user,
                now=timezone.now(),
            )
            messages.success(
                request,
                _("%(person)s is invited; the e-mail with the link is on its way.")
                % {"person": asked.person},
            )
        elif decision == "refuse" and refuse_form.is_valid():
            access_request_refuse(
                access_request=asked,
                actor=request.user,
                reason=refuse_form.cleaned_data["reason"],
                now=timezone.now(),
            )
            messages.success(
                request,
                _("The request for %(person)s is refused; the officer is told why.")
                % {"person": asked.person},
            )
        elif decision != "refuse":
            return HttpResponse(_("Choose to approve or to refuse."), status=400)
        else:
            return _access_requests_again(request, refused=asked, refuse_form=refuse_form)
    except DomainError as error:
        if decision == "refuse":
            refuse_form.add_domain_error(error)
        else:
            messages.error(request, error.message)
        return _access_requests_again(request, refused=asked, refuse_form=refuse_form)
    return HttpResponseRedirect(reverse("members:access_requests"))


def _access_requests_again(
    request: PortalRequest, *, refused: AccessRequest, refuse_form: AccessRefuseForm
) -> HttpResponse:
    """The page again, with what was typed kept under the request it was about."""
    context = {
        "pending": pending_access_requests(),
        "decided": decided_access_requests(),
        "refuse_form": AccessRefuseForm(),
        "failed_pk": refused.pk,
        "failed_form": refuse_form,
    }
    return render(request, "members/access_requests.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def withdrawal(request: PortalRequest, member_id: int) -> HttpResponse:
    """The member's officer gives notice of withdrawal, confirmed with a tick; the page shows
    the day it takes effect (settings.WITHDRAWAL_NOTICE_MONTHS) before anything is sent."""
    member = _member_or_404(request, member_id)
    require(
        may_give_notice(user=request.user, member_id=member.pk),
        _("Only the region's officers give notice of withdrawal."),
    )
    today = timezone.localdate()
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = withdrawal_notice_give(
                member=member, actor=request.user, today=today, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Notice given: the membership ends on %(day)s.")
                % {"day": day(notice.effective_on)},
            )
            return HttpResponseRedirect(reverse("members:record", args=[member.pk]))
    context = {
        "member": member,
        "form": form,
        "notices": list(WithdrawalNotice.objects.filter(member=member).order_by("-given_on")),
        "effective_on": withdrawal_effective_day(today, months=settings.WITHDRAWAL_NOTICE_MONTHS),
    }
    return render(request, "members/applications/withdrawal.html", context)
