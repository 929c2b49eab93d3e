"""Words the rules hand back: reasons, catalogue values, and the numbers inside them.

A rule that explains itself returns a :class:`Message`: an English template marked with
``N_`` plus its parameters. ``str(message)`` gives the English text; the interface layer calls
``message.render(gettext)`` to show it in the reader's language.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from aer_portal.rules import N_

Param = str | int | Decimal | date

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

#: English month names: the words Django's own translations translate ("décembre").
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _untranslated(message: str) -> str:
    return message


@dataclass(frozen=True)
class Message:
    """A sentence with ``{named}`` placeholders, their values, and the article it applies."""

    template: str
    params: tuple[tuple[str, Param], ...] = ()
    article: str = ""

    @classmethod
    def of(cls, template: str, *, article: str = "", **params: Param) -> "Message":
        """Build a message; ``params`` fill the template's placeholders."""
        return cls(template=template, params=tuple(params.items()), article=article)

    def render(self, translate: Callable[[str], str] = _untranslated) -> str:
        """The sentence, with ``translate`` (e.g. Django's ``gettext``) applied to the template.

        Parameters that carry a ``label`` (the package's enums) are translated through it too,
        so "Executive Board" reads "Bureau exécutif" in French; days are written in words
        (:func:`format_day`), never as ISO dates.
        """
        values = {}
        for name, value in self.params:
            label = getattr(value, "label", None)
            if isinstance(value, date):
                values[name] = format_day(value, translate)
            elif isinstance(value, str) and ISO_DAY.fullmatch(value):
                # A day kept as text: an invoice line's parameters are stored as JSON.
                values[name] = format_day(date.fromisoformat(value), translate)
            else:
                values[name] = translate(label) if isinstance(label, str) else str(value)
        return translate(self.template).format(**values)

    def render_with_article(self, translate: Callable[[str], str] = _untranslated) -> str:
        """The sentence followed by the article it applies: "… (Procedures art. 2.2)".

        The one way the portal shows a rule's reason; templates use the ``with_article`` filter
        (``aer_portal/templatetags/rules.py``).
        """
        text = self.render(translate)
        return f"{text} ({format_article(self.article, translate)})" if self.article else text

    def __str__(self) -> str:
        return self.render()


#: How articles are cited, longest first; ``gettext`` gives "Procédures, art." in French.
ARTICLE_PREFIXES = (N_("Procedures arts."), N_("Procedures art."), N_("Statute art."))


def format_article(article: str, translate: Callable[[str], str] = _untranslated) -> str:
    """``"Procedures art. 4.2"`` in the reader's language: ``"Procédures, art. 4.2"``."""
    for prefix in ARTICLE_PREFIXES:
        if article.startswith(prefix):
            return translate(prefix) + article[len(prefix) :]
    return article


def format_day(value: date, translate: Callable[[str], str] = _untranslated) -> str:
    """``date(2026, 12, 18)`` → ``"18 December 2026"`` (``"18 décembre 2026"`` through French
    ``gettext``): the portal's one way to write a day, as its DATE_FORMAT ``"j F Y"`` does."""
    return f"{value.day} {translate(MONTHS[value.month - 1])} {value.year}"


def format_number(value: Decimal | int) -> str:
    """``30000`` → ``"30 000"``, ``Decimal("1.027")`` → ``"1.027"``: AER's own style of figures."""
    text = f"{Decimal(value).normalize():,f}"
    return text.replace(",", " ")


def format_euros(amount: Decimal | int) -> str:
    """``Decimal("3250")`` → ``"€ 3 250"``, as the Procedures write amounts."""
    return f"€ {format_number(amount)}"


def format_percent(rate: Decimal) -> str:
    """``Decimal("0.0015")`` → ``"0.15 %"``."""
    return f"{format_number(rate * 100)} %"
