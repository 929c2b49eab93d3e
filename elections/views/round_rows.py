"""The results page's and the desk's rounds and winners, written in Python (issue 16).

Each closed round of a summary, each earlier round on the desk and each winner is a few
lines of markup; written by the template they were most of those pages' time (a tag, a
translation and a lookup per value per round). Here each phrase is translated and each link
reversed once per page, and every row is filled with escaped values: the markup is the one the
templates wrote (the pages' tests and their French versions compare it).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from elections.models import Election
from elections.selectors.results import PositionResult, RoundView
from elections.selectors.winners import ListNominee, Winner


class RoundPhrases:
    """The pages' fixed words in the reader's language, translated once per page."""

    def __init__(self) -> None:
        self.seat_round = gettext("Seat %(seat)s, round %(number)s")
        self.counts = gettext(
            "Votes cast: %(cast)s · majority: %(majority)s · blank: %(blank)s · invalid: "
            "%(invalid)s"
        )
        self.elected = gettext("elected")
        self.stands = gettext("stands in the next round")
        self.every_vote = gettext("every candidate's votes")
        self.counts_link = gettext("counts on the results page")
        self.recorded_later = gettext("recorded when the results are published")
        self.numbers: dict[int | None, str] = {}

    def number(self, value: int | None) -> str:
        """``localize(value)``, once per number a page: the same seats, rounds and counts
        recur from round to round, and localizing was half of writing them."""
        if value not in self.numbers:
            self.numbers[value] = str(localize(value))
        return self.numbers[value]

    def heading(self, view: RoundView) -> str:
        round_ = view.round
        return self.seat_round % {
            "seat": self.number(round_.seat_number),
            "number": self.number(round_.number),
        }


def _votes_line(phrases: RoundPhrases, view: RoundView) -> str:
    round_ = view.round
    return phrases.counts % {
        "cast": phrases.number(view.votes_cast or 0),
        "majority": phrases.number(view.majority),
        "blank": phrases.number(round_.blank),
        "invalid": phrases.number(round_.invalid),
    }


def _summary(phrases: RoundPhrases, view: RoundView, position_pk: int) -> SafeString:
    """A closed round of the results' summary: its totals, whom it elected or sends on."""
    round_ = view.round
    candidates = ""
    if view.candidates:
        items = "".join(
            f"<li>{escape(str(c.candidacy.person))} ({escape(str(c.candidacy.member))}): "
            f"{escape(phrases.number(c.votes))} — "
            + (
                f"<strong>{phrases.elected}</strong>"
                if round_.elected_id == c.candidacy_id
                else phrases.stands
            )
            + "</li>"
            for c in view.candidates
        )
        candidates = f'<ul class="small mb-1">{items}</ul>'
    return mark_safe(  # translations are trusted, every value is escaped
        f'\n    <section class="card mb-3 round-summary" aria-labelledby="round-{round_.pk}">'
        '<div class="card-body">\n'
        f'      <h3 class="h6 card-title" id="round-{round_.pk}">{phrases.heading(view)} '
        f'<span class="badge text-bg-secondary">{escape(view.status_label)}</span></h3>\n'
        f'      <p class="small mb-1">{_votes_line(phrases, view)}</p>\n'
        f"      {candidates}\n"
        f'      <p class="small mb-0"><a href="?position={position_pk}#round-{round_.pk}">'
        f"{phrases.every_vote}</a></p>\n"
        "    </div></section>"
    )


def _elected_rows(phrases: RoundPhrases, winners: Iterable[Winner]) -> SafeString:
    """The winners' table rows: name, nominating member and the mandate recorded."""
    rows = []
    for winner in winners:
        mandate = f"{escape(winner.mandate)}\n" if winner.mandate else phrases.recorded_later
        rows.append(
            f'\n        <tr><th scope="row">{escape(winner.name)}</th>'
            f"<td>{escape(winner.member)}</td><td>{mandate}</td></tr>\n      "
        )
    return mark_safe("".join(rows))  # translations are trusted, values escaped


def _nominee_rows(nominees: Iterable[ListNominee]) -> SafeString:
    """The Bureau's list on the results page: name, seat, country and mandate recorded."""
    return mark_safe(  # every value is escaped
        "".join(
            f'\n        <tr><th scope="row">{escape(n.name)}</th><td>{escape(n.role)}</td>'
            f"<td>{escape(n.country)}</td>\n          "
            f"<td>{escape(n.mandate) + chr(10) if n.mandate else '—'}</td></tr>\n      "
            for n in nominees
        )
    )


def desk_nominees(nominees: Iterable[ListNominee]) -> SafeString:
    """The Bureau's list on the desk, one item per accepted nomination."""
    return mark_safe(  # every value is escaped
        "".join(
            f"<li>{escape(n.name)} — {escape(n.role)}, {escape(n.country)}</li>" for n in nominees
        )
    )


Section = tuple[PositionResult, SafeString, SafeString, list[tuple[RoundView, SafeString | None]]]


def results_sections(results: list[PositionResult]) -> list[Section]:
    """Each position of the results page with its winners' rows, its Bureau list's rows and
    its rounds, each round written here unless it comes in full (``None``: the template's
    ``_round.html``)."""
    phrases = RoundPhrases()
    return [
        (
            result,
            _elected_rows(phrases, result.winners),
            _nominee_rows(result.nominees),
            [
                (view, None if view.full else _summary(phrases, view, result.position.pk))
                for view in result.rounds
            ],
        )
        for result in results
    ]


def desk_rounds(
    *,
    election: Election,
    result: PositionResult,
    phrases: RoundPhrases | None = None,
    results_url: str | None = None,
) -> list[tuple[RoundView, SafeString | None]]:
    """A position's rounds on the desk: the last in full when it is (``None``: the template's
    ``_round.html``), the others as one line linking their counts on the results page
    (``results_url``, reversed once a page by the caller of every position)."""
    phrases = phrases or RoundPhrases()
    results_url = escape(results_url or reverse("elections:results", args=[election.pk]))
    position_pk = result.position.pk
    last = len(result.rounds) - 1
    lines: list[tuple[RoundView, SafeString | None]] = []
    for index, view in enumerate(result.rounds):
        if index == last and view.full:
            lines.append((view, None))
            continue
        round_ = view.round
        elected = f" · {phrases.elected}: {escape(view.winner.name)}" if view.winner else ""
        lines.append(
            (
                view,
                mark_safe(  # translations are trusted, every value is escaped
                    f'<p class="small mb-1 desk-earlier-round">{phrases.heading(view)} · '
                    f"{escape(view.status_label)}{elected} · "
                    f'<a href="{results_url}?position={position_pk}#round-{round_.pk}">'
                    f"{phrases.counts_link}</a></p>"
                ),
            )
        )
    return lines
