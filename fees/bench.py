"""The benchmark's fees: ten years of invoices and payments for 200 members, this year's call
left to preview, and the time it takes to issue 200 invoices with their PDFs.

The pages timed: the secretariat's preview of this year's call (200 members computed), the
region's invoice list and one invoice, the Treasurer's view and the admin's invoice list.
After the pages, the bench times the issue of this year's call with some of its PDFs, next to
WeasyPrint alone on the same HTML, and rolls it back (``manage.py bench_fee_call`` renders
every PDF).
"""

from __future__ import annotations

import random
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from aer_portal.bench import ROLE_EMAILS, BenchPage, Role, admin_changelist, named_url
from aer_portal.rules.fees import ProgrammeFees
from fees.calculation import FeeDraft, programme_lines
from fees.models import (
    FeeCall,
    FeeDecision,
    Invoice,
    InvoiceLine,
    NumberSeries,
    Payment,
    ProgrammeParticipation,
)
from fees.selectors.calls import fee_call_preview
from fees.selectors.previews import RowStatus
from fees.services.invoices import invoice_from_draft, invoice_lines
from members.models import Member, MemberStatistics, User

HISTORY_YEARS = 10
PAID_SHARE = 0.93


def _officer_invoice(user: User | None) -> str:
    assert user is not None
    invoice = (
        Invoice.objects.filter(member__accesses__user=user).order_by("-year", "number").first()
    )
    assert invoice is not None, "the officer's region has no invoice (was the fees seed run?)"
    return reverse("fees:invoice", args=[invoice.number])


def _this_year(name: str) -> object:
    return lambda user: reverse(name, args=[timezone.localdate().year])


PAGES = [
    BenchPage("fees: call preview (200 members)", _this_year("fees:call"), Role.STAFF),  # type: ignore[arg-type]
    BenchPage("fees: region's invoices", named_url("fees:invoices"), Role.MEMBER_OFFICER),
    BenchPage("fees: one invoice", _officer_invoice, Role.MEMBER_OFFICER),
    BenchPage("fees: Treasurer's view", _this_year("fees:budget"), Role.STAFF),  # type: ignore[arg-type]
    BenchPage("fees: invoices (staff)", named_url("fees:invoices"), Role.STAFF),
    BenchPage("admin: invoices", admin_changelist("fees", "invoice"), Role.STAFF),
]


def _statistics(rng: random.Random, today: date) -> None:
    """Population and relative GDP every second year, for members that have none."""
    with_figures = set(MemberStatistics.objects.values_list("member_id", flat=True))
    rows = []
    for member in Member.objects.exclude(pk__in=with_figures).order_by("pk"):
        population = rng.randrange(80_000, 8_000_000)
        gdp = Decimal(rng.randrange(300, 1_800)) / 1000
        for year in range(today.year - HISTORY_YEARS - 1, today.year, 2):
            population = int(population * rng.uniform(0.98, 1.02))
            rows.append(
                MemberStatistics(
                    member=member,
                    year=year,
                    population=population,
                    relative_gdp=gdp,
                    total_revenue=(
                        Decimal(rng.randrange(900_000, 1_900_000)) if rng.random() < 0.1 else None
                    ),
                )
            )
    MemberStatistics.objects.bulk_create(rows)


