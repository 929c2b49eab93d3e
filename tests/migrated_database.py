"""One migrated SQLite database per test run, copied wherever the suite needs a fresh one.

Migrating an empty database costs 30-60 s of CPU, almost all of it Django rebuilding the
migration state's models after each of the ~400 operations (not SQL). The suite needed a
fresh database six times per run (each pytest-xdist worker's, both embedded-run tests, the
demo and bench commands); the first to ask migrates this file under a lock and every other copies
it, which SQLite does in milliseconds.

The migrated file is also kept between runs, under `.pytest_cache/migrated/`, named by a
digest of every migration file, Django's version and Python's: a run whose migrations are the
last run's copies it instead of migrating (`rm -r .pytest_cache` forces a migration). A fresh
clone, and CI, migrate once.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import django
import pytest

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".pytest_cache" / "migrated"


def migrations_digest(root: Path = ROOT) -> str:
    """What the migrated database depends on: the apps' migration files (their paths and
    contents), Django's version and Python's."""
    digest = hashlib.sha256(f"{django.get_version()} {sys.version}".encode())
    for path in sorted(root.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _run_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The folder this run's processes share: pytest-xdist gives each worker a folder inside
    the run's own (`pytest-N/popen-gwK`); without xdist the run's own is the base."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The path of this run's migrated SQLite database (read it, copy it; never write it)."""
    folder = _run_folder(tmp_path_factory, worker_id)
    target = folder / "migrated.sqlite3"
    with (folder / "migrated.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            kept = CACHE / f"{migrations_digest()}.sqlite3"
            if kept.exists():
                shutil.copyfile(kept, target)
                return target
            partial = folder / "migrated.partial.sqlite3"
            partial.unlink(missing_ok=True)
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith("DATABASE_URL")},
                "DJANGO_SETTINGS_MODULE": "aer_portal.settings.test",
                "DATABASE_URL": f"sqlite:///{partial}",
            }
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            partial.rename(target)
            _keep(target, kept)
    return target


def _keep(migrated: Path, kept: Path) -> None:
    """Keeps this migrated database for the next run, in place of any older one."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    for older in kept.parent.glob("*.sqlite3"):
        older.unlink(missing_ok=True)
    partial = kept.with_suffix(".partial")
    shutil.copyfile(migrated, partial)
    partial.rename(kept)


def copy_migrated_sqlite(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str, destination: Path
) -> Path:
    """A fresh, migrated SQLite database at `destination` (`manage.py migrate` finds nothing to
    do on it)."""
    shutil.copyfile(migrated_sqlite_file(tmp_path_factory, worker_id), destination)
    return destination


def load_into(connection: sqlite3.Connection, source: Path) -> None:
    """Copies the migrated database into an open SQLite connection (an in-memory test database
    included) with SQLite's backup API."""
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as origin:
        origin.backup(connection)
