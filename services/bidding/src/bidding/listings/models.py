"""Projections of other services' facts bidding needs — 挂牌与处置投影.

``listings``: a published listing (``listing.published``), so a bank can report a
buyer's deposit before the trade exists (B5). ``disposals``: a lender's disposal request
(``registry.disposal_requested``), so a disposal's proceeds pay the lender first (R13).
``registered_auctioneers``: listing's intermediary register's auctioneers
(``listing.intermediary_changed``, L20), so an auction opens only under a registered one (B4).
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bidding.db import Base
from common.columns import CountyCode, Fen, UTCTimestamp
from common.intermediaries import RegisteredIntermediary


class ListedFacts:
    """What a published listing says that bidding keeps — 挂牌信息: where, what, how it
    trades, the seller, the right, the reserve and deposit and, for a lender's disposal,
    its disposal. The projection of the listing and the session opened for it both carry
    them, declared once here."""

    county: Mapped[CountyCode]
    township: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(300))
    product: Mapped[str] = mapped_column(String(64))
    way: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str] = mapped_column(String(16))
    seller_party_id: Mapped[str] = mapped_column(String(64))
    seller_name: Mapped[str] = mapped_column(String(200))
    right_certificate_no: Mapped[str | None] = mapped_column(String(100))
    reserve_fen: Mapped[Fen]
    deposit_fen: Mapped[Fen]
    disposal_id: Mapped[str | None] = mapped_column(String(64))


class ListingView(ListedFacts, Base):
    __tablename__ = "listings"

    listing_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    announcement_ends_at: Mapped[UTCTimestamp]
    published_at: Mapped[UTCTimestamp]
    # an 入市 listing's plan: its trade becomes the collective's entry deal (E9)
    entry_plan_id: Mapped[str | None] = mapped_column(String(64))
    # E15: a re-listing of entered land names its first deal; the fund waits on it (E12)
    entry_deal_id: Mapped[str | None] = mapped_column(String(64))


class DisposalView(Base):
    __tablename__ = "disposals"

    disposal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    lien_id: Mapped[str] = mapped_column(String(64))
    certificate_no: Mapped[str] = mapped_column(String(100))
    lender_org_id: Mapped[str] = mapped_column(String(64))
    outstanding_debt_fen: Mapped[Fen]
    requested_at: Mapped[UTCTimestamp]


class RegisteredAuctioneer(RegisteredIntermediary, Base):
    """An auctioneer of listing's intermediary register — 拍卖机构 (L20), as bidding
    follows it: an auction (B4) opens only under one valid on the day. Columns and the
    follow step are libs/common's (``common.intermediaries``)."""

    __tablename__ = "registered_auctioneers"
