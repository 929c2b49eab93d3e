"""Every rule this package encodes, with its current value, for the public ``/rules/`` page.

The values are read from the package's own defaults, so the page can never disagree with the
rules the portal applies. Titles and descriptions are marked with ``N_`` for translation.
"""

from dataclasses import dataclass

from aer_portal.rules import N_
from aer_portal.rules.bodies import Body
from aer_portal.rules.composition import (
    DEFAULT_TERM_LIMITS,
    Composition,
    MandateLengths,
    mandate_years,
    max_consecutive_terms,
)
from aer_portal.rules.elections import DEFAULT_ELECTION_CALENDAR, RUNOFF_CANDIDATES
from aer_portal.rules.fee_terms import PAYMENT_MONTHS
from aer_portal.rules.fees import FeeParameters, ProgrammeFees
from aer_portal.rules.meetings import NOTICE_PERIODS
from aer_portal.rules.membership import (
    OBSERVER_LOOKBACK_YEARS,
    OBSERVER_STATUS_MONTHS,
    SUBSTITUTE_MONTHS,
)
from aer_portal.rules.messages import Figure, Message, Param
from aer_portal.rules.votes import (
    BUREAU_VOTES_PER_COUNTRY,
    BUREAU_VOTES_PER_OFFICE_REGION,
)
from aer_portal.rules.working_groups import FIRST_MANDATE_YEARS, MIN_SUPPORTING_REGIONS


@dataclass(frozen=True)
class RuleEntry:
    """One encoded rule: where it comes from, what it says, and the value the portal applies.

    ``value`` is the value in English; ``value_message`` is the same as a translatable
    :class:`Message`, shown with ``aer_portal.messages.render(entry.value_message)``.
    """

    key: str
    article: str
    title: str
    description: str
    value_message: Message

    @property
    def value(self) -> str:
        """The current value, in English (e.g. ``"28 days"``, ``"€ 3 250"``)."""
        return str(self.value_message)


def _entry(
    key: str, article: str, title: str, description: str, value: str, **params: Param
) -> RuleEntry:
    return RuleEntry(key, article, title, description, Message(value, tuple(params.items())))


def _membership() -> tuple[RuleEntry, ...]:
    return (
        _entry(
            "observer_status_period",
            "Procedures art. 2.1",
            N_("Observer status"),
            N_(
                "Observer status is granted once, from the first day of the month after the "
                "Executive Board's decision (interpretation), for one year."
            ),
            N_("{months} months"),
            months=OBSERVER_STATUS_MONTHS,
        ),
        _entry(
            "observer_lookback",
            "Procedures art. 2.2",
            N_("No observer status for recent members"),
            N_(
                "Regions that were full or associate members during this period cannot be "
                "observers."
            ),
            N_("{years} years"),
            years=OBSERVER_LOOKBACK_YEARS,
        ),
        _entry(
            "substitute_delegate",
            "Procedures art. 15.2",
            N_("Substitute for a delegate"),
            N_(
                "Delegates hold a regional political mandate; the Executive Board assigns a "
                "substitute at most this long after a delegate loses it or is absent."
            ),
            N_("{months} months"),
            months=SUBSTITUTE_MONTHS,
        ),
    )


#: Where the fee values come from when no Executive Board decision is given.
PROCEDURES_VALUES = Message(
    N_(
        "The values of the Procedures: no Executive Board decision on the fees is recorded "
        "(interpretation: the defaults apply until the Board decides)."
    )
)


