"""Membership fees (Procedures art. 3).

The fee formula's superscripts were lost from the published text. The reading built here is the
only one that reproduces the one published fee (Dâmbovița, 2018, € 4 256), see
``reference/aer-facts.md`` (*interpretation*)::

    fee = (basic_fee + population × relative_gdp² / 200) × 1.027^(year − 2016)

Every number the Executive Board may change (art. 3.2: "calculated and decided by the Executive
Board") is a field of :class:`FeeParameters`, whose defaults are the Procedures' values.
"""

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

from aer_portal.rules import N_
from aer_portal.rules.fee_terms import remaining_twelfths
from aer_portal.rules.membership import MemberCategory, as_member_category
from aer_portal.rules.messages import (
    Figure,
    Message,
    NumberFormat,
    Param,
    format_article,
    format_number,
)

# Enough digits that 1.027^n and large populations never lose a cent before the final rounding.
_PRECISION = 50
_WHOLE_EURO = Decimal(1)
_CENT = Decimal("0.01")

ART_FORMULA = "Procedures art. 3.2.1"
ART_ASSOCIATE = "Procedures art. 3.2.2"


class ParameterError(ValueError):
    """A fee parameter the formula cannot use; ``field`` names it, ``reason`` says why."""

    def __init__(self, field: str, reason: Message) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class FeeParameters:
    """The numbers of the fee formula (Procedures art. 3.2); defaults are the Procedures' values."""

    basic_fee: Decimal = Decimal("3250")
    base_year: int = 2016
    indexation: Decimal = Decimal("1.027")
    cap: Decimal = Decimal("30000")
    revenue_threshold: Decimal = Decimal("2000000")
    revenue_cap_rate: Decimal = Decimal("0.0015")
    population_divisor: Decimal = Decimal("200")
    relative_gdp_exponent: int = 2
    non_geographical_multiplier: Decimal = Decimal("3")

    def __post_init__(self) -> None:
        # Parameters come from a form the Board's staff fill in; refuse nonsense at once.
        positive = ("indexation", "cap", "revenue_threshold", "population_divisor")
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name in positive and value <= 0:
                template = N_("must be greater than zero, got {value}")
            elif value < 0:
                template = N_("must be zero or more, got {value}")
            else:
                continue
            reason = Message.of(template, article="Procedures art. 3.2", value=value)
            raise ParameterError(field.name, reason)


@dataclass(frozen=True)
class ProgrammeFees:
    """Fees for programmes (Procedures art. 3.3), decided by the Executive Board."""

    eurodyssey: Decimal = Decimal("0")
    summer_academy_organising_committee: Decimal = Decimal("5000")


@dataclass(frozen=True)
class FeeStep:
    """One line of a fee's explanation: what was computed, with which numbers, under which article.

    ``description`` is the English text; ``message`` (when set) is the same text as a translatable
    :class:`~aer_portal.rules.messages.Message`, for invoices in another language. A step with a
    message writes its English text only when asked (``text`` empty): a page that explains
    twenty fees in the reader's language wrote a hundred English sentences for nothing.
    """

    article: str
    #: The English text of a step without ``message``; empty when the message says it.
    text: str
    value: Decimal
    #: decimal places to show the value with (the indexation factor needs more than cents)
    places: int = 2
    message: Message | None = None

    @property
    def description(self) -> str:
        """The step's words in English."""
        return self.text or (self.message.render() if self.message else "")

    def display_value(self, number: NumberFormat = format_number) -> str:
        """The value as shown: whole numbers without decimals, others to ``places`` places,
        written by ``number`` (the reader's number format; English by default)."""
        if self.value == self.value.to_integral_value():
            return number(self.value.to_integral_value())
        shown = self.value.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)
        return number(shown)

    def render(
        self, translate: Callable[[str], str] = str, number: NumberFormat = format_number
    ) -> str:
        """The step as one line, ``translate`` (e.g. ``gettext``) applied to its words and
        ``number`` writing its figures (``aer_portal.messages.render_step`` passes both)."""
        words = self.message.render(translate, number) if self.message else self.text
        article = format_article(self.article, translate)
        return f"{words} = {self.display_value(number)} ({article})"

    def __str__(self) -> str:
        return self.render()


def _step(article: str, template: str, value: Decimal, places: int = 2, **params: Param) -> FeeStep:
    message = Message.of(template, article=article, **params)
    return FeeStep(article, "", value, places, message)


