"""The pure rules of a guarantee — amounts, price, the risk split, the recovery waterfall
and the reporting calendar (DOMAIN G3, G4, G6, G7, G9). No I/O: the services call these.

Every split goes through ``common.money.allocate`` (the one allocation routine), so the
parts always sum to the whole, exact to the fen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

from common.clock import SHANGHAI
from common.money import allocate, apply_rate
from common.problems import FieldProblem

# --- G3 amounts, G4 price ---------------------------------------------------------


def balance_cap(*, leading: bool, balance_max: int, balance_max_leading: int) -> int:
    """The per-borrower cap in fen: 2,000,000 元, or 10,000,000 元 for a leading enterprise."""
    return balance_max_leading if leading else balance_max


def max_loan_rate(base_rate: Decimal, markup: Decimal) -> Decimal:
    """base × (1 + markup): with the defaults 0.0435 × 1.2 = 0.0522 (G4)."""
    return base_rate * (1 + markup)


#: Places a rate may have (a fraction: 0.012345 is 1.2345%), the same for the loan rate
#: and the fee rate, as ``common.money.Rate`` parses them.
RATE_PLACES = 6


def rate_problems(
    field: str, rate: Decimal, ceiling: Decimal, *, name_en: str, name_zh: str
) -> list[tuple[str, str, str, str]]:
    """G4 for one rate: positive, at most ``RATE_PLACES`` places and at most ``ceiling``.

    Returns (field, rule, English, Chinese) for each breach, so all are told at once.
    """
    out = []
    if rate <= 0:
        out.append((field, "G4", f"the {name_en} must be positive", f"{name_zh}须大于零"))
    exponent = rate.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > RATE_PLACES:
        out.append(
            (
                field,
                "G4",
                f"the {name_en} may have at most {RATE_PLACES} decimal places",
                f"{name_zh}最多{RATE_PLACES}位小数",
            )
        )
    if rate > ceiling:
        out.append(
            (
                field,
                "G4",
                f"the {name_en} may be at most {ceiling.normalize():f}",
                f"{name_zh}不得高于{ceiling.normalize():f}",
            )
        )
    return out


def overdue_interest_cap(
    drawn_fen: int, loan_rate: Decimal, penalty_markup: Decimal, days: int
) -> int:
    """The most unpaid interest a loan can owe (G9), in fen, rounded up.

    Every fen drawn, at the contract rate raised by the penalty markup (罚息), for every
    day since the first drawdown (counting the first day, not the last: 算头不算尾), on
    a 365-day year. An upper bound: interest paid meanwhile is not deducted, so a true
    claim is never refused.
    """
    if days <= 0 or drawn_fen <= 0:
        return 0
    exact = (
        Fraction(drawn_fen)
        * Fraction(loan_rate)
        * (1 + Fraction(penalty_markup))
        * Fraction(days, 365)
    )
    return -(-exact.numerator // exact.denominator)


def guarantee_fee(amount_fen: int, fee_rate: Decimal) -> int:
    """The guarantee fee, rounded once to the fen (G4: at most 1.2%)."""
    return apply_rate(amount_fen, fee_rate)


# --- G6 risk split ------------------------------------------------------------------


@dataclass(frozen=True)
class Compensation:
    """One default's money, in fen. ``guarantor_net + bank_share + county_share == overdue``."""

    overdue: int
    guarantor_paid: int  # the guarantor pays the bank (代偿), 80% of the overdue amount
    county_share: int  # county finance pays the guarantor, 30% of the overdue amount
    bank_share: int  # the bank's unpaid part, 20%
    guarantor_net: int  # what the guarantor finally bears, 50%


def compensation_split(
    overdue_fen: int,
    *,
    compensation_rate: Decimal = Decimal("0.8"),
    county_rate: Decimal = Decimal("0.3"),
    basis: str = "overdue",
) -> Compensation:
    """G6: one ``allocate`` of the overdue amount over (guarantor, bank, county).

    With the defaults the weights are 50 : 20 : 30. ``basis == "compensation"`` makes the
    county's share 30% of the actual compensation (0.3 × 0.8 = 24% of the overdue amount).
    """
    if overdue_fen < 0:
        raise ValueError("overdue amount must not be negative")
    comp = Fraction(compensation_rate)
    county = Fraction(county_rate) * (comp if basis == "compensation" else 1)
    if not 0 <= county <= comp <= 1:
        raise ValueError("county share must lie within the compensation")
    if overdue_fen == 0:
        return Compensation(0, 0, 0, 0, 0)
    weights = [comp - county, 1 - comp, county]
    if sum(weights) == 0:
        raise ValueError("weights must not all be zero")
    guarantor_net, bank, county_share = allocate(overdue_fen, weights)
    return Compensation(
        overdue=overdue_fen,
        guarantor_paid=guarantor_net + county_share,
        county_share=county_share,
        bank_share=bank,
        guarantor_net=guarantor_net,
    )


