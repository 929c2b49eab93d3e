"""The rules module runs in a bare Python: standard library only, no Django, no Celery."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "aer_portal" / "rules"


def _rules_modules() -> list[str]:
    names = sorted(path.stem for path in RULES.glob("*.py") if path.stem != "__init__")
    return ["aer_portal.rules", *(f"aer_portal.rules.{name}" for name in names)]


def test_every_rules_module_is_listed() -> None:
    modules = _rules_modules()
    assert "aer_portal.rules.fees" in modules
    assert len(modules) > 10


def test_every_rules_module_imports_without_site_packages() -> None:
    # -S: no site-packages at all; -I: no PYTHON* variables, no current directory on the path.
    # Only the standard library and the project's own files can be imported.
    modules = _rules_modules()
    code = "\n".join(
        [
            "import sys",
            f"sys.path.insert(0, {str(ROOT)!r})",
            *(f"import {module}" for module in modules),
            "from decimal import Decimal",
            "from aer_portal.rules.fees import annual_fee",
            "assert annual_fee(category='full', year=2018, population=100, "
            "relative_gdp=Decimal(1)).amount > 0",
            "loaded = sorted(m for m in ('django', 'celery', 'kombu') if m in sys.modules)",
            "assert not loaded, loaded",
            "print('ok')",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-S", "-I", "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
