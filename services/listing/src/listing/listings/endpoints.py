"""Listing endpoints by role — 挂牌: window (township_clerk), county department
(county_department), exchange centre (exchange_staff), supervisor (read)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, File, Form, Path, Query, Request, Response, UploadFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import object_session

from common.audit import DecisionOut, decisions_of
from common.auth import OrgType, Principal, Role, require
from common.money import from_fen, to_fen
from common.params import RowId
from common.problems import FieldProblem, invalid
from common.routes import get_session, router
from common.storage import DOWNLOAD_ROUTE, DocumentStore, download, get_document_store
from listing.listings import service
from listing.listings.models import CollectiveDecision, Listing, OffExchangeFlag
from listing.listings.schemas import (
    DOCUMENT_TYPES,
    CollectiveDecisionIn,
    DocumentOut,
    ExtendIn,
    ListingIn,
    ListingOut,
    OffExchangeIn,
    PreReviewIn,
    PublishIn,
    ReferenceOut,
    RelistIn,
    ResumeIn,
    ReturnIn,
    ReviewIn,
    SuspendIn,
    one_of,
)
from listing.listings.states import STATUSES
from listing.pricing.params import PARAMS
from listing.pricing.reference import construction_land_reference, farmland_reference_fen

r = router(tags=["listings — 挂牌"])

Status = one_of(STATUSES, rule="X4", what_zh="挂牌状态")

CLERK = require(Role.township_clerk, org_types=(OrgType.township,))
DEPARTMENT = require(Role.county_department, org_types=(OrgType.county,))
STAFF = require(Role.exchange_staff, org_types=(OrgType.county,))
INTERNAL = require(
    Role.township_clerk,
    Role.county_department,
    Role.exchange_staff,
    Role.supervisor,
    org_types=(OrgType.township, OrgType.county),
)


def listing_out(listing: Listing) -> ListingOut:
    at = service.now(object_session(listing))  # type: ignore[arg-type]  # info is shared
    return ListingOut(
        id=listing.id,
        county=listing.county,
        township=listing.township,
        collective_id=listing.collective_id,
        title=listing.title,
        product=listing.product,
        way=listing.way,
        mode=listing.mode,
        term_start=listing.term_start,
        term_end=listing.term_end,
        area_mu=format(listing.area_mu.normalize(), "f"),
        location=listing.location,
        right_certificate_no=listing.right_certificate_no,
        seller_party_id=listing.seller_party_id,
        seller_name=listing.seller_name,
        seller_kind=listing.seller_kind,
        reserve_price=from_fen(listing.reserve_price_fen),
        deposit=from_fen(listing.deposit_fen),
        increment=from_fen(listing.increment_fen),
        status=listing.status,
        township_opinion=listing.township_opinion,
        return_reasons=listing.return_reasons or [],
        mandatory_in_exchange=listing.mandatory_in_exchange,
        announcement_days=listing.announcement_days,
        published_at=listing.published_at,
        announcement_ends_at=listing.announcement_ends_at,
        server_now=at,
        seconds_left=service.seconds_left(listing, at),
        tender_opening_at=listing.tender_opening_at,
        public_notice=listing.public_notice,
        outcome=listing.outcome,
        disposal_id=listing.disposal_id,
        relisted_from=listing.relisted_from,
    )


def can_read(who: Principal, listing: Listing) -> None:
    if who.org.type == OrgType.township:
        service.check_township(who, listing)
    else:
        service.check_county(who, listing)


# --- township window ------------------------------------------------------------------


@r.post("/listings", status_code=201, response_model=ListingOut)
async def create(
    body: ListingIn, session: AsyncSession = Depends(get_session), who: Principal = CLERK
) -> ListingOut:
    """The window records a listing for a seller (L1, L2) in its own township."""
    return listing_out(await service.create_listing(session, who, body))


@r.put("/listings/{listing_id}", response_model=ListingOut)
async def correct(
    listing_id: str,
    body: ListingIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = CLERK,
) -> ListingOut:
    """Correct a draft or returned listing before (re)submitting it (L4)."""
    listing = await service.get_listing(session, listing_id, lock=True)
    return listing_out(await service.update_listing(session, who, listing, body))


@r.post("/listings/{listing_id}/documents", status_code=201, response_model=DocumentOut)
async def upload(
    listing_id: str,
    request: Request,
    doc_type: str = Form(...),
    file: UploadFile = File(...),
    session: AsyncSession = Depends(get_session),
    store: DocumentStore = Depends(get_document_store),
    who: Principal = CLERK,
) -> DocumentOut:
    """Upload one L3 material (multipart); stored with its SHA-256."""
    listing = await service.get_listing(session, listing_id, lock=True)
    service.check_township(who, listing)
    service.require_status(listing, *service.EDITABLE_STATES, rule="L3")
    if doc_type not in DOCUMENT_TYPES:
        raise invalid(
            [FieldProblem("doc_type", "L3", f"one of {sorted(DOCUMENT_TYPES)}", "材料类型不正确")],
            rule="L3",
        )
    doc = await service.store_document(
        session,
        store,
        file,
        owner_type="listing",
        owner_id=listing.id,
        doc_type=doc_type,
        rule="L3",
        max_bytes=request.app.state.runtime.settings.max_document_bytes,
        who=who,
    )
    return DocumentOut.model_validate(doc)


@r.get("/listings/{listing_id}/documents", response_model=list[DocumentOut])
async def documents(
    listing_id: str, session: AsyncSession = Depends(get_session), who: Principal = INTERNAL
) -> list[DocumentOut]:
    listing = await service.get_listing(session, listing_id)
    can_read(who, listing)
    return [
        DocumentOut.model_validate(d)
        for d in await service.documents_of(session, "listing", listing_id)
    ]


@r.get("/listings/{listing_id}/documents/{document_id}", **DOWNLOAD_ROUTE)
async def document_file(
    listing_id: str,
    document_id: RowId,
    session: AsyncSession = Depends(get_session),
    store: DocumentStore = Depends(get_document_store),
    who: Principal = INTERNAL,
) -> Response:
    """Download one L3 material, checked against its recorded SHA-256 (the reviewers of
    L4 read the title certificate and the other materials here)."""
    listing = await service.get_listing(session, listing_id)
    can_read(who, listing)
    return await download(
        store, await service.document_of(session, "listing", listing.id, document_id)
    )


@r.delete("/listings/{listing_id}/documents/{document_id}", status_code=204)
async def delete_document(
    listing_id: str,
    document_id: int = Path(ge=1, le=2**63 - 1),
    session: AsyncSession = Depends(get_session),
    who: Principal = CLERK,
) -> Response:
    """The window removes a wrong upload of its own listing before submitting it (while a
    draft or returned for correction, L3); recorded with the file's hash (X2)."""
    listing = await service.get_listing(session, listing_id, lock=True)
    service.check_township(who, listing)
    service.require_status(listing, *service.EDITABLE_STATES, rule="L3")
    await service.delete_document(session, who, listing, document_id)
    return Response(status_code=204)


