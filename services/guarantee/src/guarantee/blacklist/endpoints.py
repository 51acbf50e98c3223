"""Blacklist endpoints — 黑名单 (G11). Guarantor and county staff decide; supervisors read."""

from __future__ import annotations

from typing import Annotated

from common.auth import OrgType, Principal, Role, require
from common.ids import PartyId
from common.routes import SessionDep
from common.routes import router as make_router
from guarantee.blacklist import service
from guarantee.blacklist.schemas import BlacklistIn, BlacklistOut, ClearIn
from guarantee.blacklist.views import entry_out

router = make_router(prefix="/blacklist", tags=["blacklist — 失信黑名单"])
DECIDERS = Annotated[
    Principal,
    require(
        Role.guarantor,
        Role.county_finance,
        Role.county_department,
        org_types=(OrgType.guarantor, OrgType.county),
    ),
]
READERS = Annotated[
    Principal,
    require(
        Role.guarantor,
        Role.county_finance,
        Role.county_department,
        Role.lender,
        Role.supervisor,
        Role.service,
    ),
]


@router.post("", response_model=BlacklistOut, status_code=201)
async def blacklist_party(body: BlacklistIn, session: SessionDep, who: DECIDERS) -> BlacklistOut:
    """Blacklist a party for malicious fraud or evasion (恶意骗贷、逃废债务)."""
    entry = await service.blacklist(
        session, who, body.party_id, party_name=body.party_name, reason=body.reason
    )
    return entry_out(entry)


@router.post("/{party_id}/clear", response_model=BlacklistOut)
async def clear_party(
    party_id: PartyId, body: ClearIn, session: SessionDep, who: DECIDERS
) -> BlacklistOut:
    """Take a party off the blacklist, recording who and why (移出黑名单)."""
    return entry_out(await service.clear(session, who, party_id, reason=body.reason))


@router.get("", response_model=list[BlacklistOut])
async def list_entries(
    session: SessionDep, who: READERS, party_id: str | None = None
) -> list[BlacklistOut]:
    """Every listing, past and present (active ones have no ``cleared_at``)."""
    return [entry_out(e) for e in await service.entries(session, who, party_id)]
