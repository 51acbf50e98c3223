"""The homestead reserve and reallocation — 宅基地收储与再分配 (DOMAIN Z10).

Recovered parcels (a paid withdrawal, Z7) enter the reserve at payout; the village
homestead officer enters idle collective parcels and plans each one's disposition
(reallocate, reclaim farmland, forest, build, held). The township reallocates a reserved
parcel to a qualified household without a homestead by the collective's X5 decision (a
simplified Z3: the approval realizes the qualification on it), every reason refused at
once; or the village puts it to another use.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import Readable
from collective.collectives.models import Household
from collective.collectives.service import collective_list
from collective.parcels.models import Parcel
from collective.parcels.rules import has_homestead
from collective.parcels.service import household_status, parcel_for_village
from collective.pilot.service import pilot_problems
from collective.qualifications import repository as qualifications
from collective.qualifications.service import realize_on
from collective.reserve import repository
from collective.reserve.models import ReserveEntry
from collective.reserve.schemas import DispositionIn, ReallocationIn, ReserveIn, UseIn
from collective.reserve.states import RESERVE
from collective.resolutions.service import actionable_problems
from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.db import add_unique
from common.keys import new_id
from common.problems import FieldProblem, Problem, Refusal

REALLOCABLE = frozenset({"recognized", "regained"})


_refused = Refusal("reserve-refused", "The reserve decision is refused", "收储事项不予办理")


ENTRIES = Readable(ReserveEntry, "reserve entry", "收储宗地")
get_entry = ENTRIES.get
read_entry = ENTRIES.read


of_collective = collective_list(repository.of_collective)


async def _enter(
    session: AsyncSession,
    who: Principal,
    parcel: Parcel,
    *,
    source: str,
    reference: str,
    disposition: str,
) -> ReserveEntry:
    e = ReserveEntry(
        id=new_id(),
        parcel_id=parcel.id,
        collective_id=parcel.collective_id,
        county=parcel.county,
        township=parcel.township,
        source=source,
        reference=reference,
        disposition=disposition,
        status="reserved",
        entered_at=now(session),
    )
    await add_unique(
        session,
        e,
        taken=_refused(
            [FieldProblem("parcel_id", "Z10", "the parcel is already reserved", "该宗地已收储")],
            status=422,
        ),
    )
    await record_on(session, e, action="reserve.enter", by=who, rule="Z10", data={"source": source})
    return e


async def enter_recovered(
    session: AsyncSession, who: Principal, parcel: Parcel, reference: str
) -> ReserveEntry:
    """A parcel recovered by a paid withdrawal enters the reserve (Z7 → Z10)."""
    return await _enter(
        session, who, parcel, source="recovered", reference=reference, disposition="held"
    )


async def enter(session: AsyncSession, who: Principal, body: ReserveIn) -> ReserveEntry:
    parcel = await parcel_for_village(session, who, body.parcel_id)
    problems = await pilot_problems(session, parcel.collective_id, field="parcel_id")
    if parcel.household_id is not None:
        problems.append(
            FieldProblem(
                "parcel_id",
                "Z10",
                "a household's homestead is recovered first (Z7, Z8)",
                "农户的宅基地须先依法收回",
            )
        )
    if problems:
        raise _refused(problems, status=422)
    return await _enter(
        session,
        who,
        parcel,
        source=body.source,
        reference=body.reference,
        disposition=body.disposition,
    )


async def plan(
    session: AsyncSession, who: Principal, entry_id: str, body: DispositionIn
) -> ReserveEntry:
    e = await ENTRIES.for_village(session, who, entry_id)
    if e.status != "reserved":
        raise Problem(
            409, "invalid-state", f"the parcel is {e.status}", "该宗地已不在收储中", rule="Z10"
        )
    e.disposition = body.disposition
    await record_on(session, e, action="reserve.plan", by=who, rule="Z10", data=body.model_dump())
    return e


async def reallocate(
    session: AsyncSession, who: Principal, entry_id: str, body: ReallocationIn
) -> ReserveEntry:
    """Reallocation by X5 to a qualified household without a homestead."""
    e = await ENTRIES.for_township(session, who, entry_id)
    RESERVE.check(e, "reallocated", "reallocate")
    h = await session.get(Household, body.household_id)
    problems = await pilot_problems(session, e.collective_id)
    problems += await actionable_problems(
        session,
        body.resolution_id,
        collective_id=e.collective_id,
        matters=("homestead",),
    )
    q = None
    if h is None or h.collective_id != e.collective_id:
        problems.append(
            FieldProblem("household_id", "Z10", "no such household here", "本集体无此农户")
        )
    else:
        q = await qualifications.active_of(session, h.id)
        if q is None or q.status not in REALLOCABLE:
            problems.append(
                FieldProblem(
                    "household_id",
                    "Z10",
                    "reallocation goes to a household with a recognized qualification",
                    "收回的宅基地只分配给有资格权的农户",
                )
            )
        status, _parcels, _limit = await household_status(session, h)
        if has_homestead(status):
            problems.append(
                FieldProblem(
                    "household_id",
                    "Z10",
                    "the household already holds a homestead",
                    "该户已有宅基地",
                )
            )
    if problems:
        raise _refused(problems)
    assert q is not None
    parcel = await session.get(Parcel, e.parcel_id)
    assert parcel is not None
    await realize_on(session, who, q, parcel, body.approval_ref)
    RESERVE.move(e, "reallocated", "reallocate")
    e.household_id, e.resolution_id, e.closed_at = (
        body.household_id,
        body.resolution_id,
        now(session),
    )
    e.disposition = "reallocate"
    await record_on(
        session,
        e,
        action="reserve.reallocate",
        by=who,
        rule="Z10",
        data={"household_id": body.household_id, "resolution_id": body.resolution_id},
    )
    return e


async def put_to_use(
    session: AsyncSession, who: Principal, entry_id: str, body: UseIn
) -> ReserveEntry:
    """宜耕则耕、宜林则林、宜建则建."""
    e = await ENTRIES.for_village(session, who, entry_id)
    RESERVE.move(e, "put_to_use", "put_to_use")
    e.disposition, e.closed_at = body.disposition, now(session)
    await record_on(
        session, e, action="reserve.put_to_use", by=who, rule="Z10", reason=body.reference
    )
    return e
