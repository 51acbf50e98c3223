"""The centre bars a participant (L13); staff read the restriction of a party."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from common.auth import OrgType, Principal, Role, require
from common.ids import validate_party_id
from common.problems import invalid_field
from common.routes import SessionDep
from common.routes import router as make_router
from listing.access import INTERNAL, STAFF
from listing.parties import service, views
from listing.parties.schemas import (
    BarIn,
    IntermediaryIn,
    IntermediaryKind,
    IntermediaryOut,
    PartyFileIn,
    PartyIn,
    PartyOut,
)

router = make_router(tags=["participants — 交易主体"])


def _party(party_id: str) -> str:
    try:
        return validate_party_id(party_id)
    except ValueError as exc:
        en, _, zh = str(exc).partition(" / ")
        raise invalid_field("party_id", "X4", en, zh or en) from None


@router.post("/parties/{party_id}/bar", status_code=201)
async def bar_party(
    party_id: str, body: BarIn, session: SessionDep, who: STAFF
) -> dict[str, object]:
    """L13: bar a participant for manipulation, disturbing order or unfair dealing."""
    return views.bar_out(await service.bar(session, who, _party(party_id), body.reason, True))


@router.post("/parties/{party_id}/unbar")
async def unbar_party(
    party_id: str, body: BarIn, session: SessionDep, who: STAFF
) -> dict[str, object]:
    """L13: lift a bar — only the centre of the county that made it (403 for another)."""
    return views.bar_out(await service.bar(session, who, _party(party_id), body.reason, False))


@router.get("/parties/{party_id}/restrictions")
async def restrictions(party_id: str, session: SessionDep, who: STAFF) -> list[dict[str, object]]:
    """The blacklist and this county's own bars; other counties' bars are theirs (X3)."""
    return [views.restriction_out(x) for x in await service.restrictions(session, who, party_id)]


@router.post("/intermediaries", response_model=IntermediaryOut, status_code=201)
async def file_intermediary(
    body: IntermediaryIn, session: SessionDep, who: STAFF
) -> IntermediaryOut:
    """L20: file an agent, appraiser, auctioneer, bank, insurer or guarantor with its licence."""
    row = await service.save_intermediary(session, who, body)
    await session.flush()
    return IntermediaryOut.model_validate(row)


@router.put("/intermediaries/{intermediary_id}", response_model=IntermediaryOut)
async def change_intermediary(
    intermediary_id: str, body: IntermediaryIn, session: SessionDep, who: STAFF
) -> IntermediaryOut:
    """L20: renew, correct or withdraw (``active: false``) an intermediary's filing."""
    row = await service.save_intermediary(session, who, body, intermediary_id)
    await session.flush()
    return IntermediaryOut.model_validate(row)


@router.get("/intermediaries", response_model=list[IntermediaryOut])
async def intermediaries(
    session: SessionDep, who: INTERNAL, kind: IntermediaryKind | None = Query(None)
) -> list[IntermediaryOut]:
    """L20: the county's intermediary register."""
    return [
        IntermediaryOut.model_validate(r) for r in await service.intermediaries(session, who, kind)
    ]


# --- the party register (L20) ------------------------------------------------------------

WINDOW = Annotated[
    Principal,
    require(Role.township_clerk, Role.exchange_staff, org_types=(OrgType.township, OrgType.county)),
]


@router.post("/parties", response_model=PartyOut, status_code=201)
async def file_party(body: PartyFileIn, session: SessionDep, who: WINDOW) -> PartyOut:
    """L20: file a party once (validated identity number); listings and registrations cite it."""
    return PartyOut.model_validate(await service.file_party(session, who, body))


@router.put("/parties/{party_id}", response_model=PartyOut)
async def change_party(party_id: str, body: PartyIn, session: SessionDep, who: WINDOW) -> PartyOut:
    """L20: change a filed party's details (a new version; past records keep theirs)."""
    return PartyOut.model_validate(await service.change_party(session, who, _party(party_id), body))


@router.get("/parties/{party_id}", response_model=PartyOut)
async def read_party(party_id: str, session: SessionDep, who: WINDOW) -> PartyOut:
    """L20: a filed party as the window cites it."""
    return PartyOut.model_validate(await service.read_party(session, _party(party_id)))
