"""The re-transfer fund's quote as the API answers it (E15, E12)."""

from __future__ import annotations

from decimal import Decimal

from collective.entryresale.models import EntryResale
from collective.entryresale.rules import ResaleQuote
from collective.entryresale.schemas import ResaleFundOut, ResaleOut
from common.money import from_fen
from common.views import view_of, yuan


def resale_fund_out(q: ResaleQuote, price: Decimal) -> ResaleFundOut:
    return view_of(
        ResaleFundOut,
        q,
        first_entry=False,
        rate=q.fund.rate,
        resale_price=price,
        acquired_price=from_fen(q.acquired_fen),
        costs=from_fen(q.costs_fen),
        increment=from_fen(q.fund.base_fen),
        adjustment_fund=from_fen(q.fund.fund_fen),
    )


def resale_out(r: EntryResale) -> ResaleOut:
    withheld = r.fund_fen if r.fund == "withheld" and r.status == "settled" else 0
    return view_of(
        ResaleOut,
        r,
        price=from_fen(r.price_fen),
        costs=yuan(r.costs_fen),
        increment=yuan(r.increment_fen),
        adjustment_fund=yuan(r.fund_fen),
        seller_net=from_fen(r.price_fen - (withheld or 0)) if r.status == "settled" else None,
    )
