"""The public announcement board — 公告栏 (L5, L12, L14): no token needed.

Announcements, results and contracts are public; personal data is masked (common.ids).
"""

from __future__ import annotations

from datetime import date, datetime

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import SYSTEM, DecisionOut, decisions_of
from common.db import contains_text
from common.ids import PartyKind, mask_name, mask_party_id, party_kind
from common.money import Money, from_fen, to_fen
from common.problems import not_found
from common.routes import get_session, router
from listing.listings.models import Document, Listing
from listing.listings.schemas import METHODS, PRODUCTS, REASON_CODES, REQUIRED_DOCUMENTS, one_of
from listing.listings.service import PUBLISHED_STATES, documents_of, now, seconds_left
from listing.pricing.params import PARAMS, CentreContact
from listing.registrations.service import priority_eligible

r = router(prefix="/board", tags=["public board — 公告栏"])

#: The board's filters take only values that exist (L1 products, published states).
BoardProduct = one_of(PRODUCTS, rule="L1", what_zh="交易品种")
BoardStatus = one_of(PUBLISHED_STATES, rule="L14", what_zh="公告状态")


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


def masked(party_id: str | None, name: str | None) -> Party | None:
    """Natural persons are masked (L14); a legal person's name and code are public."""
    if party_id is None:
        return None
    try:
        natural = party_kind(party_id) is PartyKind.natural_person
    except ValueError:
        natural = True
    return Party(
        party_id=mask_party_id(party_id) if natural else party_id,
        name=mask_name(name or "") if natural else (name or ""),
    )


#: Decisions the public sees (L5, L7, L12, L14) → their Chinese name; the review chain,
#: documents and registrations stay internal.
PUBLIC_ACTIONS = {
    "listing.published": "发布公告",
    "listing.extended": "延长公告期",
    "listing.suspended": "中止",
    "listing.resumed": "恢复",
    "listing.terminated": "终止",
    "listing.announcement_closed": "公告期满",
    "listing.result_published": "成交结果公示",
    "listing.trade_failed": "交易失败",
    "listing.contract_published": "合同公示",
}
#: Actions whose reason is published (L12; a failed trade's reason is public, L14).
REASON_PUBLIC = {
    "listing.suspended",
    "listing.resumed",
    "listing.terminated",
    "listing.trade_failed",
}
#: Actions that set the announcement's end, and the key of the new end in their data.
END_KEYS = {"listing.published": "ends_at", "listing.extended": "to"}
ROLE_ZH = {
    "exchange_staff": "县农村产权交易中心",
    "county_department": "县主管部门",
    "township_clerk": "乡镇服务窗口",
    "supervisor": "监督委员会",
    "service": "平台（自动）",
    SYSTEM: "平台（自动）",
}
PRIORITY_ZH = {
    "collective_members": "本集体经济组织成员在同等条件下享有优先受让权",
    "collective_members_disposal": "抵押物处置：本集体经济组织成员在同等条件下享有优先受让权",
}


def _role(d: DecisionOut) -> str:
    """The actor's role, never the person: the centre's when they hold several."""
    roles = d.actor_roles or [SYSTEM]
    return next((r for r in ROLE_ZH if r in roles), roles[0])


