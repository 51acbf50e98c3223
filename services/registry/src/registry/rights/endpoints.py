"""HTTP: the rights ledger, flags, import, title search, search certificates (R1)."""

from __future__ import annotations

from fastapi import Depends, File, Request, UploadFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import router
from common.audit import record_decision
from common.auth import OrgType, Principal, Role, current_principal, require
from common.contracts.registry_api import TitleSearchResult
from common.db import get_session
from common.money import from_fen
from common.problems import Problem
from common.storage import get_document_store, store_upload
from registry.access import (
    STAFF_READERS,
    county_or_forbidden,
    in_county,
    other_org,
    outside_county,
)
from registry.rights import service
from registry.rights.models import RecordedInterest, Right, RightFlagChange, RightHistory
from registry.rights.schemas import (
    FlagChangeOut,
    FlagIn,
    HistoryOut,
    ImportReport,
    InterestIn,
    RightIn,
    RightOut,
    RightUpdate,
    SearchCertificateOut,
)

r = router(prefix="/rights", tags=["rights ledger — 权利登记簿"])
#: the caller's own rights (the portal's loan calculator picks one of them)
mine = router(tags=["rights ledger — 权利登记簿"])
AUTHORITY = require(Role.registration_authority, org_types=(OrgType.county,))
FLAGGERS = require(Role.registration_authority, Role.county_department, org_types=(OrgType.county,))
READERS = require(*STAFF_READERS)
TITLE = require(Role.service, Role.county_department, Role.exchange_staff)


async def right_out(session: AsyncSession, right: Right) -> RightOut:
    out = RightOut.model_validate(right, from_attributes=True)
    out.annual_rent_per_mu = (
        from_fen(right.annual_rent_per_mu_fen) if right.annual_rent_per_mu_fen is not None else None
    )
    out.encumbrances = [
        lien.annotation for lien in await service.active_liens(session, right.certificate_no)
    ]
    return out


@r.post("", response_model=RightOut, status_code=201)
async def register_right(
    body: RightIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = AUTHORITY,
) -> RightOut:
    """Enter a right in the ledger (registration authority of its county)."""
    county_or_forbidden(who, body.county, "the right", "该权利")
    right = await service.create_right(session, body, who)
    return await right_out(session, right)


@r.post("/import", response_model=ImportReport)
async def import_rights(
    request: Request,
    file: UploadFile = File(...),
    session: AsyncSession = Depends(get_session),
    who: Principal = AUTHORITY,
    store=Depends(get_document_store),
) -> dict:
    """Bulk import of a county's existing certification data (CSV, UTF-8, header row).

    Valid rows are entered; every rejected row is reported with all its reasons.
    """
    limit = request.app.state.runtime.settings.max_document_bytes
    # a CSV the importer parses itself: no material type check
    doc = await store_upload(store, file, field="file", max_bytes=limit, rule="R1", signatures=None)
    raw = await store.get(doc.sha256)
    return await service.import_csv(session, raw, who, who.org.id)


@mine.get("/me/rights", response_model=list[RightOut])
async def my_rights(
    session: AsyncSession = Depends(get_session),
    who: Principal = Depends(current_principal),
) -> list[RightOut]:
    """The rights the caller holds as registered holder (R1, X3): a person's own
    certified rights, nobody else's; an organization that holds none gets an empty list."""
    return [
        await right_out(session, right)
        for right in await service.rights_held_by(session, who.org.id)
    ]


@r.get("/{certificate_no}", response_model=RightOut)
async def get_right(
    certificate_no: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = Depends(current_principal),
) -> RightOut:
    """A right: county staff of its county, or its holder / co-owner."""
    right = await service.get_right(session, certificate_no)
    own = who.org.id in {h.party_id for h in service.holders_of(right)}
    if not own:
        if not who.has(*STAFF_READERS):
            raise other_org("the right", "该权利")
        county_or_forbidden(who, right.county, "the right", "该权利")
    return await right_out(session, right)


