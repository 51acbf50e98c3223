"""County fund views — 资金视图 (G8, G10): ledger rows, payments and the queue as shown."""

from __future__ import annotations

from decimal import Decimal

from common.money import from_fen
from guarantee.funds.models import FundEntry, FundPayment
from guarantee.funds.schemas import EntryOut, FundOut, PaymentOut, QueuedOut


def entry_out(e: FundEntry) -> EntryOut:
    return EntryOut(
        id=e.id,
        delta=from_fen(e.delta_fen),
        **{
            k: getattr(e, k)
            for k in ("kind", "payee", "reference", "note", "recorded_by", "recorded_at")
        },
    )


def payment_out(p: FundPayment) -> PaymentOut:
    return PaymentOut(
        amount=from_fen(p.amount_fen),
        **{
            k: getattr(p, k)
            for k in ("id", "fund", "kind", "payee", "reference", "status", "created_at", "paid_at")
        },
    )


def queue_of(payments: list[PaymentOut], balance: Decimal) -> list[QueuedOut]:
    """The queued payments head first (``payments`` are in queue order), each with the
    money the fund needs before it is paid."""
    out: list[QueuedOut] = []
    ahead = Decimal("0.00")
    for p in payments:
        if p.status != "queued":
            continue
        ahead += p.amount
        out.append(
            QueuedOut(position=len(out) + 1, payment=p, needed=max(ahead - balance, Decimal(0)))
        )
    return out


def queued_total(payments: list[PaymentOut]) -> Decimal:
    return sum((p.amount for p in payments if p.status == "queued"), Decimal("0.00"))


def fund_out(
    county: str,
    fund: str,
    balance_fen: int,
    entries: list[FundEntry],
    payments: list[FundPayment],
) -> FundOut:
    """Balance, every ledger entry and every payment; the queue head first, and the
    payment that blocks it (G8)."""
    pays = [payment_out(p) for p in payments]
    balance = from_fen(balance_fen)
    queue = queue_of(pays, balance)
    return FundOut(
        county=county,
        fund=fund,
        balance=balance,
        queued=queued_total(pays),
        entries=[entry_out(e) for e in entries],
        payments=pays,
        queue=queue,
        blocked_by=queue[0] if queue else None,
    )
