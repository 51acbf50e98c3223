"""The pilot scope — 试点范围 (DOMAIN Z13): the county homestead office enables Z5–Z11
per collective; those areas refuse a collective outside it (``pilot_problems``)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import check_county_office
from collective.collectives.service import get_collective, read_collective
from collective.pilot.models import PilotScope
from collective.pilot.schemas import PilotIn
from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.filings import start_duty
from common.problems import FieldProblem

#: The Z13 statistics' report key (defined in the statistics area, a later one).
Z13_REPORT_KEY = "z13"


async def pilot_problems(
    session: AsyncSession, collective_id: str, *, field: str = "collective_id"
) -> list[FieldProblem]:
    """Z5–Z11 act only in a pilot collective (先期试点)."""
    scope = await session.get(PilotScope, collective_id)
    if scope is not None and scope.enabled:
        return []
    return [
        FieldProblem(
            field,
            "Z13",
            "the collective is not in the homestead reform pilot (Z5–Z11)",
            "该集体经济组织不在宅基地制度改革试点范围内",
        )
    ]


async def read_pilot(
    session: AsyncSession, who: Principal, collective_id: str
) -> PilotScope | None:
    c = await read_collective(session, who, collective_id)
    return await session.get(PilotScope, c.id)


async def set_pilot(
    session: AsyncSession, who: Principal, collective_id: str, body: PilotIn
) -> PilotScope:
    c = await get_collective(session, collective_id)
    check_county_office(who, c)
    scope = await session.get(PilotScope, c.id, with_for_update=True)
    at = now(session)
    if scope is None:
        scope = PilotScope(
            id=c.id,
            county=c.county,
            township=c.township,
            enabled=body.enabled,
            reference=body.reference,
            changed_at=at,
        )
        session.add(scope)
    else:
        scope.enabled, scope.reference, scope.changed_at = body.enabled, body.reference, at
    if body.enabled:  # the county now reports the pilot's statistics (Z13 through X7)
        await start_duty(session, Z13_REPORT_KEY, c.county)
    await record_on(
        session,
        scope,
        action="pilot.enable" if body.enabled else "pilot.disable",
        by=who,
        rule="Z13",
        reason=body.reference,
    )
    return scope