@r.patch("/{certificate_no}", response_model=RightOut)
async def correct_right(
    certificate_no: str,
    body: RightUpdate,
    session: AsyncSession = Depends(get_session),
    who: Principal = AUTHORITY,
) -> RightOut:
    """Correct a right; the body's ``version`` must be current (409 when stale)."""
    right = await service.get_right_in_county(session, certificate_no, who, lock=True)
    right = await service.update_right(session, right, body, who)
    return await right_out(session, right)


@r.get("/{certificate_no}/history", response_model=list[HistoryOut])
async def history(
    certificate_no: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = READERS,
) -> list[RightHistory]:
    await service.get_right_in_county(session, certificate_no, who)
    rows = await session.execute(
        select(RightHistory)
        .where(RightHistory.certificate_no == certificate_no)
        .order_by(RightHistory.version, RightHistory.id)
    )
    return list(rows.scalars())


@r.post("/{certificate_no}/flags", response_model=FlagChangeOut, status_code=201)
async def flag(
    certificate_no: str,
    body: FlagIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = FLAGGERS,
) -> RightFlagChange:
    """Set or clear a dispute / seizure / expropriation flag, with why (R1, R3)."""
    right = await service.get_right_in_county(session, certificate_no, who, lock=True)
    return await service.set_flag(
        session, right, body.flag, body.set, body.reason, who, body.authority_ref
    )


@r.get("/{certificate_no}/flags", response_model=list[FlagChangeOut])
async def flag_history(
    certificate_no: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = READERS,
) -> list[RightFlagChange]:
    await service.get_right_in_county(session, certificate_no, who)
    rows = await session.execute(
        select(RightFlagChange)
        .where(RightFlagChange.certificate_no == certificate_no)
        .order_by(RightFlagChange.id)
    )
    return list(rows.scalars())


@r.get("/{certificate_no}/title-search", response_model=TitleSearchResult)
async def title_search(
    certificate_no: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = TITLE,
) -> TitleSearchResult:
    """产权查档: holders, flags and liens in one call (listing pre-review, L4)."""
    result = await service.title_search(session, certificate_no)
    right = await service.get_right(session, certificate_no)
    if not in_county(who, right.county):
        raise outside_county(who, "the right", "该权利")
    return result


@r.post("/{certificate_no}/interests", status_code=201)
async def record_interest(
    certificate_no: str,
    body: InterestIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = AUTHORITY,
) -> dict:
    """Record a party's interest in a right (it may then obtain a search certificate)."""
    await service.get_right_in_county(session, certificate_no, who)
    session.add(
        RecordedInterest(
            certificate_no=certificate_no,
            party_id=body.party_id,
            kind=body.kind,
            recorded_by=service.actor(who),
            recorded_at=service.session_context(session).clock.now(),
        )
    )
    await session.flush()
    await record_decision(
        session,
        subject_type="right",
        subject_id=certificate_no,
        action="interest.recorded",
        by=who,
        rule="R1",
        data={"party_id": body.party_id, "kind": body.kind},
    )
    return {"certificate_no": certificate_no, "party_id": body.party_id, "kind": body.kind}


@r.post("/{certificate_no}/search-certificates", response_model=SearchCertificateOut)
async def search_certificate(
    certificate_no: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = Depends(current_principal),
) -> dict:
    """查询证明: only the holder, a lienholder or a party with a recorded interest."""
    right = await service.get_right(session, certificate_no)
    if not await service.may_obtain_certificate(session, right, who):
        raise Problem(
            403,
            "no-interest",
            "a search certificate is issued only to the holder, a lienholder or a party "
            "with a recorded interest",
            "查询证明仅向权利人、抵押权人或有登记利害关系的当事人出具",
            rule="R1",
        )
    return await service.issue_search_certificate(session, right, who)
