"""Listing endpoints by role — 挂牌: window (township_clerk), county department
(county_department), exchange centre (exchange_staff), supervisor (read)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, File, Form, Path, Query, Request, Response, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import DecisionOut
from common.auth import OrgType, Principal, Role, require
from common.context import now
from common.money import to_fen
from common.params import RowId
from common.routes import SessionDep
from common.routes import router as make_router
from common.storage import DOWNLOAD_ROUTE, DocumentStore, download, get_document_store
from listing.access import INTERNAL, STAFF
from listing.listings import announcement, review, service, views
from listing.listings import documents as materials
from listing.listings.models import Listing
from listing.listings.repository import LIST_SORTS, get_listing
from listing.listings.schemas import (
    CollectiveDecisionIn,
    DocumentOut,
    ExtendIn,
    ListingIn,
    ListingOut,
    OffExchangeIn,
    PreReviewIn,
    ProceedsOut,
    PublishIn,
    RelistIn,
    ResumeIn,
    ReturnIn,
    ReviewIn,
    SiteInspectionIn,
    SiteInspectionOut,
    SuspendIn,
    one_of,
)
from listing.listings.states import STATUSES
from listing.params import PARAMS

router = make_router(tags=["listings — 挂牌"])

Status = one_of(STATUSES, rule="X4", what_zh="挂牌状态")

CLERK = Annotated[Principal, require(Role.township_clerk, org_types=(OrgType.township,))]
DEPARTMENT = Annotated[Principal, require(Role.county_department, org_types=(OrgType.county,))]


async def _out(session: AsyncSession, listing: Listing) -> ListingOut:
    inspected = await PARAMS.get(session, listing.county, "site_inspection_products")
    return views.listing_out(listing, now(session), inspected)


# --- township window ------------------------------------------------------------------


@router.post("/listings", status_code=201, response_model=ListingOut)
async def create(body: ListingIn, session: SessionDep, who: CLERK) -> ListingOut:
    """The window records a listing for a seller (L1, L2) in its own township."""
    return await _out(session, await service.create_listing(session, who, body))


@router.put("/listings/{listing_id}", response_model=ListingOut)
async def correct(listing_id: str, body: ListingIn, session: SessionDep, who: CLERK) -> ListingOut:
    """Correct a draft or returned listing before (re)submitting it (L4)."""
    listing = await get_listing(session, listing_id, lock=True)
    return await _out(session, await service.update_listing(session, who, listing, body))


@router.post("/listings/{listing_id}/documents", status_code=201, response_model=DocumentOut)
async def upload(
    listing_id: str,
    request: Request,
    session: SessionDep,
    who: CLERK,
    doc_type: str = Form(...),
    file: UploadFile = File(...),
    store: DocumentStore = Depends(get_document_store),
) -> DocumentOut:
    """Upload one L3 material (multipart); stored with its SHA-256."""
    listing = await get_listing(session, listing_id, lock=True)
    doc = await materials.add_document(
        session,
        who,
        listing,
        file,
        store=store,
        doc_type=doc_type,
        max_bytes=request.app.state.runtime.settings.max_document_bytes,
    )
    return views.document_out(doc)


@router.get("/listings/{listing_id}/documents", response_model=list[DocumentOut])
async def documents(listing_id: str, session: SessionDep, who: INTERNAL) -> list[DocumentOut]:
    return [views.document_out(d) for d in await service.documents(session, who, listing_id)]


@router.get("/listings/{listing_id}/documents/{document_id}", **DOWNLOAD_ROUTE)
async def document_file(
    listing_id: str,
    document_id: RowId,
    session: SessionDep,
    who: INTERNAL,
    store: DocumentStore = Depends(get_document_store),
) -> Response:
    """Download one L3 material, checked against its recorded SHA-256 (the reviewers of
    L4 read the title certificate and the other materials here)."""
    return await download(store, await service.document(session, who, listing_id, document_id))


@router.delete("/listings/{listing_id}/documents/{document_id}", status_code=204)
async def delete_document(
    listing_id: str, session: SessionDep, who: CLERK, document_id: int = Path(ge=1, le=2**63 - 1)
) -> Response:
    """The window removes a wrong upload of its own listing before submitting it (while a
    draft or returned for correction, L3); recorded with the file's hash (X2)."""
    listing = await get_listing(session, listing_id, lock=True)
    await materials.delete_document(session, who, listing, document_id)
    return Response(status_code=204)


@router.post("/listings/{listing_id}/submit", response_model=ListingOut)
async def submit(listing_id: str, session: SessionDep, who: CLERK) -> ListingOut:
    """Submit the application; refused while an L3 material is missing."""
    listing = await get_listing(session, listing_id, lock=True)
    return await _out(session, await review.submit(session, who, listing))


