"""AER's statutory bodies as open data, in the Popolo shapes (README, "Open data").

A body is a Popolo ``Organization``, a seat a ``Post``, a running mandate a ``Membership``
with its start and end. Only the bodies anyone may read today (the statutory ones) and only
what their public page shows: the person's name, the member region, the seat and the term.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from aer_portal.links import absolute_url
from aer_portal.open_data import OpenDataPagination, Rows
from governance.models import Body, Mandate, Seat
from governance.selectors.bodies import bodies_for, body_for, public_mandates
from members.models import person_name, person_name_columns


def _post_label(seat: Seat) -> str:
    label = seat.role_label  # not get_role_display(): it translates every role, per row
    if seat.portfolio:
        label += f" ({seat.portfolio})"
    if seat.country is not None:
        label += f" — {seat.country.name}"
    return label


class OrganizationSerializer(serializers.Serializer):
    """A Popolo Organization: one of AER's bodies."""

    id = serializers.CharField(source="slug")
    name = serializers.CharField()
    classification = serializers.CharField(source="kind")
    classification_label = serializers.CharField(source="get_kind_display")
    description = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, body: Body) -> str:
        return absolute_url("governance:body_detail", body.slug)


class PostSerializer(serializers.Serializer):
    """A Popolo Post: a seat of the body (President, Vice-President for a portfolio, …)."""

    id = serializers.IntegerField(source="pk")
    organization_id = serializers.CharField(source="body.slug")
    role = serializers.CharField()
    label = serializers.SerializerMethodField()
    country = serializers.CharField(source="country.code", allow_null=True, default=None)

    def get_label(self, seat: Seat) -> str:
        return _post_label(seat)


class MembershipSerializer(serializers.Serializer):
    """A Popolo Membership: a person holding a post, for a member region, from start to end."""

    id = serializers.IntegerField(source="pk")
    organization_id = serializers.CharField(source="seat.body.slug")
    post_id = serializers.IntegerField(source="seat_id")
    role = serializers.SerializerMethodField()
    person_name = serializers.SerializerMethodField()
    on_behalf_of_id = serializers.IntegerField(source="member_id", allow_null=True)
    on_behalf_of_name = serializers.CharField(source="member.name", allow_null=True, default=None)
    start_date = serializers.DateField(source="starts_on")
    end_date = serializers.DateField(source="ends_on", allow_null=True)

    def get_role(self, mandate: Mandate) -> str:
        return _post_label(mandate.seat)

    def get_person_name(self, mandate: Mandate) -> str:
        return str(mandate.person)


class OrganizationDetailSerializer(OrganizationSerializer):
    """A body with its seats and who holds them today, a page of memberships at a time."""

    posts = PostSerializer(many=True)
    memberships = MembershipSerializer(
        many=True, help_text="One page (``?page=N``, ``?page_size=`` up to 200) in seat order."
    )
    memberships_count = serializers.IntegerField(help_text="Current memberships in all.")
    memberships_next = serializers.URLField(allow_null=True, help_text="The next page, if any.")
    memberships_previous = serializers.URLField(
        allow_null=True, help_text="The previous page, if any."
    )


class BodyList(GenericAPIView):
    """The statutory bodies: General Assembly, Executive Board, Bureau, and the others."""

    serializer_class = OrganizationSerializer

    @extend_schema(operation_id="bodies_list", tags=["bodies"])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        bodies = bodies_for(user=AnonymousUser(), on=timezone.localdate())
        page = self.paginate_queryset(bodies)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


#: The columns of a membership's row (plain values: no model is built for a row).
_MEMBERSHIP_COLUMNS = (
    "pk",
    "seat_id",
    *person_name_columns("person"),
    "member_id",
    "member__name",
    "starts_on",
    "ends_on",
)


def membership_row(values: tuple[Any, ...], *, body: Body, roles: dict[int, str]) -> dict[str, Any]:
    """A Popolo Membership (:class:`MembershipSerializer`) written from a row's columns, each
    post's label made once (``roles``, by seat): a page of 50 delegates built 250 model
    instances and as many serializer fields."""
    pk, seat_id, first, last, anonymised_on, label, member_id, member, starts_on, ends_on = values
    return {
        "id": pk,
        "organization_id": body.slug,
        "post_id": seat_id,
        "role": roles[seat_id],
        "person_name": person_name(first, last, anonymised_on, label),
        "on_behalf_of_id": member_id,
        "on_behalf_of_name": member,
        "start_date": starts_on.isoformat(),
        "end_date": ends_on.isoformat() if ends_on is not None else None,
    }


class BodyDetail(GenericAPIView):
    """One statutory body: its posts and current memberships (Popolo), the memberships a page
    at a time as the lists are (the General Assembly has a delegate per member)."""

    serializer_class = OrganizationDetailSerializer
    pagination_class = None

    @extend_schema(operation_id="bodies_retrieve", tags=["bodies"])
    def get(self, request: Request, slug: str, *args: Any, **kwargs: Any) -> Response:
        body = body_for(slug=slug, user=AnonymousUser())
        if body is None:
            raise Http404(gettext("There is no body with this name."))
        seats = list(body.seats.select_related("country", "body"))
        running = public_mandates(body=body, on=timezone.localdate(), seats=seats)
        roles = {seat.pk: _post_label(seat) for seat in seats}
        pages = OpenDataPagination()
        rows = Rows(
            count=running.count,
            fetch=lambda start, stop: list(running.values_list(*_MEMBERSHIP_COLUMNS)[start:stop]),
        )
        mandates = pages.paginate_queryset(rows, request, view=self)
        body.posts = seats  # type: ignore[attr-defined]
        body.memberships = []  # type: ignore[attr-defined]
        body.memberships_count = pages.page.paginator.count  # type: ignore[attr-defined]
        body.memberships_next = pages.get_next_link()  # type: ignore[attr-defined]
        body.memberships_previous = pages.get_previous_link()  # type: ignore[attr-defined]
        data = self.get_serializer(body).data
        data["memberships"] = [
            membership_row(values, body=body, roles=roles) for values in mandates or []
        ]
        return Response(data)
