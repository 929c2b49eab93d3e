"""`manage.py bench`: seeds the large data set into the bench database and times every page."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from aer_portal.bench import data_summary, format_table, measure_pages, reference_median
from portal.bench import is_seeded, registered_pages, reports, seed_all


class Command(BaseCommand):
    help = (
        "Seeds a large data set (200 members, 3 000 people, ten years of history) into the "
        "bench database and prints, for every registered page, the median and 95th percentile "
        "server time and the number of queries, next to a trivial view. "
        "Run with --settings=aer_portal.settings.bench (make bench)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--repeat", type=int, default=30, help="Timed requests per page (default 30)."
        )
        parser.add_argument(
            "--warmup", type=int, default=3, help="Untimed requests before (default 3)."
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Size of the data set; 1.0 is 200 members and 3 000 people (default 1.0).",
        )
        parser.add_argument(
            "--reseed",
            action="store_true",
            help="Empty the bench database and seed it again (after changing --scale, or "
            "when an app has added to the seeding).",
        )
        parser.add_argument("--random-seed", type=int, default=2026, help="Seed of the data.")
        parser.add_argument("--json", metavar="PATH", help="Also write the results as JSON.")
        parser.add_argument(
            "--no-gc-freeze",
            action="store_true",
            help="Leave the warm-up's objects to the garbage collector (shows the 95th "
            "percentile's spikes that gc.freeze removes, as the WSGI entry point does).",
        )
        parser.add_argument(
            "--clock",
            choices=["wall", "cpu"],
            default="wall",
            help="wall: the time a user waits (default); cpu: this process's CPU time, steadier "
            "on a busy machine but without the database server's work.",
        )
        parser.add_argument(
            "--only",
            metavar="TEXT",
            help="Time only the pages whose name contains TEXT (and the reference page).",
        )
        parser.add_argument(
            "--no-reports",
            action="store_true",
            help="Skip the measurements after the pages (the fee call's PDFs).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "BENCH", False):
            raise CommandError(
                "bench writes thousands of rows into the database: run it with "
                "--settings=aer_portal.settings.bench (make bench), which uses its own "
                "database (BENCH_DATABASE_URL, by default bench.sqlite3)."
            )
        database = connection.settings_dict["NAME"]
        self.stdout.write(f"Bench database: {connection.vendor} {database}")
        if options["reseed"]:
            self._empty_database()
        call_command("migrate", interactive=False, verbosity=0)
        seeding_seconds: float | None = None
        if options["reseed"] or not is_seeded():
            self.stdout.write(f"Seeding the data set at scale {options['scale']}…")
            seeding_seconds = seed_all(scale=options["scale"], random_seed=options["random_seed"])
            self.stdout.write(f"Seeded in {seeding_seconds:.1f} s.")
        else:
            self.stdout.write("Using the data already seeded (--reseed to seed it again).")
        if connection.vendor == "postgresql":
            # After a bulk load, as PostgreSQL's documentation asks: without statistics the
            # planner took 15 000 people for 1 146 and hashed them all (where autovacuum is
            # off, as on a test machine, nothing else would ever gather them).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        data = data_summary()
        self.stdout.write("Data: " + ", ".join(f"{count} {name}" for name, count in data.items()))

        pages = registered_pages()
        if options["only"]:
            pages = pages[:2] + [page for page in pages[2:] if options["only"] in page.name]
        self.stdout.write(
            f"Timing {len(pages)} pages: {options['warmup']} warm-up requests, "
            f"then {options['repeat']} timed ones each.\n"
        )
        results = measure_pages(
            pages,
            repeat=options["repeat"],
            warmup=options["warmup"],
            freeze_gc=not options["no_gc_freeze"],
            clock=options["clock"],
        )
        self.stdout.write(format_table(results))
        measured: list[str] = []
        if not options["no_reports"]:
            measured = reports()
            self.stdout.write("")
            self.stdout.write("\n".join(measured))

        if options["json"]:
            report = {
                "database": {"vendor": connection.vendor, "name": str(database)},
                "repeat": options["repeat"],
                "warmup": options["warmup"],
                "seeding_seconds": seeding_seconds,
                "gc_freeze": not options["no_gc_freeze"],
                "clock": options["clock"],
                "data": data,
                "reference_median_ms": reference_median(results),
                "results": [
                    asdict(result)
                    | {"ok": result.ok, "p95_ratio": result.p95_ratio, "x_ref": result.x_ref}
                    for result in results
                ],
                "reports": measured,
            }
            Path(options["json"]).write_text(json.dumps(report, indent=2, ensure_ascii=False))
            self.stdout.write(f"\nResults written to {options['json']}.")
        failed = sum(not result.ok for result in results)
        if failed:
            raise CommandError(f"{failed} of {len(results)} pages did not answer 200.")

    def _empty_database(self) -> None:
        """Drops a SQLite file (so even rewritten migrations start afresh); flushes others."""
        database = Path(str(connection.settings_dict["NAME"]))
        if connection.vendor == "sqlite" and database.is_file():
            connection.close()
            database.unlink()
            return
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()  # flush gave the content types new keys
