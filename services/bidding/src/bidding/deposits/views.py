"""Deposit responses — 保证金视图: models → schemas."""

from __future__ import annotations

from bidding.deposits.models import Deposit
from bidding.deposits.schemas import DepositOut
from common.money import from_fen
from common.views import view_of


def out(d: Deposit) -> DepositOut:
    return view_of(DepositOut, d, amount=from_fen(d.amount_fen))
