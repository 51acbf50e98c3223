"""The public board's response bodies — 公告栏 (L5, L12, L14)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel

from common.audit import DecisionOut
from common.money import Money
from listing.listings.models import Document, Listing
from listing.params import AdministrativeNames, BaseLandPrice, CentreContact


class Party(BaseModel):
    party_id: str
    name: str


class BoardItem(BaseModel):
    id: str
    county: str
    township: str
    title: str
    product: str
    product_zh: str
    way: str
    location: str
    area_mu: str
    term_start: date | None
    term_end: date | None
    reserve_price: Money
    deposit: Money
    status: str
    published_at: datetime | None
    announcement_ends_at: datetime | None
    server_now: datetime
    seconds_left: int | None
    notice: str | None


class Material(BaseModel):
    """A material kind the centre checked (L3) — the kind only, never the file."""

    kind: str
    kind_zh: str


class HistoryEntry(BaseModel):
    """One public step of the listing — 状态记录 (L5, L12, L14): what, when, on which
    rule, the published reason, and the kind of actor, never a person's name."""

    action: str
    action_zh: str
    at: datetime
    rule: str | None
    by_role: str
    by_role_zh: str
    reason: str | None
    reason_code: str | None
    reason_code_zh: str | None
    ends_at: datetime | None


class BoardDetail(BoardItem):
    description: str
    seller: Party
    increment: Money
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    mode: str
    mode_zh: str
    tender_opening_at: datetime | None
    trading_starts_at: datetime | None
    trading_time_zh: str
    priority_right: bool
    priority_right_kind: str | None
    priority_right_zh: str | None
    deposit_instructions: str
    contact: CentreContact
    admin_names: AdministrativeNames
    materials: list[Material]
    history: list[HistoryEntry]
    outcome: str | None
    result_buyer: Party | None
    result_price: Money | None
    result_at: datetime | None
    failed_reason: str | None
    contract_no: str | None
    contract_signed_at: datetime | None
    disposal: bool


@dataclass(frozen=True)
class Announcement:
    """A published listing with what its public page shows beside it."""

    listing: Listing
    deposit_instructions: str
    contact: CentreContact
    admin_names: AdministrativeNames
    documents: list[Document]
    decisions: list[DecisionOut]


@dataclass(frozen=True)
class BoardQuery:
    """The board's filters and page (L14): every value already checked by the route."""

    county: str | None = None
    township: str | None = None
    product: str | None = None
    status: str | None = None
    min_price_fen: int | None = None
    max_price_fen: int | None = None
    q: str | None = None
    limit: int = 50
    offset: int = 0


class ReferencePrices(BaseModel):
    """The county's base land prices in force — 基准地价 (L16, L22), shown on the 入市
    disclosure page as the entered land's reference prices (E16)."""

    county: str
    document_no: str
    published_on: date | None
    valuation_date: date
    supersedes: str | None
    rows: list[BaseLandPrice]
