"""Re-transfers of entered land — 入市土地再转让 (DOMAIN E15, E12).

One row per bidding trade of a re-listing: the price, the re-transfer's adjustment fund
settled (withheld from the seller's proceeds at bidding's release, or proven paid by the
seller's receipt) before registry records the transfer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from collective.db import Base
from common.columns import CountyCode, Fen, UTCTimestamp
from common.keys import IdType


class EntryResale(Base):
    """bidding's trade of a re-listing of one 入市 deal's land, and its fund (E15, E12)."""

    __tablename__ = "entry_resales"
    __audit_subject__ = "entry_resale"

    id: Mapped[str] = mapped_column(IdType(), primary_key=True)
    deal_id: Mapped[str] = mapped_column(ForeignKey("entry_deals.id"), index=True)
    trade_id: Mapped[str] = mapped_column(String(64), unique=True)
    listing_id: Mapped[str] = mapped_column(String(64))
    collective_id: Mapped[str] = mapped_column(ForeignKey("collectives.id"))
    county: Mapped[CountyCode]
    township: Mapped[str] = mapped_column(String(9))
    status: Mapped[str] = mapped_column(String(20))  # concluded, settled
    seller_party_id: Mapped[str] = mapped_column(String(18))
    buyer_party_id: Mapped[str] = mapped_column(String(64))
    buyer_name: Mapped[str] = mapped_column(String(200))
    price_fen: Mapped[Fen]
    concluded_at: Mapped[UTCTimestamp]
    # E12: the fund as settled (or as the receipt proved it)
    costs_fen: Mapped[Fen | None]
    fund_rate: Mapped[Decimal | None] = mapped_column(Numeric(6, 4))
    increment_fen: Mapped[Fen | None]
    fund_fen: Mapped[Fen | None]
    fund: Mapped[str | None] = mapped_column(String(20))  # withheld, proven_paid
    receipt_no: Mapped[str | None] = mapped_column(String(100))
    receipt_paid_on: Mapped[date | None] = mapped_column(Date)
    receipt_document_id: Mapped[str | None] = mapped_column(String(64))
    proven_at: Mapped[UTCTimestamp | None]
    settled_at: Mapped[UTCTimestamp | None]
