"""Listing domain — 挂牌: intake, review chain, announcement, suspension, closing.

Functions take the caller's session and only flush; the route, consumer or timer owns
the transaction. Every decision is recorded (X2); every refusal names all its reasons.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from fastapi import UploadFile
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import OrgType, Principal
from common.clock import local_date
from common.context import session_context
from common.contracts.listing import (
    AnnouncementClosed,
    ListingPublished,
    ListingResumed,
    ListingSuspended,
    ListingTerminated,
    QualifiedBuyer,
)
from common.db import load_or_404
from common.money import apply_rate, from_fen, to_fen
from common.outbox import record_event
from common.problems import FieldProblem, Problem, forbidden, invalid
from common.runtime import ServiceRuntime
from common.scheduler import cancel_timer, schedule_timer
from common.storage import DocumentStore, store_upload
from listing.listings.models import CollectiveDecision, Document, Listing, OffExchangeFlag
from listing.listings.schemas import (
    L15_USES,
    METHODS,
    PRODUCTS,
    REASON_CODES,
    REGISTERED_PRODUCTS,
    REQUIRED_DOCUMENTS,
    RESTRICTED_PRODUCTS,
    SELLER_KINDS,
    WAYS,
    CollectiveDecisionIn,
    ListingIn,
    PreReviewIn,
    ReviewIn,
    SuspendIn,
)
from listing.listings.states import move
from listing.listings.title_search import title_search
from listing.pricing.params import PARAMS

ANNOUNCEMENT_END = "listing.announcement_end"
#: Listings that have been published: the public board shows them (L14).
PUBLISHED_STATES = {
    "announced",
    "suspended",
    "trading",
    "concluded",
    "contracted",
    "failed",
    "terminated",
}
EDITABLE_STATES = {"draft", "returned"}
RETURN_ACTIONS = {
    "township": "township_reject",
    "county": "pre_review_reject",
    "centre": "centre_return",
}


def now(session: AsyncSession) -> datetime:
    return session_context(session).clock.now()


def seconds_left(listing: Listing, at: datetime) -> int | None:
    """The announcement's countdown (L5), the one figure staff and the board show: the
    seconds to the end while announced, the seconds kept while suspended in the
    announcement (L12), none once the announcement is over (bidding runs its own clock)."""
    if listing.status == "announced" and listing.announcement_ends_at is not None:
        return max(0, int((listing.announcement_ends_at - at).total_seconds()))
    if listing.status == "suspended" and listing.suspended_phase == "announcement":
        return listing.remaining_seconds
    return None


def new_id() -> str:
    return uuid.uuid4().hex


# --- access (X3) -----------------------------------------------------------------


def check_township(who: Principal, listing: Listing) -> None:
    """A township clerk works only on its own township's listings."""
    if who.org.type != OrgType.township or who.org.id != listing.township:
        raise Problem(
            403,
            "other-organization",
            "The listing belongs to another township",
            "该挂牌项目属于其他乡镇",
            rule="X3",
        )


def check_county(who: Principal, listing: Listing) -> None:
    """County departments and the centre work only on their own county's listings."""
    if who.org.type != OrgType.county or who.org.id != listing.county:
        raise Problem(
            403,
            "other-organization",
            "The listing belongs to another county",
            "该挂牌项目属于其他县",
            rule="X3",
        )


async def get_listing(session: AsyncSession, listing_id: str, *, lock: bool = False) -> Listing:
    return await load_or_404(
        session, Listing, Listing.id, listing_id, "Listing", "挂牌项目", lock=lock
    )


