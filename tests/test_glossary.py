"""The statutory names in French are those of locale/GLOSSARY.md, in the catalogue and so on
every page (the pages themselves: tests/browser/test_french.py)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.messages import format_article

GLOSSARY = Path(settings.BASE_DIR) / "locale" / "GLOSSARY.md"
ROW = re.compile(r"^\| (?!English)([^|]+?) \| ([^|]+?) \|$")


def glossary(*sections: str) -> dict[str, str]:
    """English → French, from the tables of the given sections (all when none is given)."""
    terms: dict[str, str] = {}
    section = ""
    for line in GLOSSARY.read_text().splitlines():
        if line.startswith("## "):
            section = line.removeprefix("## ")
        elif (match := ROW.match(line)) and (not sections or section in sections):
            terms[match.group(1)] = match.group(2)
    return terms


def test_the_catalogue_translates_every_name_as_the_glossary_does() -> None:
    terms = glossary()
    assert len(terms) > 25 and terms["Executive Board"] == "Bureau exécutif"
    with translation.override("fr"):
        wrong = {
            english: translation.gettext(english)
            for english, french in terms.items()
            if translation.gettext(english) != french
        }
    assert wrong == {}


def test_the_executive_board_is_never_the_bare_bureau_in_french() -> None:
    """Issue 15: "Board review" read "Examen par le Bureau", the statutory Bureau's name."""
    catalogue = (Path(settings.BASE_DIR) / "locale/fr/LC_MESSAGES/django.po").read_text()
    confused = []
    for entry in catalogue.split("\n\n"):
        msgid, _, msgstr = entry.partition("\nmsgstr")
        english = "".join(re.findall(r'"(.*)"', msgid))
        french = "".join(re.findall(r'"(.*)"', msgstr))
        board = re.search(r"\bBoard\b", english) and "Bureau" not in english
        if board and re.search(r"\bBureau\b(?! exécutif)", french):
            confused.append(english)
    assert confused == []


def test_every_body_and_article_reads_in_french() -> None:
    with translation.override("fr"):
        names = [translation.gettext(kind.label) for kind in BodyKind]
        article = format_article("Procedures art. 4.2", translation.gettext)
    assert "Assemblée générale" in names and "Bureau exécutif" in names
    assert article == "Procédures, art. 4.2"


def test_a_name_in_lower_case_is_translated_as_the_glossary_does() -> None:
    """Issue 15: the admin's "election desk" column read "bureau électoral", the statutory
    Bureau's word, where the glossary says "Pilotage des élections"."""
    wrong = {}
    with translation.override("fr"):
        for english, french in glossary().items():
            lower = english[0].lower() + english[1:]
            shown = translation.gettext(lower)
            if shown != lower and shown != french[0].lower() + french[1:]:
                wrong[lower] = shown
    assert wrong == {}
