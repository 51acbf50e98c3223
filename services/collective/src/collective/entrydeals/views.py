"""Views of 入市 after the trade — 入市成交视图."""

from __future__ import annotations

from typing import Any

from collective.entrydeals.models import EntryAccount, EntryDeal
from collective.entrydeals.schemas import AccountOut, DealOut
from common.money import from_fen
from common.views import view_of, yuan


def _amounts(rows: list[dict[str, Any]] | None) -> list[dict[str, object]] | None:
    if rows is None:
        return None
    return [dict(r, amount=str(from_fen(r["amount_fen"]))) for r in rows]


def account_out(a: EntryAccount) -> AccountOut:
    return view_of(AccountOut, a)


def deal_out(d: EntryDeal) -> DealOut:
    return view_of(
        DealOut,
        d,
        price=from_fen(d.price_fen),
        adjustment_fund=yuan(d.fund_fen),
        taxes_fees=yuan(d.taxes_fen),
        retention=yuan(d.retention_fen),
        members=yuan(d.members_fen),
        split=_amounts(d.split),
        payouts=_amounts(d.payouts),
    )
