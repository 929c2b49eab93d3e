"""The portal's own apps, in their order of dependence, and the hooks each may provide.

An app contributes to portal-wide features by having a module of a given name:
`<app>.dashboard` (a panel on the dashboard), `<app>.demo` (demo data), `<app>.bench`
(benchmarked pages), `<app>.rules_values` (values in force for the /rules/ page). The portal
asks each in this order, so a later app can rely on the data of an earlier one.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

PORTAL_APPS = ("members", "governance", "fees", "working_groups", "elections")


def app_hooks(module_name: str) -> list[ModuleType]:
    """The `<app>.<module_name>` modules that exist, in the apps' order of dependence."""
    return [
        import_module(f"{app}.{module_name}")
        for app in PORTAL_APPS
        if find_spec(f"{app}.{module_name}") is not None
    ]
