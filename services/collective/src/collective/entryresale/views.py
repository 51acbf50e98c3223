"""The re-transfer fund's quote as the API answers it (E15, E12)."""

from __future__ import annotations

from decimal import Decimal

from collective.entryresale.rules import ResaleQuote
from collective.entryresale.schemas import ResaleFundOut
from common.money import from_fen


def resale_fund_out(q: ResaleQuote, price: Decimal) -> ResaleFundOut:
    return ResaleFundOut(
        deal_id=q.deal_id,
        land_use=q.land_use,
        way=q.way,
        first_entry=False,
        rate=q.fund.rate,
        resale_price=price,
        acquired_price=from_fen(q.acquired_fen),
        costs=from_fen(q.costs_fen),
        increment=from_fen(q.fund.base_fen),
        adjustment_fund=from_fen(q.fund.fund_fen),
    )
