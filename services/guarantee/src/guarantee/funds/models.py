"""County funds — 奖补资金池 (G8) and 风险补偿基金 (G10): a ledger, never negative."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import CountyCode, Fen, UTCTimestamp
from common.keys import BigId, new_id
from guarantee.db import Base


class FundEntry(Base):
    """One movement of a county fund — 资金台账; the balance is the sum of the entries."""

    __tablename__ = "fund_entries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    county: Mapped[CountyCode] = mapped_column(index=True)
    fund: Mapped[str] = mapped_column(String(16))  # reward_pool | risk_fund
    delta_fen: Mapped[Fen]
    kind: Mapped[str] = mapped_column(String(32))
    payee: Mapped[str | None] = mapped_column(String(64))
    reference: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[UTCTimestamp]


class FundPayment(Base):
    """A payment owed by a fund; ``queued`` while the balance cannot cover it — 待付."""

    __tablename__ = "fund_payments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    county: Mapped[CountyCode] = mapped_column(index=True)
    fund: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[Fen]
    kind: Mapped[str] = mapped_column(String(32))
    payee: Mapped[str] = mapped_column(String(64))
    reference: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # queued | paid
    created_at: Mapped[UTCTimestamp]
    paid_at: Mapped[UTCTimestamp | None]


class FundAccount(Base):
    """A county's fund, opened on first use with the county's opening balance; the row is
    locked while a movement is decided, so two payments never both see the same balance."""

    __tablename__ = "fund_accounts"

    county: Mapped[CountyCode] = mapped_column(primary_key=True)
    fund: Mapped[str] = mapped_column(String(16), primary_key=True)
    opened_at: Mapped[UTCTimestamp]
