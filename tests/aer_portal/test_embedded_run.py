"""`make run`'s Procfile: a worker and beat on the embedded broker send the demo's reminders."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from tests.migrated_database import copy_migrated_sqlite

ROOT = Path(__file__).resolve().parents[2]


def _procfile() -> dict[str, str]:
    entries = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, command = line.partition(":")
            entries[name] = command.strip()
    return entries


def test_the_procfile_starts_web_worker_and_beat_and_make_run_uses_it() -> None:
    assert set(_procfile()) == {"web", "worker", "beat"}
    makefile = (ROOT / "Makefile").read_text()
    assert "honcho start -f Procfile" in makefile.split("\nrun:")[1].split("\n\n")[0]


def test_local_settings_use_the_embedded_broker_not_eager_tasks(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER,"
        " s.CELERY_BROKER_TRANSPORT_OPTIONS['data_folder_in'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DATABASE_URL"))}
    env["DJANGO_SETTINGS_MODULE"] = "aer_portal.settings.local"
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "CELERY_BROKER_FOLDER": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["filesystem://", "False", str(tmp_path / "queue")]


def _start(command: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    bin_dir = str(Path(sys.executable).parent)
    # The Procfile's own line, run through a shell as honcho runs it.
    return subprocess.Popen(  # noqa: S602
        command.replace(".venv/bin/", bin_dir + "/"),
        shell=True,
        cwd=ROOT,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _periods(database: Path, job: str) -> list[str]:
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT period FROM aer_portal_periodicrun WHERE job = ? AND trigger = 'schedule' "
            "ORDER BY period",
            (job,),
        ).fetchall()
    return [row[0] for row in rows]


@dataclass(frozen=True)
class EmbeddedRun:
    """What the Procfile's worker and beat did, left to themselves for two minutes."""

    database: Path
    worker_log: str
    #: The heartbeat's first period, read before one beat was killed.
    first_period: str


@pytest.fixture(scope="module")
def embedded_run(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[EmbeddedRun]:
    """Seeds the demo into a fresh SQLite file (a copy of the run's migrated database, which
    `make run`'s migrate finds up to date) and starts the Procfile's worker and two beats (the
    second by mistake; the reminder scan every minute). When the first minute's jobs have run,
    one beat is killed with SIGKILL and restarted, its schedule file behind; the run goes on
    until the next minute is recorded too: the restarted beat must neither repeat the first
    minute's jobs nor miss the second's. Both tests below read what happened: one run of the
    processes, about two minutes of waiting, for the two."""
    folder = tmp_path_factory.mktemp("embedded-run")
    database = copy_migrated_sqlite(tmp_path_factory, worker_id, folder / "db.sqlite3")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "aer_portal.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "CELERY_BROKER_FOLDER": str(folder / "broker"),
        "REMINDER_SCAN_MINUTES": "1",
        "MEDIA_ROOT": str(folder / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    procfile = _procfile()
    worker_log = folder / "worker.log"
    beat = procfile["beat"]
    processes = [
        _start(procfile["worker"], env, worker_log),
        _start(f"{beat} --schedule={folder}/beat-a", env, folder / "beat-a.log"),
        _start(f"{beat} --schedule={folder}/beat-b", env, folder / "beat-b.log"),
    ]
    try:

        def wait_for_periods(count: int) -> None:
            deadline = time.monotonic() + 150
            while len(_periods(database, "portal-heartbeat")) < count:
                assert time.monotonic() < deadline, worker_log.read_text()[-3000:]
                time.sleep(2)

        wait_for_periods(1)
        time.sleep(5)  # both beats' messages of this minute have reached the worker
        os.killpg(processes[1].pid, signal.SIGKILL)
        processes[1].wait(timeout=30)
        processes[1] = _start(f"{beat} --schedule={folder}/beat-a", env, folder / "beat-a.log")
        first = _periods(database, "portal-heartbeat")[0]
        wait_for_periods(2)
        time.sleep(5)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
    yield EmbeddedRun(database, worker_log.read_text(), first)


@pytest.mark.embedded
@pytest.mark.xdist_group("embedded-run")
def test_left_alone_worker_and_beat_send_the_demo_reminders(embedded_run: EmbeddedRun) -> None:
    with sqlite3.connect(embedded_run.database) as db:
        runs = db.execute(
            "SELECT period, outcome, sent FROM aer_portal_periodicrun "
            "WHERE job = 'reminders-scan' AND trigger = 'schedule' AND sent > 0"
        ).fetchall()
        components = {row[0] for row in db.execute("SELECT component FROM aer_portal_heartbeat")}
    assert runs, f"no scan sent anything:\n{embedded_run.worker_log[-3000:]}"
    assert runs[0][1] == "succeeded"
    assert embedded_run.worker_log.count("Subject: ") >= runs[0][2]  # printed to the console
    assert components == {"beat", "worker"}


@pytest.mark.embedded
@pytest.mark.xdist_group("embedded-run")
def test_a_doubled_then_killed_and_restarted_beat_runs_each_job_once_per_period(
    embedded_run: EmbeddedRun,
) -> None:
    """Two beats send every job; one was killed and restarted. The worker ran each job once
    per minute: every duplicate is skipped, and no minute is missing."""
    log, database = embedded_run.worker_log, embedded_run.database
    assert log.count("'skipped'") >= 2, "the second beat's messages never reached the worker"
    for job in ("portal-heartbeat", "reminders-scan"):
        periods = _periods(database, job)
        assert len(periods) == len(set(periods))
        minutes = [int(datetime.fromisoformat(p).timestamp() // 60) for p in periods]
        assert minutes == list(range(minutes[0], minutes[0] + len(minutes))), periods
    assert _periods(database, "portal-heartbeat")[0] == embedded_run.first_period
