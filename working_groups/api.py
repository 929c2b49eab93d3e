"""Working groups as open data (README, "Open data"): what their public pages show.

Topic, focus, objectives, activities, lead and supporting regions, how to join and the next
meeting (its place, and whether it is online; never the link, which only members get).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from aer_portal.links import absolute_url
from aer_portal.open_data import OpenDataPagination
from governance.models import Meeting
from working_groups.models import GroupMembership, split_activities
from working_groups.selectors.open_data import (
    open_data_groups,
    open_data_next_meetings,
    open_data_outputs,
    open_data_regions,
)


class RegionRefSerializer(serializers.Serializer):
    """A member region taking part in a group (from open_data_regions' rows)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    role = serializers.CharField()


class PublicMeetingSerializer(serializers.Serializer):
    """A meeting as public pages show it: no link, no documents."""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    body = serializers.CharField(source="body.name")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    place = serializers.CharField()
    online = serializers.SerializerMethodField()
    status = serializers.CharField()

    def get_online(self, meeting: Meeting) -> bool:
        return bool(meeting.online_url)


class OutputSerializer(serializers.Serializer):
    """An activity or output the group recorded (a meeting held, a study visit, a report)."""

    kind = serializers.CharField()
    title = serializers.CharField()
    happened_on = serializers.DateField()
    description = serializers.CharField()
    link = serializers.URLField()


class WorkingGroupSerializer(serializers.Serializer):
    """A working group, running or dissolved (the schema of :func:`group_row`'s rows)."""

    id = serializers.CharField(help_text="The group's address on the portal (its slug).")
    name = serializers.CharField()
    policy_area = serializers.CharField(allow_null=True)
    focus = serializers.CharField()
    objective = serializers.CharField()
    activities = serializers.ListField(
        child=serializers.CharField(), help_text="Envisioned activities."
    )
    outputs = OutputSerializer(many=True)
    lead_region = serializers.CharField()
    lead_region_id = serializers.IntegerField()
    supporting_regions = serializers.ListField(child=serializers.CharField())
    regions = RegionRefSerializer(many=True)
    established_on = serializers.DateField()
    mandate_ends_on = serializers.DateField()
    dissolved_on = serializers.DateField(allow_null=True)
    how_to_join = serializers.CharField()
    next_meeting = PublicMeetingSerializer(allow_null=True)
    url = serializers.URLField()


_DATETIME = serializers.DateTimeField()


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def meeting_row(meeting: dict[str, Any], *, body: str) -> dict[str, Any]:
    """A meeting's row (:func:`open_data_next_meetings`) as :class:`PublicMeetingSerializer`
    writes a meeting: no link, no documents."""
    return {
        "id": meeting["pk"],
        "title": meeting["title"],
        "body": body,
        "starts_at": _DATETIME.to_representation(meeting["starts_at"]),
        "ends_at": _DATETIME.to_representation(meeting["ends_at"]),
        "place": meeting["place"],
        "online": bool(meeting["online_url"]),
        "status": meeting["status"],
    }


def group_row(
    group: dict[str, Any],
    *,
    regions: list[dict[str, Any]],
    outputs: list[dict[str, Any]],
    next_meeting: dict[str, Any] | None,
    how_to_join: tuple[str, str],
    url_prefix: str,
) -> dict[str, Any]:
    """One group as :class:`WorkingGroupSerializer` describes it, written out by hand: DRF's
    fields took most of a page's time, an attribute lookup per field and row (some 900
    regions and 250 outputs on a page of 25 groups)."""
    dissolved = group["dissolved_on"] is not None
    return {
        "id": group["slug"],
        "name": group["name"],
        "policy_area": group["portfolio"],
        "focus": group["focus"],
        "objective": group["objective"],
        "activities": split_activities(group["activities"]),
        "outputs": [
            {
                "kind": o["kind"],
                "title": o["title"],
                "happened_on": o["happened_on"].isoformat(),
                "description": o["description"],
                "link": o["link"],
            }
            for o in outputs
        ],
        "lead_region": group["lead_region_name"],
        "lead_region_id": group["lead_region_id"],
        "supporting_regions": [
            r["name"] for r in regions if r["role"] == GroupMembership.Role.SUPPORTING
        ],
        "regions": regions,
        "established_on": _day(group["established_on"]),
        "mandate_ends_on": _day(group["mandate_ends_on"]),
        "dissolved_on": _day(group["dissolved_on"]),
        "how_to_join": how_to_join[dissolved],
        "next_meeting": meeting_row(next_meeting, body=group["name"]) if next_meeting else None,
        "url": f"{url_prefix}{group['slug']}/",
    }


class WorkingGroupPagination(OpenDataPagination):
    """``?page=N`` of 25 groups; ``?page_size=`` asks fewer, never more.

    A group carries its regions (some sixty at most), meetings and outputs: 25 groups are a
    page as heavy as 200 members, and the page costs the same whatever the number of groups.
    """

    max_page_size = 25

    def get_page_size(self, request: Request) -> int | None:
        self.page_size = min(int(settings.OPEN_DATA_PAGE_SIZE), self.max_page_size)
        return PageNumberPagination.get_page_size(self, request)


class WorkingGroupList(GenericAPIView):
    """Every working group, running and dissolved, by name, 25 to a page."""

    serializer_class = WorkingGroupSerializer
    pagination_class = WorkingGroupPagination

    @extend_schema(operation_id="working_groups_list", tags=["working groups"])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        now = timezone.now()
        page = self.paginate_queryset(open_data_groups()) or []
        regions = open_data_regions(groups=page, on=timezone.localdate(now))
        meetings = open_data_next_meetings(groups=page, now=now)
        outputs = open_data_outputs(groups=page)
        how_to_join = (
            gettext(
                "The working group is open to all members of AER: a member region's officer "
                "joins from this page once logged in."
            ),
            gettext("The working group is dissolved."),
        )
        # Every group's address is this one with its own slug: reversed once, not per group.
        url_prefix = absolute_url("working_groups:group", "-").removesuffix("-/")
        rows = [
            group_row(
                group,
                regions=regions[group["pk"]],
                outputs=outputs[group["pk"]],
                next_meeting=meetings.get(group["body_id"]),
                how_to_join=how_to_join,
                url_prefix=url_prefix,
            )
            for group in page
        ]
        return self.get_paginated_response(rows)
