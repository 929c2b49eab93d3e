"""Words the rules hand back: reasons, catalogue values, and the numbers inside them.

A rule that explains itself returns a :class:`Message`: an English template marked with
``N_`` plus its parameters. ``str(message)`` gives the English text; the interface layer calls
``message.render(gettext)`` to show it in the reader's language.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

Param = str | int | Decimal


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
        so "Executive Board" reads "Bureau exécutif" in French.
        """
        values = {}
        for name, value in self.params:
            label = getattr(value, "label", None)
            values[name] = translate(label) if isinstance(label, str) else str(value)
        return translate(self.template).format(**values)

    def render_with_article(self, translate: Callable[[str], str] = _untranslated) -> str:
        """The sentence followed by the article it applies: "… (Procedures art. 2.2)".

        The one way the portal shows a rule's reason; templates use the ``with_article`` filter
        (``aer_portal/templatetags/rules.py``).
        """
        text = self.render(translate)
        return f"{text} ({self.article})" if self.article else text

    def __str__(self) -> str:
        return self.render()


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