class FeeCalculation:
    """An annual fee in whole euros and the steps that produced it.

    The steps are either given or built on first use by ``explain`` (the same formula run again
    with its explanation): a page that sums a thousand fees and shows twenty asks
    :func:`annual_fee` with ``explain=False`` and pays for twenty explanations only.
    """

    __slots__ = ("_explain", "_steps", "amount")

    def __init__(
        self,
        amount: Decimal,
        steps: tuple[FeeStep, ...] | None = None,
        *,
        explain: Callable[[], tuple[FeeStep, ...]] | None = None,
    ) -> None:
        if (steps is None) == (explain is None):
            raise ValueError("steps: give either the steps or how to explain them, not both")
        self.amount = amount
        self._steps = steps
        self._explain = explain

    @property
    def steps(self) -> tuple[FeeStep, ...]:
        if self._steps is None:
            assert self._explain is not None
            self._steps = self._explain()
            self._explain = None
        return self._steps

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FeeCalculation):
            return NotImplemented
        return (self.amount, self.steps) == (other.amount, other.steps)

    def __hash__(self) -> int:
        return hash(self.amount)

    def __repr__(self) -> str:
        return f"FeeCalculation(amount={self.amount!r}, steps={self.steps!r})"

    def __str__(self) -> str:
        return "\n".join(str(step) for step in self.steps)


_FORMULA_CATEGORIES = frozenset({MemberCategory.FULL, MemberCategory.ASSOCIATE_GEOGRAPHICAL})


def _round_half_up(value: Decimal) -> Decimal:
    return value.quantize(_WHOLE_EURO, rounding=ROUND_HALF_UP)


def _check_decimal(name: str, value: Decimal | int) -> Decimal:
    # A float has already lost digits; money and ratios come in as Decimal or int.
    if isinstance(value, float):
        raise ValueError(f"{name}: pass a Decimal, not a float ({value!r})")
    return Decimal(value)


def annual_fee(
    *,
    category: MemberCategory | str,
    year: int,
    population: int = 0,
    relative_gdp: Decimal | int = Decimal(0),
    total_revenue: Decimal | int | None = None,
    params: FeeParameters = FeeParameters(),  # frozen, so sharing it is safe
    explain: bool = True,
) -> FeeCalculation:
    """The annual membership fee of a member of ``category`` for ``year``.

    Procedures art. 3.2.1 (full members) and 3.2.2 (associates):

    - full members and geographical associates: ``(basic + population × relative_gdp² / 200) ×
      1.027^(year − 2016)`` (*interpretation* of the lost superscripts, aer-facts.md), capped at
      € 30 000 and, when ``total_revenue`` is given and below € 2 000 000, at 0.15 % of it.
      Art. 3.2.2 gives geographical associates the same formula; the caps of art. 3.2.1 apply to
      them too, as the issue that specifies this module reads it.
    - non-geographical associates: basic fee × 3, not indexed and not capped (*interpretation*:
      art. 3.2.2 writes no indexation).
    - founding associates and equivalents: 0 (art. 3.2.2); observers: 0 (*interpretation*:
      art. 2 observers are not members, and art. 3 charges members).

    The amount is rounded once, at the end, half up to whole euros (*interpretation*: the
    published fee is in whole euros). A cap that is not a whole number of euros is never
    exceeded by that rounding: the fee then stops at the whole euro below the cap
    (*interpretation*: the cap is an "upper limit").

    ``population`` is in inhabitants; ``relative_gdp`` is GDP per inhabitant relative to the EU
    average (1.0 = average). Art. 3.2.1 also says the model was phased in over 2016–2017; that
    transition is over and is not modelled.

    With ``explain=False`` the amount is computed by the same code without writing the steps;
    they are written, by running it again with ``explain=True``, when first asked for.
    """
    category = as_member_category(category)
    if year < params.base_year:
        raise ValueError(f"year: {year} is before the fee model's base year {params.base_year}")
    if population < 0:
        raise ValueError(f"population: must not be negative, got {population}")
    gdp = _check_decimal("relative_gdp", relative_gdp)
    revenue = None if total_revenue is None else _check_decimal("total_revenue", total_revenue)
    if revenue is not None and revenue <= 0:
        raise ValueError(
            f"total_revenue: must be greater than zero, got {revenue} (pass None when unknown)"
        )

    if not explain:
        with localcontext(prec=_PRECISION):
            amount = _fee(category, year, population, gdp, revenue, params, steps=None)
        return FeeCalculation(
            amount,
            explain=lambda: (
                annual_fee(
                    category=category,
                    year=year,
                    population=population,
                    relative_gdp=gdp,
                    total_revenue=revenue,
                    params=params,
                ).steps
            ),
        )
    steps: list[FeeStep] = []
    with localcontext(prec=_PRECISION):
        amount = _fee(category, year, population, gdp, revenue, params, steps=steps)
    return FeeCalculation(amount, tuple(steps))


def _fee(
    category: MemberCategory,
    year: int,
    population: int,
    gdp: Decimal,
    revenue: Decimal | None,
    params: FeeParameters,
    *,
    steps: list[FeeStep] | None,
) -> Decimal:
    """The fee; its steps appended to ``steps`` unless it is ``None`` (the amount alone)."""
    if category in _FORMULA_CATEGORIES:
        if gdp <= 0:
            raise ValueError(
                f"relative_gdp: must be greater than zero for category {category.value!r}, "
                f"got {gdp}"
            )
        return _formula_fee(
            year=year, population=population, gdp=gdp, revenue=revenue, p=params, steps=steps
        )
    if category is MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL:
        return _non_geographical_fee(params, steps)
    return _no_fee(category, steps)


