"""The catalogue's entries on elections, compositions and mandates (Procedures art. 15)."""

from aer_portal.rules import N_
from aer_portal.rules.bodies import Body
from aer_portal.rules.catalogue.entry import RuleEntry, entry
from aer_portal.rules.composition import (
    DEFAULT_TERM_LIMITS,
    Composition,
    MandateLengths,
    mandate_years,
    max_consecutive_terms,
)
from aer_portal.rules.elections import DEFAULT_ELECTION_CALENDAR, RUNOFF_CANDIDATES

_TERM_TITLES: dict[Body, str] = {
    Body.EXECUTIVE_BOARD: N_("Executive Board mandate"),
    Body.BUREAU: N_("Bureau mandate"),
    Body.MONITORING_AND_EVALUATION_GROUP: N_("Monitoring and Evaluation Group mandate"),
    Body.ELECTION_COMMITTEE: N_("Election Committee mandate"),
}
_TERM_ARTICLES: dict[Body, str] = {
    Body.EXECUTIVE_BOARD: "Procedures art. 15 A",
    Body.BUREAU: "Procedures art. 15 B",
    Body.MONITORING_AND_EVALUATION_GROUP: "Procedures art. 15 C",
    Body.ELECTION_COMMITTEE: "Procedures art. 15 D",
}


def election_entries() -> tuple[RuleEntry, ...]:
    """The election calendar, the second round, compositions and mandates
    (Procedures arts. 15.4-15.7, 15 A-D)."""
    calendar = DEFAULT_ELECTION_CALENDAR
    c = Composition()
    lengths = MandateLengths()
    mandates = tuple(
        entry(
            f"mandate_{body.value}",
            article,
            _TERM_TITLES[body],
            N_(
                "Length of a mandate, and the most consecutive mandates one person may serve "
                "(re-elections plus the first; interpretation)."
            ),
            N_("{years} years; at most {terms} consecutive mandates"),
            years=mandate_years(body, lengths=lengths),
            terms=max_consecutive_terms(body, limits=DEFAULT_TERM_LIMITS),
        )
        for body, article in _TERM_ARTICLES.items()
    )
    return (
        entry(
            "election_calendar",
            "Procedures arts. 15.4–15.6",
            N_("Election calendar"),
            N_(
                "Members are informed, candidacies (letter and CV) are due, and the candidates' "
                "portfolio is distributed at least this long before the election."
            ),
            N_("{informed} / {candidacies} / {portfolio} days"),
            informed=calendar.members_informed_days,
            candidacies=calendar.candidacies_days,
            portfolio=calendar.portfolio_days,
        ),
        entry(
            "second_round",
            "Procedures art. 15.7",
            N_("Second round"),
            N_(
                "When nobody has more than half of the votes cast, only the candidates with the "
                "most votes stand again; a tie for a place is left to the Election Committee."
            ),
            N_("{count} candidates"),
            count=RUNOFF_CANDIDATES,
        ),
        entry(
            "executive_board_composition",
            "Procedures art. 15 A",
            N_("Executive Board composition"),
            N_("The President, the Treasurer and the Vice-Presidents, elected separately."),
            N_("{presidents} President, {treasurers} Treasurer, {vp_min}–{vp_max} Vice-Presidents"),
            presidents=c.presidents,
            treasurers=c.treasurers,
            vp_min=c.vice_presidents_min,
            vp_max=c.vice_presidents_max,
        ),
        entry(
            "monitoring_group_composition",
            "Procedures art. 15 C",
            N_("Monitoring and Evaluation Group composition"),
            N_("Members not involved in other governing structures of AER."),
            N_("{count} members"),
            count=c.monitoring_group_members,
        ),
        entry(
            "election_committee_composition",
            "Procedures art. 15 D",
            N_("Election Committee composition"),
            N_("Members nominated by an AER member and holding a regional political mandate."),
            N_("{minimum}–{maximum} members"),
            minimum=c.election_committee_min,
            maximum=c.election_committee_max,
        ),
        *mandates,
    )
