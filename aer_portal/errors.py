"""The one error type that services raise and interfaces turn into a message."""


class DomainError(Exception):
    """A rule of the portal or of the Procedures refused an action; the message says why.

    ``message`` is a translated sentence a person understands on its own; ``field`` is the name
    of the input it is about (or ``None``), kept apart so a form can put the sentence under that
    input (:class:`aer_portal.forms.PortalForm`). The field's name never appears in the text.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
