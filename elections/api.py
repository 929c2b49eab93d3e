"""Elections, their published results and the public meetings as open data (README,
"Open data").

An election is listed once published to members, with its calendar; its results once the
secretariat published them (Procedures art. 15.10): who was elected, for which member, and the
counts of each closed round. Never a ballot, a voter, a receipt or a turnout.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from aer_portal.links import absolute_url
from aer_portal.prepared import prepared_objects
from elections.models import Election
from elections.selectors.public import public_meetings, published_elections
from elections.selectors.results import IN_FULL_ROUNDS, PositionResult, RoundView, election_results
from elections.selectors.rounds import closed_round_counts
from working_groups.api import PublicMeetingSerializer


class ElectedSerializer(serializers.Serializer):
    """A person the General Assembly elected or ratified, and the member that nominated them
    (read from :func:`elected_rows`)."""

    name = serializers.CharField()
    member = serializers.CharField()
    member_id = serializers.IntegerField()


class CandidateCountSerializer(serializers.Serializer):
    """A candidate of a closed round and the votes cast for them."""

    name = serializers.SerializerMethodField()
    member = serializers.CharField(source="candidacy.member.name")
    votes = serializers.IntegerField(allow_null=True)

    def get_name(self, candidate: Any) -> str:
        return str(candidate.candidacy.person)


class RoundCountSerializer(serializers.Serializer):
    """A round: once closed, the votes of each candidate (Procedures art. 15.8)."""

    seat = serializers.IntegerField(source="round.seat_number")
    number = serializers.IntegerField(source="round.number")
    closed = serializers.SerializerMethodField()
    invalid = serializers.SerializerMethodField()
    candidates = serializers.SerializerMethodField()

    def get_closed(self, view: RoundView) -> bool:
        return not view.round.is_open

    def get_invalid(self, view: RoundView) -> int | None:
        return None if view.round.is_open else view.round.invalid

    @extend_schema_field(CandidateCountSerializer(many=True))
    def get_candidates(self, view: RoundView) -> Any:
        if view.round.is_open:
            return []
        counts = self.context.get("counts")
        if counts is not None:  # read as rows by closed_round_counts, one query
            return counts.get(view.round.pk, [])
        return CandidateCountSerializer(view.candidates, many=True).data


class PositionSerializer(serializers.Serializer):
    """A position the election filled, with whom it elected."""

    kind = serializers.CharField(source="position.kind")
    label = serializers.SerializerMethodField()
    seats = serializers.IntegerField(source="position.seats")
    elected = serializers.SerializerMethodField()
    rounds = RoundCountSerializer(many=True)

    def get_label(self, result: PositionResult) -> str:
        return str(result.position)

    @extend_schema_field(ElectedSerializer(many=True))
    def get_elected(self, result: PositionResult) -> Any:
        return ElectedSerializer(elected_rows(result), many=True).data


class ElectionSerializer(serializers.Serializer):
    """A published election and its calendar (Procedures arts. 15.4–15.6)."""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    meeting = PublicMeetingSerializer()
    election_day = serializers.DateField()
    members_informed_by = serializers.DateField(source="timeline.members_informed")
    candidacies_due = serializers.DateField(source="timeline.candidacies_due")
    portfolio_sent_by = serializers.DateField(source="timeline.portfolio_distributed")
    results_published_on = serializers.DateField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, election: Election) -> str:
        return absolute_url("elections:detail", election.pk)


class ElectionDetailSerializer(ElectionSerializer):
    """An election with its results, once published."""

    results = PositionSerializer(many=True)


def elected_rows(result: PositionResult) -> list[dict[str, object]]:
    """Whom a position elected, or the Bureau's list once ratified (art. 15 B), as rows."""
    position = result.position
    if position.is_ratification:
        if not position.ratified_on:
            return []
        return [
            {"name": n.name, "member": n.member, "member_id": n.member_id} for n in result.nominees
        ]
    return [{"name": w.name, "member": w.member, "member_id": w.member_id} for w in result.winners]


def position_rows(
    results: list[PositionResult], counts: dict[int, list[dict[str, object]]]
) -> list[dict[str, object]]:
    """:class:`PositionSerializer`'s ``results``, written from the rows without DRF's fields
    (issue 16: a nested serializer per position, round and elected person was most of the
    answer's time). A test keeps the two alike."""
    rows: list[dict[str, object]] = []
    for result in results:
        position = result.position
        rows.append(
            {
                "kind": position.kind,
                "label": result.label,
                "seats": position.seats,
                "elected": elected_rows(result),
                "rounds": [
                    {
                        "seat": view.round.seat_number,
                        "number": view.round.number,
                        "closed": not view.round.is_open,
                        "invalid": None if view.round.is_open else view.round.invalid,
                        "candidates": [] if view.round.is_open else counts.get(view.round.pk, []),
                    }
                    for view in result.rounds
                ],
            }
        )
    return rows


class ElectionList(GenericAPIView):
    """Every published election, the earliest first."""

    serializer_class = ElectionSerializer

    @extend_schema(operation_id="elections_list", tags=["elections"])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(published_elections())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _published_election(pk: int) -> QuerySet[Election]:
    """The published election ``pk`` with its meeting and body; compiled once per election
    (aer_portal.prepared): ``first()`` ordered and cloned the query every time."""
    return published_elections().filter(pk=pk).order_by()[:1]


class ElectionDetail(GenericAPIView):
    """One published election; ``results`` is empty until the results are published."""

    serializer_class = ElectionDetailSerializer
    pagination_class = None

    @extend_schema(operation_id="elections_retrieve", tags=["elections"])
    def get(self, request: Request, pk: int, *args: Any, **kwargs: Any) -> Response:
        found = prepared_objects(_published_election, pk, related=("meeting", "meeting__body"))
        if not found:
            raise Http404
        election = found[0]
        published = election.results_published_on is not None
        # The rounds without any candidate; every count comes as rows.
        results = election_results(election=election, in_full=IN_FULL_ROUNDS) if published else []
        counts = (
            closed_round_counts(
                election=election,
                closed_round_ids=[
                    view.round.pk
                    for result in results
                    for view in result.rounds
                    if not view.round.is_open
                ],
            )
            if published
            else {}
        )
        data = ElectionSerializer(election, context=self.get_serializer_context()).data
        data["results"] = position_rows(results, counts)
        return Response(data)


class MeetingList(GenericAPIView):
    """Public meetings from today on: working groups' meetings and elective General Assemblies."""

    serializer_class = PublicMeetingSerializer

    @extend_schema(operation_id="meetings_list", tags=["meetings"])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        since = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        page = self.paginate_queryset(public_meetings(since=since))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
