"""`manage.py bench_fee_call`: times issuing this year's call with its PDFs on the bench data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fees.bench import time_fee_call


class Command(BaseCommand):
    help = (
        "Issues this year's call for fees on the bench data set, renders every invoice's PDF, "
        "prints the time per PDF and rolls everything back. Run with "
        "--settings=aer_portal.settings.bench after `make bench` has seeded the data."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "BENCH", False):
            raise CommandError("Run with --settings=aer_portal.settings.bench (it issues a call).")
        self.stdout.write(str(time_fee_call(today=timezone.localdate())))
