"""Pure rules of 入市 after the trade (DOMAIN E9, E11–E13): the contract's fields, the
adjustment fund exact and rounded once, the split in order and the members' payout by
the share register, every part adding up to the fen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from collective.params import FundRate, FundRateTable
from common.money import allocate, apply_rate
from common.problems import FieldProblem

#: E9: the contract carries L15's fields (use, term, area, price, planning conditions,
#: payment) besides the template's own
CONTRACT_FIELDS = ("land_use", "term_years", "area_m2", "price", "planning_conditions", "payment")


def contract_problems(fields: Mapping[str, str]) -> list[FieldProblem]:
    return [
        FieldProblem(
            f"contract.fields.{name}",
            "E9",
            f"the 入市 contract carries {name.replace('_', ' ')}",
            "入市合同须载明该事项",
        )
        for name in CONTRACT_FIELDS
        if not (fields.get(name) or "").strip()
    ]


def fund_rate(table: FundRateTable, use: str, way: str, first_entry: bool) -> FundRate | None:
    """E12: the first row of the table for the use, way and entry (a row without a way
    matches every way)."""
    for row in table.rows:
        if row.use == use and row.way in (None, way) and row.first_entry == first_entry:
            return row
    return None


@dataclass(frozen=True)
class Split:
    """E11: the proceeds in order — 调节金 → taxes and fees → retention → members."""

    fund_fen: int
    taxes_fen: int
    ours_fen: int
    retention_fen: int
    members_fen: int


def split(
    price_fen: int, costs_fen: int, rate: Decimal, taxes_fen: int, retention_percent: Decimal
) -> Split:
    """The fund on the increment (price − costs), rounded half up once; the retention on
    what is left after taxes, rounded once; the members get the rest, so the parts add up."""
    fund = apply_rate(max(price_fen - costs_fen, 0), rate)
    after_taxes = price_fen - fund - taxes_fen
    retention = apply_rate(after_taxes, retention_percent / 100) if after_taxes > 0 else 0
    return Split(fund, taxes_fen, after_taxes, retention, after_taxes - retention)


def joint_problems(
    parts: Sequence[tuple[str, int]], net_fen: int, collective_id: str
) -> list[FieldProblem]:
    """E13: a joint entry's parts add up to the net exactly (100 %), ours among them."""
    p: list[FieldProblem] = []
    total = sum(amount for _, amount in parts)
    if total != net_fen:
        p.append(
            FieldProblem(
                "joint_split",
                "E13",
                f"the parts add up to {total / 100:.2f}, not the net {net_fen / 100:.2f}",
                "联合入市各方分配合计须等于净收益（100%）",
            )
        )
    if collective_id not in {c for c, _ in parts}:
        p.append(
            FieldProblem(
                "joint_split", "E13", "the collective's own part is missing", "缺少本集体的份额"
            )
        )
    return p


def payouts(members_fen: int, holdings: Sequence[tuple[str, int]]) -> list[dict[str, object]]:
    """E13: the members' part by the share-register snapshot, exact to the fen."""
    amounts = allocate(members_fen, [shares for _, shares in holdings])
    return [
        {"party_id": party, "shares": shares, "amount_fen": amount}
        for (party, shares), amount in zip(holdings, amounts, strict=True)
    ]


#: E8: rental-housing land is never sold, so never re-transferred either
NO_SALE_USES = frozenset({"affordable_rental_housing"})


def years_later(day: date, years: int) -> date:
    """The same calendar day ``years`` later (28 February for a 29 February start)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def no_sale(land_use: str) -> bool:
    """E8: affordable rental housing land is never sold — registry flags it ``no_sale``."""
    return land_use in NO_SALE_USES
