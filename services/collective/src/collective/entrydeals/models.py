"""入市 after the trade — 成交公示、合同、备案、专户结算 (DOMAIN E9, E11–E13)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from collective.collectives.models import CollectiveScoped
from collective.db import Base
from common.columns import CountyCode, Fen, UTCTimestamp
from common.keys import IdType


class EntryAccount(Base):
    """The collective's registered 入市 account (入市资金专门账户, E11): proceeds are paid
    into it only."""

    __tablename__ = "entry_accounts"
    __audit_subject__ = "entry_account"
    __audit_key__ = "collective_id"

    collective_id: Mapped[str] = mapped_column(ForeignKey("collectives.id"), primary_key=True)
    county: Mapped[CountyCode]
    township: Mapped[str] = mapped_column(String(9))
    account_no: Mapped[str] = mapped_column(String(40))
    bank: Mapped[str] = mapped_column(String(200))
    resolution_id: Mapped[str] = mapped_column(IdType())
    registered_at: Mapped[UTCTimestamp]


class EntryDeal(CollectiveScoped, Base):
    """One 入市 plan's trade from its result to the members' payout (E9, E11–E13)."""

    __tablename__ = "entry_deals"
    __audit_subject__ = "entry_deal"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("entry_plans.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    listing_id: Mapped[str] = mapped_column(String(64))
    buyer_name: Mapped[str] = mapped_column(String(200))
    buyer_credit_code: Mapped[str] = mapped_column(String(18))
    price_fen: Mapped[Fen]
    concluded_at: Mapped[UTCTimestamp]
    publicity_ends_at: Mapped[UTCTimestamp]
    contract_no: Mapped[str | None] = mapped_column(String(100))
    template_id: Mapped[str | None] = mapped_column(IdType())
    contract_fields: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    mortgage_allowed: Mapped[bool | None] = mapped_column(Boolean)
    transfer_allowed: Mapped[bool | None] = mapped_column(Boolean)
    signed_at: Mapped[UTCTimestamp | None]
    filing_due_at: Mapped[UTCTimestamp | None]
    filing_no: Mapped[str | None] = mapped_column(String(100))
    filed_at: Mapped[UTCTimestamp | None]
    filing_late: Mapped[bool] = mapped_column(Boolean, default=False)
    # E11/E12/E13: the settlement into the dedicated account and its split
    account_no: Mapped[str | None] = mapped_column(String(40))
    fund_rate: Mapped[Decimal | None] = mapped_column(Numeric(6, 4))
    fund_fen: Mapped[Fen | None]
    taxes_fen: Mapped[Fen | None]
    retention_fen: Mapped[Fen | None]
    members_fen: Mapped[Fen | None]
    resolution_id: Mapped[str | None] = mapped_column(IdType())
    split: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    payouts: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    settled_at: Mapped[UTCTimestamp | None]
