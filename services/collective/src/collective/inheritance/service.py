"""Inheritance of a homestead house — 农房继承 (DOMAIN Z8), recorded by the village homestead
officer once the death is recorded and the heirs are named:

- ``waive``: every heir waives for payment → the collective recovers the homestead (as
  Z7): the parcel back to the collective, into the reserve (Z10);
- ``member``: a member heir's household inherits; the parcel counts for it, origin
  ``inherited`` (lawful, so a second homestead is allowed: 依法继承);
- ``non_member``: the heir keeps the house; the land is occupied by a non-member with a
  paid-use contract (Z9) where the county enables that class — it may not apply to
  rebuild (Z3 refuses a household without qualification).
The household's qualification realized on the parcel is withdrawn as Z7 leaves it
(``withdrawal_retains_qualification``). Every reason refused at once; audited (X2).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import Readable
from collective.collectives.models import Household, HouseholdMember
from collective.inheritance.models import Inheritance
from collective.inheritance.schemas import InheritanceIn
from collective.paiduse.models import PaidUseContract
from collective.params import PARAMS
from collective.parcels.models import Parcel
from collective.parcels.service import homestead_for_village
from collective.pilot.service import pilot_problems
from collective.qualifications import repository as qualifications
from collective.qualifications.service import withdrawn
from collective.reserve.service import enter_recovered
from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.keys import new_id
from common.money import to_fen
from common.problems import FieldProblem, invalid

read_inheritance = Readable(Inheritance, "inheritance", "继承").read


async def _is_member(session: AsyncSession, collective_id: str, party_id: str) -> bool:
    found = await session.scalar(
        select(HouseholdMember.id)
        .join(Household, Household.id == HouseholdMember.household_id)
        .where(
            Household.collective_id == collective_id,
            HouseholdMember.party_id == party_id,
            HouseholdMember.confirmed.is_(True),
            HouseholdMember.left_at.is_(None),
        )
    )
    return found is not None


async def _outcome_problems(
    session: AsyncSession, parcel: Parcel, body: InheritanceIn
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    heirs = {h.party_id for h in body.heirs}
    if body.outcome == "waive":
        missing = sorted(heirs - set(body.waivers))
        if missing:
            problems.append(
                FieldProblem(
                    "waivers",
                    "Z8",
                    f"recovery needs every heir's waiver; missing {', '.join(missing)}",
                    "集体收回须经全体继承人自愿放弃",
                )
            )
        if body.compensation is None or not body.agreement_ref:
            problems.append(
                FieldProblem(
                    "compensation",
                    "Z8",
                    "a waiver is paid for under an agreement (自愿有偿放弃)",
                    "放弃继承须有补偿及协议",
                )
            )
    elif body.outcome == "member":
        h = await session.get(Household, body.heir_household_id) if body.heir_household_id else None
        if h is None or h.collective_id != parcel.collective_id:
            problems.append(
                FieldProblem(
                    "heir_household_id",
                    "Z8",
                    "a member heir's household of this collective",
                    "继承人须为本集体经济组织成员农户",
                )
            )
    else:
        if body.heir_party_id is None or body.heir_party_id not in heirs:
            problems.append(
                FieldProblem("heir_party_id", "Z8", "one of the named heirs", "须为所列继承人")
            )
        elif await _is_member(session, parcel.collective_id, body.heir_party_id):
            problems.append(
                FieldProblem(
                    "heir_party_id",
                    "Z8",
                    "the heir is a member: record the member outcome",
                    "继承人为本集体成员",
                )
            )
        enabled = await PARAMS.get(session, parcel.county, "paid_use_classes")
        if "non_member_occupancy" in enabled:
            k = (
                await session.get(PaidUseContract, body.paid_use_contract_id)
                if body.paid_use_contract_id
                else None
            )
            if (
                k is None
                or k.parcel_id != parcel.id
                or k.klass != "non_member_occupancy"
                or k.occupant_party_id != body.heir_party_id
            ):
                problems.append(
                    FieldProblem(
                        "paid_use_contract_id",
                        "Z8",
                        "a non-member heir occupies the land under a paid-use contract (Z9)",
                        "非本集体成员继承农房须签订宅基地有偿使用合同",
                    )
                )
    return problems


async def record(session: AsyncSession, who: Principal, body: InheritanceIn) -> Inheritance:
    parcel = await homestead_for_village(session, who, body.parcel_id)
    problems = await pilot_problems(session, parcel.collective_id, field="parcel_id")
    problems += await _outcome_problems(session, parcel, body)
    if problems:
        raise invalid(problems, rule=problems[0].rule, code="inheritance-refused", status=422)
    from_household = parcel.household_id
    use = parcel.use
    q = await qualifications.active_of(session, from_household)
    reference = body.agreement_ref or body.death_ref
    if q is not None and q.parcel_id == parcel.id:
        retain = await PARAMS.get(session, parcel.county, "withdrawal_retains_qualification")
        await withdrawn(session, who, q, retain=bool(retain), reference=reference)
    parcel.household_id = None  # the deceased's household no longer holds it
    if body.outcome == "waive":
        parcel.use = "idle"
        await enter_recovered(session, who, parcel, reference)
    elif body.outcome == "member":
        parcel.household_id, parcel.origin, parcel.use = body.heir_household_id, "inherited", use
    else:
        parcel.use = use  # the heir's house stands on the collective's land (有偿使用)
    i = Inheritance(
        id=new_id(),
        parcel_id=parcel.id,
        collective_id=parcel.collective_id,
        county=parcel.county,
        township=parcel.township,
        from_household_id=from_household,
        deceased_party_id=body.deceased_party_id,
        death_ref=body.death_ref,
        outcome=body.outcome,
        heirs=[h.model_dump() for h in body.heirs],
        waivers=list(body.waivers),
        heir_household_id=body.heir_household_id if body.outcome == "member" else None,
        heir_party_id=body.heir_party_id if body.outcome == "non_member" else None,
        paid_use_contract_id=body.paid_use_contract_id if body.outcome == "non_member" else None,
        compensation_fen=to_fen(body.compensation) if body.compensation is not None else None,
        agreement_ref=body.agreement_ref,
        recorded_at=now(session),
    )
    session.add(i)
    await record_on(session, parcel, action=f"parcel.inherited_{body.outcome}", by=who, rule="Z8")
    await record_on(session, i, action=f"inheritance.{body.outcome}", by=who, rule="Z8")
    return i
