"""One line of the ``/rules/`` page: an encoded rule, its article and its current value."""

from dataclasses import dataclass

from aer_portal.rules.messages import Message, Param


@dataclass(frozen=True)
class RuleEntry:
    """One encoded rule: where it comes from, what it says, and the value the portal applies.

    ``value`` is the value in English; ``value_message`` is the same as a translatable
    :class:`Message`, shown with ``aer_portal.messages.render(entry.value_message)``.
    """

    key: str
    article: str
    title: str
    description: str
    value_message: Message

    @property
    def value(self) -> str:
        """The current value, in English (e.g. ``"28 days"``, ``"€ 3 250"``)."""
        return str(self.value_message)


def entry(
    key: str, article: str, title: str, description: str, value: str, **params: Param
) -> RuleEntry:
    """A :class:`RuleEntry` whose value is the message ``value`` filled with ``params``."""
    return RuleEntry(key, article, title, description, Message(value, tuple(params.items())))
