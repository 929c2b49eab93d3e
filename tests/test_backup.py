"""docker/backup.sh writes a backup that docker/restore.sh restores into a fresh database."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import MemberFactory, member_officer

ROOT = Path(__file__).resolve().parents[1]


def _psql(env: dict[str, str], database: str, sql: str) -> list[str]:
    out = subprocess.run(
        ["psql", "--no-psqlrc", "-tA", "-d", database, "-c", sql],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.splitlines()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_the_same_data(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("backups are of PostgreSQL (CI)")
    officer = member_officer()
    MemberFactory(name="Région Grand Est — R&D")
    media = tmp_path / "media"
    (media / "invoices").mkdir(parents=True)
    (media / "invoices" / "2027-0039.pdf").write_bytes(b"%PDF-1.7 invoice")
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": str(db["HOST"] or "127.0.0.1"),
        "PGPORT": str(db["PORT"] or 5432),
        "PGUSER": str(db["USER"]),
        "PGPASSWORD": str(db["PASSWORD"] or ""),
        "PGDATABASE": str(db["NAME"]),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "MEDIA_DIR": str(media),
    }
    subprocess.run(["sh", str(ROOT / "docker" / "backup.sh"), "once"], env=env, check=True)
    (dump,) = (tmp_path / "backups").glob("db-*.dump")
    (archive,) = (tmp_path / "backups").glob("media-*.tar.gz")

    fresh = f"{db['NAME']}_restored"
    subprocess.run(["dropdb", "--if-exists", fresh], env=env, check=True)
    subprocess.run(["createdb", fresh], env=env, check=True)
    restored_media = tmp_path / "restored-media"
    try:
        subprocess.run(
            ["sh", str(ROOT / "docker" / "restore.sh"), str(dump), str(archive)],
            env={**env, "PGDATABASE": fresh, "MEDIA_DIR": str(restored_media)},
            check=True,
        )
        for sql in (
            "SELECT name FROM members_member ORDER BY id",
            "SELECT email, password FROM members_user ORDER BY id",
            "SELECT count(*) FROM django_migrations",
        ):
            assert _psql(env, fresh, sql) == _psql(env, str(db["NAME"]), sql)
        assert officer.email in "\n".join(_psql(env, fresh, "SELECT email FROM members_user"))
        assert "Région Grand Est — R&D" in _psql(env, fresh, "SELECT name FROM members_member")
        restored = restored_media / "invoices" / "2027-0039.pdf"
        assert restored.read_bytes() == b"%PDF-1.7 invoice"
    finally:
        subprocess.run(["dropdb", "--if-exists", fresh], env=env, check=True)
