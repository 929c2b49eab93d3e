"""The AER Statute and Procedures as pure Python.

Every other part of the portal asks this package and never re-implements a rule. It imports
neither Django nor Celery, does no I/O and never reads the clock: dates come in as arguments.
The reference text is the Procedures adopted by the General Assembly on 14 October 2022.
"""


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it.

    Django's ``makemessages --keyword=N_`` collects these literals; the interface layer
    translates them when it renders them, so this package stays free of Django.
    """
    return message
