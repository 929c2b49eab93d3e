"""Working groups as open data (README, "Open data"): what their public pages show.

Topic, focus, objectives, activities, lead and supporting regions, how to join and the next
meeting (its place, and whether it is online; never the link, which only members get).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from aer_portal.links import absolute_url
from aer_portal.open_data import OpenDataPagination
from governance.models import Meeting
from working_groups.models import GroupMembership, WorkingGroup
from working_groups.selectors.groups import open_data_groups, open_data_regions


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
    """A working group, running or dissolved."""

    id = serializers.CharField(source="slug")
    name = serializers.CharField()
    policy_area = serializers.CharField(
        source="policy_area.portfolio", allow_null=True, default=None
    )
    focus = serializers.CharField()
    objective = serializers.CharField()
    activities = serializers.ListField(
        child=serializers.CharField(), source="activity_list", help_text="Envisioned activities."
    )
    outputs = OutputSerializer(many=True, source="outputs.all")
    lead_region = serializers.CharField(source="lead_region.name")
    lead_region_id = serializers.IntegerField()
    supporting_regions = serializers.SerializerMethodField()
    regions = RegionRefSerializer(many=True, source="current_regions")
    established_on = serializers.DateField()
    mandate_ends_on = serializers.DateField()
    dissolved_on = serializers.DateField(allow_null=True)
    how_to_join = serializers.SerializerMethodField()
    next_meeting = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_supporting_regions(self, group: WorkingGroup) -> list[str]:
        return [
            r["name"]
            for r in group.current_regions  # type: ignore[attr-defined]
            if r["role"] == GroupMembership.Role.SUPPORTING
        ]

    def get_how_to_join(self, group: WorkingGroup) -> str:
        if group.is_dissolved:
            return gettext("The working group is dissolved.")
        return gettext(
            "The working group is open to all members of AER: a member region's officer joins "
            "from this page once logged in."
        )

    @extend_schema_field(PublicMeetingSerializer(allow_null=True))
    def get_next_meeting(self, group: WorkingGroup) -> dict[str, Any] | None:
        upcoming = group.body.upcoming_meetings  # type: ignore[attr-defined]
        return PublicMeetingSerializer(upcoming[0]).data if upcoming else None

    def get_url(self, group: WorkingGroup) -> str:
        return absolute_url("working_groups:group", group.slug)


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
        page = self.paginate_queryset(open_data_groups(now=now, memberships=False))
        open_data_regions(groups=page or [], on=timezone.localdate(now))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