@router.post("/listings/{listing_id}/township-review", response_model=ListingOut)
async def township_review(
    listing_id: str, body: ReviewIn, session: SessionDep, who: CLERK
) -> ListingOut:
    """Township initial review (初审) with an opinion (L4)."""
    listing = await get_listing(session, listing_id, lock=True)
    return await _out(session, await review.township_review(session, who, listing, body))


# --- county department ----------------------------------------------------------------


@router.post("/listings/{listing_id}/pre-review", response_model=ListingOut)
async def pre_review(
    listing_id: str, body: PreReviewIn, request: Request, session: SessionDep, who: DEPARTMENT
) -> ListingOut:
    """County pre-review (前置审核): title search at the registry + ownership (L4)."""
    listing = await get_listing(session, listing_id, lock=True)
    runtime = request.app.state.runtime
    reviewed = await review.pre_review(session, who, listing, body, runtime=runtime)
    return await _out(session, reviewed)


# --- exchange centre --------------------------------------------------------------------


@router.post("/listings/{listing_id}/collective-decisions", status_code=201)
async def collective_decision(
    listing_id: str, body: CollectiveDecisionIn, session: SessionDep, who: STAFF
) -> dict[str, object]:
    """Record the collective's democratic decision and township approval (L8)."""
    listing = await get_listing(session, listing_id, lock=True)
    decision = await review.record_collective_decision(session, who, listing, body)
    return views.collective_decision_recorded(decision)


@router.post("/listings/{listing_id}/register", response_model=ListingOut)
async def register(listing_id: str, session: SessionDep, who: STAFF) -> ListingOut:
    """The centre registers the application (L4), checking L8 and L15."""
    listing = await get_listing(session, listing_id, lock=True)
    return await _out(session, await review.register(session, who, listing))


@router.post("/listings/{listing_id}/return", response_model=ListingOut)
async def centre_return(
    listing_id: str, body: ReturnIn, session: SessionDep, who: STAFF
) -> ListingOut:
    """The centre returns the application to the window with every reason (L4)."""
    listing = await get_listing(session, listing_id, lock=True)
    return await _out(session, await review.centre_return(session, who, listing, body.reasons))


@router.post("/listings/{listing_id}/publish", response_model=ListingOut)
async def publish(listing_id: str, body: PublishIn, session: SessionDep, who: STAFF) -> ListingOut:
    """Publish the announcement (L5): at least the county minimum, 20 days by default."""
    listing = await get_listing(session, listing_id, lock=True)
    published = await announcement.publish(session, who, listing, body.days, body.tender_opening_at)
    return await _out(session, published)


@router.post("/listings/{listing_id}/extend", response_model=ListingOut)
async def extend(
    request: Request, listing_id: str, body: ExtendIn, session: SessionDep, who: STAFF
) -> ListingOut:
    """Extend the announcement (L5); shortening is refused."""
    listing = await get_listing(session, listing_id, lock=True)
    await announcement.extend(session, who, listing, body.ends_at, body.reason)
    await announcement.changed(
        session, who, listing, "延长公告期", request.app.state.runtime.settings
    )
    return await _out(session, listing)


@router.post("/listings/{listing_id}/suspend", response_model=ListingOut)
async def suspend(
    request: Request, listing_id: str, body: SuspendIn, session: SessionDep, who: STAFF
) -> ListingOut:
    """Suspend (中止) with a recorded, published reason; the time left is kept (L12)."""
    listing = await get_listing(session, listing_id, lock=True)
    await announcement.suspend(session, who, listing, body)
    await announcement.changed(session, who, listing, "中止", request.app.state.runtime.settings)
    return await _out(session, listing)


@router.post("/listings/{listing_id}/resume", response_model=ListingOut)
async def resume(
    request: Request, listing_id: str, body: ResumeIn, session: SessionDep, who: STAFF
) -> ListingOut:
    """Resume with the time the announcement had left (L12)."""
    listing = await get_listing(session, listing_id, lock=True)
    await announcement.resume(session, who, listing, body.reason)
    await announcement.changed(session, who, listing, "恢复", request.app.state.runtime.settings)
    return await _out(session, listing)


@router.post("/listings/{listing_id}/terminate", response_model=ListingOut)
async def terminate(
    listing_id: str, body: SuspendIn, session: SessionDep, who: STAFF
) -> ListingOut:
    """Terminate (终止) with a recorded, published reason (L12)."""
    listing = await get_listing(session, listing_id, lock=True)
    return await _out(session, await announcement.terminate(session, who, listing, body))


