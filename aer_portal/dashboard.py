"""A box on the dashboard, as an app describes it.

Each app's `dashboard.py` defines `panels(request, today) -> list[Panel]`; each panel names its
template (under `templates/<app>/`) and the context it needs, fetched in a constant number of
queries. `portal.dashboard` gathers them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    """One box on the dashboard."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
