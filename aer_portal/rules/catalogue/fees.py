"""The catalogue's entries on fees (Procedures art. 3)."""

from decimal import Decimal

from aer_portal.rules import N_
from aer_portal.rules.catalogue.entry import RuleEntry, entry
from aer_portal.rules.fee_terms import PAYMENT_MONTHS
from aer_portal.rules.fees import FeeParameters, ProgrammeFees
from aer_portal.rules.messages import Figure, Message

#: Where the fee values come from when no Executive Board decision is given.
PROCEDURES_VALUES = Message(
    N_(
        "The values of the Procedures: no Executive Board decision on the fees is recorded "
        "(interpretation: the defaults apply until the Board decides)."
    )
)


def amount_entry(
    key: str, article: str, title: str, description: str, amount: Decimal | int
) -> RuleEntry:
    """An entry whose value is an amount in euros."""
    return entry(key, article, title, description, "{amount}", amount=Figure.euros(amount))


def fee_entries(
    p: FeeParameters, programmes: ProgrammeFees, source: Message
) -> tuple[RuleEntry, ...]:
    """The fee values in force and where they come from (Procedures art. 3; each entry names
    its own article)."""
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
        amount_entry(
            "basic_fee",
            "Procedures art. 3.2",
            N_("Basic fee"),
            N_("The basic fee set by the Executive Board."),
            p.basic_fee,
        ),
        entry(
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
        entry(
            "fee_indexation",
            "Procedures art. 3.2.1",
            N_("Yearly indexation"),
            N_("The fee grows by this factor each year since the base year."),
            N_("{factor} per year since {base_year}"),
            factor=Figure.number(p.indexation),
            base_year=p.base_year,
        ),
        amount_entry(
            "fee_cap",
            "Procedures art. 3.2.1",
            N_("Fee cap"),
            N_("No member pays more than this."),
            p.cap,
        ),
        entry(
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
        entry(
            "fee_non_geographical",
            "Procedures art. 3.2.2",
            N_("Fee of non-geographical associates"),
            N_("Basic fee times this multiplier, not indexed (interpretation)."),
            N_("basic fee × {multiplier} = {amount}"),
            multiplier=Figure.number(p.non_geographical_multiplier),
            amount=Figure.euros(p.basic_fee * p.non_geographical_multiplier),
        ),
        amount_entry(
            "fee_founding_associate",
            "Procedures art. 3.2.2",
            N_("Founding associates"),
            N_(
                "Founding associate members and equivalents pay no fee; observers neither "
                "(interpretation)."
            ),
            0,
        ),
        entry(
            "fee_first_year",
            "Procedures art. 3.1.1",
            N_("Fee in the year of admission"),
            N_(
                "New members pay the remaining twelfths from the month after the Executive Board's "
                "decision; admitted in December, they pay from the next year (interpretation)."
            ),
            N_("twelfths remaining after the month of the decision"),
        ),
        entry(
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
        entry(
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
        amount_entry(
            "fee_eurodyssey",
            "Procedures art. 3.3.1",
            N_("Eurodyssey fee"),
            N_("Fee for taking part in Eurodyssey."),
            programmes.eurodyssey,
        ),
        amount_entry(
            "fee_summer_academy",
            "Procedures art. 3.3.2",
            N_("Summer Academy fee"),
            N_("Fee for members on the Summer Academy Organising Committee."),
            programmes.summer_academy_organising_committee,
        ),
    )
