"""Deal responses — 成交视图: the deal confirmation's data (成交确认书), models → schemas."""

from __future__ import annotations

from bidding.deals.models import Deal
from bidding.deals.schemas import DealOut, LedgerOut
from bidding.sessions.models import TradeSession
from common.money import format_yuan, from_fen
from common.views import view_of, yuan

#: what a deal's view reads from its trading session: the listing's facts and seller
_SESSION_FACTS = (
    "mode",
    "title",
    "product",
    "way",
    "seller_party_id",
    "seller_name",
    "term_start",
    "term_end",
)


def deal_out(d: Deal, ts: TradeSession) -> DealOut:
    return view_of(
        DealOut,
        d,
        trade_id=d.id,
        **{name: getattr(ts, name) for name in _SESSION_FACTS},
        price=from_fen(d.price_fen),
        deposit_applied=from_fen(d.deposit_applied_fen),
        paid=from_fen(d.paid_fen),
        balance_due=from_fen(d.price_fen - d.paid_fen),
        fees=yuan(d.fee_fen),
        to_lender=yuan(d.to_lender_fen),
        to_seller=yuan(d.to_seller_fen),
        adjustment_fund=yuan(d.adjustment_fund_fen),
    )


def ledger_out(listing_id: str, balances: dict[str, int]) -> LedgerOut:
    """The listing's balances in yuan, and their sum (always zero, B5)."""
    return LedgerOut(
        listing_id=listing_id,
        balances={k: format_yuan(v).replace(",", "") for k, v in sorted(balances.items())},
        trial_balance=format_yuan(sum(balances.values())).replace(",", ""),
    )