def _fees(p: FeeParameters, programmes: ProgrammeFees, source: Message) -> tuple[RuleEntry, ...]:
    formula = N_(
        "(basic fee + population × relative GDP^{exponent} / {divisor}) × "
        "{indexation}^(year − {base_year})"
    )
    return (
        RuleEntry(
            "fee_values_source",
            "Procedures art. 3.2",
            N_("Fee values in force"),
            N_(
                "The Executive Board calculates and decides the fees each year; its latest "
                "decision holds until it decides otherwise. The fee values below come from:"
            ),
            source,
        ),
        _entry(
            "basic_fee",
            "Procedures art. 3.2",
            N_("Basic fee"),
            N_("The basic fee set by the Executive Board."),
            "{amount}",
            amount=Figure.euros(p.basic_fee),
        ),
        _entry(
            "fee_formula",
            "Procedures art. 3.2.1",
            N_("Fee of full members and geographical associates"),
            N_(
                "Population in inhabitants; relative GDP per inhabitant, EU average = 1 "
                "(interpretation of the published formula). Rounded half up to whole euros."
            ),
            formula,
            exponent=p.relative_gdp_exponent,
            divisor=Figure.number(p.population_divisor),
            indexation=Figure.number(p.indexation),
            base_year=p.base_year,
        ),
        _entry(
            "fee_indexation",
            "Procedures art. 3.2.1",
            N_("Yearly indexation"),
            N_("The fee grows by this factor each year since the base year."),
            N_("{factor} per year since {base_year}"),
            factor=Figure.number(p.indexation),
            base_year=p.base_year,
        ),
        _entry(
            "fee_cap",
            "Procedures art. 3.2.1",
            N_("Fee cap"),
            N_("No member pays more than this."),
            "{amount}",
            amount=Figure.euros(p.cap),
        ),
        _entry(
            "fee_revenue_cap",
            "Procedures art. 3.2.1",
            N_("Cap for members with a small revenue"),
            N_(
                "For members whose total revenue is below the threshold, the cap is a share of "
                "that revenue."
            ),
            N_("{rate} of total revenue below {threshold}"),
            rate=Figure.percent(p.revenue_cap_rate),
            threshold=Figure.euros(p.revenue_threshold),
        ),
        _entry(
            "fee_non_geographical",
            "Procedures art. 3.2.2",
            N_("Fee of non-geographical associates"),
            N_("Basic fee times this multiplier, not indexed (interpretation)."),
            N_("basic fee × {multiplier} = {amount}"),
            multiplier=Figure.number(p.non_geographical_multiplier),
            amount=Figure.euros(p.basic_fee * p.non_geographical_multiplier),
        ),
        _entry(
            "fee_founding_associate",
            "Procedures art. 3.2.2",
            N_("Founding associates"),
            N_(
                "Founding associate members and equivalents pay no fee; observers neither "
                "(interpretation)."
            ),
            "{amount}",
            amount=Figure.euros(0),
        ),
        _entry(
            "fee_first_year",
            "Procedures art. 3.1.1",
            N_("Fee in the year of admission"),
            N_(
                "New members pay the remaining twelfths from the month after the Executive Board's "
                "decision; admitted in December, they pay from the next year (interpretation)."
            ),
            N_("twelfths remaining after the month of the decision"),
        ),
        _entry(
            "fee_readmission",
            "Procedures art. 3.1.1",
            N_("Readmission after a gap"),
            N_(
                "A region whose membership the Executive Board approves again after a period "
                "without membership (it had withdrawn) is a new member: it pays the remaining "
                "twelfths of that year, as any new member (interpretation)."
            ),
            N_("new member: remaining twelfths"),
        ),
        _entry(
            "fee_payment_period",
            "Procedures art. 3.1.2",
            N_("Payment period"),
            N_(
                "Existing members pay the full annual fee within this period after the call for "
                "fees."
            ),
            N_("{months} months"),
            months=PAYMENT_MONTHS,
        ),
        _entry(
            "fee_eurodyssey",
            "Procedures art. 3.3.1",
            N_("Eurodyssey fee"),
            N_("Fee for taking part in Eurodyssey."),
            "{amount}",
            amount=Figure.euros(programmes.eurodyssey),
        ),
        _entry(
            "fee_summer_academy",
            "Procedures art. 3.3.2",
            N_("Summer Academy fee"),
            N_("Fee for members on the Summer Academy Organising Committee."),
            "{amount}",
            amount=Figure.euros(programmes.summer_academy_organising_committee),
        ),
    )


