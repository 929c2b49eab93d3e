"""Template filters for the secretariat's import pages."""

from __future__ import annotations

from typing import Any

from django import template

from members.resources import import_report

register = template.Library()


@register.filter(name="import_report")
def import_report_filter(result: Any) -> list[str]:
    """Every bad row of an import as "line N: field: reason" (the header is line 1)."""
    return import_report(result)