@router.post("/listings/{listing_id}/relist", status_code=201, response_model=ListingOut)
async def relist(listing_id: str, body: RelistIn, session: SessionDep, who: STAFF) -> ListingOut:
    """Offer a failed listing again (L7); a lower collective reserve needs L8 again."""
    listing = await get_listing(session, listing_id, lock=True)
    reserve = None if body.reserve_price is None else to_fen(body.reserve_price)
    return await _out(session, await service.relist(session, who, listing, reserve))


@router.post("/off-exchange-flags", status_code=201)
async def off_exchange(body: OffExchangeIn, session: SessionDep, who: STAFF) -> dict[str, object]:
    """L9: record a collective asset traded outside the exchange; flags a violation."""
    return views.off_exchange_recorded(await service.flag_off_exchange(session, who, body))


@router.get("/off-exchange-flags")
async def off_exchange_list(
    session: SessionDep,
    who: Principal = require(Role.exchange_staff, Role.supervisor, org_types=(OrgType.county,)),
) -> list[dict[str, object]]:
    return [views.off_exchange_out(f) for f in await service.off_exchange_flags(session, who)]


# --- reading (internal) -------------------------------------------------------------------


#: ``sort`` of the staff list: a key of ``LIST_SORTS``, "-" first for descending.
ListSort = one_of({*LIST_SORTS, *(f"-{k}" for k in LIST_SORTS)}, rule="X4", what_zh="排序字段")


@router.get("/listings", response_model=list[ListingOut])
async def listings(
    response: Response,
    session: SessionDep,
    who: INTERNAL,
    status: Annotated[Status | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[ListSort, Query()] = "created_at",
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[ListingOut]:
    """The caller's own township's (window) or county's listings, oldest first; ``q``
    searches title, seller name, location and id; ``limit``/``offset`` page it (no
    ``limit``: every row); ``X-Total-Count`` is how many match (the consoles' queues)."""
    at = now(session)
    rows, total = await service.listings(
        session, who, status, q=q, sort=sort, limit=limit, offset=offset
    )
    response.headers["X-Total-Count"] = str(total)
    counties = {x.county for x in rows}
    inspected = {  # L21's list once per county on the page, not once per row
        c: await PARAMS.get(session, c, "site_inspection_products") for c in counties
    }
    return [views.listing_out(x, at, inspected[x.county]) for x in rows]


@router.get("/listings/{listing_id}", response_model=ListingOut)
async def detail(listing_id: str, session: SessionDep, who: INTERNAL) -> ListingOut:
    return await _out(session, await service.read_listing(session, who, listing_id))


@router.get("/listings/{listing_id}/checks")
async def checks(listing_id: str, session: SessionDep, who: INTERNAL) -> dict[str, Any]:
    """The L9 and L15 checks as the listing stands now: whether it must trade in the
    exchange (L9) and, for collective commercial construction land, its L15 facts and
    every problem found (the centre's check page; read only)."""
    return await service.checks(session, who, listing_id)


@router.get("/listings/{listing_id}/decisions", response_model=list[DecisionOut])
async def history(listing_id: str, session: SessionDep, who: INTERNAL) -> list[DecisionOut]:
    """Every recorded decision about the listing (X2)."""
    return await service.decisions(session, who, listing_id)


@router.get("/listings/{listing_id}/collective-decisions")
async def collective_decisions(
    listing_id: str, session: SessionDep, who: INTERNAL
) -> list[dict[str, object]]:
    return [
        views.collective_decision_out(d)
        for d in await service.collective_decisions(session, who, listing_id)
    ]


@router.get("/listings/{listing_id}/proceeds", response_model=ProceedsOut)
async def proceeds(listing_id: str, session: SessionDep, who: INTERNAL) -> ProceedsOut:
    """L17: an entrusted listing's price to each household, by area or stated shares."""
    listing = await get_listing(session, listing_id)
    return views.proceeds_out(listing, await service.proceeds(session, who, listing))


@router.post(
    "/listings/{listing_id}/site-inspections", response_model=SiteInspectionOut, status_code=201
)
async def record_site_inspection(
    listing_id: str, body: SiteInspectionIn, session: SessionDep, who: CLERK
) -> SiteInspectionOut:
    """L21: the site inspection (who, date, photos, boundary check) before the initial review."""
    listing = await get_listing(session, listing_id, lock=True)
    inspection = await review.record_site_inspection(session, who, listing, body)
    await session.flush()
    return SiteInspectionOut.model_validate(inspection)


@router.get("/listings/{listing_id}/site-inspections", response_model=list[SiteInspectionOut])
async def site_inspections(
    listing_id: str, session: SessionDep, who: INTERNAL
) -> list[SiteInspectionOut]:
    """L21: the listing's site inspections, oldest first."""
    listing = await get_listing(session, listing_id)
    return [
        SiteInspectionOut.model_validate(i)
        for i in await review.site_inspections(session, who, listing)
    ]
