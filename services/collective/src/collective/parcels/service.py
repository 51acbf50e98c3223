"""Homestead inventory — 宅基地台账 (DOMAIN Z2).

The village homestead officer surveys parcel by parcel (以宗为单位); the inventory is
final only once the village's X5 resolution on it has been published without an open
objection. A household's status (一户一宅) is derived from its parcels; a household that
has a homestead is refused another one (``allocation_problems``).
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import Readable, check_village
from collective.collectives.models import Household
from collective.collectives.service import collective_for_village, read_household
from collective.params import PARAMS
from collective.parcels import repository, rules
from collective.parcels.models import Parcel, ParcelLease
from collective.parcels.schemas import FinaliseIn, ParcelIn
from collective.parcels.states import PARCEL
from collective.resolutions.service import actionable_problems
from common.audit import record_on
from common.auth import Principal
from common.clock import SHANGHAI
from common.context import now
from common.contracts.registry import RightTransferred
from common.db import add_unique
from common.keys import new_id
from common.problems import FieldProblem, Problem, invalid, not_found
from common.scheduler import schedule_timer

TAKEN = FieldProblem(
    "number",
    "Z2",
    "this parcel is already in the inventory (one parcel, one household)",
    "该宗地已登记在册（一宗地不得登记在两户名下）",
)


PARCELS = Readable(Parcel, "parcel", "宗地")
get_parcel = PARCELS.get
read_parcel = PARCELS.read


async def parcel_for_village(session: AsyncSession, who: Principal, parcel_id: str) -> Parcel:
    """A parcel for a step its collective's village officer records on it (Z9 paid use,
    Z10 reserve): 404, then X3; not locked (the step adds rows about the parcel)."""
    parcel = await get_parcel(session, parcel_id)
    check_village(who, parcel.collective_id)
    return parcel


async def homestead_for_village(session: AsyncSession, who: Principal, parcel_id: str) -> Parcel:
    """A household's homestead (宅基地: a parcel a household holds) for a step its
    collective's village officer records on it (Z7 withdrawal, Z8 inheritance); 404 for a
    parcel no household holds."""
    parcel = await session.get(Parcel, parcel_id)
    if parcel is None or parcel.household_id is None:
        raise not_found(f"homestead {parcel_id}", f"宅基地{parcel_id}")
    check_village(who, parcel.collective_id)
    return parcel


async def survey(session: AsyncSession, who: Principal, body: ParcelIn) -> Parcel:
    """Record one parcel as the survey finds it (摸排): every reason refused at once."""
    c = await collective_for_village(session, who, body.collective_id)
    problems: list[FieldProblem] = []
    if body.household_id is not None:
        h = await session.get(Household, body.household_id)
        if h is None or h.collective_id != c.id:
            problems.append(
                FieldProblem(
                    "household_id", "Z2", "no such household in this collective", "本集体无此农户"
                )
            )
    if await repository.by_number(session, c.county, body.number) is not None:
        problems.append(TAKEN)
    if body.origin == "approved" and not body.approval_ref:
        problems.append(
            FieldProblem(
                "approval_ref",
                "Z2",
                "an approved homestead names its approval (宅基地批准书)",
                "经审批的宅基地须填写批准文号",
            )
        )
    if problems:
        raise invalid(problems, rule="Z2")
    p = Parcel(
        id=new_id(),
        county=c.county,
        township=c.township,
        status="surveyed",
        violation=body.origin == "unlawful" or bool(body.violation_note),
        recorded_at=now(session),
        **body.model_dump(),
    )
    # the same parcel recorded at the same moment
    await add_unique(session, p, taken=invalid([TAKEN], rule="Z2"))
    await record_on(session, p, action="parcel.surveyed", by=who, rule="Z2")
    return p


async def household_status(
    session: AsyncSession, h: Household
) -> tuple[str, list[Parcel], Decimal | None]:
    """The household's 一户一宅 status, its parcels and the county's area limit."""
    parcels = await repository.of_household(session, h.id)
    limit = await PARAMS.get(session, h.county, "homestead_area_limit_m2")
    facts = [rules.ParcelFacts(p.origin, p.area_m2) for p in parcels]
    return rules.household_status(facts, limit), parcels, limit


async def read_household_status(
    session: AsyncSession, who: Principal, household_id: str
) -> tuple[Household, str, list[Parcel], Decimal | None]:
    h = await read_household(session, who, household_id)
    return h, *await household_status(session, h)


async def finalise(
    session: AsyncSession, who: Principal, collective_id: str, body: FinaliseIn
) -> list[Parcel]:
    """The inventory is final after its X5 publicity (公示后形成台账)."""
    c = await collective_for_village(session, who, collective_id)
    problems = await actionable_problems(
        session,
        body.resolution_id,
        collective_id=c.id,
        matters=("homestead_inventory",),
    )
    if problems:
        raise invalid(problems, rule="X5", code="inventory-not-final", status=409)
    at = now(session)
    parcels = await repository.surveyed_of(session, c.id)
    for p in parcels:
        PARCEL.move(p, "final", "finalise")
        p.resolution_id, p.finalised_at = body.resolution_id, at
        await record_on(
            session,
            p,
            action="parcel.finalised",
            by=who,
            rule="Z2",
            data={"resolution_id": body.resolution_id},
        )
    return parcels


async def allocation_problems(
    session: AsyncSession, parcel: Parcel, h: Household, *, field: str, household_field: str
) -> list[FieldProblem]:
    """Why ``parcel`` cannot become ``h``'s homestead: another collective's parcel, one
    already on a household, or a household that has a homestead (一户一宅)."""
    problems: list[FieldProblem] = []
    if parcel.collective_id != h.collective_id:
        problems.append(
            FieldProblem(field, "Z2", "a parcel of another collective", "非本集体的宗地")
        )
    if parcel.household_id is not None:
        problems.append(
            FieldProblem(
                field, "Z2", "the parcel is already a household's homestead", "该宗地已属其他农户"
            )
        )
    status, parcels, _limit = await household_status(session, h)
    if rules.has_homestead(status):
        problems.append(
            FieldProblem(
                household_field,
                "Z2",
                f"the household already has a homestead ({parcels[0].number}): one household, "
                "one homestead",
                f"该户已有宅基地（{parcels[0].number}），一户只能拥有一处宅基地",
            )
        )
    return problems


async def allocate(
    session: AsyncSession, who: Principal, parcel: Parcel, h: Household, approval_ref: str
) -> Parcel:
    """The parcel becomes the household's approved homestead (checked by the caller)."""
    if parcel.household_id is not None:
        raise Problem(409, "parcel-taken", "The parcel is taken", "该宗地已属其他农户", rule="Z2")
    parcel.household_id, parcel.origin, parcel.approval_ref = h.id, "approved", approval_ref
    await record_on(
        session, parcel, action="parcel.allocated", by=who, rule="Z2", data={"household_id": h.id}
    )
    return parcel