async def flush_and_record(
    session: AsyncSession,
    listing: Listing,
    *,
    action: str,
    by: Principal | None,
    rule: str,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Flush the listing's change and record the decision taken on it (the audit trail)."""
    await session.flush()
    await record_decision(
        session,
        subject_type="listing",
        subject_id=listing.id,
        action=action,
        by=by,
        rule=rule,
        reason=reason,
        data=data,
    )


def require_status(listing: Listing, *allowed: str, rule: str) -> None:
    if listing.status not in allowed:
        raise Problem(
            409,
            "wrong-state",
            f"The listing is {listing.status}; this needs {' or '.join(allowed)}",
            f"挂牌项目当前状态为{listing.status}，不能执行此操作",
            rule=rule,
            extra={"status": listing.status},
        )


# --- intake (L1, L2, L15) ------------------------------------------------------------


def _years_later(day: Any, years: int) -> Any:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


async def input_problems(session: AsyncSession, county: str, body: ListingIn) -> list[FieldProblem]:
    """Every problem of a listing's data at once (一次性告知)."""
    p: list[FieldProblem] = []
    if body.product not in PRODUCTS:
        p.append(
            FieldProblem(
                "product",
                "L1",
                f"unknown product; one of {sorted(PRODUCTS)}",
                "交易品种不在规定范围内",
            )
        )
    if body.way not in WAYS:
        p.append(
            FieldProblem(
                "way",
                "L2",
                "way must be transfer, lease, equity or other",
                "流转方式须为转让、出租、入股或其他",
            )
        )
    if body.mode not in METHODS:
        p.append(
            FieldProblem(
                "mode",
                "L7",
                "method must be ascending, auction or tender",
                "竞价方式须为网络竞价、拍卖或招标",
            )
        )
    if body.seller_kind not in SELLER_KINDS:
        p.append(
            FieldProblem(
                "seller_kind",
                "L1",
                "seller kind must be farmer, collective, cooperative or enterprise",
                "出让方类型不正确",
            )
        )
    if body.term_start is None or body.term_end is None:
        p.append(
            FieldProblem(
                "term_end",
                "L2",
                "a listing states its term (start and end)",
                "须载明流转期限（起止日期）",
            )
        )
    elif body.term_end <= body.term_start:
        p.append(
            FieldProblem(
                "term_end", "L2", "the term must end after it starts", "流转期限终止日须晚于起始日"
            )
        )
    if body.area_mu <= 0:
        p.append(FieldProblem("area_mu", "L2", "the area must be positive", "面积须大于零"))
    if not body.location.strip():
        p.append(FieldProblem("location", "L2", "the location is required", "须载明坐落位置"))
    if body.product in REGISTERED_PRODUCTS and not body.right_certificate_no:
        p.append(
            FieldProblem(
                "right_certificate_no",
                "L4",
                "a registered right needs its certificate number for the title search",
                "须填写权证编号以便产权查档",
            )
        )
    if body.reserve_price <= 0:
        p.append(
            FieldProblem(
                "reserve_price", "L7", "the reserve price must be positive", "挂牌底价须大于零"
            )
        )
    if body.increment <= 0:
        p.append(
            FieldProblem("increment", "B2", "the increment must be positive", "加价幅度须大于零")
        )
    if body.deposit > body.reserve_price:
        p.append(
            FieldProblem(
                "deposit",
                "B5",
                "the deposit may not exceed the reserve price",
                "保证金不得高于挂牌底价",
            )
        )
    needs_collective = body.seller_kind == "collective" or body.product in RESTRICTED_PRODUCTS
    if needs_collective and not body.collective_id:
        p.append(
            FieldProblem(
                "collective_id",
                "L11" if body.product in RESTRICTED_PRODUCTS else "L8",
                "the collective economic organization is required",
                "须填写所属集体经济组织",
            )
        )
    if body.product == "collective_construction_land":
        p += await l15_problems(session, county, body)
    return p


async def l15_problems(session: AsyncSession, county: str, body: Any) -> list[FieldProblem]:
    """L15 (003): two preconditions, none of the three negatives, use, way, term."""
    p: list[FieldProblem] = []
    if not body.spatial_plan_done:
        p.append(
            FieldProblem(
                "spatial_plan_done", "L15", "the spatial plan must be done", "须已编制国土空间规划"
            )
        )
    if not body.ownership_registered:
        p.append(
            FieldProblem(
                "ownership_registered",
                "L15",
                "collective ownership and the use right must be registered",
                "须已办理集体土地所有权和使用权登记",
            )
        )
    if body.converted_farmland:
        p.append(
            FieldProblem(
                "converted_farmland",
                "L15",
                "farmland converted to new construction land may not enter the market",
                "新增建设用地占用的耕地不得入市",
            )
        )
    if body.is_homestead:
        p.append(
            FieldProblem(
                "is_homestead", "L15", "homestead land may not enter the market", "宅基地不得入市"
            )
        )
    if body.for_commercial_housing or body.land_use == "commercial_housing":
        p.append(
            FieldProblem(
                "land_use", "L15", "never for commercial housing", "入市土地严禁用于商品住宅开发"
            )
        )
    elif body.land_use not in L15_USES:
        p.append(
            FieldProblem(
                "land_use",
                "L15",
                "use must be industrial, commercial or affordable_rental_housing",
                "用途须为工业、商业或保障性租赁住房",
            )
        )
    if not (body.planning_conditions or "").strip():
        p.append(
            FieldProblem(
                "planning_conditions", "L15", "planning conditions must be attached", "须附规划条件"
            )
        )
    if body.way not in {"transfer", "lease", "equity"}:
        p.append(
            FieldProblem(
                "way",
                "L15",
                "ways: sale (transfer), lease or equity contribution",
                "入市方式为出让、出租或作价入股",
            )
        )
    if body.land_use in L15_USES and body.term_start and body.term_end:
        terms = await PARAMS.get(session, county, "statutory_max_terms")
        limit = terms.get(L15_USES[body.land_use])
        if limit is not None and body.term_end > _years_later(body.term_start, limit):
            p.append(
                FieldProblem(
                    "term_end",
                    "L15",
                    f"the term exceeds the statutory maximum of {limit} years",
                    f"使用年限超过法定最高年限{limit}年",
                )
            )
    return p


def _apply(listing: Listing, body: ListingIn) -> None:
    listing.title = body.title
    listing.description = body.description
    listing.product = body.product
    listing.way = body.way
    listing.mode = body.mode
    listing.term_start = body.term_start
    listing.term_end = body.term_end
    listing.area_mu = body.area_mu
    listing.location = body.location
    listing.right_certificate_no = body.right_certificate_no
    listing.seller_party_id = body.seller_party_id
    listing.seller_name = body.seller_name
    listing.seller_kind = body.seller_kind
    listing.collective_id = body.collective_id
    listing.reserve_price_fen = to_fen(body.reserve_price)
    listing.deposit_fen = to_fen(body.deposit)
    listing.increment_fen = to_fen(body.increment)
    listing.extension_seconds = body.extension_seconds
    listing.free_period_seconds = body.free_period_seconds
    listing.tender_opening_at = body.tender_opening_at
    listing.appraisal_fen = None if body.appraisal_value is None else to_fen(body.appraisal_value)
    listing.asset_value_fen = None if body.asset_value is None else to_fen(body.asset_value)
    for name in (
        "land_use",
        "price_class",
        "land_grade",
        "area_m2",
        "planning_conditions",
        "spatial_plan_done",
        "ownership_registered",
        "converted_farmland",
        "is_homestead",
        "for_commercial_housing",
    ):
        setattr(listing, name, getattr(body, name))
    price = body.annual_transfer_price_per_mu
    listing.annual_transfer_price_fen = None if price is None else to_fen(price)


async def _l9_flag(session: AsyncSession, listing: Listing) -> None:
    """L9: a collective non-land asset above the threshold must trade in the exchange."""
    threshold = to_fen(await PARAMS.get(session, listing.county, "mandatory_exchange_threshold"))
    listing.mandatory_in_exchange = (
        listing.seller_kind == "collective"
        and listing.product == "collective_assets"
        and (listing.asset_value_fen or 0) > threshold
    )


async def create_listing(session: AsyncSession, who: Principal, body: ListingIn) -> Listing:
    township = who.org.id
    county = township[:6]
    problems = await input_problems(session, county, body)
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    at = now(session)
    listing = Listing(
        id=new_id(),
        county=county,
        township=township,
        status="draft",
        return_reasons=[],
        created_by=who.subject,
        created_at=at,
        updated_at=at,
    )
    _apply(listing, body)
    await _l9_flag(session, listing)
    session.add(listing)
    await flush_and_record(
        session,
        listing,
        action="listing.created",
        by=who,
        rule="L1",
        data={"product": body.product, "way": body.way},
    )
    return listing


async def update_listing(
    session: AsyncSession, who: Principal, listing: Listing, body: ListingIn
) -> Listing:
    check_township(who, listing)
    require_status(listing, *EDITABLE_STATES, rule="L4")
    problems = await input_problems(session, listing.county, body)
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    _apply(listing, body)
    await _l9_flag(session, listing)
    listing.updated_at = now(session)
    await flush_and_record(
        session,
        listing,
        action="listing.corrected",
        by=who,
        rule="L4",
    )
    return listing


async def documents_of(session: AsyncSession, owner_type: str, owner_id: str) -> list[Document]:
    rows = await session.execute(
        select(Document)
        .where(Document.owner_type == owner_type, Document.owner_id == owner_id)
        .order_by(Document.id)
    )
    return list(rows.scalars())


async def document_of(
    session: AsyncSession, owner_type: str, owner_id: str, document_id: int
) -> Document:
    """One material of a listing or a registration; 404 if it is not that owner's."""
    return await load_or_404(
        session,
        Document,
        Document.id,
        document_id,
        "Document",
        "材料",
        of=(Document.owner_type == owner_type, Document.owner_id == owner_id),
    )


async def store_document(
    session: AsyncSession,
    store: DocumentStore,
    upload: UploadFile,
    *,
    owner_type: str,
    owner_id: str,
    doc_type: str,
    rule: str,
    max_bytes: int,
    who: Principal,
) -> Document:
    """Store an uploaded material (with its SHA-256) and file it under its owner."""
    stored = await store_upload(store, upload, field="file", rule=rule, max_bytes=max_bytes)
    doc = Document(
        owner_type=owner_type,
        owner_id=owner_id,
        doc_type=doc_type,
        filename=stored.filename,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by=who.subject,
        uploaded_at=now(session),
    )
    session.add(doc)
    await session.flush()
    return doc


async def delete_document(
    session: AsyncSession, who: Principal, listing: Listing, document_id: int
) -> None:
    """Remove a material's row from a listing being prepared (L3). The stored bytes stay:
    storage is content-addressed and the same file may back another row; the decision
    log keeps what was removed (X2)."""
    doc = await document_of(session, "listing", listing.id, document_id)
    await session.delete(doc)
    listing.updated_at = now(session)
    await flush_and_record(
        session,
        listing,
        action="listing.document_deleted",
        by=who,
        rule="L3",
        data={
            "document_id": doc.id,
            "doc_type": doc.doc_type,
            "filename": doc.filename,
            "sha256": doc.sha256,
        },
    )


async def submit(session: AsyncSession, who: Principal, listing: Listing) -> Listing:
    """The window submits the application: every L3 material must be there."""
    check_township(who, listing)
    require_status(listing, *EDITABLE_STATES, rule="L4")
    have = {d.doc_type for d in await documents_of(session, "listing", listing.id)}
    missing = [t for t in REQUIRED_DOCUMENTS if t not in have]
    if missing:
        raise invalid(
            [
                FieldProblem(
                    f"documents.{t}",
                    "L3",
                    f"required material missing: {t}",
                    f"缺少申请材料：{REQUIRED_DOCUMENTS[t]}",
                )
                for t in missing
            ],
            rule="L3",
            code="materials-missing",
            title_en="Required application materials are missing",
            title_zh="申请材料不齐全",
        )
    move(listing, "submitted", "submit")
    listing.return_reasons = []
    listing.updated_at = now(session)
    await flush_and_record(
        session,
        listing,
        action="listing.submitted",
        by=who,
        rule="L3",
    )
    return listing


def _reasons(stage: str, reasons: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    return [{"stage": stage, "rule": r, "message": en, "message_zh": zh} for r, en, zh in reasons]


async def _return(
    session: AsyncSession, who: Principal, listing: Listing, stage: str, reasons: list[dict]
) -> None:
    move(listing, "returned", RETURN_ACTIONS[stage])
    listing.return_reasons = reasons
    listing.updated_at = now(session)
    await flush_and_record(
        session,
        listing,
        action=f"listing.{stage}_returned",
        by=who,
        rule="L4",
        reason="; ".join(r["message"] for r in reasons),
        data={"reasons": reasons},
    )


async def township_review(
    session: AsyncSession, who: Principal, listing: Listing, body: ReviewIn
) -> Listing:
    """Township initial review (初审) with an opinion (L4)."""
    check_township(who, listing)
    require_status(listing, "submitted", rule="L4")
    listing.township_opinion = body.opinion
    if not body.approve:
        reasons = body.reasons or [body.opinion]
        await _return(
            session, who, listing, "township", _reasons("township", [("L4", r, r) for r in reasons])
        )
        return listing
    move(listing, "pre_review", "township_approve")
    listing.updated_at = now(session)
    await flush_and_record(
        session,
        listing,
        action="listing.township_approved",
        by=who,
        rule="L4",
        reason=body.opinion,
    )
    return listing


async def pre_review(
    session: AsyncSession,
    runtime: ServiceRuntime,
    who: Principal,
    listing: Listing,
    body: PreReviewIn,
) -> Listing:
    """County pre-review (前置审核): the registry's title search + ownership confirmation.

    Disputed, seized, inside an expropriation scope, or under a lien whose holder has
    not consented: the right cannot be listed. All reasons are returned at once.
    """
    check_county(who, listing)
    require_status(listing, "pre_review", rule="L4")
    found: list[tuple[str, str, str]] = []
    title = None
    if listing.right_certificate_no:
        title = await title_search(runtime, listing.right_certificate_no)
        if title is None:
            found.append(
                (
                    "L4",
                    f"no right {listing.right_certificate_no} in the registry",
                    "登记机构查无此权证",
                )
            )
        else:
            if title.flag_set("disputed"):
                found.append(("L4", "the right's ownership is disputed", "权属存在争议"))
            if title.flag_set("seized"):
                found.append(("L4", "the right is seized or detained", "权利已被查封、扣押"))
            if title.flag_set("expropriation"):
                found.append(
                    (
                        "L4",
                        "the right is inside an announced expropriation scope",
                        "位于已公告的征地拆迁范围内",
                    )
                )
            for lien in title.liens:
                if lien.lien_id not in body.lienholder_consents and lien.lien_id != listing.lien_id:
                    found.append(
                        (
                            "L4",
                            f"lien {lien.lien_id} without the lienholder's consent",
                            f"抵押权{lien.lien_id}未经抵押权人同意",
                        )
                    )
            holders = {h.party_id for h in title.holders}
            if listing.seller_party_id not in holders:
                found.append(
                    ("L4", "the seller is not a holder of the right", "出让方不是该权利的权利人")
                )
            listing.title_search = title.model_dump(mode="json")
    if not body.ownership_confirmed:
        found.append(("L4", "ownership not confirmed by the department", "权属未经确认"))
    if found:
        await _return(session, who, listing, "county", _reasons("county", found))
        return listing
    move(listing, "pre_reviewed", "pre_review_pass")
    listing.updated_at = now(session)
    await flush_and_record(
        session,
        listing,
        action="listing.pre_review_passed",
        by=who,
        rule="L4",
        reason=body.opinion,
        data={"title_search_version": title.version if title else None},
    )
    return listing


async def record_collective_decision(
    session: AsyncSession, who: Principal, listing: Listing, body: CollectiveDecisionIn
) -> CollectiveDecision:
    check_county(who, listing)
    if body.votes_for > body.votes_total:
        raise invalid(
            [
                FieldProblem(
                    "votes_for", "L8", "more votes for than voters", "赞成票数不得多于总票数"
                )
            ],
            rule="L8",
        )
    decision = CollectiveDecision(
        listing_id=listing.id,
        body=body.body,
        votes_for=body.votes_for,
        votes_total=body.votes_total,
        reserve_price_fen=to_fen(body.reserve_price),
        appraisal_fen=None if body.appraisal_value is None else to_fen(body.appraisal_value),
        township_approval_ref=body.township_approval_ref,
        decided_on=body.decided_on,
        recorded_by=who.subject,
        recorded_at=now(session),
    )
    session.add(decision)
    await flush_and_record(
        session,
        listing,
        action="listing.collective_decision_recorded",
        by=who,
        rule="L8",
        data={"body": body.body, "for": body.votes_for, "total": body.votes_total},
    )
    return decision


def two_thirds(votes_for: int, votes_total: int) -> bool:
    """At least two thirds — 三分之二以上, exact in integers."""
    return 3 * votes_for >= 2 * votes_total


async def l8_problems(session: AsyncSession, listing: Listing) -> list[FieldProblem]:
    """L8: a collective asset needs a passed democratic decision and township approval."""
    if listing.seller_kind != "collective":
        return []
    decision = (
        await session.execute(
            select(CollectiveDecision)
            .where(CollectiveDecision.listing_id == listing.id)
            .order_by(CollectiveDecision.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    if decision is None:
        return [
            FieldProblem(
                "collective_decision",
                "L8",
                "a collective asset needs a recorded democratic decision",
                "集体资产须经民主决策并记录",
            )
        ]
    p: list[FieldProblem] = []
    if decision.body == "village_representatives":
        passed = two_thirds(decision.votes_for, decision.votes_total)
    else:  # the (representative) meeting passes by a majority of those present
        passed = 2 * decision.votes_for > decision.votes_total
    if not passed:
        p.append(
            FieldProblem(
                "collective_decision.votes_for",
                "L8",
                "the decision did not pass (village representatives need ≥ 2/3)",
                "民主决策未通过（村民代表须三分之二以上同意）",
            )
        )
    if decision.reserve_price_fen != listing.reserve_price_fen:
        p.append(
            FieldProblem(
                "reserve_price",
                "L8",
                "the reserve price differs from the one the decision set",
                "挂牌底价与民主决策确定的底价不一致",
            )
        )
    appraisal = (
        decision.appraisal_fen if decision.appraisal_fen is not None else listing.appraisal_fen
    )
    if (
        appraisal is not None
        and listing.reserve_price_fen < appraisal
        and not two_thirds(decision.votes_for, decision.votes_total)
    ):
        p.append(
            FieldProblem(
                "reserve_price",
                "L8",
                "a reserve price below the appraisal needs at least 2/3 approval",
                "底价低于评估价须经三分之二以上同意",
            )
        )
    if not decision.township_approval_ref.strip():
        p.append(
            FieldProblem(
                "township_approval_ref",
                "L8",
                "township approval is required",
                "须经乡镇人民政府批准",
            )
        )
    return p


async def register(session: AsyncSession, who: Principal, listing: Listing) -> Listing:
    """The centre registers (受理登记) a pre-reviewed application (L4), checking L8 and L15."""
    check_county(who, listing)
    require_status(listing, "pre_reviewed", rule="L4")
    problems = await l8_problems(session, listing)
    if listing.product == "collective_construction_land":
        problems += await l15_problems(session, listing.county, listing)
    if problems:
        raise invalid(
            problems,
            rule=problems[0].rule,
            code="cannot-register",
            title_en="The application cannot be registered",
            title_zh="该申请不能受理登记",
        )
    move(listing, "registered", "register")
    if listing.product == "collective_construction_land":
        listing.l15_checked_by = who.subject
    listing.updated_at = now(session)
    await flush_and_record(
        session,
        listing,
        action="listing.registered",
        by=who,
        rule="L4",
    )
    return listing


async def centre_return(
    session: AsyncSession, who: Principal, listing: Listing, reasons: list[str]
) -> Listing:
    check_county(who, listing)
    require_status(listing, "pre_reviewed", "registered", rule="L4")
    await _return(
        session, who, listing, "centre", _reasons("centre", [("L4", r, r) for r in reasons])
    )
    return listing


# --- announcement (L5) --------------------------------------------------------------


async def publish(
    session: AsyncSession,
    who: Principal,
    listing: Listing,
    days: int | None,
    tender_opening_at: datetime | None = None,
) -> Listing:
    """Publish the announcement: at least the county minimum (20 days), end fixed now.
    A tender's opening (B4) is set or confirmed here, when the end is known (L7)."""
    check_county(who, listing)
    require_status(listing, "registered", rule="L5")
    if tender_opening_at is not None:
        if listing.mode != "tender":
            raise invalid(
                [
                    FieldProblem(
                        "tender_opening_at",
                        "L7",
                        "only a tender has an opening time",
                        "仅招标方式须确定开标时间",
                    )
                ],
                rule="L7",
            )
        listing.tender_opening_at = tender_opening_at.astimezone(UTC)
    minimum = await PARAMS.get(session, listing.county, "announcement_min_days")
    days = minimum if days is None else days
    if days < minimum:
        raise invalid(
            [
                FieldProblem(
                    "days",
                    "L5",
                    f"an announcement runs at least {minimum} days",
                    f"公告期不得少于{minimum}日",
                )
            ],
            rule="L5",
        )
    problems = await l8_problems(session, listing)  # a relisted lower price needs L8 again
    if problems:
        raise invalid(problems, rule="L8")
    at = now(session)
    move(listing, "announced", "publish")
    listing.published_at = at
    listing.announcement_days = days
    listing.announcement_ends_at = at + timedelta(days=days)
    listing.updated_at = at
    if listing.mode == "tender" and (
        listing.tender_opening_at is None
        or listing.tender_opening_at < listing.announcement_ends_at
    ):
        raise invalid(
            [
                FieldProblem(
                    "tender_opening_at",
                    "L7",
                    "a tender needs its opening time, at or after the announcement's end",
                    "招标须确定开标时间，且不得早于公告期满",
                )
            ],
            rule="L7",
        )
    await schedule_timer(session, ANNOUNCEMENT_END, listing.id, listing.announcement_ends_at)
    await flush_and_record(
        session,
        listing,
        action="listing.published",
        by=who,
        rule="L5",
        data={
            "days": days,
            "ends_at": listing.announcement_ends_at.isoformat(),
            "tender_opening_at": listing.tender_opening_at.isoformat()
            if listing.mode == "tender" and listing.tender_opening_at
            else None,
        },
    )
    await record_event(
        session,
        ListingPublished(
            listing_id=listing.id,
            county=listing.county,
            township=listing.township,
            title=listing.title,
            product=listing.product,
            way=listing.way,  # type: ignore[arg-type]
            mode=listing.mode,  # type: ignore[arg-type]
            seller_party_id=listing.seller_party_id,
            seller_name=listing.seller_name,
            right_certificate_no=listing.right_certificate_no,
            reserve_price=from_fen(listing.reserve_price_fen),
            deposit=from_fen(listing.deposit_fen),
            announcement_ends_at=listing.announcement_ends_at,
            published_at=at,
            disposal_id=listing.disposal_id,
        ),
    )
    return listing


def move_tender_opening(listing: Listing, old_end: datetime, new_end: datetime) -> dict[str, Any]:
    """B4/L7: a tender never opens before the announcement ends. When the end moves past
    the opening (an extension, a resume after suspension), the opening moves by as much
    as the end did, keeping the interval the tenderers were given; returns what moved (X2)."""
    opening = listing.tender_opening_at
    if listing.mode != "tender" or opening is None or opening >= new_end:
        return {}
    listing.tender_opening_at = opening + (new_end - old_end)
    return {
        "tender_opening_from": opening.isoformat(),
        "tender_opening_to": listing.tender_opening_at.isoformat(),
    }


async def extend(
    session: AsyncSession, who: Principal, listing: Listing, ends_at: datetime, reason: str
) -> Listing:
    """L5: the end can be extended, never shortened."""
    check_county(who, listing)
    require_status(listing, "announced", rule="L5")
    ends_at = ends_at.astimezone(UTC)
    if ends_at <= listing.announcement_ends_at:
        raise invalid(
            [
                FieldProblem(
                    "ends_at",
                    "L5",
                    "an announcement can be extended, never shortened",
                    "公告期只能延长，不得缩短",
                )
            ],
            rule="L5",
        )
    old = listing.announcement_ends_at
    opening = move_tender_opening(listing, old, ends_at)
    listing.announcement_ends_at = ends_at
    listing.updated_at = now(session)
    await schedule_timer(session, ANNOUNCEMENT_END, listing.id, ends_at)
    await flush_and_record(
        session,
        listing,
        action="listing.extended",
        by=who,
        rule="L5",
        reason=reason,
        data={"from": old.isoformat(), "to": ends_at.isoformat()} | opening,
    )
    return listing


# --- suspension and termination (L12) -------------------------------------------------


def l12_problems(body: SuspendIn) -> list[FieldProblem]:
    p: list[FieldProblem] = []
    if body.reason_code not in REASON_CODES:
        p.append(
            FieldProblem(
                "reason_code",
                "L12",
                f"reason code must be one of {sorted(REASON_CODES)}",
                "中止/终止原因代码不正确",
            )
        )
    if (
        body.reason_code in {"seller_request", "third_party_request"}
        and not body.department_approval_ref
    ):
        p.append(
            FieldProblem(
                "department_approval_ref",
                "L12",
                "a seller's or third party's request needs the department's approval",
                "出让方或利害关系人申请须经主管部门批准",
            )
        )
    if body.reason_code == "centre_necessary" and not body.supervisor_consent_ref:
        p.append(
            FieldProblem(
                "supervisor_consent_ref",
                "L12",
                "the centre's own decision needs the supervisor's consent",
                "交易中心认为必要的须经监督委员会同意",
            )
        )
    return p


async def suspend(
    session: AsyncSession, who: Principal, listing: Listing, body: SuspendIn
) -> Listing:
    check_county(who, listing)
    require_status(listing, "announced", "trading", rule="L12")
    problems = l12_problems(body)
    if problems:
        raise invalid(problems, rule="L12")
    at = now(session)
    phase = "announcement" if listing.status == "announced" else "trading"
    remaining = 0
    if phase == "announcement":
        remaining = max(0, int((listing.announcement_ends_at - at).total_seconds()))
        await cancel_timer(session, ANNOUNCEMENT_END, listing.id)
    listing.suspended_phase = phase
    listing.remaining_seconds = remaining
    move(listing, "suspended", "suspend")
    listing.public_notice = f"中止：{body.reason}"
    listing.updated_at = at
    await flush_and_record(
        session,
        listing,
        action="listing.suspended",
        by=who,
        rule="L12",
        reason=body.reason,
        data=body.model_dump() | {"remaining_seconds": remaining},
    )
    await record_event(
        session,
        ListingSuspended(
            listing_id=listing.id,
            reason=body.reason,
            reason_code=body.reason_code,
            phase=phase,
            remaining_seconds=remaining,
            suspended_at=at,
            decided_by=who.subject,
        ),
    )
    return listing


async def resume(session: AsyncSession, who: Principal, listing: Listing, reason: str) -> Listing:
    """A suspended announcement resumes with the time it had left (L12)."""
    check_county(who, listing)
    require_status(listing, "suspended", rule="L12")
    at = now(session)
    phase = listing.suspended_phase or "announcement"
    remaining = listing.remaining_seconds or 0
    new_end = None
    opening: dict[str, Any] = {}
    if phase == "announcement":
        new_end = at + timedelta(seconds=remaining)
        opening = move_tender_opening(listing, listing.announcement_ends_at, new_end)
        listing.announcement_ends_at = new_end
        move(listing, "announced", "resume")
        await schedule_timer(session, ANNOUNCEMENT_END, listing.id, new_end)
    else:
        move(listing, "trading", "resume")
    listing.suspended_phase = None
    listing.remaining_seconds = None
    listing.public_notice = f"恢复：{reason}"
    listing.updated_at = at
    await flush_and_record(
        session,
        listing,
        action="listing.resumed",
        by=who,
        rule="L12",
        reason=reason,
        data={"remaining_seconds": remaining} | opening,
    )
    await record_event(
        session,
        ListingResumed(
            listing_id=listing.id,
            phase=phase,
            remaining_seconds=remaining,
            new_end_at=new_end,
            resumed_at=at,
            decided_by=who.subject,
        ),
    )
    return listing


async def terminate(
    session: AsyncSession, who: Principal, listing: Listing, body: SuspendIn
) -> Listing:
    check_county(who, listing)
    require_status(listing, "registered", "announced", "suspended", "trading", rule="L12")
    problems = l12_problems(body)
    if problems:
        raise invalid(problems, rule="L12")
    at = now(session)
    await cancel_timer(session, ANNOUNCEMENT_END, listing.id)
    move(listing, "terminated", "terminate")
    listing.public_notice = f"终止：{body.reason}"
    listing.updated_at = at
    await flush_and_record(
        session,
        listing,
        action="listing.terminated",
        by=who,
        rule="L12",
        reason=body.reason,
        data=body.model_dump(),
    )
    await record_event(
        session,
        ListingTerminated(
            listing_id=listing.id,
            reason=body.reason,
            reason_code=body.reason_code,
            terminated_at=at,
            decided_by=who.subject,
        ),
    )
    return listing


# --- closing (L7) ------------------------------------------------------------------------


async def close_announcement(session: AsyncSession, listing_id: str) -> Listing | None:
    """The announcement-end timer: count qualified buyers with the deposit paid (L6, L7)."""
    from listing.registrations.models import Registration

    listing = await get_listing(session, listing_id, lock=True)
    if listing.status != "announced":
        return None  # suspended or terminated meanwhile: the timer was cancelled or moved
    at = now(session)
    rows = await session.execute(
        select(Registration)
        .where(
            Registration.listing_id == listing.id,
            Registration.status == "qualified",
            Registration.deposit_paid.is_(True),
        )
        .order_by(Registration.registered_at, Registration.id)
    )
    buyers = list(rows.scalars())
    if not buyers:
        outcome, mode = "failed", None
        move(listing, "failed", "close_no_buyer")
        listing.failed_reason = "公告期满无合格意向受让方（流标）"
    elif len(buyers) == 1:
        outcome, mode = "negotiated", "negotiated"
        move(listing, "trading", "close_with_buyers")
    else:
        outcome, mode = "competitive", listing.mode
        move(listing, "trading", "close_with_buyers")
    listing.outcome = outcome
    listing.qualified_count = len(buyers)
    listing.updated_at = at
    await flush_and_record(
        session,
        listing,
        action="listing.announcement_closed",
        by=None,
        rule="L7",
        data={"outcome": outcome, "qualified": len(buyers)},
    )
    await record_event(
        session,
        AnnouncementClosed(
            listing_id=listing.id,
            county=listing.county,
            township=listing.township,
            outcome=outcome,  # type: ignore[arg-type]
            mode=mode,  # type: ignore[arg-type]
            product=listing.product,
            way=listing.way,  # type: ignore[arg-type]
            title=listing.title,
            seller_party_id=listing.seller_party_id,
            seller_name=listing.seller_name,
            right_certificate_no=listing.right_certificate_no,
            area_mu=format(Decimal(listing.area_mu).normalize(), "f"),
            term_start=listing.term_start,
            term_end=listing.term_end,
            reserve_price=from_fen(listing.reserve_price_fen),
            increment=from_fen(listing.increment_fen),
            extension_seconds=listing.extension_seconds,
            free_period_seconds=listing.free_period_seconds,
            deposit=from_fen(listing.deposit_fen),
            tender_opening_at=listing.tender_opening_at if mode == "tender" else None,
            qualified_buyers=[
                QualifiedBuyer(
                    registration_id=b.id,
                    party_id=b.party_id,
                    name=b.name,
                    priority=b.priority,
                    registered_at=b.registered_at,
                )
                for b in buyers
            ],
            closed_at=at,
            disposal_id=listing.disposal_id,
            lien_id=listing.lien_id,
        ),
    )
    return listing


async def relist(
    session: AsyncSession, who: Principal, listing: Listing, reserve_fen: int | None
) -> Listing:
    """A failed listing is offered again (L7); a collective's lower price needs L8 again."""
    check_county(who, listing)
    require_status(listing, "failed", rule="L7")
    at = now(session)
    copy = Listing(
        **{
            c.key: getattr(listing, c.key)
            for c in Listing.__table__.columns
            if c.key
            not in {
                "id",
                "status",
                "published_at",
                "announcement_ends_at",
                "announcement_days",
                "outcome",
                "qualified_count",
                "failed_reason",
                "public_notice",
                "return_reasons",
                "trade_id",
                "result_buyer_party_id",
                "result_buyer_name",
                "result_price_fen",
                "result_at",
                "contract_no",
                "contract_signed_at",
                "suspended_phase",
                "remaining_seconds",
                "disposal_id",
                "created_at",
                "updated_at",
                "created_by",
            }
        }
    )
    copy.id = new_id()
    copy.status = "pre_reviewed"
    copy.return_reasons = []
    copy.relisted_from = listing.id
    copy.disposal_id = None
    copy.created_by = who.subject
    copy.created_at = copy.updated_at = at
    if reserve_fen is not None:
        copy.reserve_price_fen = reserve_fen
    session.add(copy)
    await session.flush()
    if listing.seller_kind == "collective" and copy.reserve_price_fen == listing.reserve_price_fen:
        for d in (
            await session.execute(
                select(CollectiveDecision).where(CollectiveDecision.listing_id == listing.id)
            )
        ).scalars():
            session.add(
                CollectiveDecision(
                    **{
                        c.key: getattr(d, c.key)
                        for c in CollectiveDecision.__table__.columns
                        if c.key != "id"
                    }
                    | {"listing_id": copy.id}
                )
            )
    for doc in await documents_of(session, "listing", listing.id):
        session.add(
            Document(
                **{c.key: getattr(doc, c.key) for c in Document.__table__.columns if c.key != "id"}
                | {"owner_id": copy.id}
            )
        )
    await flush_and_record(
        session,
        copy,
        action="listing.relisted",
        by=who,
        rule="L7",
        data={"from": listing.id, "reserve_fen": copy.reserve_price_fen},
    )
    return copy


async def flag_off_exchange(session: AsyncSession, who: Principal, body: Any) -> OffExchangeFlag:
    """L9: record a collective asset traded outside; a violation above the threshold."""
    county = who.org.id
    threshold = to_fen(await PARAMS.get(session, county, "mandatory_exchange_threshold"))
    value = to_fen(body.value)
    flag = OffExchangeFlag(
        county=county,
        collective_id=body.collective_id,
        asset=body.asset,
        asset_kind=body.asset_kind,
        value_fen=value,
        threshold_fen=threshold,
        violation=body.asset_kind == "non_land" and value > threshold,
        note=body.note,
        recorded_by=who.subject,
        recorded_at=now(session),
    )
    session.add(flag)
    await session.flush()
    await record_decision(
        session,
        subject_type="off_exchange",
        subject_id=str(flag.id),
        action="listing.off_exchange_flagged",
        by=who,
        rule="L9",
        data={"violation": flag.violation, "value_fen": value},
    )
    return flag


async def count_listings(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Listing)) or 0)


def remaining_years(listing: Listing, today: Any) -> int:
    from listing.pricing.reference import remaining_whole_years

    if listing.term_end is None:
        return 0
    start = max(today, listing.term_start) if listing.term_start else today
    # the term's end day is included: 2026-05-01 … 2036-04-30 is ten years
    return remaining_whole_years(start, listing.term_end + timedelta(days=1))


def deposit_default(reserve_fen: int) -> int:
    """Disposal listings: 10% of the reserve as deposit (the rules are silent)."""
    return apply_rate(reserve_fen, Decimal("0.1"))


def today(session: AsyncSession) -> Any:
    return local_date(now(session))


__all__ = ["forbidden"]
