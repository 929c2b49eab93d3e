"""No message a person reads starts with a Python field name or names a database constraint.

The runtime half lives in tests/conftest.py (every DomainError raised in any test); this module
scans the source and the models, so a message no test triggers is caught as well.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

from tests.conftest import unreadable_refusal

ROOT = Path(__file__).resolve().parents[2]
APPS = ("aer_portal", "members", "governance", "fees", "working_groups", "elections")

# A translatable string whose first words are a Python name and a colon: "status: ...", or
# a placeholder that a caller fills with one: "%(field)s: ...".
PREFIXED = re.compile(
    r"\b(?:N_|_|gettext|gettext_lazy|ngettext|pgettext)\(\s*"
    r'"([a-z][a-z0-9_]*|%\((?:field|what)\)s): '
)
# These two fill the placeholder with the field's label, as the form shows it ("CV: ...").
LABELLED = {"aer_portal/validation.py", "elections/services/candidacies.py"}
# A refusal glued to the name of its field: DomainError(f"{field}: ...") or f"status: ...".
# (A member's or a person's name before the colon reads well: "{member}: ...".)
GLUED = re.compile(r'DomainError\(\s*f"(?:\{field\}|[a-z_]+): ')


def _sources() -> list[Path]:
    return [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]


def test_no_translatable_message_starts_with_a_python_name() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}: {match.group(1)}"
        for path in _sources()
        for text in [path.read_text(encoding="utf-8")]
        for match in PREFIXED.finditer(text)
        if not (match.group(1).startswith("%") and str(path.relative_to(ROOT)) in LABELLED)
    ]
    assert found == []


def test_no_refusal_is_glued_to_its_field_name() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in _sources()
        for text in [path.read_text(encoding="utf-8")]
        for match in GLUED.finditer(text)
    ]
    assert found == []


def test_every_constraint_says_what_is_wrong_in_words() -> None:
    unnamed = [
        f"{model._meta.label}.{constraint.name}"
        for model in apps.get_models()
        if model._meta.app_label in APPS
        for constraint in model._meta.constraints
        if constraint.violation_error_message == constraint.default_violation_error_message
    ]
    assert unnamed == []


@pytest.mark.parametrize(
    ("message", "unreadable"),
    [
        ("first_meeting_starts_at: the meeting must be later.", True),
        ("approve_votes: give a number.", True),
        ("Constraint “relative_gdp_positive” is violated.", True),
        ("Round 2 is still open.", False),
        ("Application letter: The content of “a.pdf” is not a PDF file.", False),
        ("%(person)s has a portal account already.", False),
    ],
)
def test_the_guard_tells_a_python_name_from_a_sentence(message: str, unreadable: bool) -> None:
    assert unreadable_refusal(message) is unreadable
