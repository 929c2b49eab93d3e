"""The dashboard is assembled from panels that each app contributes.

An app adds a panel with a module `<app>/dashboard.py` defining
`panels(request: HttpRequest, today: date) -> list[Panel]`; each panel names its template
(under `templates/<app>/`) and the context it needs, fetched in a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import HttpRequest

from aer_portal.portal_apps import app_hooks


@dataclass(frozen=True)
class Panel:
    """One box on the dashboard."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def dashboard_panels(request: HttpRequest, today: date) -> list[Panel]:
    panels = [panel for hook in app_hooks("dashboard") for panel in hook.panels(request, today)]
    return sorted(panels, key=lambda panel: panel.order)
