"""Every member's fee of a year computed once and kept, for the pages that show totals.

The fee-call preview and the Treasurer's view need the sum of every member's fee (Procedures
arts. 3.2 and 13.2) but show twenty rows. The formula is Python (:mod:`aer_portal.rules.fees`,
the single place of the rule), so the amounts are computed by it once, through
:func:`fees.selectors.calls.fee_call_preview`, and kept in :class:`fees.models.AssessedFee`;
the pages then sum, sort, search and page through them in the database and explain only the
rows they show, computed afresh. The views first ask
:func:`fees.services.assessments.fees_assess` (the write), then read here by its id.

The kept amounts carry a fingerprint of everything they were computed from, read with one
query on every page view: the version of the fees' inputs (:class:`fees.models.FeeInputsVersion`,
moved by database triggers whenever a member, membership, statistic, programme participation or
discount is added, changed or deleted, fees migration 0009), the count and last id of the
year's invoices, the Board's decision that applies, the day, and the source of the fee code.
When it differs, the amounts are computed again (by the service) before the page reads them.
Issuing the call never reads them (:func:`fees.services.invoices.fee_call_issue` computes every
fee afresh).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal
from html import escape
from pathlib import Path

from django.db import connection
from django.db.models import (
    Sum,
)
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

import aer_portal.rules.fee_collection
import aer_portal.rules.fees
import fees.calculation
import fees.selectors.calls
import fees.selectors.parameters
import fees.selectors.previews
from aer_portal.rules.membership import MemberCategory
from fees.models import (
    AssessedFee,
    FeeAssessment,
    FeeCall,
    FeeInputsVersion,
    Invoice,
)
from fees.selectors.calls import fee_call_preview
from fees.selectors.parameters import YearParameters, parameters_for
from fees.selectors.previews import PreviewRow, RowStatus, with_contacts
from members.models import Member


def _code_version() -> str:
    """The fee code's own fingerprint: a deployment that changes the rule recomputes."""
    digest = hashlib.sha256()
    modules = (
        aer_portal.rules.fees,
        aer_portal.rules.fee_collection,
        fees.calculation,
        fees.selectors.calls,  # who the call invoices or leaves out
        fees.selectors.parameters,  # which of the Board's decisions applies
        fees.selectors.previews,  # each row's status and why
    )
    for module in modules:
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


@functools.cache
def _fingerprint_sql() -> str:
    """The query: the version of the inputs, the year's invoices, the kept assessment."""
    version = connection.ops.quote_name(FeeInputsVersion._meta.db_table)
    invoices = connection.ops.quote_name(Invoice._meta.db_table)
    stored = connection.ops.quote_name(FeeAssessment._meta.db_table)
    # Table names from the models, never from a request. The year's invoices are read through
    # the (year, sequence) index: a thousand entries, not ten years of invoices.
    return (
        f"SELECT (SELECT version FROM {version} WHERE id = 1), "  # noqa: S608
        f"(SELECT COUNT(*) FROM {invoices} WHERE year = %s), "
        f"(SELECT MAX(id) FROM {invoices} WHERE year = %s), "
        f"(SELECT id FROM {stored} WHERE year = %s), "
        f"(SELECT fingerprint FROM {stored} WHERE year = %s)"
    )


