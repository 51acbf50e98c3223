"""Deposit responses — 保证金视图: models → schemas."""

from __future__ import annotations

from bidding.deposits.models import Deposit
from bidding.deposits.schemas import DepositOut
from common.money import from_fen


def out(d: Deposit) -> DepositOut:
    return DepositOut(
        id=d.id,
        listing_id=d.listing_id,
        party_id=d.party_id,
        registration_id=d.registration_id,
        amount=from_fen(d.amount_fen),
        bank_org_id=d.bank_org_id,
        bank_reference=d.bank_reference,
        state=d.state,
        paid_at=d.paid_at,
        refund_due_by=d.refund_due_by,
        settled_at=d.settled_at,
    )
