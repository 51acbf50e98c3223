"""Deal responses — 成交视图: the deal confirmation's data (成交确认书), models → schemas."""

from __future__ import annotations

from decimal import Decimal

from bidding.deals.models import Deal
from bidding.deals.schemas import DealOut, LedgerOut
from bidding.sessions.models import TradeSession
from common.money import format_yuan, from_fen


def deal_out(d: Deal, ts: TradeSession) -> DealOut:
    def m(fen: int | None) -> Decimal | None:
        return None if fen is None else from_fen(fen)

    return DealOut(
        trade_id=d.id,
        confirmation_no=d.confirmation_no,
        listing_id=d.listing_id,
        session_id=d.session_id,
        round=d.round,
        status=d.status,
        mode=ts.mode,
        title=ts.title,
        product=ts.product,
        way=ts.way,
        seller_party_id=ts.seller_party_id,
        seller_name=ts.seller_name,
        buyer_party_id=d.buyer_party_id,
        buyer_name=d.buyer_name,
        price=from_fen(d.price_fen),
        via_priority=d.via_priority,
        deposit_applied=from_fen(d.deposit_applied_fen),
        paid=from_fen(d.paid_fen),
        balance_due=from_fen(d.price_fen - d.paid_fen),
        term_start=ts.term_start,
        term_end=ts.term_end,
        concluded_at=d.concluded_at,
        contract_deadline=d.contract_deadline,
        entry_publicity_ends_at=d.entry_publicity_ends_at,
        contract_no=d.contract_no,
        signed_at=d.signed_at,
        settled_at=d.settled_at,
        fees=m(d.fee_fen),
        to_lender=m(d.to_lender_fen),
        to_seller=m(d.to_seller_fen),
        adjustment_fund=m(d.adjustment_fund_fen),
        released_at=d.released_at,
    )


def ledger_out(listing_id: str, balances: dict[str, int]) -> LedgerOut:
    """The listing's balances in yuan, and their sum (always zero, B5)."""
    return LedgerOut(
        listing_id=listing_id,
        balances={k: format_yuan(v).replace(",", "") for k, v in sorted(balances.items())},
        trial_balance=format_yuan(sum(balances.values())).replace(",", ""),
    )