def _fingerprint(
    *, year: int, on: date, parameters: YearParameters
) -> tuple[str | None, int | None, bool]:
    """The fingerprint of the inputs of ``year``'s fees (``None`` if the version of the
    inputs is missing), the kept assessment's id, and whether it was computed from these
    very inputs (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(), [year] * 4)
        version, invoice_count, last_invoice, stored_id, stored_fingerprint = cursor.fetchone()
    if version is None:
        return None, stored_id, False
    decision = parameters.decision
    source = repr(
        (
            CODE_VERSION,
            year,
            on.isoformat(),
            decision.pk if decision else None,
            parameters.params,
            parameters.programme_fees,
            version,
            invoice_count,
            last_invoice,
        )
    )
    fingerprint = hashlib.sha256(source.encode()).hexdigest()
    return fingerprint, stored_id, stored_fingerprint == fingerprint


@dataclass(frozen=True)
class AssessmentInputs:
    """What :func:`fees.services.assessments.fees_assess` needs to know before it writes."""

    parameters: YearParameters
    #: ``None`` when the version of the inputs is missing (a database emptied by hand): the
    #: service writes it and asks again.
    fingerprint: str | None
    stored_id: int | None
    current: bool


@dataclass(frozen=True)
class Assessment:
    """The kept fees of ``year`` as computed on ``on``: the pages read them by ``id``."""

    id: int
    year: int
    on: date
    parameters: YearParameters


def assessment_inputs(*, year: int, on: date) -> AssessmentInputs:
    """The year's parameters, the fingerprint of its fees' inputs, the kept assessment's id
    and whether it was computed from these very inputs (two queries)."""
    parameters = parameters_for(year=year)
    fingerprint, stored_id, current = _fingerprint(year=year, on=on, parameters=parameters)
    return AssessmentInputs(parameters, fingerprint, stored_id, current)


def expected_membership_fees(*, assessment_id: int) -> Decimal:
    """The membership fees net of discounts the call would still invoice (art. 13.2), summed
    by the database from the kept amounts."""
    total = AssessedFee.objects.filter(
        assessment_id=assessment_id, status=RowStatus.TO_INVOICE
    ).aggregate(total=Sum("membership_total"))["total"]
    return Decimal(total or 0)


# --- The preview page ---------------------------------------------------------------------


class Sort:
    """The orders a secretariat user can ask for (``?sort=``)."""

    NAME = "name"
    AMOUNT_DOWN = "-amount"
    AMOUNT_UP = "amount"
    CHOICES = (NAME, AMOUNT_DOWN, AMOUNT_UP)
    ORDER = {
        NAME: ("member__name",),
        AMOUNT_DOWN: ("-total", "member__name"),
        AMOUNT_UP: ("total", "member__name"),
    }


@dataclass(frozen=True)
class FeeTable:
    """One table of the preview: the members of a category to invoice, or those left out."""

    key: str
    label: str
    count: int
    matching: int
    total: Decimal
    rows: list[PreviewRow]

    @property
    def cut(self) -> bool:
        """Whether the table lists fewer rows than match (the rest are on "show all")."""
        return len(self.rows) < self.matching


@dataclass(frozen=True)
class FeeCallPage:
    """What the preview page shows: totals of every member, the rows asked for."""

    year: int
    on: date
    parameters: YearParameters
    call: FeeCall | None
    groups: list[FeeTable]
    left_out: FeeTable
    search: str
    sort: str

    @property
    def to_invoice_count(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def total_to_invoice(self) -> Decimal:
        return sum((group.total for group in self.groups), Decimal(0))


LEFT_OUT = ""

#: Each order of ``?sort=`` in SQL: over the tables (``m`` the member, ``f`` its kept fee), and
#: over the columns of :func:`_kept_sql`'s result.
_SQL_ORDER = {
    Sort.NAME: ("m.name ASC", "name ASC"),
    Sort.AMOUNT_DOWN: ("f.total DESC, m.name ASC", "total DESC, name ASC"),
    Sort.AMOUNT_UP: ("f.total ASC, m.name ASC", "total ASC, name ASC"),
}
_CENT = Decimal("0.01")


def _money(value: object) -> Decimal:
    """A sum of amounts as the ORM reads it: SQLite sums the stored amounts as floats."""
    if value is None:
        return Decimal(0)
    if isinstance(value, float):
        return Context(prec=15).create_decimal_from_float(value).quantize(_CENT)
    return Decimal(value)  # type: ignore[arg-type]


def _kept_sql(
    assessment_id: int, *, shown: int | None, search: str, sort: str
) -> tuple[str, list[str | int]]:
    """One query for the preview's tables (a category to invoice, or :data:`LEFT_OUT`): a row
    per table with its count, the count of members matching ``search`` and its total
    (``listed`` 0), then the members to list (``listed`` 1), each table's first ``shown``
    matching members in the order ``sort``, or every matching member.

    Written in SQL: the ORM took longer to build the two queries it was than the database
    took to answer them. Each table's first rows come from its own ``ORDER BY … LIMIT``
    through the (assessment, status, category) index, which keeps the few best rows of a
    thousand where a window function sorted them all.
    """
    quote = connection.ops.quote_name
    fees, members = quote(AssessedFee._meta.db_table), quote(Member._meta.db_table)
    joined = f"{fees} f INNER JOIN {members} m ON m.id = f.member_id WHERE f.assessment_id = %s"
    table = "CASE WHEN f.status = %s THEN f.category ELSE %s END"
    to_invoice = RowStatus.TO_INVOICE.value
    if search:
        # The ORM's own ``icontains`` on this database.
        name = connection.ops.lookup_cast("icontains", "CharField") % "m.name"
        match = f"{name} {connection.operators['icontains'] % '%s'}"
        pattern: list[str | int] = [f"%{connection.ops.prep_for_like_query(search)}%"]
        hit = f"CASE WHEN {match} THEN 1 ELSE 0 END"
    else:
        match, pattern, hit = "1 = 1", [], "1"
    inner_order, outer_order = _SQL_ORDER.get(sort, _SQL_ORDER[Sort.NAME])
    # Typed: PostgreSQL reads an untyped NULL of a union's branch as text.
    none_id, none_text = "CAST(NULL AS BIGINT)", "CAST(NULL AS VARCHAR(200))"
    none_money = "CAST(NULL AS NUMERIC)"
    # Model and column names, and one of three orders: never text from the request.
    # The totals: per status and category first, in the order of the (assessment, status,
    # category) index, then per table (half the time of grouping a thousand rows by the
    # table's expression). The members' names are joined only to match ``search``.
    counted = joined if search else f"{fees} f WHERE f.assessment_id = %s"
    parts = [
        f"SELECT tbl, {none_id} AS member_id, CAST(SUM(n) AS BIGINT) AS n, "  # noqa: S608
        f"CAST(SUM(hits) AS BIGINT) AS matching, SUM(subtotal) AS total_of_table, 0 AS listed, "
        f"{none_text} AS name, {none_money} AS total "
        f"FROM (SELECT {table} AS tbl, COUNT(*) AS n, SUM({hit}) AS hits, "
        f"SUM(f.total) AS subtotal FROM {counted} GROUP BY f.status, f.category) kept "
        "GROUP BY tbl"
    ]
    params: list[str | int] = [to_invoice, LEFT_OUT, *pattern, assessment_id]
    listed = f"0 AS n, 0 AS matching, {none_money} AS total_of_table, 1 AS listed, m.name, f.total"
    if shown is None:
        parts.append(f"SELECT {table}, f.member_id, {listed} FROM {joined} AND {match}")  # noqa: S608
        params += [to_invoice, LEFT_OUT, assessment_id, *pattern]
    else:
        tables = [(key.value, "f.status = %s AND f.category = %s") for key in MemberCategory]
        for number, (key, where) in enumerate([*tables, (LEFT_OUT, "f.status <> %s")]):
            parts.append(
                f"SELECT * FROM (SELECT %s AS tbl, f.member_id, {listed} FROM {joined} "  # noqa: S608
                f"AND {where} AND {match} ORDER BY {inner_order} LIMIT %s) first{number}"
            )
            statuses = [to_invoice, key] if key != LEFT_OUT else [to_invoice]
            params += [key, assessment_id, *statuses, *pattern, shown]
    sql = " UNION ALL ".join(parts) + f" ORDER BY listed, {outer_order}"
    return sql, params


def fee_call_page(
    *, assessment: Assessment, shown: int | None, search: str = "", sort: str = Sort.NAME
) -> FeeCallPage:
    """The preview of the year's call as a page shows it, in a constant number of queries.

    The totals and counts come from the kept amounts of ``assessment``
    (:func:`fees.services.assessments.fees_assess`), summed by the database; each table lists
    its first ``shown`` rows (``None``: all, for printing) of the members whose name contains
    ``search``, in the order ``sort``; those rows are computed afresh, with their explanations
    and billing contacts.
    """
    assessment_id, year, on = assessment.id, assessment.year, assessment.on
    parameters = assessment.parameters
    summary: dict[str, tuple[int, int, Decimal]] = {}
    places: list[tuple[int, str]] = []
    with connection.cursor() as cursor:
        cursor.execute(*_kept_sql(assessment_id, shown=shown, search=search, sort=sort))
        for key, member_id, count, matching, total, listed, _name, _total in cursor.fetchall():
            if listed:
                places.append((member_id, key))
            else:
                summary[key] = (count, matching, _money(total))
    ids = [member_id for member_id, _ in places]
    fresh: dict[int, PreviewRow] = {}
    call = None
    if ids:
        every = shown is None and not search
        # As a page wants them: names only, no fee computed again for members invoiced
        # already, explanations written when the template asks, contacts of these rows.
        preview = fee_call_preview(
            year=year,
            on=on,
            member_ids=None if every else ids,
            for_display=True,
            parameters=parameters,
        )
        fresh = {row.member.pk: row for row in with_contacts(preview.rows)}
        call = preview.call
    else:
        call = FeeCall.objects.filter(year=year).first()
    rows: dict[str, list[PreviewRow]] = {}
    for member_id, key in places:
        if member_id in fresh:
            rows.setdefault(key, []).append(fresh[member_id])

    def fee_table(key: str, label: str) -> FeeTable:
        count, matching, total = summary.get(key, (0, 0, Decimal(0)))
        return FeeTable(key, label, count, matching, total, rows.get(key, []))

    groups = [
        fee_table(category.value, gettext(category.label))
        for category in MemberCategory
        if category.value in summary
    ]
    return FeeCallPage(
        year=year,
        on=on,
        parameters=parameters,
        call=call,
        groups=groups,
        left_out=fee_table(LEFT_OUT, gettext("Not invoiced by the call")),
        search=search,
        sort=sort if sort in Sort.CHOICES else Sort.NAME,
    )


def member_options() -> str:
    """Every member as the ``<option>``s of the programme form's list (one query).

    Joined here with the standard library's escaping: a thousand members through
    ``format_html`` or a template loop cost more than the rest of the page's totals.
    """
    return mark_safe(
        "".join(
            f'<option value="{pk}">{escape(name)}</option>'
            for pk, name in Member.objects.order_by("name").values_list("pk", "name")
        )
    )
