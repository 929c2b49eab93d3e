"""The error types that services raise and interfaces turn into a message or a 403."""

from django.core.exceptions import PermissionDenied


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


class Refused(DomainError, PermissionDenied):
    """The acting person may not do this: a rule of the portal's roles, not of the input.

    A :class:`DomainError`, so a form that catches domain errors shows the sentence under the
    input; also Django's ``PermissionDenied``, so a view that lets it through answers with the
    403 page (``templates/403.html`` shows the sentence and the way back).
    """
