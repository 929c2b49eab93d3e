"""`make test` runs pytest-xdist with `--dist loadgroup`: the tests of one `xdist_group` (the
real-worker tests on their fixed ports, the embedded run's two tests on one module fixture)
must run on one worker. pytest 9.2 broke that silently (the group went into a node id field
it no longer reads, pytest-xdist issue 1386): the groups were spread over the workers, and
two real-worker scenarios fought over the same ports."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

GROUPED = """
import pytest

@pytest.mark.xdist_group("together")
@pytest.mark.parametrize("n", range(6))
def test_grouped(n):
    pass
"""


def test_the_tests_of_one_group_run_on_one_worker(tmp_path: Path) -> None:
    (tmp_path / "test_grouped.py").write_text(GROUPED)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "-v",
            "-p",
            "no:randomly",
            "-p",
            "no:django",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            "-c",
            "/dev/null",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    workers = re.findall(r"\[(gw\d+)\].*PASSED.*test_grouped", run.stdout)
    assert len(workers) == 6, run.stdout + run.stderr
    assert len(set(workers)) == 1, run.stdout
