"""Pure rules of the secondary market of entered land — 入市土地再转让 (DOMAIN E15, E12).

The re-transfer's adjustment fund is the county's re-transfer rate (E12's table,
``first_entry`` false) on the increment over what the user paid at the first entry and
the costs they state, exact and rounded half up to the fen once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from collective.entrydeals.rules import NO_SALE_USES, fund_rate, years_later
from common.money import apply_rate

__all__ = ["NO_SALE_USES", "ResaleFund", "ResaleQuote", "fund_rate", "resale_fund", "years_later"]


@dataclass(frozen=True)
class ResaleFund:
    """E12 on a re-transfer: the rate, the increment it applies to, the fund."""

    rate: Decimal
    base_fen: int
    fund_fen: int


def resale_fund(
    resale_price_fen: int, acquired_fen: int, costs_fen: int, rate: Decimal
) -> ResaleFund:
    """The increment is the re-transfer price less the first entry's price and the stated
    costs (never below zero); the fund is rounded once."""
    base = max(resale_price_fen - acquired_fen - costs_fen, 0)
    return ResaleFund(rate, base, apply_rate(base, rate))


@dataclass(frozen=True)
class ResaleQuote:
    """The re-transfer fund of one deal's land: its use and way, the first entry's price,
    the stated costs and the fund."""

    deal_id: str
    land_use: str
    way: str
    acquired_fen: int
    costs_fen: int
    fund: ResaleFund