@r.post("/listings/{listing_id}/submit", response_model=ListingOut)
async def submit(
    listing_id: str, session: AsyncSession = Depends(get_session), who: Principal = CLERK
) -> ListingOut:
    """Submit the application; refused while an L3 material is missing."""
    listing = await service.get_listing(session, listing_id, lock=True)
    return listing_out(await service.submit(session, who, listing))


@r.post("/listings/{listing_id}/township-review", response_model=ListingOut)
async def township_review(
    listing_id: str,
    body: ReviewIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = CLERK,
) -> ListingOut:
    """Township initial review (初审) with an opinion (L4)."""
    listing = await service.get_listing(session, listing_id, lock=True)
    return listing_out(await service.township_review(session, who, listing, body))


# --- county department ----------------------------------------------------------------


@r.post("/listings/{listing_id}/pre-review", response_model=ListingOut)
async def pre_review(
    listing_id: str,
    body: PreReviewIn,
    request: Request,
    session: AsyncSession = Depends(get_session),
    who: Principal = DEPARTMENT,
) -> ListingOut:
    """County pre-review (前置审核): title search at the registry + ownership (L4)."""
    listing = await service.get_listing(session, listing_id, lock=True)
    runtime = request.app.state.runtime
    return listing_out(await service.pre_review(session, runtime, who, listing, body))


# --- exchange centre --------------------------------------------------------------------


