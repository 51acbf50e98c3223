"""The centre bars a participant (L13); staff read the restriction of a party."""

from __future__ import annotations

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role, require
from common.ids import validate_party_id
from common.problems import FieldProblem, invalid
from common.routes import get_session
from common.routes import router as make_router
from listing.parties import service, views
from listing.parties.schemas import BarIn

router = make_router(tags=["participants — 交易主体"])
STAFF = require(Role.exchange_staff, org_types=(OrgType.county,))


def _party(party_id: str) -> str:
    try:
        return validate_party_id(party_id)
    except ValueError as exc:
        en, _, zh = str(exc).partition(" / ")
        raise invalid([FieldProblem("party_id", "X4", en, zh or en)]) from None


@router.post("/parties/{party_id}/bar", status_code=201)
async def bar_party(
    party_id: str,
    body: BarIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> dict[str, object]:
    """L13: bar a participant for manipulation, disturbing order or unfair dealing."""
    return views.bar_out(await service.bar(session, who, _party(party_id), body.reason, True))


@router.post("/parties/{party_id}/unbar")
async def unbar_party(
    party_id: str,
    body: BarIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> dict[str, object]:
    """L13: lift a bar — only the centre of the county that made it (403 for another)."""
    return views.bar_out(await service.bar(session, who, _party(party_id), body.reason, False))


@router.get("/parties/{party_id}/restrictions")
async def restrictions(
    party_id: str, session: AsyncSession = Depends(get_session), who: Principal = STAFF
) -> list[dict[str, object]]:
    """The blacklist and this county's own bars; other counties' bars are theirs (X3)."""
    return [views.restriction_out(x) for x in await service.restrictions(session, who, party_id)]
