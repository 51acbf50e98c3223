"""The filed monthly market reports — 市场监测月报报送 (L25 through X7, common.filings) —
and the forfeited deposits the report counts, projected from bidding (B5)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import Fen, UTCTimestamp
from common.filings import FilingMixin
from listing.db import Base


class Filing(FilingMixin, Base):
    """A filed version of the county's L25 monthly report."""

    __tablename__ = "filings"
    __audit_subject__ = "filing"


class ForfeitedDeposit(Base):
    """A winner's deposit forfeited for not signing — 保证金没收 (B5), as listing follows
    ``bidding.deposit_forfeited`` for the L25 report: one per listing and party, so a
    redelivered event changes nothing."""

    __tablename__ = "forfeited_deposits"

    listing_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    party_id: Mapped[str] = mapped_column(String(18), primary_key=True)
    amount_fen: Mapped[Fen]
    reason: Mapped[str] = mapped_column(Text)
    forfeited_at: Mapped[UTCTimestamp] = mapped_column(index=True)
