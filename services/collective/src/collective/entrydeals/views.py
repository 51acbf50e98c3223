"""Views of 入市 after the trade — 入市成交视图."""

from __future__ import annotations

from typing import Any

from collective.entrydeals.models import EntryAccount, EntryDeal
from collective.entrydeals.schemas import AccountOut, DealOut
from common.money import from_fen


def _yuan(fen: int | None) -> object:
    return None if fen is None else from_fen(fen)


def _amounts(rows: list[dict[str, Any]] | None) -> list[dict[str, object]] | None:
    if rows is None:
        return None
    return [dict(r, amount=str(from_fen(r["amount_fen"]))) for r in rows]


def account_out(a: EntryAccount) -> AccountOut:
    return AccountOut(
        collective_id=a.collective_id,
        account_no=a.account_no,
        bank=a.bank,
        resolution_id=a.resolution_id,
        registered_at=a.registered_at,
    )


def deal_out(d: EntryDeal) -> DealOut:
    return DealOut(
        id=d.id,
        plan_id=d.plan_id,
        collective_id=d.collective_id,
        status=d.status,
        listing_id=d.listing_id,
        buyer_name=d.buyer_name,
        price=from_fen(d.price_fen),
        concluded_at=d.concluded_at,
        publicity_ends_at=d.publicity_ends_at,
        contract_no=d.contract_no,
        mortgage_allowed=d.mortgage_allowed,
        transfer_allowed=d.transfer_allowed,
        signed_at=d.signed_at,
        filing_due_at=d.filing_due_at,
        filing_no=d.filing_no,
        filed_at=d.filed_at,
        filing_late=d.filing_late,
        account_no=d.account_no,
        fund_rate=d.fund_rate,
        adjustment_fund=_yuan(d.fund_fen),
        taxes_fees=_yuan(d.taxes_fen),
        retention=_yuan(d.retention_fen),
        members=_yuan(d.members_fen),
        split=_amounts(d.split),
        payouts=_amounts(d.payouts),
        settled_at=d.settled_at,
    )
