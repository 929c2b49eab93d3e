"""`make run`'s Procfile: a worker and beat on the embedded broker send the demo's reminders."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
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


@pytest.mark.embedded
def test_left_alone_worker_and_beat_send_the_demo_reminders(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> None:
    """Seeds the demo into a fresh SQLite file (a copy of the run's migrated database, which
    `make run`'s migrate finds up to date), starts the Procfile's worker and beat (the scan
    every minute) and waits until the scan ran through beat and printed its reminders."""
    database = copy_migrated_sqlite(tmp_path_factory, worker_id, tmp_path / "db.sqlite3")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "aer_portal.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "CELERY_BROKER_FOLDER": str(tmp_path / "broker"),
        "REMINDER_SCAN_MINUTES": "1",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    python = sys.executable
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)
    procfile = _procfile()
    bin_dir = str(Path(python).parent)
    processes = {
        # The Procfile's own line, run through a shell as honcho runs it.
        name: subprocess.Popen(  # noqa: S602
            procfile[name].replace(".venv/bin/", bin_dir + "/"),
            shell=True,
            cwd=ROOT,
            env=env,
            stdout=(tmp_path / f"{name}.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for name in ("worker", "beat")
    }
    try:
        deadline = time.monotonic() + 180
        runs: list[tuple[str, str, int | None]] = []
        while time.monotonic() < deadline:
            with sqlite3.connect(database) as db:
                runs = db.execute(
                    "SELECT period, outcome, sent FROM aer_portal_periodicrun "
                    "WHERE job = 'reminders-scan' AND trigger = 'schedule' AND sent > 0"
                ).fetchall()
            if runs:
                break
            time.sleep(2)
        worker_log = (tmp_path / "worker.log").read_text()
        assert runs, f"no scan sent anything within three minutes:\n{worker_log[-3000:]}"
        assert runs[0][1] == "succeeded"
        assert worker_log.count("Subject: ") >= runs[0][2]  # printed to the console
        with sqlite3.connect(database) as db:
            components = {
                row[0] for row in db.execute("SELECT component FROM aer_portal_heartbeat")
            }
        assert components == {"beat", "worker"}
    finally:
        for process in processes.values():
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            process.wait(timeout=30)


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


@pytest.mark.embedded
def test_a_doubled_then_killed_and_restarted_beat_runs_each_job_once_per_period(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> None:
    """Two beats send every job (a second beat by mistake); one is killed with SIGKILL and
    restarted (its schedule file behind). The worker runs each job once per minute: every
    duplicate is skipped, and no minute is missing."""
    database = copy_migrated_sqlite(tmp_path_factory, worker_id, tmp_path / "db.sqlite3")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "aer_portal.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "CELERY_BROKER_FOLDER": str(tmp_path / "broker"),
        "REMINDER_SCAN_MINUTES": "1",
        "PYTHONUNBUFFERED": "1",
    }
    procfile = _procfile()
    worker_log = tmp_path / "worker.log"
    beat = procfile["beat"]
    processes = [
        _start(procfile["worker"], env, worker_log),
        _start(f"{beat} --schedule={tmp_path}/beat-a", env, tmp_path / "beat-a.log"),
        _start(f"{beat} --schedule={tmp_path}/beat-b", env, tmp_path / "beat-b.log"),
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
        processes[1] = _start(f"{beat} --schedule={tmp_path}/beat-a", env, tmp_path / "beat-a.log")
        first = _periods(database, "portal-heartbeat")[0]
        wait_for_periods(3)
        time.sleep(5)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
    log = worker_log.read_text()
    assert log.count("'skipped'") >= 2, "the second beat's messages never reached the worker"
    for job in ("portal-heartbeat", "reminders-scan"):
        periods = _periods(database, job)
        assert len(periods) == len(set(periods))
        minutes = [int(datetime.fromisoformat(p).timestamp() // 60) for p in periods]
        assert minutes == list(range(minutes[0], minutes[0] + len(minutes))), periods
    assert _periods(database, "portal-heartbeat")[0] == first
