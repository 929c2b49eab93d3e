"""The one error type that services raise and interfaces turn into a message."""


class DomainError(Exception):
    """A rule of the portal or of the Procedures refused an action; the message says why.

    The message names the field first where there is one ("e-mail: …"), so forms can
    attach it to that field.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
