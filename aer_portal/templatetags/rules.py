"""Template filters for what the rules hand back."""

from django import template
from django.utils.translation import gettext

from aer_portal.messages import render_with_article
from aer_portal.rules.messages import Message, format_article

register = template.Library()


@register.filter
def with_article(message: Message) -> str:
    """A rule's reason in the reader's language, with its article: ``{{ reason|with_article }}``."""
    return render_with_article(message)


@register.filter
def article(reference: str) -> str:
    """An article cited in the reader's language: ``{{ entry.article|article }}``."""
    return format_article(reference, gettext) if reference else reference
