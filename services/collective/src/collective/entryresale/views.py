"""The re-transfer fund's quote as the API answers it (E15, E12)."""

from __future__ import annotations

from decimal import Decimal

from collective.entryresale.models import EntryResale
from collective.entryresale.rules import ResaleQuote
from collective.entryresale.schemas import ResaleFundOut, ResaleOut
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


def resale_out(r: EntryResale) -> ResaleOut:
    def m(fen: int | None) -> Decimal | None:
        return None if fen is None else from_fen(fen)

    withheld = r.fund_fen if r.fund == "withheld" and r.status == "settled" else 0
    return ResaleOut(
        id=r.id,
        deal_id=r.deal_id,
        trade_id=r.trade_id,
        listing_id=r.listing_id,
        status=r.status,
        seller_party_id=r.seller_party_id,
        buyer_party_id=r.buyer_party_id,
        buyer_name=r.buyer_name,
        price=from_fen(r.price_fen),
        concluded_at=r.concluded_at,
        costs=m(r.costs_fen),
        fund_rate=r.fund_rate,
        increment=m(r.increment_fen),
        adjustment_fund=m(r.fund_fen),
        fund=r.fund,
        seller_net=from_fen(r.price_fen - (withheld or 0)) if r.status == "settled" else None,
        receipt_no=r.receipt_no,
        receipt_paid_on=r.receipt_paid_on,
        receipt_document_id=r.receipt_document_id,
        settled_at=r.settled_at,
    )