def _at(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def history(decisions: list[DecisionOut]) -> list[HistoryEntry]:
    out = []
    for d in decisions:
        if d.action not in PUBLIC_ACTIONS:
            continue
        role = _role(d)
        code = d.data.get("reason_code") if d.action in REASON_PUBLIC else None
        code = code if isinstance(code, str) else None
        ends = d.data.get(END_KEYS[d.action]) if d.action in END_KEYS else None
        out.append(
            HistoryEntry(
                action=d.action.removeprefix("listing."),
                action_zh=PUBLIC_ACTIONS[d.action],
                at=d.decided_at,
                rule=d.rule,
                by_role=role,
                by_role_zh=ROLE_ZH.get(role, role),
                reason=d.reason if d.action in REASON_PUBLIC else None,
                reason_code=code,
                reason_code_zh=REASON_CODES.get(code) if code else None,
                ends_at=_at(ends),
            )
        )
    return out


def materials(documents: list[Document]) -> list[Material]:
    """The L3 kinds on file, in the rule's order; no file is public (README)."""
    kinds = {d.doc_type for d in documents}
    names = REQUIRED_DOCUMENTS | {"other": "其他材料"}
    return [Material(kind=k, kind_zh=v) for k, v in names.items() if k in kinds]


def priority_kind(listing: Listing) -> str | None:
    if not priority_eligible(listing):
        return None
    return "collective_members_disposal" if listing.disposal_id else "collective_members"


def trading_time(listing: Listing) -> tuple[datetime | None, str]:
    """When trading starts: a tender at its opening; otherwise when the announcement ends."""
    if listing.mode == "tender":
        return listing.tender_opening_at, "招标：按公告的开标时间开标"
    return (
        listing.announcement_ends_at,
        "公告期满后开始：两家以上合格意向受让方进入"
        f"{METHODS.get(listing.mode, listing.mode)}，仅一家时协议转让",
    )


def item(listing: Listing, at: datetime) -> dict[str, object]:
    return dict(
        id=listing.id,
        county=listing.county,
        township=listing.township,
        title=listing.title,
        product=listing.product,
        product_zh=PRODUCTS.get(listing.product, listing.product),
        way=listing.way,
        location=listing.location,
        area_mu=format(listing.area_mu.normalize(), "f"),
        term_start=listing.term_start,
        term_end=listing.term_end,
        reserve_price=from_fen(listing.reserve_price_fen),
        deposit=from_fen(listing.deposit_fen),
        status=listing.status,
        published_at=listing.published_at,
        announcement_ends_at=listing.announcement_ends_at,
        server_now=at,
        seconds_left=seconds_left(listing, at),
        notice=listing.public_notice,
    )


@r.get("/listings", response_model=list[BoardItem])
async def board(
    county: str | None = Query(None, pattern=r"^[0-9]{6}$"),
    township: str | None = Query(None, pattern=r"^[0-9]{9}$"),
    product: BoardProduct | None = None,
    status: BoardStatus | None = None,
    min_price: Money | None = None,
    max_price: Money | None = None,
    q: str | None = Query(None, max_length=100),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=100_000),  # bounded: the database integer, and paging sense
    session: AsyncSession = Depends(get_session),
) -> list[BoardItem]:
    """Published announcements with filters; the server's time for the countdown."""
    query = select(Listing).where(Listing.status.in_(PUBLISHED_STATES))
    if county:
        query = query.where(Listing.county == county)
    if township:
        query = query.where(Listing.township == township)
    if product:
        query = query.where(Listing.product == product)
    if status:
        query = query.where(Listing.status == status)
    if min_price is not None:
        query = query.where(Listing.reserve_price_fen >= to_fen(min_price))
    if max_price is not None:
        query = query.where(Listing.reserve_price_fen <= to_fen(max_price))
    if q:
        query = query.where(
            or_(
                contains_text(Listing.title, q),
                contains_text(Listing.location, q),
                contains_text(Listing.description, q),
            )
        )
    rows = await session.execute(
        query.order_by(Listing.published_at.desc(), Listing.id).limit(limit).offset(offset)
    )
    at = now(session)
    return [BoardItem(**item(x, at)) for x in rows.scalars()]


@r.get("/listings/{listing_id}", response_model=BoardDetail)
async def board_detail(
    listing_id: str, session: AsyncSession = Depends(get_session)
) -> BoardDetail:
    """An announcement with its end time, result and contract (L14), personal data masked."""
    listing = (
        await session.execute(select(Listing).where(Listing.id == listing_id))
    ).scalar_one_or_none()
    if listing is None or listing.status not in PUBLISHED_STATES:
        raise not_found("Announcement", "公告")
    at = now(session)
    kind = priority_kind(listing)
    trading_at, trading_zh = trading_time(listing)
    return BoardDetail(
        **item(listing, at),
        description=listing.description,
        seller=masked(listing.seller_party_id, listing.seller_name),  # type: ignore[arg-type]
        increment=from_fen(listing.increment_fen),
        registration_opens_at=listing.published_at,
        registration_closes_at=listing.announcement_ends_at,
        mode=listing.mode,
        mode_zh=METHODS.get(listing.mode, listing.mode),
        tender_opening_at=listing.tender_opening_at if listing.mode == "tender" else None,
        trading_starts_at=trading_at,
        trading_time_zh=trading_zh,
        priority_right=kind is not None,
        priority_right_kind=kind,
        priority_right_zh=PRIORITY_ZH.get(kind) if kind else None,
        deposit_instructions=await PARAMS.get(session, listing.county, "deposit_instructions"),
        contact=await PARAMS.get(session, listing.county, "centre_contact"),
        materials=materials(await documents_of(session, "listing", listing.id)),
        history=history(await decisions_of(session, "listing", listing.id)),
        outcome=listing.outcome,
        result_buyer=masked(listing.result_buyer_party_id, listing.result_buyer_name),
        result_price=None
        if listing.result_price_fen is None
        else from_fen(listing.result_price_fen),
        result_at=listing.result_at,
        failed_reason=listing.failed_reason,
        contract_no=listing.contract_no,
        contract_signed_at=listing.contract_signed_at,
        disposal=listing.disposal_id is not None,
    )
