"""Checks on a page's HTML that a person with a screen reader or a keyboard depends on: every
id once, every label pointing at a field of the page, every form control with a name that is
read out. Used by the page tests and by the browser crawl (tests/browser/test_accessibility.py).
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

#: Inputs that are read out by their value or not at all.
UNNAMED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.label_targets: list[str] = []
        self.controls: list[dict[str, str]] = []
        self._labels_open = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if "id" in attributes:
            self.ids[attributes["id"]] += 1
        if tag == "label":
            self._labels_open += 1
            if attributes.get("for"):
                self.label_targets.append(attributes["for"])
        if tag in ("input", "select", "textarea"):
            if tag == "input" and attributes.get("type", "text") in UNNAMED_INPUT_TYPES:
                return
            attributes["_tag"] = tag
            attributes["_in_label"] = "1" if self._labels_open else ""
            self.controls.append(attributes)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._labels_open:
            self._labels_open -= 1


def page_problems(html: str) -> list[str]:
    """What is wrong with the page's ids and form controls, in words; empty when nothing is."""
    collector = _Collector()
    collector.feed(html)
    problems = [f"the id {name!r} is used {n} times" for name, n in collector.ids.items() if n > 1]
    problems += [
        f"a label points at the id {target!r}, which no element has"
        for target in collector.label_targets
        if target not in collector.ids
    ]
    labelled = set(collector.label_targets)
    for control in collector.controls:
        named = (
            control.get("id") in labelled
            or control["_in_label"]
            or control.get("aria-label")
            or control.get("aria-labelledby")
            or control.get("title")
        )
        if not named:
            problems.append(
                f"the {control['_tag']} named {control.get('name', '')!r} has no accessible name"
            )
    return problems


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "textarea"):
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "textarea") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


#: A day written as digits, "2026-12-18" or "18/12/2026": the portal writes "18 December 2026".
NUMERIC_DAY = re.compile(r"(?<![\d/-])(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})(?![\d/-])")


def visible_text(html: str) -> str:
    """A page's text as a person reads it: no tags, attributes, scripts or styles."""
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def numeric_days(text: str, *, html: bool = True) -> list[str]:
    """The days a person reads as digits in a page (its text, not its attributes) or an e-mail."""
    return NUMERIC_DAY.findall(visible_text(text) if html else text)
