"""Words the rules hand back: reasons, catalogue values, and the numbers inside them.

A rule that explains itself returns a :class:`Message`: an English template marked with
``N_`` plus its parameters. ``str(message)`` gives the English text; the interface layer shows it
in the reader's language through ``aer_portal.messages`` (``render(message)``), which passes
Django's ``gettext`` for the words and the active language's number format for the figures.

Figures stay values until then: a rule passes a :class:`Figure` (``Figure.number(1.027)``,
``Figure.euros(3250)``, ``Figure.percent(0.0015)``), never a string it formatted itself, so a
French page writes "1,027" and "30 000" where an English one writes "1.027" and "30 000".
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from aer_portal.rules import N_

#: Writes a figure's digits: ``Decimal("1234.56")`` → ``"1 234.56"`` (:func:`format_number`,
#: AER's English style) or ``"1 234,56"`` (French, supplied by the interface layer).
NumberFormat = Callable[[Decimal | int], str]


@dataclass(frozen=True)
class Figure:
    """A number inside a sentence, kept as a value until the reader's number format is known.

    ``unit`` is ``""`` (a plain figure), ``"euros"`` ("€ 3 250") or ``"percent"`` (the value is a
    rate: ``Decimal("0.0015")`` reads "0.15 %"). ``str()`` gives the English text, which is also
    how invoices store their parameters (:meth:`parse` reads it back).
    """

    value: Decimal
    unit: str = ""

    @classmethod
    def number(cls, value: Decimal | int) -> "Figure":
        return cls(Decimal(value))

    @classmethod
    def euros(cls, amount: Decimal | int) -> "Figure":
        return cls(Decimal(amount), "euros")

    @classmethod
    def percent(cls, rate: Decimal) -> "Figure":
        return cls(Decimal(rate), "percent")

    def render(self, number: NumberFormat = lambda value: format_number(value)) -> str:
        """The figure with its unit, its digits written by ``number``."""
        if self.unit == "euros":
            return f"€ {number(self.value)}"
        if self.unit == "percent":
            return f"{number(self.value * 100)} %"
        return number(self.value)

    def __str__(self) -> str:
        return self.render()

    @classmethod
    def parse(cls, text: str) -> "Figure | None":
        """The figure an English text wrote (``"€ 3 250"``, ``"0.15 %"``, ``"1.027"``,
        ``"30 000"``), or ``None`` when the text is no such figure.

        Invoices keep their lines' and steps' parameters as JSON text; reading them back as
        figures lets a French invoice write "1,027". A whole number under 1 000 or a year
        ("2026") stays text: it reads the same in every language.
        """
        match = _FIGURE.fullmatch(text)
        if match is None:
            return None
        euros, digits, percent = match.group("euros", "digits", "percent")
        if not (euros or percent or " " in digits or "." in digits):
            return None
        value = Decimal(digits.replace(" ", ""))
        if euros:
            return cls(value, "euros")
        if percent:
            return cls(value / 100, "percent")
        return cls(value)


Param = str | int | Decimal | date | Figure


def stored_param(text: str) -> Param:
    """A parameter read back from JSON: a figure written in English (:meth:`Figure.parse`)
    becomes a :class:`Figure` again, to be written in the reader's format; other text stays."""
    return Figure.parse(text) or text


_FIGURE = re.compile(
    r"(?P<euros>€ )?(?P<digits>-?(?:\d{1,3}(?: \d{3})+|\d+)(?:\.\d+)?)(?P<percent> %)?"
)

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

    def render(
        self,
        translate: Callable[[str], str] = _untranslated,
        number: NumberFormat = lambda value: format_number(value),
    ) -> str:
        """The sentence, with ``translate`` (e.g. Django's ``gettext``) applied to the template.

        Parameters that carry a ``label`` (the package's enums) are translated through it too,
        so "Executive Board" reads "Bureau exécutif" in French; days are written in words
        (:func:`format_day`), never as ISO dates; figures (:class:`Figure`, ``Decimal``) are
        written by ``number``, the reader's number format (English: :func:`format_number`).
        Whole numbers (``int``: years, counts) are written as they are.
        """
        values = {}
        for name, value in self.params:
            label = getattr(value, "label", None)
            if isinstance(value, Figure):
                values[name] = value.render(number)
            elif isinstance(value, Decimal):
                values[name] = number(value)
            elif isinstance(value, date):
                values[name] = format_day(value, translate)
            elif isinstance(value, str) and ISO_DAY.fullmatch(value):
                # A day kept as text: an invoice line's parameters are stored as JSON.
                values[name] = format_day(date.fromisoformat(value), translate)
            else:
                values[name] = translate(label) if isinstance(label, str) else str(value)
        return translate(self.template).format(**values)

    def render_with_article(
        self,
        translate: Callable[[str], str] = _untranslated,
        number: NumberFormat = lambda value: format_number(value),
    ) -> str:
        """The sentence followed by the article it applies: "… (Procedures art. 2.2)".

        The one way the portal shows a rule's reason (``aer_portal.messages.render_with_article``;
        templates use the ``with_article`` filter, ``aer_portal/templatetags/rules.py``).
        """
        text = self.render(translate, number)
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
    """``Decimal("3250")`` → ``"€ 3 250"``, as the Procedures write amounts (in English; a
    message's parameter is ``Figure.euros(amount)``, written in the reader's format)."""
    return str(Figure.euros(amount))


def format_percent(rate: Decimal) -> str:
    """``Decimal("0.0015")`` → ``"0.15 %"`` (in English; see :meth:`Figure.percent`)."""
    return str(Figure.percent(rate))