def _formula_fee(
    *,
    year: int,
    population: int,
    gdp: Decimal,
    revenue: Decimal | None,
    p: FeeParameters,
    steps: list[FeeStep] | None,
) -> Decimal:
    # Each step is written only when ``steps`` is a list: the amount is the same code either
    # way, the explanation (six translatable messages) is the part a total does not need.
    n = Figure.number
    if steps is not None:
        steps.append(_step(ART_FORMULA, N_("Basic fee"), p.basic_fee))
    population_part = Decimal(population) * gdp**p.relative_gdp_exponent / p.population_divisor
    if steps is not None:
        steps.append(
            _step(
                ART_FORMULA,
                N_(
                    "Population × relative GDP^{exponent} / {divisor} = "
                    "{population} × {gdp}^{exponent} / {divisor}"
                ),
                population_part,
                exponent=p.relative_gdp_exponent,
                divisor=n(p.population_divisor),
                population=n(population),
                gdp=n(gdp),
            )
        )
    factor = p.indexation ** (year - p.base_year)
    if steps is not None:
        steps.append(
            _step(
                ART_FORMULA,
                N_("Indexation {indexation}^({year} − {base_year})"),
                factor,
                places=6,
                indexation=n(p.indexation),
                year=year,
                base_year=p.base_year,
            )
        )
    raw = (p.basic_fee + population_part) * factor
    if steps is not None:
        steps.append(
            _step(
                ART_FORMULA,
                N_("(Basic fee + population part) × indexation = ({basic} + {part}) × {factor}"),
                raw,
                basic=n(p.basic_fee),
                part=n(population_part.quantize(_CENT, rounding=ROUND_HALF_UP)),
                factor=n(factor.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)),
            )
        )
    cap = p.cap
    if revenue is None:
        template = N_("Cap")
    elif revenue < p.revenue_threshold:
        cap = min(cap, revenue * p.revenue_cap_rate)
        template = N_("Total revenue {revenue} is below {threshold}: cap {rate} of revenue")
    else:
        template = N_("Total revenue {revenue} is not below {threshold}: cap")
    if steps is not None:
        steps.append(
            _step(
                ART_FORMULA,
                template,
                cap,
                revenue=Figure.euros(revenue or 0),
                threshold=Figure.euros(p.revenue_threshold),
                rate=Figure.percent(p.revenue_cap_rate),
            )
        )
    capped = min(raw, cap)
    if raw > cap and steps is not None:
        steps.append(
            _step(ART_FORMULA, N_("Capped at {cap}"), capped, cap=Figure.euros(cap.quantize(_CENT)))
        )
    amount = min(_round_half_up(capped), cap.quantize(_WHOLE_EURO, rounding=ROUND_FLOOR))
    if steps is not None:
        steps.append(
            _step(
                ART_FORMULA,
                N_("Rounded half up to whole euros, never above the cap (interpretation)"),
                amount,
            )
        )
    return amount


def _non_geographical_fee(p: FeeParameters, steps: list[FeeStep] | None) -> Decimal:
    amount = _round_half_up(p.basic_fee * p.non_geographical_multiplier)
    if steps is not None:
        steps.append(
            _step(
                ART_ASSOCIATE,
                N_(
                    "Non-geographical associate: basic fee × {multiplier} = {basic} × "
                    "{multiplier}, not indexed (interpretation)"
                ),
                amount,
                multiplier=Figure.number(p.non_geographical_multiplier),
                basic=Figure.number(p.basic_fee),
            )
        )
    return amount


def _no_fee(category: MemberCategory, steps: list[FeeStep] | None) -> Decimal:
    if steps is None:
        return Decimal(0)
    if category is MemberCategory.FOUNDING_ASSOCIATE:
        steps.append(_step(ART_ASSOCIATE, N_("Founding associate members pay no fee"), Decimal(0)))
    else:
        steps.append(
            _step(
                "Procedures arts. 2.1, 3.1",
                N_("Observers are not members and pay no membership fee (interpretation)"),
                Decimal(0),
            )
        )
    return Decimal(0)


def first_year_fee(*, annual_amount: Decimal, decision: date) -> Decimal:
    """The fee a new member owes for the year of the Board's decision to admit it.

    Procedures art. 3.1.1: the remaining twelfths of the annual fee, counted from the month
    following the decision (see :func:`remaining_twelfths`, including the December
    *interpretation*), rounded half up to whole euros (*interpretation*, as for the annual fee).
    """
    annual = _check_decimal("annual_amount", annual_amount)
    if annual < 0:
        raise ValueError(f"annual_amount: must not be negative, got {annual}")
    with localcontext(prec=_PRECISION):
        return _round_half_up(annual * remaining_twelfths(decision) / 12)
