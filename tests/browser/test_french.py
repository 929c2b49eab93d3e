"""A French reader sees the statutory names in French: no body or role name of
locale/GLOSSARY.md in English on the portal's main pages, and no figure written with a decimal
point (issue 15)."""

from __future__ import annotations

import re

import pytest

from governance.models.bodies import STATUTORY_NAMES
from tests.browser.test_accessibility import crawl
from tests.html_checks import visible_text
from tests.test_glossary import glossary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def english_names(text: str) -> list[str]:
    """The glossary's English body and role names in a French text, each with the words
    around it (names spelt the same in both languages, "Bureau", are left out)."""
    terms = glossary("Bodies", "Roles", "Policy areas of the Vice-Presidents")
    found = []
    for english, french in terms.items():
        if english == french:
            continue
        for match in re.finditer(rf"\b{re.escape(english)}\b", text):
            around = " ".join(text[max(0, match.start() - 50) : match.end() + 30].split())
            found.append(f"{english} in “{around}”")
    return found


#: A figure written the English way: "€ 1 234.56", "4 459.87", an indexation "1.027^". French
#: writes "€ 1 234,56" (aer_portal.messages.number); an article ("art. 3.2.1") is no figure.
ENGLISH_FIGURE = re.compile(r"€ \d{1,3}(?:[ \u202f]\d{3})*\.\d|\d[ \u202f]\d{3}\.\d|\d\.\d+\^")


def english_figures(text: str) -> list[str]:
    """Figures with a decimal point in a French text, each with the words around it."""
    return [
        " ".join(text[max(0, match.start() - 40) : match.end() + 20].split())
        for match in ENGLISH_FIGURE.finditer(text)
    ]


def records_own_words() -> list[str]:
    """What people entered in the records, in the language they wrote it in (the data set's
    English): meetings' and elections' titles, working groups' names, people's titles.
    The check is about the portal's words, so these are taken out of a page first."""
    from elections.models import Election
    from governance.models import Body, Meeting
    from members.models import Person, RegionalMandate

    words = {
        *Meeting.objects.values_list("title", flat=True),
        *Election.objects.values_list("title", flat=True),
        *Body.objects.exclude(name__in=STATUTORY_NAMES).values_list("name", flat=True),
        *Person.objects.exclude(title="").values_list("title", flat=True),
        *RegionalMandate.objects.values_list("kind", flat=True),
    }
    return sorted(words, key=len, reverse=True)


def test_no_body_or_role_name_in_english_on_a_french_page(  # type: ignore[no-untyped-def]
    browser, live_server, seeded
) -> None:
    found = []
    pages = 0
    entered = records_own_words()
    for crawled, _ in crawl(
        browser, live_server.url, language="fr", own_role_only=True, admin=False
    ):
        pages += 1
        assert '<html lang="fr">' in crawled.html, crawled.url
        text = visible_text(crawled.html)
        for words in entered:
            text = text.replace(words, " ")
        for name in english_names(text):
            found.append(f"{crawled.url} as {crawled.role}: {name}")
        for figure in english_figures(text):
            found.append(f"{crawled.url} as {crawled.role}: a decimal point in “{figure}”")
    assert pages > 20
    assert not found, "\n".join(found)
