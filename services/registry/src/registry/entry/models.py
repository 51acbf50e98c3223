"""入市 rights as registry follows them — 入市土地使用权投影 (DOMAIN E8, E12, R23).

``entry_rights``: each 入市 plan's settlement (``collective.entry_settled``): the fund
withheld or proven paid (E12), the contract's mortgage and transfer permission (R23,
E15) and ``no_sale`` for rental-housing land (E8). ``entry_parked_settlements``: bidding's
settlement of an 入市 trade that arrived before the collective's, kept until it does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import CountyCode, Fen, UTCTimestamp
from registry.db import Base


class EntryRight(Base):
    """One 入市 plan's settlement as the collective published it."""

    __tablename__ = "entry_rights"

    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    deal_id: Mapped[str] = mapped_column(String(64))
    listing_id: Mapped[str] = mapped_column(String(64))
    certificate_no: Mapped[str] = mapped_column(String(64), index=True)
    collective_id: Mapped[str] = mapped_column(String(64))
    county: Mapped[CountyCode]
    land_use: Mapped[str] = mapped_column(String(30))
    way: Mapped[str] = mapped_column(String(30))
    term_years: Mapped[int] = mapped_column(Integer)
    buyer_party_id: Mapped[str] = mapped_column(String(18))
    price_fen: Mapped[Fen]
    fund_fen: Mapped[Fen]
    fund: Mapped[str] = mapped_column(String(20))
    contract_no: Mapped[str] = mapped_column(String(100))
    mortgage_allowed: Mapped[bool] = mapped_column(Boolean)
    transfer_allowed: Mapped[bool] = mapped_column(Boolean)
    no_sale: Mapped[bool] = mapped_column(Boolean)
    settled_at: Mapped[UTCTimestamp]


class ParkedSettlement(Base):
    """bidding's settlement of an 入市 trade waiting for the collective's (E12)."""

    __tablename__ = "entry_parked_settlements"

    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    trade_id: Mapped[str] = mapped_column(String(64))
    event: Mapped[dict[str, Any]] = mapped_column(JSON)
    parked_at: Mapped[UTCTimestamp]
