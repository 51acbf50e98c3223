"""Homestead income and its distribution — 宅基地收益分配 (DOMAIN Z11)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import Fen, UTCTimestamp
from common.keys import BigId, IdType


class HomesteadIncome(CollectiveScoped, Base):
    """One income, split into the farmer part and the collective part (exact to the fen,
    the parts add up); the collective part paid as dividends or retained by X5."""

    __tablename__ = "homestead_incomes"
    __audit_subject__ = "homestead_income"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(100))
    received_on: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[Fen]
    farmer_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    farmer_fen: Mapped[Fen]
    collective_fen: Mapped[Fen]
    disposition: Mapped[str] = mapped_column(String(10))
    resolution_id: Mapped[str | None] = mapped_column(IdType())
    year_income_fen: Mapped[Fen]
    recorded_at: Mapped[UTCTimestamp]


class Dividend(Base):
    """One member's dividend from one income, by the share-register snapshot (按股分红)."""

    __tablename__ = "homestead_dividends"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    income_id: Mapped[str] = mapped_column(ForeignKey("homestead_incomes.id"), index=True)
    party_id: Mapped[str] = mapped_column(String(18))
    shares: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[Fen]
