"""The one way the portal shows what the rules hand back, in the reader's language.

The rules (``aer_portal.rules``) are pure Python: a :class:`~aer_portal.rules.messages.Message`
keeps its words as an English template and its figures as values. Here, under the active
language, Django's ``gettext`` translates the words and :func:`number` writes the figures:
"1 234.56" in English (AER's own style), "1 234,56" in French (``aer_portal/formats/fr``:
decimal comma, narrow no-break space between thousands). Views, services, e-mails and PDFs show
a rule's message through :func:`render`, :func:`render_with_article` or :func:`render_step`;
templates through the ``with_article`` filter, which calls :func:`render_with_article`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import get_format, number_format
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext

from aer_portal.rules.fees import FeeStep
from aer_portal.rules.messages import (
    ARTICLE_PREFIXES,
    Figure,
    Message,
    NumberFormat,
    format_article,
    format_number,
)


def number(value: Decimal | int) -> str:
    """A figure in the active language: ``Decimal("1234.56")`` → ``"1 234.56"`` in English,
    ``"1 234,56"`` in French."""
    return number_format_of_language()(value)


#: The number format of each language, worked out once (a page writes hundreds of figures).
_FORMATS: dict[str, NumberFormat] = {}


def number_format_of_language() -> NumberFormat:
    """How the active language writes figures.

    A language with a decimal point (English) keeps AER's style
    (:func:`~aer_portal.rules.messages.format_number`: a space between thousands, a point);
    another (French) uses its format's separators (``DECIMAL_SEPARATOR``,
    ``THOUSAND_SEPARATOR``, ``NUMBER_GROUPING``), through Django's ``number_format`` unless it
    groups by three as AER's style does.
    """
    language = get_language() or settings.LANGUAGE_CODE
    found = _FORMATS.get(language)
    if found is None:
        found = _FORMATS[language] = _number_format_for(language)
    return found


def _number_format_for(language: str) -> NumberFormat:
    decimal = get_format("DECIMAL_SEPARATOR", language, use_l10n=True)
    if decimal == ".":
        return format_number
    thousand = get_format("THOUSAND_SEPARATOR", language, use_l10n=True)
    if get_format("NUMBER_GROUPING", language, use_l10n=True) == 3:
        separators = str.maketrans({" ": thousand, ".": decimal})
        return lambda value: format_number(value).translate(separators)

    def grouped(value: Decimal | int) -> str:
        # normalize() drops trailing zeros as format_number does: "1.027", not "1.027000".
        shown = Decimal(value).normalize()
        if shown == shown.to_integral_value():
            shown = shown.quantize(Decimal(1))
        return number_format(shown, use_l10n=True, force_grouping=True)

    return grouped


@receiver(setting_changed)
def _forget_number_formats(**kwargs: Any) -> None:
    """A test that changes the format settings gets the formats it set."""
    _FORMATS.clear()


def euros(amount: Decimal | int) -> str:
    """An amount in the active language: ``"€ 3 250"``, ``"€ 1 234,56"`` in French."""
    return Figure.euros(amount).render(number_format_of_language())


def for_reader(context: Mapping[str, Any]) -> dict[str, Any]:
    """A stored e-mail context with its amounts and articles written for the reader, in the
    active language.

    Reminders keep their context as JSON until they are sent, with amounts and articles in
    English ("€ 1 234.56", "Procedures art. 4.2"); here they become "€ 1 234,56" and
    "Procédures, art. 4.2" for a French reader, as ``aer_portal.dates.in_words`` does for days.
    Only text starting with "€ " is read as an amount, with an article's prefix as an article.
    """
    return {name: _for_reader(value) for name, value in context.items()}


def _for_reader(value: Any) -> Any:
    if isinstance(value, str):
        if value.startswith("€ "):
            figure = Figure.parse(value)
            return figure.render(number_format_of_language()) if figure is not None else value
        if value.startswith(ARTICLE_PREFIXES):
            return format_article(value, gettext)
        return value
    if isinstance(value, Mapping):
        return for_reader(value)
    if isinstance(value, list | tuple):
        return [_for_reader(item) for item in value]
    return value


def render(message: Message) -> str:
    """A rule's message in the reader's language, words and figures."""
    return message.render(gettext, number_format_of_language())


def render_with_article(message: Message) -> str:
    """A rule's message in the reader's language, followed by its article:
    "… (Procédures, art. 3.2)"."""
    return message.render_with_article(gettext, number_format_of_language())


def render_step(step: FeeStep) -> str:
    """One line of a fee's explanation in the reader's language: "… = 1 234,56 (…)"."""
    return step.render(gettext, number_format_of_language())


_portal_name = lazy(lambda: gettext(settings.PORTAL_NAME), str)


def portal_name() -> str:
    """AER's name in the language of the text it is written into: "Assemblée des Régions
    d'Europe" in a French e-mail or PDF (lazy: e-mails build their context before the
    recipient's language is switched on). The invoice's seller data (``fees.checks``) keep the
    legal name, ``settings.PORTAL_NAME``, untranslated."""
    return cast(str, _portal_name())