# --- G7 recovery waterfall ---------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    to_bank: int
    to_county: int
    to_guarantor: int
    surplus: int  # beyond everyone's loss: back to the borrower

    @property
    def total(self) -> int:
        return self.to_bank + self.to_county + self.to_guarantor + self.surplus


def cumulative_distribution(net_total: int, comp: Compensation) -> Distribution:
    """How ``net_total`` recovered so far (after costs) is owed, cumulatively.

    First the bank up to its share; then county finance and the guarantor in proportion
    to what they paid (county share : guarantor's net outlay); anything beyond the
    whole loss is surplus.
    """
    if net_total < 0:
        raise ValueError("net recovery must not be negative")
    to_bank = min(net_total, comp.bank_share)
    rest = net_total - to_bank
    pot = comp.county_share + comp.guarantor_net
    shared = min(rest, pot)
    if pot > 0:
        to_guarantor, to_county = allocate(shared, [comp.guarantor_net, comp.county_share])
    else:
        to_guarantor = to_county = 0
    return Distribution(to_bank, to_county, to_guarantor, rest - shared)


def distribute_recovery(
    recovered: int, costs: int, already_net: int, comp: Compensation
) -> tuple[Distribution, int]:
    """One recovery: its share of the waterfall, given ``already_net`` distributed before.

    Computed as the difference of two cumulative distributions, so any sequence of partial
    recoveries adds up exactly to one recovery of their sum. Returns (this part, net).
    """
    if recovered < 0 or costs < 0 or costs > recovered:
        raise ValueError("costs must lie between 0 and the amount recovered")
    net = recovered - costs
    before = cumulative_distribution(already_net, comp)
    after = cumulative_distribution(already_net + net, comp)
    part = Distribution(
        after.to_bank - before.to_bank,
        after.to_county - before.to_county,
        after.to_guarantor - before.to_guarantor,
        after.surplus - before.surplus,
    )
    return part, net


# --- G9 report calendar: an issued guarantee starts its county's reporting duty ---


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter."""
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end - timedelta(days=1)


def quarterly_report_due(year: int, quarter: int) -> date:
    """Within 10 days after the quarter (每季度后10日内): Q1 2026 → 2026-04-10."""
    return quarter_bounds(year, quarter)[1] + timedelta(days=10)


def annual_report_due(year: int) -> date:
    """By 10 January of the next year (次年1月10日前)."""
    return date(year + 1, 1, 10)


def period_end(day: date) -> datetime:
    """The instant a reporting period whose last day is ``day`` closes (Asia/Shanghai)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=SHANGHAI)


def running_periods(day: date) -> list[tuple[str, date]]:
    """The quarter and the year ``day`` lies in, each with its last day ("2026-Q1", "2026")."""
    year, quarter = quarter_of(day)
    return [
        (f"{year}-Q{quarter}", quarter_bounds(year, quarter)[1]),
        (f"{year}", date(year, 12, 31)),
    ]


#: G15 the four truths of the due diligence — 四个真实 (seed 004 三(四)), in the seed's order:
#: the truth, the form field of the bank's note on it, its Chinese name.
FOUR_TRUTHS = {
    "information": ("truth_information", "信息资料真实"),
    "identity": ("truth_identity", "主体身份真实"),
    "purpose": ("truth_purpose", "借款用途真实"),
    "operation": ("truth_operation", "经营情况真实"),
}


def four_truths_problems(notes: dict[str, str | None]) -> list[FieldProblem]:
    """Every truth the bank did not attest with a note (all of them at once, X4)."""
    return [
        FieldProblem(
            form_field,
            "G15",
            f"the due diligence must attest '{key}' with a note",
            f"尽职调查须对“{label}”作出说明",
        )
        for key, (form_field, label) in FOUR_TRUTHS.items()
        if not (notes.get(key) or "").strip()
    ]
