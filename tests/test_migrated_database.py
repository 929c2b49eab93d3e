"""The migrated database kept between runs is used only while the migrations are the same."""

from __future__ import annotations

from pathlib import Path

from tests.migrated_database import migrations_digest


def test_the_digest_changes_with_any_migration_file_and_nothing_else(tmp_path: Path) -> None:
    migrations = tmp_path / "fees" / "migrations"
    migrations.mkdir(parents=True)
    (migrations / "0001_initial.py").write_text("operations = []\n")
    (tmp_path / "fees" / "views.py").write_text("x = 1\n")
    first = migrations_digest(tmp_path)

    (tmp_path / "fees" / "views.py").write_text("x = 2\n")
    assert migrations_digest(tmp_path) == first

    (migrations / "0002_more.py").write_text("operations = []\n")
    second = migrations_digest(tmp_path)
    assert second != first

    (migrations / "0002_more.py").write_text("operations = [None]\n")
    assert migrations_digest(tmp_path) not in {first, second}
