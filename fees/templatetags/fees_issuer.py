"""``{% fees_issuer_problems as problems %}``: what the issuer's details lack (fees.checks)."""

from django import template

from fees.checks import issuer_problems

register = template.Library()


@register.simple_tag
def fees_issuer_problems() -> list[str]:
    return issuer_problems()
