"""The dashboard's panels, from every app that contributes one.

Each app is named here (rather than found by a module's name) so that a reader sees which apps
speak on the dashboard; the panels are then sorted by their own `order`.
"""

from __future__ import annotations

from datetime import date

import elections.dashboard
import fees.dashboard
import governance.dashboard
import members.dashboard
import working_groups.dashboard
from aer_portal.dashboard import Panel
from members.access import PortalRequest

PANEL_SOURCES = (
    members.dashboard,
    governance.dashboard,
    fees.dashboard,
    working_groups.dashboard,
    elections.dashboard,
)


def dashboard_panels(request: PortalRequest, today: date) -> list[Panel]:
    """Every app's panels for this person on this day, in the panels' order."""
    panels = [panel for source in PANEL_SOURCES for panel in source.panels(request, today)]
    return sorted(panels, key=lambda panel: panel.order)