def seed(*, rng: random.Random, scale: float) -> None:
    """Statistics, the Board's parameters and the calls of the last ten years, paid but for a
    few; this year's parameters are decided and its call waits to be issued."""
    today = timezone.localdate()
    _statistics(rng, today)
    for year in range(today.year - HISTORY_YEARS, today.year + 1):
        decision = FeeDecision.objects.create(year=year, decided_on=date(year, 1, 20))
        if year == today.year:
            break
        sent_on = date(year, 3, 2)
        call = FeeCall.objects.create(year=year, decision=decision, issued_on=sent_on)
        preview = fee_call_preview(year=year, on=sent_on)
        drafts = [row.draft for row in preview.rows if row.status is RowStatus.TO_INVOICE]
        invoices = [
            invoice_from_draft(
                draft,
                kind=Invoice.Kind.ANNUAL,
                number=number,
                issued_on=sent_on,
                due_on=date(year, 5, 2),
                language=rng.choice(("en", "en", "fr")),
                actor=None,
                fee_call=call,
            )
            for number, draft in enumerate(drafts, start=1)
        ]
        Invoice.objects.bulk_create(invoices)
        NumberSeries.objects.create(name=str(year), last_value=len(invoices))
        InvoiceLine.objects.bulk_create(
            line
            for invoice, draft in zip(invoices, drafts, strict=True)
            for line in invoice_lines(invoice, draft)
        )
        payments = Payment.objects.bulk_create(
            Payment(
                invoice=invoice,
                amount=invoice.total,
                received_on=date(year, 4, rng.randrange(1, 29)),
                reference=f"AER {invoice.number}",
                source=Payment.Source.STATEMENT,
            )
            for invoice in invoices
            if invoice.total > 0 and rng.random() < PAID_SHARE
        )
        # Paid in full, or nothing to pay: settled, as the payment services mark them.
        settled = {payment.invoice.pk for payment in payments}
        settled |= {invoice.pk for invoice in invoices if invoice.total == 0}
        Invoice.objects.filter(pk__in=settled).update(settled=True)
    _officer_programme_invoice(today)


#: Invoices whose PDF the bench renders after timing the pages: enough for a steady figure per
#: invoice, few enough that the bench does not wait for a thousand PDFs at --scale 5.
REPORT_PDFS = 30


def report() -> str:
    """What the bench prints after the pages: this year's call issued, PDFs against WeasyPrint
    alone, rolled back (`manage.py bench_fee_call` renders every PDF)."""
    return str(time_fee_call(today=timezone.localdate(), pdf_limit=REPORT_PDFS))


def _officer_programme_invoice(today: date) -> None:
    """The officer's region is on last year's Summer Academy committee, so that it has an
    invoice to open even when its membership history gave it no annual one."""
    officer = User.objects.get(email=ROLE_EMAILS[Role.MEMBER_OFFICER])
    access = officer.accesses.select_related("member__country").first()
    assert access is not None
    member, year = access.member, today.year - 1
    membership = member.memberships.order_by("-board_decision").first()
    assert membership is not None
    participation = ProgrammeParticipation.objects.create(
        member=member, year=year, programme=ProgrammeParticipation.Programme.SUMMER_ACADEMY
    )
    draft = FeeDraft(
        member=member,
        year=year,
        membership=membership,
        lines=programme_lines([participation], fees=ProgrammeFees()),
    )
    series = NumberSeries.objects.get(name=str(year))
    series.last_value += 1
    series.save(update_fields=["last_value"])
    invoice = invoice_from_draft(
        draft,
        kind=Invoice.Kind.PROGRAMME,
        number=series.last_value,
        issued_on=date(year, 6, 1),
        due_on=date(year, 8, 1),
        language="en",
        actor=None,
    )
    invoice.save()
    lines = [line.as_line(position) for position, line in enumerate(draft.lines, start=1)]
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    participation.invoice = invoice
    participation.save(update_fields=["invoice"])


# --- Issuing a call with its PDFs ---------------------------------------------------------


