"""What bidding's documents certify — pure: the records → a document's data and its
masked summary (the public verification page's facts)."""

from __future__ import annotations

from typing import Any

from bidding.deals.models import Deal
from bidding.deposits.models import Deposit
from bidding.listings.models import ListingView
from bidding.sessions.models import TradeSession
from common.ids import mask_name, mask_party_id
from common.money import fen_text
from common.products import PRODUCT_NAMES_ZH, Product

WAYS_ZH = {"transfer": "转让", "lease": "出租", "equity": "入股", "other": "其他"}
MODES_ZH = {
    "ascending": "网络竞价",
    "auction": "拍卖",
    "tender": "招标",
    "negotiated": "协议转让",
}


def _product_zh(product: str) -> str:
    try:
        return PRODUCT_NAMES_ZH[Product(product)]
    except ValueError:
        return product


def deal_confirmation(deal: Deal, ts: TradeSession) -> tuple[dict[str, Any], dict[str, Any]]:
    """成交确认书 (B1, B6): the deal as concluded — object, parties, way, price, the
    deposit applied to it, the balance and the contract deadline — and its masked summary."""
    data = {
        "confirmation_no": deal.confirmation_no,
        "listing_id": deal.listing_id,
        "title": ts.title,
        "product": ts.product,
        "product_zh": _product_zh(ts.product),
        "way_zh": WAYS_ZH.get(ts.way, ts.way),
        "mode": ts.mode,
        "mode_zh": MODES_ZH.get(ts.mode, ts.mode),
        "round": deal.round,
        "right_certificate_no": ts.right_certificate_no,
        "area_mu": ts.area_mu,
        "term_start": ts.term_start,
        "term_end": ts.term_end,
        "seller": {"party_id": ts.seller_party_id, "name": ts.seller_name},
        "buyer": {"party_id": deal.buyer_party_id, "name": deal.buyer_name},
        "via_priority": deal.via_priority,
        "price": fen_text(deal.price_fen),
        "deposit_applied": fen_text(deal.deposit_applied_fen),
        "balance_due": fen_text(deal.price_fen - deal.deposit_applied_fen),
        "concluded_at": deal.concluded_at,
        "contract_deadline": deal.contract_deadline,
    }
    summary = {
        "confirmation_no": deal.confirmation_no,
        "title": ts.title,
        "listing_id": deal.listing_id,
        "mode": MODES_ZH.get(ts.mode, ts.mode),
        "seller": mask_name(ts.seller_name),
        "seller_party_id": mask_party_id(ts.seller_party_id),
        "buyer": mask_name(deal.buyer_name),
        "buyer_party_id": mask_party_id(deal.buyer_party_id),
        "price": fen_text(deal.price_fen),
        "concluded_at": deal.concluded_at,
    }
    return data, summary


#: Why a forfeited deposit is kept (B5): the only case the rule knows.
FORFEIT_REASON = "成交（中标）人未在规定期限内签订交易合同，按交易规则没收其交易保证金"


def deposit_notice(deposit: Deposit, listing: ListingView) -> tuple[dict[str, Any], dict[str, Any]]:
    """保证金退还 / 没收通知 (B5): whose deposit, for which listing, how much, when paid
    (the bank's reference), and its end — refunded (with the day it is due back by) or
    forfeited (with the reason)."""
    data = {
        "outcome": deposit.state,  # refunded | forfeited
        "listing_id": deposit.listing_id,
        "title": listing.title,
        "party_id": deposit.party_id,
        "amount": fen_text(deposit.amount_fen),
        "paid_at": deposit.paid_at,
        "bank_reference": deposit.bank_reference,
        "settled_at": deposit.settled_at,
        "refund_due_by": deposit.refund_due_by if deposit.state == "refunded" else None,
        "reason": FORFEIT_REASON if deposit.state == "forfeited" else None,
    }
    summary = {
        "outcome": deposit.state,
        "listing_id": deposit.listing_id,
        "title": listing.title,
        "party_id": mask_party_id(deposit.party_id),
        "amount": data["amount"],
        "settled_at": deposit.settled_at,
    }
    return data, summary


def transaction_certificate(deal: Deal, ts: TradeSession) -> tuple[dict[str, Any], dict[str, Any]]:
    """交易鉴证书 (L19): the deal as the confirmation states it, the signed contract and
    the price paid in full — what the registry takes as proof of a transfer (R18)."""
    confirmed, summary = deal_confirmation(deal, ts)
    data = {
        k: v
        for k, v in confirmed.items()
        if k not in ("deposit_applied", "balance_due", "contract_deadline")
    } | {
        "paid": fen_text(deal.paid_fen),  # the deposit applied is part of it
        "contract_no": deal.contract_no,
        "signed_at": deal.signed_at,
        "settled_at": deal.settled_at,
    }
    return data, summary | {"contract_no": deal.contract_no, "settled_at": deal.settled_at}
