"""Template filters for pages that show one form per row (a motion's counts, a position's round)."""

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def of(forms: Mapping[Any, Any], key: Any) -> Any:
    """The form of one row: ``{% with form=counts_forms|of:motion.pk %}``; None when it has none."""
    return forms.get(key)