@r.post("/listings/{listing_id}/collective-decisions", status_code=201)
async def collective_decision(
    listing_id: str,
    body: CollectiveDecisionIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> dict[str, object]:
    """Record the collective's democratic decision and township approval (L8)."""
    listing = await service.get_listing(session, listing_id, lock=True)
    d = await service.record_collective_decision(session, who, listing, body)
    return {"id": d.id, "passes_two_thirds": service.two_thirds(d.votes_for, d.votes_total)}


@r.post("/listings/{listing_id}/register", response_model=ListingOut)
async def register(
    listing_id: str, session: AsyncSession = Depends(get_session), who: Principal = STAFF
) -> ListingOut:
    """The centre registers the application (L4), checking L8 and L15."""
    listing = await service.get_listing(session, listing_id, lock=True)
    return listing_out(await service.register(session, who, listing))


@r.post("/listings/{listing_id}/return", response_model=ListingOut)
async def centre_return(
    listing_id: str,
    body: ReturnIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> ListingOut:
    """The centre returns the application to the window with every reason (L4)."""
    listing = await service.get_listing(session, listing_id, lock=True)
    return listing_out(await service.centre_return(session, who, listing, body.reasons))


@r.post("/listings/{listing_id}/publish", response_model=ListingOut)
async def publish(
    listing_id: str,
    body: PublishIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> ListingOut:
    """Publish the announcement (L5): at least the county minimum, 20 days by default."""
    listing = await service.get_listing(session, listing_id, lock=True)
    return listing_out(
        await service.publish(session, who, listing, body.days, body.tender_opening_at)
    )


@r.post("/listings/{listing_id}/extend", response_model=ListingOut)
async def extend(
    listing_id: str,
    body: ExtendIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> ListingOut:
    """Extend the announcement (L5); shortening is refused."""
    listing = await service.get_listing(session, listing_id, lock=True)
    return listing_out(await service.extend(session, who, listing, body.ends_at, body.reason))


@r.post("/listings/{listing_id}/suspend", response_model=ListingOut)
async def suspend(
    listing_id: str,
    body: SuspendIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> ListingOut:
    """Suspend (中止) with a recorded, published reason; the time left is kept (L12)."""
    listing = await service.get_listing(session, listing_id, lock=True)
    return listing_out(await service.suspend(session, who, listing, body))


@r.post("/listings/{listing_id}/resume", response_model=ListingOut)
async def resume(
    listing_id: str,
    body: ResumeIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> ListingOut:
    """Resume with the time the announcement had left (L12)."""
    listing = await service.get_listing(session, listing_id, lock=True)
    return listing_out(await service.resume(session, who, listing, body.reason))


@r.post("/listings/{listing_id}/terminate", response_model=ListingOut)
async def terminate(
    listing_id: str,
    body: SuspendIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> ListingOut:
    """Terminate (终止) with a recorded, published reason (L12)."""
    listing = await service.get_listing(session, listing_id, lock=True)
    return listing_out(await service.terminate(session, who, listing, body))


@r.post("/listings/{listing_id}/relist", status_code=201, response_model=ListingOut)
async def relist(
    listing_id: str,
    body: RelistIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> ListingOut:
    """Offer a failed listing again (L7); a lower collective reserve needs L8 again."""
    listing = await service.get_listing(session, listing_id, lock=True)
    reserve = None if body.reserve_price is None else to_fen(body.reserve_price)
    return listing_out(await service.relist(session, who, listing, reserve))


@r.get("/listings/{listing_id}/reference", response_model=ReferenceOut)
async def reference(
    listing_id: str, session: AsyncSession = Depends(get_session), who: Principal = STAFF
) -> ReferenceOut:
    """L16: the reference value beside the reserve price, and a warning below the range."""
    listing = await service.get_listing(session, listing_id)
    service.check_county(who, listing)
    reserve = listing.reserve_price_fen
    if listing.price_class and listing.land_grade and listing.area_m2:
        table = await PARAMS.get(session, listing.county, "base_land_prices")
        row = table.find(listing.price_class, listing.land_grade)
        if row is None:
            raise invalid(
                [
                    FieldProblem(
                        "price_class",
                        "L16",
                        "no base land price for this use and grade",
                        "基准地价表中无此用途和级别",
                    )
                ],
                rule="L16",
            )
        ref = construction_land_reference(row, listing.area_m2, reserve)
        return ReferenceOut(
            basis=ref.basis,
            valuation_date=table.valuation_date,
            reserve_price=from_fen(reserve),
            reference_value=from_fen(ref.reference_fen),
            range_low=from_fen(ref.low_fen or 0),
            range_high=from_fen(ref.high_fen or 0),
            warning=ref.warning,
            warning_text="底价低于基准地价变幅下限" if ref.warning else None,
        )
    if listing.annual_transfer_price_fen is not None:
        cap = to_fen(await PARAMS.get(session, listing.county, "farmland_value_cap_per_mu"))
        years = service.remaining_years(listing, service.today(session))
        value = farmland_reference_fen(
            listing.area_mu, listing.annual_transfer_price_fen, years, cap
        )
        return ReferenceOut(
            basis=f"appendix_e:{years}y",
            valuation_date=None,
            reserve_price=from_fen(reserve),
            reference_value=from_fen(value),
            range_low=None,
            range_high=None,
            warning=reserve < value,
            warning_text="底价低于附录E参考价" if reserve < value else None,
        )
    raise invalid(
        [
            FieldProblem(
                "price_class",
                "L16",
                "the listing has no data for a reference price",
                "缺少计算参考价所需的数据",
            )
        ],
        rule="L16",
    )


@r.post("/off-exchange-flags", status_code=201)
async def off_exchange(
    body: OffExchangeIn, session: AsyncSession = Depends(get_session), who: Principal = STAFF
) -> dict[str, object]:
    """L9: record a collective asset traded outside the exchange; flags a violation."""
    f = await service.flag_off_exchange(session, who, body)
    return {"id": f.id, "violation": f.violation, "threshold": str(from_fen(f.threshold_fen))}


@r.get("/off-exchange-flags")
async def off_exchange_list(
    session: AsyncSession = Depends(get_session),
    who: Principal = require(Role.exchange_staff, Role.supervisor, org_types=(OrgType.county,)),
) -> list[dict[str, object]]:
    rows = await session.execute(
        select(OffExchangeFlag).where(OffExchangeFlag.county == who.org.id)
    )
    return [
        {
            "id": f.id,
            "collective_id": f.collective_id,
            "asset": f.asset,
            "value": str(from_fen(f.value_fen)),
            "violation": f.violation,
        }
        for f in rows.scalars()
    ]


# --- reading (internal) -------------------------------------------------------------------


@r.get("/listings", response_model=list[ListingOut])
async def listings(
    status: Annotated[Status | None, Query()] = None,
    session: AsyncSession = Depends(get_session),
    who: Principal = INTERNAL,
) -> list[ListingOut]:
    """The caller's own township's (window) or county's listings."""
    q = select(Listing)
    if who.org.type == OrgType.township:
        q = q.where(Listing.township == who.org.id)
    else:
        q = q.where(Listing.county == who.org.id)
    if status:
        q = q.where(Listing.status == status)
    return [
        listing_out(x) for x in (await session.execute(q.order_by(Listing.created_at))).scalars()
    ]


@r.get("/listings/{listing_id}", response_model=ListingOut)
async def detail(
    listing_id: str, session: AsyncSession = Depends(get_session), who: Principal = INTERNAL
) -> ListingOut:
    listing = await service.get_listing(session, listing_id)
    can_read(who, listing)
    return listing_out(listing)


@r.get("/listings/{listing_id}/decisions", response_model=list[DecisionOut])
async def history(
    listing_id: str, session: AsyncSession = Depends(get_session), who: Principal = INTERNAL
) -> list[DecisionOut]:
    """Every recorded decision about the listing (X2)."""
    listing = await service.get_listing(session, listing_id)
    can_read(who, listing)
    return await decisions_of(session, "listing", listing_id)


@r.get("/listings/{listing_id}/collective-decisions")
async def collective_decisions(
    listing_id: str, session: AsyncSession = Depends(get_session), who: Principal = INTERNAL
) -> list[dict[str, object]]:
    listing = await service.get_listing(session, listing_id)
    can_read(who, listing)
    rows = await session.execute(
        select(CollectiveDecision).where(CollectiveDecision.listing_id == listing_id)
    )
    return [
        {
            "body": d.body,
            "votes_for": d.votes_for,
            "votes_total": d.votes_total,
            "reserve_price": str(from_fen(d.reserve_price_fen)),
            "township_approval_ref": d.township_approval_ref,
            "decided_on": date.isoformat(d.decided_on),
        }
        for d in rows.scalars()
    ]
