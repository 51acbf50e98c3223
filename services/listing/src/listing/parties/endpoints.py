"""The centre bars a participant (L13); staff read the restriction of a party."""

from __future__ import annotations

from fastapi import Depends
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role, require
from common.ids import validate_party_id
from common.problems import FieldProblem, invalid
from common.routes import get_session, router
from listing.parties.models import Restriction
from listing.parties.service import bar, in_county

r = router(tags=["participants — 交易主体"])
STAFF = require(Role.exchange_staff, org_types=(OrgType.county,))


class BarIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


def _party(party_id: str) -> str:
    try:
        return validate_party_id(party_id)
    except ValueError as exc:
        en, _, zh = str(exc).partition(" / ")
        raise invalid([FieldProblem("party_id", "X4", en, zh or en)]) from None


@r.post("/parties/{party_id}/bar", status_code=201)
async def bar_party(
    party_id: str,
    body: BarIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> dict[str, object]:
    """L13: bar a participant for manipulation, disturbing order or unfair dealing."""
    row = await bar(session, who, _party(party_id), body.reason, True)
    return {"party_id": row.party_id, "barred": row.active, "reason": row.reason}


@r.post("/parties/{party_id}/unbar")
async def unbar_party(
    party_id: str,
    body: BarIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> dict[str, object]:
    """L13: lift a bar — only the centre of the county that made it (403 for another)."""
    row = await bar(session, who, _party(party_id), body.reason, False)
    return {"party_id": row.party_id, "barred": row.active, "reason": row.reason}


@r.get("/parties/{party_id}/restrictions")
async def restrictions(
    party_id: str, session: AsyncSession = Depends(get_session), who: Principal = STAFF
) -> list[dict[str, object]]:
    """The blacklist and this county's own bars; other counties' bars are theirs (X3)."""
    rows = await session.execute(
        select(Restriction).where(Restriction.party_id == party_id, in_county(who.org.id))
    )
    return [
        {
            "source": x.source,
            "county": x.county or None,
            "active": x.active,
            "reason": x.reason,
            "changed_at": x.changed_at,
        }
        for x in rows.scalars()
    ]
