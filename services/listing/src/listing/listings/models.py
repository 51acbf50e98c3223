"""Listing tables — 挂牌: the listing, its documents (L3) and collective decisions (L8)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from common.columns import CountyCode, Fen, FollowedCase, UTCTimestamp
from common.keys import BigId
from listing.db import Base


class Listing(Base):
    """A listing — 挂牌项目: one right or asset offered through the exchange (L1, L2)."""

    __tablename__ = "listings"
    __audit_subject__ = "listing"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    county: Mapped[CountyCode] = mapped_column(index=True)
    township: Mapped[str] = mapped_column(String(9), index=True)
    collective_id: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    product: Mapped[str] = mapped_column(String(40), index=True)
    way: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(20))
    term_start: Mapped[date | None] = mapped_column(Date)
    term_end: Mapped[date | None] = mapped_column(Date)
    area_mu: Mapped[Any] = mapped_column(Numeric(14, 4))
    location: Mapped[str] = mapped_column(String(300))
    right_certificate_no: Mapped[str | None] = mapped_column(String(64))
    seller_party_id: Mapped[str] = mapped_column(String(18))
    seller_name: Mapped[str] = mapped_column(String(100))
    seller_kind: Mapped[str] = mapped_column(String(20))
    reserve_price_fen: Mapped[Fen]
    deposit_fen: Mapped[Fen]
    increment_fen: Mapped[Fen]
    extension_seconds: Mapped[int] = mapped_column(Integer, default=300)
    free_period_seconds: Mapped[int] = mapped_column(Integer, default=3600)
    tender_opening_at: Mapped[UTCTimestamp | None]
    appraisal_fen: Mapped[Fen | None]
    asset_value_fen: Mapped[Fen | None]
    # L15 — collective commercial construction land (集体经营性建设用地入市)
    land_use: Mapped[str | None] = mapped_column(String(30))
    price_class: Mapped[str | None] = mapped_column(String(40))
    land_grade: Mapped[int | None] = mapped_column(Integer)
    area_m2: Mapped[Any | None] = mapped_column(Numeric(14, 2))
    planning_conditions: Mapped[str | None] = mapped_column(Text)
    spatial_plan_done: Mapped[bool] = mapped_column(Boolean, default=False)
    ownership_registered: Mapped[bool] = mapped_column(Boolean, default=False)
    converted_farmland: Mapped[bool] = mapped_column(Boolean, default=False)
    is_homestead: Mapped[bool] = mapped_column(Boolean, default=False)
    for_commercial_housing: Mapped[bool] = mapped_column(Boolean, default=False)
    l15_checked_by: Mapped[str | None] = mapped_column(String(100))
    # E3, E4 — the collective's cleared 入市 plan the listing carries out
    entry_plan_id: Mapped[str | None] = mapped_column(String(64))
    # E15 — the signed 入市 contract a re-listing (the secondary market) re-transfers
    entry_deal_id: Mapped[str | None] = mapped_column(String(64))
    # L16 — farmland reference (001 Appendix E): average annual transfer price per mu
    annual_transfer_price_fen: Mapped[Fen | None]
    # L17 — the households' rights a trustee lists (委托流转), as the window recorded them
    entrustments: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # L20 — an agent's submission: who, and the power of attorney (hash, validity)
    agent: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # L22 — the base land price table version in force on the registration day
    price_table: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # L18 — a land product's agricultural intended use (用途不变), from the county's list
    intended_use: Mapped[str | None] = mapped_column(String(40))
    # L9 — a collective non-land asset above the threshold must trade in the exchange
    mandatory_in_exchange: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), index=True)
    township_opinion: Mapped[str | None] = mapped_column(Text)
    title_search: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    return_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    announcement_days: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[UTCTimestamp | None]
    announcement_ends_at: Mapped[UTCTimestamp | None]
    suspended_phase: Mapped[str | None] = mapped_column(String(20))
    remaining_seconds: Mapped[int | None] = mapped_column(Integer)
    public_notice: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(20))
    qualified_count: Mapped[int | None] = mapped_column(Integer)
    disposal_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    lien_id: Mapped[str | None] = mapped_column(String(64))
    relisted_from: Mapped[str | None] = mapped_column(String(32))
    # L14 — published result and contract
    trade_id: Mapped[str | None] = mapped_column(String(64))
    result_buyer_party_id: Mapped[str | None] = mapped_column(String(18))
    result_buyer_name: Mapped[str | None] = mapped_column(String(100))
    result_price_fen: Mapped[Fen | None]
    result_via_priority: Mapped[bool] = mapped_column(Boolean, default=False)
    result_at: Mapped[UTCTimestamp | None]
    failed_reason: Mapped[str | None] = mapped_column(Text)
    contract_no: Mapped[str | None] = mapped_column(String(64))
    contract_signed_at: Mapped[UTCTimestamp | None]
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[UTCTimestamp]
    updated_at: Mapped[UTCTimestamp]


#: The board's order (L14: newest first, then by id) as an index, so a page of the
#: public board reads its rows in order instead of sorting every published listing
#: (bench/README.md: 44 ms per first page at 10,000 listings without it).
Index("ix_listings_board", Listing.published_at.desc(), Listing.id)


class Document(Base):
    """An uploaded material — 申请材料 (L3, L6): type, file, content hash and uploader."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    owner_type: Mapped[str] = mapped_column(String(20))  # listing | registration
    owner_id: Mapped[str] = mapped_column(String(32), index=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[UTCTimestamp]


class CollectiveDecision(Base):
    """A democratic decision of the collective — 民主决策 (L8) and the township approval."""

    __tablename__ = "collective_decisions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id"), index=True)
    body: Mapped[str] = mapped_column(String(40))
    votes_for: Mapped[int] = mapped_column(Integer)
    votes_total: Mapped[int] = mapped_column(Integer)
    reserve_price_fen: Mapped[Fen]
    appraisal_fen: Mapped[Fen | None]
    # L20 — the registered appraiser and the appraisal's date
    appraiser_id: Mapped[str | None] = mapped_column(String(32))
    appraised_on: Mapped[date | None] = mapped_column(Date)
    township_approval_ref: Mapped[str] = mapped_column(String(100))
    decided_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[UTCTimestamp]


