"""Valuation, loan-to-value and term limits — pure rules (DOMAIN R5, R6, R7).

No database, no clock: the service passes the county's tables and numbers in. Every
amount is integer fen; products are computed exactly (``Fraction``) and rounded once,
half up, to the fen (the rounding rule of ``common.money``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, Field

from common.money import Money, to_fen
from common.quantities import AreaMu, Metres, Quantity, Years
from registry.valuation.schemas import ValuationTables

Method = Literal["appraiser", "lender", "negotiated", "panel"]
AttachmentCategory = Literal[
    "building",
    "greenhouse",
    "cold_store",
    "machinery",
    "crop",
    "trellis",
    "water_saving",
    "pump_motor",
    "facility",
]


class RuleViolation(Exception):
    """One or more inputs break a rule: ``(field, rule, english, chinese)`` each."""

    def __init__(self, problems: list[tuple[str, str, str, str]]) -> None:
        super().__init__("; ".join(p[2] for p in problems))
        self.problems = problems


def round_fen(value: Fraction) -> int:
    """Round an exact amount of fen once, half up (四舍五入)."""
    d = Decimal(value.numerator) / Decimal(value.denominator)
    return int(d.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def newness(used_years: Decimal, life_years: Decimal) -> Fraction:
    """成新率 = 1 − used ÷ life, never below 0 (Appendix E)."""
    if life_years <= 0:
        raise ValueError("life must be positive")
    rate = 1 - Fraction(used_years) / Fraction(life_years)
    return max(rate, Fraction(0))


# --- land (Appendix E 一) ------------------------------------------------------------


class LandInput(BaseModel):
    """The land management right itself — 土地经营权."""

    area_mu: AreaMu = Field(gt=0, description="Area in mu (亩).")
    annual_price_per_mu: Money = Field(
        description="Family contract: average annual transfer price of similar land; "
        "transfer: the actual annual fee paid per mu."
    )
    years: Years = Field(
        gt=0,
        description="Family contract: remaining contract years; transfer: remaining "
        "years already paid.",
    )


def family_land_value(area_mu: Decimal, price_per_mu_fen: int, years: Decimal, cap_fen: int) -> int:
    """家庭承包: area × average annual transfer price × remaining years, ≤ cap per mu."""
    value = Fraction(area_mu) * price_per_mu_fen * Fraction(years)
    return round_fen(min(value, Fraction(area_mu) * cap_fen))


def transferred_land_value(area_mu: Decimal, paid_years: Decimal, fee_per_mu_fen: int) -> int:
    """流转: area × remaining paid years × actual annual fee per mu (no cap in E)."""
    return round_fen(Fraction(area_mu) * Fraction(paid_years) * fee_per_mu_fen)


# --- attachments (Appendix E 二) -------------------------------------------------------


class Attachment(BaseModel):
    """One attachment on (or under) the land — 地上（地下）附着物."""

    category: AttachmentCategory
    kind: str | None = Field(
        None,
        description="building: brick_concrete/brick_steel/steel_shed/brick_wood/"
        "steel_frame_factory; greenhouse: single_span/multi_span/glass_solar; crop: "
        "pear_peach_citrus/grape.",
    )
    quantity: Quantity = Field(
        gt=0,
        description="m² (building, greenhouse), m³ per room (cold store), mu (crop, "
        "trellis), 1 (machinery, equipment).",
    )
    unit_price: Money = Field(description="Replacement price per unit (machinery: its cost).")
    used_years: Years = Decimal(0)
    life_years: Years | None = Field(None, gt=0)
    height_m: Metres | None = None
    simple_shed: bool = False
    low_temperature: bool = False
    age_years: Years | None = Field(None, gt=0, description="Crops: years since planting.")
    purchased_on: date | None = None
    approved_area: Quantity | None = Field(
        None,
        gt=0,
        description="R22 building: the approved area (m², 审批面积); ``quantity`` is the "
        "actual area and the smaller is valued. None: no approval document (the panel).",
    )
    standard_2014: bool = Field(
        False,
        description="R22 single-span greenhouse: attested to meet the 2014 farm-machinery "
        "subsidy standard (else the panel).",
    )
    invoice_no: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="R22 pump or motor: the purchase invoice (unit_price is its price).",
    )
    adjustment_reason: str | None = Field(
        None,
        max_length=1000,
        description="The expert panel's recorded reason for leaving the reference table.",
    )


@dataclass
class ItemValue:
    index: int
    category: str
    valued_quantity: str  # R22: a building's smaller of approved and actual area
    value_fen: int
    unit_price_fen: int
    rate: str  # newness or machinery rate, as a fraction string
    in_table: bool
    adjustment_reason: str | None = None


@dataclass
class Valuation:
    method: str
    land_fen: int
    items: list[ItemValue] = field(default_factory=list)

    @property
    def total_fen(self) -> int:
        return self.land_fen + sum(i.value_fen for i in self.items)


def _fmt(f: Fraction) -> str:
    d = Decimal(f.numerator) / Decimal(f.denominator)
    return str(d.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


class _Item:
    """Checks one attachment against its table row, collecting problems."""

    def __init__(self, i: int, a: Attachment, panel: bool, out: list) -> None:
        self.i, self.a, self.panel, self.out = i, a, panel, out
        self.adjusted = False

    def problem(self, name: str, en: str, zh: str, rule: str = "R6") -> None:
        # the request's own path, as a validation error names it: attachments.0.unit_price
        self.out.append((f"attachments.{self.i}.{name}", rule, en, zh))

    def out_of_table(self, name: str, en: str, zh: str, rule: str = "R6") -> None:
        """Outside the reference table: only the panel may, with a recorded reason."""
        if self.panel and (self.a.adjustment_reason or "").strip():
            self.adjusted = True
            return
        self.problem(
            name,
            f"{en}; only the expert panel may depart from the table, with its reason",
            f"{zh}；仅专家组可调整参考标准并须记录理由",
            rule,
        )

    def price_in(self, lo: Fraction, hi: Fraction) -> None:
        p = Fraction(self.a.unit_price)
        if not lo <= p <= hi:
            self.out_of_table(
                "unit_price",
                f"unit price {self.a.unit_price} is outside {_fmt(lo)}–{_fmt(hi)} 元",
                f"单价{self.a.unit_price}元超出参考区间{_fmt(lo)}–{_fmt(hi)}元",
            )

    def life(self, life_max: int) -> Decimal:
        life = self.a.life_years if self.a.life_years is not None else Decimal(life_max)
        if life > life_max:
            self.out_of_table(
                "life_years",
                f"life {life} years exceeds the table's {life_max} years",
                f"使用年限{life}年超过参考标准{life_max}年",
            )
        return life


def value_attachment(
    i: int,
    a: Attachment,
    tables: ValuationTables,
    *,
    valued_on: date,
    panel: bool,
    problems: list[tuple[str, str, str, str]],
) -> ItemValue | None:
    """Value one attachment by Appendix E; appends problems and returns None when refused."""
    item = _Item(i, a, panel, problems)
    before = len(problems)
    unit = to_fen(a.unit_price)
    qty = Fraction(a.quantity)
    rate = Fraction(1)
    if a.category == "building":
        row = next((r for r in tables.buildings if r.kind == a.kind), None)
        if row is None:
            item.problem("kind", f"unknown building kind {a.kind!r}", "房屋结构类型不在参考标准中")
            return None
        lo, hi = Fraction(row.min_price), Fraction(row.max_price)
        if row.high_ceiling_uplift and a.height_m and a.height_m > tables.high_ceiling_m:
            hi = hi * (1 + Fraction(row.high_ceiling_uplift))
        if row.simple_discount and a.simple_shed:
            lo = lo * (1 - Fraction(row.simple_discount))
        item.price_in(lo, hi)
        rate = newness(a.used_years, item.life(row.life_years_max))
        # R22 (E 二(一)): valued on the approved area, or the actual one when smaller; a
        # building without an approval document is the panel's
        if a.approved_area is None:
            item.out_of_table(
                "approved_area",
                "a building without an approval document (approved area)",
                "房屋无审批文件（审批面积）",
                "R22",
            )
        else:
            qty = min(qty, Fraction(a.approved_area))
    elif a.category == "greenhouse":
        row_g = next((r for r in tables.greenhouses if r.kind == a.kind), None)
        if row_g is None:
            item.problem("kind", f"unknown greenhouse kind {a.kind!r}", "大棚类型不在参考标准中")
            return None
        item.price_in(Fraction(row_g.min_price), Fraction(row_g.max_price))
        rate = newness(a.used_years, item.life(row_g.life_years_max))
        if a.kind == "single_span" and not a.standard_2014:
            item.out_of_table(
                "standard_2014",
                "a single-span greenhouse not attested to meet the 2014 subsidy standard",
                "单栋大棚未证明符合2014年农机部门补助标准",
                "R22",
            )
    elif a.category == "cold_store":
        rows = sorted(tables.cold_stores, key=lambda r: (r.max_room_m3 is None, r.max_room_m3))
        row_c = next(
            (r for r in rows if r.max_room_m3 is None or a.quantity <= r.max_room_m3), rows[-1]
        )
        hi = Fraction(row_c.max_price)
        if a.low_temperature:
            hi = hi * Fraction(tables.low_temperature_max_factor)
        item.price_in(Fraction(row_c.min_price), hi)
        rate = newness(a.used_years, item.life(row_c.life_years_max))
    elif a.category == "machinery":
        m = tables.machinery
        if a.purchased_on is None:
            item.problem("purchased_on", "the purchase date is required", "须填写购置日期")
            return None
        if unit < to_fen(m.min_cost):
            item.out_of_table(
                "unit_price",
                f"machinery below {m.min_cost} 元 is not valued",
                f"原值低于{m.min_cost}元的农机不计入评估",
            )
        if _years_after(a.purchased_on, m.max_age_years) < valued_on:
            item.out_of_table(
                "purchased_on",
                f"machinery bought more than {m.max_age_years} years ago is not valued",
                f"购置超过{m.max_age_years}年的农机不计入评估",
            )
        first_year = _years_after(a.purchased_on, 1) >= valued_on
        rate = Fraction(m.rate_within_first_year if first_year else m.rate_after_first_year)
    elif a.category == "crop":
        if a.age_years is None:
            item.problem("age_years", "the crop's age is required", "须填写作物树龄")
            return None
        row_k = next(
            (
                r
                for r in tables.crops
                if r.group == a.kind and r.age_after < a.age_years <= r.age_up_to
            ),
            None,
        )
        if row_k is None:
            if not any(r.group == a.kind for r in tables.crops):
                item.problem("kind", f"unknown crop {a.kind!r}", "作物不在参考标准中")
                return None
            item.out_of_table(
                "age_years",
                f"age {a.age_years} years is outside the table's stages",
                f"树龄{a.age_years}年不在参考标准的产期内",
            )
        else:
            item.price_in(Fraction(row_k.min_price), Fraction(row_k.max_price))
    elif a.category == "trellis":
        t = tables.trellis
        item.price_in(Fraction(t.min_price), Fraction(t.max_price))
        life = a.life_years if a.life_years is not None else Decimal(t.life_years)
        rate = newness(a.used_years, life)
    elif a.category == "pump_motor":
        # R22 (E (五)): 泵及电机按购置价×成新率 — the invoiced price × newness
        if a.invoice_no is None:
            item.problem(
                "invoice_no",
                "a pump or motor needs its purchase invoice",
                "泵及电机须有购置发票",
                "R22",
            )
        if a.life_years is None:
            item.problem("life_years", "the service life is required", "须填写使用年限", "R22")
            return None
        rate = newness(a.used_years, a.life_years)
    elif a.category in ("water_saving", "facility"):
        if a.life_years is None:
            item.problem("life_years", "the service life is required", "须填写使用年限")
            return None
        if a.category == "facility":
            if unit < to_fen(tables.facility_min_cost):
                item.problem(
                    "unit_price",
                    f"a single facility is valued only from {tables.facility_min_cost} 元",
                    f"单件固定设施{tables.facility_min_cost}元以上方可评估",
                )
            # Appendix E 二(二)3: the panel sets the reference and life on site.
            if not panel:
                item.problem(
                    "category",
                    "other facilities are valued by the expert panel",
                    "其它固定设施由专家组现场勘查评估",
                )
        rate = newness(a.used_years, a.life_years)
    if len(problems) > before:
        return None
    return ItemValue(
        index=i,
        category=a.category,
        valued_quantity=_fmt(qty),
        value_fen=round_fen(qty * unit * rate),
        unit_price_fen=unit,
        rate=_fmt(rate),
        in_table=not item.adjusted,
        adjustment_reason=a.adjustment_reason if item.adjusted else None,
    )


def _years_after(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def appraise(
    *,
    method: Method,
    origin: str,
    land: LandInput | None,
    attachments: list[Attachment],
    tables: ValuationTables,
    family_cap_per_mu_fen: int,
    valued_on: date,
) -> Valuation:
    """The appraised value of a mortgaged right with its attachments (R6)."""
    problems: list[tuple[str, str, str, str]] = []
    panel = method == "panel"
    land_fen = 0
    if land is not None:
        price = to_fen(land.annual_price_per_mu)
        if origin == "transfer":
            land_fen = transferred_land_value(land.area_mu, land.years, price)
        else:
            land_fen = family_land_value(land.area_mu, price, land.years, family_cap_per_mu_fen)
    items = []
    for i, a in enumerate(attachments):
        if a.adjustment_reason and not panel:
            problems.append(
                (
                    f"attachments.{i}.adjustment_reason",
                    "R6",
                    "only the expert panel records adjustments to the tables",
                    "仅专家组可记录参考标准的调整",
                )
            )
            continue
        v = value_attachment(i, a, tables, valued_on=valued_on, panel=panel, problems=problems)
        if v is not None:
            items.append(v)
    if land is None and not attachments:
        problems.append(("land", "R6", "nothing to value", "没有评估对象"))
    if problems:
        raise RuleViolation(problems)
    return Valuation(method=method, land_fen=land_fen, items=items)


# --- loan-to-value (R7) ---------------------------------------------------------------


@dataclass(frozen=True)
class LtvLimits:
    normal: Decimal = Decimal("0.5")
    maximum: Decimal = Decimal("0.6")
    enhanced_cap: Decimal = Decimal("0.7")


def ltv_problems(
    loan_fen: int,
    value_fen: int,
    limits: LtvLimits,
    *,
    enhancements: int,
    above_normal_reason: str | None,
) -> list[tuple[str, str, str, str]]:
    """The loan against the appraised value (001 5.4.4, 5.4.5).

    ≤ normal (50%): fine. Above normal up to the maximum (60%): the lender records why.
    Above the maximum: only with at least one recorded credit enhancement, and never
    above the county's enhanced cap.
    """
    if value_fen <= 0:
        return [("valuation", "R7", "no appraised value", "尚无评估价值")]
    ratio = Fraction(loan_fen, value_fen)
    pct = percent(ratio, above=True)
    if ratio <= Fraction(limits.normal):
        return []
    if ratio <= Fraction(limits.maximum):
        if (above_normal_reason or "").strip():
            return []
        return [
            (
                "above_normal_reason",
                "R7",
                f"the loan is {pct}% of the value, above the normal {percent(limits.normal)}%: "
                "record why",
                f"贷款额为评估价值的{pct}%，超过一般{percent(limits.normal)}%的，须说明理由",
            )
        ]
    if enhancements == 0:
        return [
            (
                "loan_amount",
                "R7",
                f"the loan is {pct}% of the value, above the {percent(limits.maximum)}% maximum, "
                "with no recorded credit enhancement",
                f"贷款额为评估价值的{pct}%，超过{percent(limits.maximum)}%上限且无增信措施",
            )
        ]
    if ratio > Fraction(limits.enhanced_cap):
        return [
            (
                "loan_amount",
                "R7",
                f"the loan is {pct}% of the value, above the {percent(limits.enhanced_cap)}% cap "
                "even with credit enhancement",
                f"贷款额为评估价值的{pct}%，即使有增信措施也超过{percent(limits.enhanced_cap)}%上限",
            )
        ]
    return []


def percent(share: Fraction | Decimal, *, above: bool = False) -> str:
    """A share as a percentage with two places, the one format of every R7 message.

    ``above``: the loan's ratio is rounded up, so a ratio just above a limit never reads
    as equal to it (60.001% → "60.01", never "60.00").
    """
    f = Fraction(share) * 100
    d = Decimal(f.numerator) / Decimal(f.denominator)
    return str(d.quantize(Decimal("0.01"), rounding=ROUND_CEILING if above else ROUND_HALF_UP))


# --- term (R5) ------------------------------------------------------------------------


def term_problems(
    *,
    right_term_end: date | None,
    lien_term_end: date,
    loan_term_end: date,
    today: date,
    lien_field: str = "lien_term_end",
) -> list[tuple[str, str, str, str]]:
    """The lien cannot outlast the right's remaining term; the loan must match it.

    ``lien_field`` is the request's name for the lien's end (an application says
    ``lien_term_end``, a registered change ``term_end``): a refusal names the caller's field.
    """
    out = []
    if lien_term_end <= today:
        out.append((lien_field, "R5", "the lien must end in the future", "抵押期限须晚于今日"))
    if right_term_end is not None:
        if right_term_end <= today:
            out.append(("certificate_no", "R5", "the right's term has ended", "权利期限已届满"))
        if lien_term_end > right_term_end:
            out.append(
                (
                    lien_field,
                    "R5",
                    f"the lien cannot outlast the right's term ending {right_term_end}",
                    f"抵押期限不得超过权利剩余期限（{right_term_end}）",
                )
            )
        if loan_term_end > right_term_end:
            out.append(
                (
                    "loan_term_end",
                    "R5",
                    f"the loan term must match the right's remaining term (ends {right_term_end})",
                    f"贷款期限应与权利剩余期限相匹配（{right_term_end}止）",
                )
            )
    return out


def remaining_years(today: date, until: date | None) -> Decimal:
    """Whole and part years from ``today`` to ``until`` (days ÷ 365, two places, down)."""
    if until is None or until <= today:
        return Decimal(0)
    return (Decimal((until - today).days) / Decimal(365)).quantize(Decimal("0.01"), "ROUND_DOWN")


@dataclass(frozen=True)
class Estimate:
    """A right's value (fen) by R6, whether the cap lowered it, and the county's R7 limits."""

    value_fen: int
    capped: bool
    basis: str
    limits: LtvLimits