async def release(session: AsyncSession, who: Principal, parcel_id: str, reference: str) -> Parcel:
    """A withdrawn homestead goes back to the collective, idle (退出后由集体收回)."""
    parcel = await get_parcel(session, parcel_id)
    household = parcel.household_id
    parcel.household_id, parcel.use = None, "idle"
    await record_on(
        session,
        parcel,
        action="parcel.recovered",
        by=who,
        rule="Z2",
        data={"household_id": household, "reference": reference},
    )
    return parcel


#: the persisted timer that ends a lease's hold on the parcel's use (Z6)
LEASE_TIMER = "homestead.lease_end"


def _lease_id(e: RightTransferred) -> str:
    """The lease's certificate (registry issues ``<certificate>-L<n>``), or a key derived
    from the trade when registry issued none — either way one row per lease."""
    if e.new_certificate_no:
        return e.new_certificate_no
    key = f"{e.certificate_no}|{e.listing_id}|{e.term_start}|{e.term_end}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, key))


async def lease_concluded(session: AsyncSession, e: RightTransferred) -> ParcelLease | None:
    """Registry recorded a lease of a homestead traded through listing (Z6, L24): the
    parcel becomes ``leased`` for the term (at most ``homestead_lease_max_years``), the
    household and its qualification stay (Z1); a persisted timer ends it. A right that
    is not a homestead of this service, or a redelivery, changes nothing."""
    if e.way != "lease":
        return None
    parcel = await repository.by_certificate(session, e.certificate_no)
    if parcel is None or await repository.lease(session, _lease_id(e)) is not None:
        return None
    max_years = await PARAMS.get(session, parcel.county, "homestead_lease_max_years")
    end = rules.lease_end(e.term_start, e.term_end, max_years)
    lease = ParcelLease(
        id=_lease_id(e),
        parcel_id=parcel.id,
        certificate_no=e.certificate_no,
        listing_id=e.listing_id,
        lessee_party_id=e.to_party_id,
        lessee_name=e.to_name,
        term_start=e.term_start,
        term_end=end,
        # a second lease of a leased parcel returns it to what it was before the first
        previous_use=parcel.use if parcel.use != "leased" else _use_without_lease(parcel),
        recorded_at=now(session),
    )
    session.add(lease)
    parcel.use = "leased"
    await session.flush()
    await record_on(
        session,
        parcel,
        action="parcel.leased",
        by=None,
        rule="Z6",
        data={
            "lease": lease.id,
            "lessee_party_id": e.to_party_id,
            "term_end": end.isoformat() if end else None,
        },
    )
    if end is not None:  # the use returns at the local midnight after the last day
        due = datetime.combine(end + timedelta(days=1), time(0), tzinfo=SHANGHAI)
        await schedule_timer(session, LEASE_TIMER, lease.id, due)
    return lease


def _use_without_lease(parcel: Parcel) -> str:
    return "idle" if parcel.household_id is None else "self"


async def lease_ended(session: AsyncSession, who: Principal | None, lease_id: str) -> None:
    """The timer: the lease's term is over; the parcel's use returns to what it was
    (``self`` or ``idle``; ``idle`` once no household holds it) unless another lease runs."""
    lease = await repository.lease(session, lease_id)
    if lease is None or lease.ended_at is not None:
        return
    lease.ended_at = now(session)
    parcel = await get_parcel(session, lease.parcel_id)
    await session.flush()
    if parcel.use == "leased" and not await repository.running_leases(session, parcel.id):
        parcel.use = lease.previous_use if parcel.household_id is not None else "idle"
    await record_on(
        session,
        parcel,
        action="parcel.lease_ended",
        by=who,
        rule="Z6",
        data={"lease": lease.id, "use": parcel.use},
    )