@dataclass(frozen=True)
class FeeCallTiming:
    """How long issuing this year's call takes, and rendering each invoice's PDF."""

    invoices: int
    issue_seconds: float
    pdf_seconds: float
    #: WeasyPrint alone (`HTML(string=...).write_pdf()`) on the same invoices' HTML, timed in
    #: the same run: the floor the worker's rendering is compared with.
    weasyprint_seconds: float = 0.0
    #: How many PDFs were rendered (every invoice's unless limited).
    pdfs: int | None = None
    #: The same two figures in this process's CPU time, steadier on a busy machine.
    pdf_cpu_seconds: float = 0.0
    weasyprint_cpu_seconds: float = 0.0

    @property
    def rendered(self) -> int:
        return self.invoices if self.pdfs is None else self.pdfs

    @property
    def seconds_per_pdf(self) -> float:
        return self.pdf_seconds / self.rendered if self.rendered else 0.0

    @property
    def weasyprint_seconds_per_pdf(self) -> float:
        return self.weasyprint_seconds / self.rendered if self.rendered else 0.0

    @property
    def ratio_to_weasyprint(self) -> float | None:
        """The worker's time per invoice (query, HTML, PDF, storing) over WeasyPrint's alone."""
        if not self.weasyprint_seconds:
            return None
        return self.pdf_seconds / self.weasyprint_seconds

    def __str__(self) -> str:
        text = (
            f"Fee call ({self.invoices} invoices): issue {self.issue_seconds:.2f} s, "
            f"{self.rendered} PDFs {self.pdf_seconds:.1f} s "
            f"({self.seconds_per_pdf * 1000:.0f} ms per PDF, "
            "rendered one after the other as one Celery worker would)"
        )
        if self.ratio_to_weasyprint is not None:
            text += (
                f"; WeasyPrint alone on the same HTML {self.weasyprint_seconds_per_pdf * 1000:.0f}"
                f" ms per PDF: the worker takes {self.ratio_to_weasyprint:.2f}x"
            )
        if self.weasyprint_cpu_seconds and self.rendered:
            text += (
                f" (CPU time: {self.pdf_cpu_seconds / self.rendered * 1000:.0f} ms against "
                f"{self.weasyprint_cpu_seconds / self.rendered * 1000:.0f} ms, "
                f"{self.pdf_cpu_seconds / self.weasyprint_cpu_seconds:.2f}x; rendered "
                "alternately, one invoice each)"
            )
        return text


class _RollBack(Exception):
    """Leaves the data set as it was after timing the call."""


def time_fee_call(*, today: date, pdf_limit: int | None = None) -> FeeCallTiming:
    """Issues this year's call and renders every PDF into a temporary folder, timing both,
    then rolls everything back (the PDFs' folder is removed).

    After each invoice's PDF, the same HTML is given to WeasyPrint alone, untouched by the
    portal (a new `HTML(string=...).write_pdf()` each), so that the worker's time per invoice
    reads against the floor measured on the same machine in the same seconds. With
    `pdf_limit`, only that many of the invoices get their PDF (the per-invoice figures are
    what is read).
    """
    from weasyprint import HTML

    from fees.pdf import invoice_html, invoice_pdf_store
    from fees.services.calls import fee_call_issue

    timing = FeeCallTiming(0, 0.0, 0.0)
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                result = fee_call_issue(year=today.year, actor=None, today=today)
                issue_seconds = time.perf_counter() - started
                rendered = result.invoices[:pdf_limit]
                pages = {
                    invoice.pk: invoice_html(invoice)
                    for invoice in Invoice.objects.filter(
                        pk__in=[invoice.pk for invoice in rendered]
                    ).select_related("member")
                }
                # One invoice by the worker, then the same HTML by WeasyPrint alone, and so on:
                # on a shared machine the load changes from one minute to the next, and two
                # loops one after the other compared two different machines.
                wall, cpu = [0.0, 0.0], [0.0, 0.0]
                for invoice in rendered:
                    for side, render in enumerate(
                        (
                            lambda pk=invoice.pk: invoice_pdf_store(invoice_id=pk),
                            lambda html=pages[invoice.pk]: HTML(
                                string=html, base_url=str(settings.BASE_DIR)
                            ).write_pdf(),
                        )
                    ):
                        started, started_cpu = time.perf_counter(), time.process_time()
                        render()
                        wall[side] += time.perf_counter() - started
                        cpu[side] += time.process_time() - started_cpu
                timing = FeeCallTiming(
                    len(result.invoices),
                    issue_seconds,
                    wall[0],
                    wall[1],
                    pdfs=len(rendered),
                    pdf_cpu_seconds=cpu[0],
                    weasyprint_cpu_seconds=cpu[1],
                )
                raise _RollBack  # the on-commit deliveries go with it
        except _RollBack:
            pass
    return timing
