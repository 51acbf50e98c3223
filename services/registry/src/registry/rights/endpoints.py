"""HTTP: the rights ledger, flags, import, title search, search certificates (R1)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, File, Request, UploadFile

from common.auth import OrgType, Principal, Role, current_principal, require
from common.contracts.registry_api import TitleSearchResult
from common.routes import SessionDep
from common.routes import router as make_router
from common.storage import get_document_store, store_upload
from registry.access import STAFF_READERS, require_county
from registry.rights import repository, service, views
from registry.rights.models import RightFlagChange, RightHistory
from registry.rights.schemas import (
    FlagChangeOut,
    FlagIn,
    HistoryOut,
    ImportReport,
    InterestIn,
    OffExchangeTransferIn,
    RightIn,
    RightOut,
    RightUpdate,
    SearchCertificateOut,
)

#: No prefix: the ledger lives under /rights and the caller's own rights at /me/rights.
router = make_router(tags=["rights ledger — 权利登记簿"])
AUTHORITY = Annotated[Principal, require(Role.registration_authority, org_types=(OrgType.county,))]
FLAGGERS = Annotated[
    Principal,
    require(Role.registration_authority, Role.county_department, org_types=(OrgType.county,)),
]
READERS = Annotated[Principal, require(*STAFF_READERS)]
TITLE = Annotated[Principal, require(Role.service, Role.county_department, Role.exchange_staff)]
#: R18: filed at the township (its clerk), or entered by the county's authority
FILING_DESKS = Annotated[
    Principal,
    require(
        Role.township_clerk,
        Role.registration_authority,
        org_types=(OrgType.township, OrgType.county),
    ),
]


@router.post("/rights", response_model=RightOut, status_code=201)
async def register_right(body: RightIn, session: SessionDep, who: AUTHORITY) -> RightOut:
    """Enter a right in the ledger (registration authority of its county)."""
    require_county(who, body.county, "the right", "该权利")
    right = await service.create_right(session, who, body)
    return views.right_out(right, await service.encumbrances(session, right))


@router.post(
    "/rights/{certificate_no}/off-exchange-transfers", response_model=RightOut, status_code=201
)
async def off_exchange_transfer(
    certificate_no: str, body: OffExchangeTransferIn, session: SessionDep, who: FILING_DESKS
) -> RightOut:
    """R18: a transfer made outside the exchange, filed at the township (items a–g, or an
    L19 transaction certificate for c, d, f), issued its 流转土地经营权证 ``<no>-L<n>``."""
    right = await service.file_off_exchange_transfer(session, who, certificate_no, body)
    return views.right_out(right, [])


@router.post("/rights/import", response_model=ImportReport)
async def import_rights(
    request: Request,
    session: SessionDep,
    who: AUTHORITY,
    file: UploadFile = File(...),
    store=Depends(get_document_store),
) -> ImportReport:
    """Bulk import of a county's existing certification data (CSV, UTF-8, header row).

    Valid rows are entered; every rejected row is reported with all its reasons.
    """
    limit = request.app.state.runtime.settings.max_document_bytes
    # a CSV the importer parses itself: no material type check
    doc = await store_upload(store, file, field="file", max_bytes=limit, rule="R1", signatures=None)
    raw = await store.get(doc.sha256)
    return views.import_report(await service.import_csv(session, who, who.org.id, raw))


@router.get("/me/rights", response_model=list[RightOut])
async def my_rights(
    session: SessionDep, who: Principal = Depends(current_principal)
) -> list[RightOut]:
    """The rights the caller holds as registered holder (R1, X3): a person's own
    certified rights, nobody else's; an organization that holds none gets an empty list."""
    return [
        views.right_out(right, await service.encumbrances(session, right))
        for right in await repository.rights_held_by(session, who.org.id)
    ]


@router.get("/rights/{certificate_no}", response_model=RightOut)
async def get_right(
    certificate_no: str, session: SessionDep, who: Principal = Depends(current_principal)
) -> RightOut:
    """A right: county staff of its county, or its holder / co-owner."""
    right = await service.read_right(session, who, certificate_no)
    return views.right_out(right, await service.encumbrances(session, right))


@router.patch("/rights/{certificate_no}", response_model=RightOut)
async def correct_right(
    certificate_no: str, body: RightUpdate, session: SessionDep, who: AUTHORITY
) -> RightOut:
    """Correct a right; the body's ``version`` must be current (409 when stale)."""
    right = await service.get_right_in_county(session, who, certificate_no, lock=True)
    right = await service.update_right(session, who, right, body)
    return views.right_out(right, await service.encumbrances(session, right))


@router.get("/rights/{certificate_no}/history", response_model=list[HistoryOut])
async def history(certificate_no: str, session: SessionDep, who: READERS) -> list[RightHistory]:
    return await service.history(session, who, certificate_no)


@router.post("/rights/{certificate_no}/flags", response_model=FlagChangeOut, status_code=201)
async def flag(
    certificate_no: str, body: FlagIn, session: SessionDep, who: FLAGGERS
) -> RightFlagChange:
    """Set or clear a dispute / seizure / expropriation flag, with why (R1, R3)."""
    right = await service.get_right_in_county(session, who, certificate_no, lock=True)
    return await service.set_flag(
        session, who, right, body.flag, body.set, body.reason, body.authority_ref
    )


@router.get("/rights/{certificate_no}/flags", response_model=list[FlagChangeOut])
async def flag_history(
    certificate_no: str, session: SessionDep, who: READERS
) -> list[RightFlagChange]:
    return await service.flag_changes(session, who, certificate_no)


@router.get("/rights/{certificate_no}/title-search", response_model=TitleSearchResult)
async def title_search(certificate_no: str, session: SessionDep, who: TITLE) -> TitleSearchResult:
    """产权查档: holders, flags and liens in one call (listing pre-review, L4)."""
    right = await service.get_right_in_county(session, who, certificate_no)
    return views.title_search_out(await service.title_search(session, who, right))


@router.post("/rights/{certificate_no}/interests", status_code=201)
async def record_interest(
    certificate_no: str, body: InterestIn, session: SessionDep, who: AUTHORITY
) -> dict:
    """Record a party's interest in a right (it may then obtain a search certificate)."""
    right = await service.get_right_in_county(session, who, certificate_no)
    await service.record_interest(session, who, right, body)
    return {"certificate_no": certificate_no, "party_id": body.party_id, "kind": body.kind}


@router.post("/rights/{certificate_no}/search-certificates", response_model=SearchCertificateOut)
async def search_certificate(
    certificate_no: str, session: SessionDep, who: Principal = Depends(current_principal)
) -> SearchCertificateOut:
    """查询证明: only the holder, a lienholder or a party with a recorded interest."""
    right = await service.get_right(session, certificate_no)
    cert = await service.issue_search_certificate(session, who, right)
    return views.search_certificate_out(right, cert)
