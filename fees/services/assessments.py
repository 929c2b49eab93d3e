"""Every member's fee of a year computed by the rules and kept, for the pages that show totals
(Procedures arts. 3.2 and 13.2): the write behind :mod:`fees.selectors.assessments`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from fees.models import AssessedFee, FeeAssessment, FeeInputsVersion
from fees.selectors.assessments import Assessment, assessment_inputs
from fees.selectors.calls import fee_call_preview
from fees.selectors.previews import MEMBERSHIP_LINE_KINDS, PreviewRow, RowStatus


def _membership_total(row: PreviewRow) -> Decimal:
    if row.status is not RowStatus.TO_INVOICE:
        return Decimal(0)
    lines = row.draft.lines
    return sum((line.amount for line in lines if line.kind in MEMBERSHIP_LINE_KINDS), Decimal(0))


def _assess(*, year: int, on: date, fingerprint: str, stale_id: int | None) -> int:
    """Computes every member's fee of ``year`` by the rules and keeps it; the assessment id."""
    preview = fee_call_preview(year=year, on=on, for_display=True)
    try:
        with transaction.atomic():
            if stale_id is None:
                assessment_id = FeeAssessment.objects.create(
                    year=year, on=on, fingerprint=fingerprint
                ).pk
            else:
                assessment_id = stale_id
                AssessedFee.objects.filter(assessment_id=assessment_id).delete()
                FeeAssessment.objects.filter(pk=assessment_id).update(
                    on=on, fingerprint=fingerprint
                )
            AssessedFee.objects.bulk_create(
                [
                    AssessedFee(
                        assessment_id=assessment_id,
                        member_id=row.member.pk,
                        status=row.status.value,
                        category=row.draft.category or "",
                        total=row.draft.total if row.status is not RowStatus.INVOICED else 0,
                        membership_total=_membership_total(row),
                    )
                    for row in preview.rows
                ],
                batch_size=500,
            )
    except IntegrityError:
        # Another request computed the same fees at the same moment: its rows serve as well.
        return FeeAssessment.objects.get(year=year).pk
    return assessment_id


def fees_assess(*, year: int, on: date) -> Assessment:
    """The kept fees of ``year`` on ``on``, computed again first if any input changed (two
    queries when nothing changed). No actor: it writes nothing a person decided, only a cache
    of what the rules say, for the pages of whoever may already read them."""
    inputs = assessment_inputs(year=year, on=on)
    if inputs.fingerprint is None:
        # The version's row is gone (a database emptied table by table): written again
        # before the fees are read, so that any change from now on moves it.
        FeeInputsVersion.objects.get_or_create(pk=1)
        inputs = assessment_inputs(year=year, on=on)
        assert inputs.fingerprint is not None
    assessment_id = inputs.stored_id
    if assessment_id is None or not inputs.current:
        assessment_id = _assess(
            year=year, on=on, fingerprint=inputs.fingerprint, stale_id=assessment_id
        )
    return Assessment(id=assessment_id, year=year, on=on, parameters=inputs.parameters)
