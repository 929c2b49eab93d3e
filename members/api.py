"""The member directory as open data (README, "Open data"): what the public directory shows.

Never a person: the organisation's name, country, category, since when, and its website; the
observer year's end and a suspension of rights, both shown on the public directory already.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from aer_portal.open_data import Rows
from members.selectors.directory import (
    DirectoryEntry,
    DirectoryFilters,
    directory_count,
    member_directory,
)


class CountrySerializer(serializers.Serializer):
    """A country, ISO 3166-1 alpha-2, named in English and French."""

    code = serializers.CharField()
    name_en = serializers.CharField()
    name_fr = serializers.CharField()


class MemberSerializer(serializers.Serializer):
    """A member region or organisation as the public directory shows it."""

    id = serializers.IntegerField(source="member.pk")
    name = serializers.CharField(source="member.name", help_text="Official name, in English.")
    native_name = serializers.CharField(
        source="member.native_name", help_text="In its own language and script."
    )
    kind = serializers.CharField(source="member.kind")
    country = CountrySerializer(source="member.country")
    category = serializers.CharField(help_text="full, associate, observer, …")
    category_label = serializers.CharField()
    since = serializers.DateField(allow_null=True, help_text="Start of the current category.")
    observer_until = serializers.DateField(allow_null=True)
    rights_suspended = serializers.BooleanField(source="suspended")
    website = serializers.URLField(source="member.website", help_text="Its public website.")


def member_row(entry: DirectoryEntry) -> dict[str, Any]:
    """One member as :class:`MemberSerializer` describes it, written out by hand: DRF's fields
    took most of a page of 200 members' time, an attribute lookup per field and row."""
    member = entry.member
    country = member.country
    return {
        "id": member.pk,
        "name": member.name,
        "native_name": member.native_name,
        "kind": member.kind,
        "country": {"code": country.code, "name_en": country.name_en, "name_fr": country.name_fr},
        "category": entry.category,
        "category_label": str(entry.category_label),
        "since": entry.since.isoformat() if entry.since else None,
        "observer_until": entry.observer_until.isoformat() if entry.observer_until else None,
        "rights_suspended": entry.suspended,
        "website": member.website,
    }


def directory_rows() -> Rows:
    """Today's public directory, counted and cut a page at a time by the database."""
    on, filters = timezone.localdate(), DirectoryFilters()
    return Rows(
        count=lambda: directory_count(on=on, filters=filters),
        fetch=lambda start, stop: member_directory(
            on=on, filters=filters, with_contacts=False, offset=start, limit=stop - start
        ),
    )


class MemberList(GenericAPIView):
    """Every current member, in the order of the directory (by name), a page at a time."""

    serializer_class = MemberSerializer

    @extend_schema(operation_id="members_list", tags=["members"])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(directory_rows())
        return self.get_paginated_response([member_row(entry) for entry in page or ()])