_NOTICE_TITLES: dict[Body, str] = {
    Body.GENERAL_ASSEMBLY: N_("Notice of General Assembly meetings"),
    Body.BUREAU: N_("Notice of Bureau meetings"),
    Body.EXECUTIVE_BOARD: N_("Notice of Executive Board meetings"),
    Body.WORKING_GROUP: N_("Notice of Working Group meetings"),
}


def _meetings() -> tuple[RuleEntry, ...]:
    entries = tuple(
        _entry(
            f"notice_{body.value}",
            period.article,
            _NOTICE_TITLES[body],
            N_(
                "Invitations and draft agendas, then working documents, are sent at least this "
                "long before the meeting."
            ),
            N_("{invitation} days (invitation), {documents} days (documents)"),
            invitation=period.invitation_days,
            documents=period.documents_days,
        )
        for body, period in NOTICE_PERIODS.items()
    )
    return (
        *entries,
        _entry(
            "ga_proposals",
            "Procedures art. 4.2",
            N_("Proposals to the General Assembly"),
            N_(
                "Proposals are accepted up to the evening before the Executive Board meeting that "
                "precedes the General Assembly."
            ),
            N_("until the day before the Executive Board meeting"),
        ),
    )


def _votes() -> tuple[RuleEntry, ...]:
    return (
        _entry(
            "simple_majority",
            "Procedures arts. 14, 15.8",
            N_("Simple majority"),
            N_(
                "Votes and elections pass with more than half of those present and voting; "
                "abstentions and blank ballots do not count as voting (interpretation). A tied "
                "vote goes to the casting vote of the body's President."
            ),
            N_("more than 50 %"),
        ),
        _entry(
            "bureau_votes",
            "Procedures art. 5.5–5.5.2",
            N_("Votes in the Bureau"),
            N_(
                "Each country has votes cast by its representatives present; substitutes have "
                "no vote; representatives of regions where AER has an office have a vote of their "
                "own, besides their country's (interpretation)."
            ),
            N_("{country} votes per country, {office} per office region"),
            country=BUREAU_VOTES_PER_COUNTRY,
            office=BUREAU_VOTES_PER_OFFICE_REGION,
        ),
    )


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


def _elections() -> tuple[RuleEntry, ...]:
    calendar = DEFAULT_ELECTION_CALENDAR
    c = Composition()
    lengths = MandateLengths()
    mandates = tuple(
        _entry(
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
        _entry(
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
        _entry(
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
        _entry(
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
        _entry(
            "monitoring_group_composition",
            "Procedures art. 15 C",
            N_("Monitoring and Evaluation Group composition"),
            N_("Members not involved in other governing structures of AER."),
            N_("{count} members"),
            count=c.monitoring_group_members,
        ),
        _entry(
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


def _working_groups() -> tuple[RuleEntry, ...]:
    return (
        _entry(
            "working_group_support",
            "AER Working Groups page; Procedures art. 11",
            N_("Support for a new Working Group"),
            N_(
                "The lead region finds supporting regions and proposes a topic, a focus, "
                "activities for the first mandate and an objective to the Executive Board."
            ),
            N_("at least {count} supporting regions; first mandate {years} years"),
            count=MIN_SUPPORTING_REGIONS,
            years=FIRST_MANDATE_YEARS,
        ),
    )


def catalogue(
    *,
    fee_parameters: FeeParameters | None = None,
    programme_fees: ProgrammeFees | None = None,
    fee_source: Message | None = None,
) -> tuple[RuleEntry, ...]:
    """Every rule the portal applies, grouped by subject, with its current value.

    Procedures arts. 2–15 and the AER Working Groups page; each entry names its article and
    says where an interpretation is used. Values are computed from this package's defaults,
    except the fees: the portal passes the Executive Board's decision in force
    (``fee_parameters``, ``programme_fees``) and says which one in ``fee_source`` (art. 3.2);
    without them, the Procedures' values, and the page says so.
    """
    fees = _fees(
        fee_parameters or FeeParameters(),
        programme_fees or ProgrammeFees(),
        fee_source if fee_parameters is not None and fee_source else PROCEDURES_VALUES,
    )
    return _membership() + fees + _meetings() + _votes() + _elections() + _working_groups()