class OffExchangeFlag(Base):
    """A collective asset found traded outside the exchange — 场外交易 (L9)."""

    __tablename__ = "off_exchange_flags"
    __audit_subject__ = "off_exchange"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    county: Mapped[CountyCode] = mapped_column(index=True)
    collective_id: Mapped[str] = mapped_column(String(64))
    asset: Mapped[str] = mapped_column(String(300))
    asset_kind: Mapped[str] = mapped_column(String(20))
    value_fen: Mapped[Fen]
    threshold_fen: Mapped[Fen]
    violation: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[UTCTimestamp]


class CaseFlag(FollowedCase, Base):
    """A dispute (X6) or violation (Z12) case of the collective service as listing follows
    it (``collective.case_changed``): while ``flags`` the right ``certificate_no`` is not
    listed (纠纷/违法用地案件未结)."""

    __tablename__ = "collective_cases"


class SiteInspection(Base):
    """A site inspection — 现场勘察 (L21), by the village liaison or the township window,
    before the township's initial review of a land product or a collective asset."""

    __tablename__ = "site_inspections"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id"), index=True)
    inspector_name: Mapped[str] = mapped_column(String(100))
    inspector_role: Mapped[str] = mapped_column(String(20))
    inspected_on: Mapped[date] = mapped_column(Date)
    photo_document_ids: Mapped[list[int]] = mapped_column(JSON)
    boundary_matches: Mapped[bool] = mapped_column(Boolean)
    boundary_note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[UTCTimestamp]


class EnteredLand:
    """The land an 入市 plan puts on the market — 入市地块, as the collective service
    published it: its collective and county, the right, the way it is supplied, the use and
    the area. The cleared plan and the signed contract listing follows both state it."""

    collective_id: Mapped[str] = mapped_column(String(64))
    county: Mapped[CountyCode]
    certificate_no: Mapped[str] = mapped_column(String(64))
    way: Mapped[str] = mapped_column(String(30))
    land_use: Mapped[str] = mapped_column(String(30))
    area_m2: Mapped[Any] = mapped_column(Numeric(14, 2))


class EntryClearance(EnteredLand, Base):
    """An 入市 plan of the collective service as listing follows it
    (``collective.entry_cleared``, E3, E4): an 入市 listing is registered only for a
    cleared plan and only on its terms."""

    __tablename__ = "entry_clearances"

    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    trading_method: Mapped[str] = mapped_column(String(20))
    term_years: Mapped[int] = mapped_column(Integer)
    reserve_price_fen: Mapped[Fen]
    supply_year: Mapped[int] = mapped_column(Integer)
    cleared_at: Mapped[UTCTimestamp]


class EntryContract(EnteredLand, Base):
    """A signed 入市 contract of the collective service as listing follows it
    (``collective.entry_contracted``, E15): a re-listing of entered land — 二级市场再转让
    — is registered only on the contract's terms."""

    __tablename__ = "entry_contracts"

    deal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(64))
    contract_no: Mapped[str] = mapped_column(String(100))
    buyer_name: Mapped[str] = mapped_column(String(200))
    buyer_credit_code: Mapped[str] = mapped_column(String(18))
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)
    mortgage_allowed: Mapped[bool] = mapped_column(Boolean)
    transfer_allowed: Mapped[bool] = mapped_column(Boolean)
    no_sale: Mapped[bool] = mapped_column(Boolean)
    contracted_at: Mapped[UTCTimestamp]
