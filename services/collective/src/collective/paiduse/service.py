"""Paid use — 宅基地有偿使用 (DOMAIN Z9): 从长期无偿向分类有偿.

The collective sets a fee per m² per year for a class (non-member occupancy, surplus
retained, over area) by its X5 decision; the village homestead officer records a
paid-use contract on the county's model contract (Z14) for a class the county has
enabled; each contract year's bill is issued by a persisted timer
(``paid_use.bill``, one per contract year) on the year's first day; receipts are
recorded on the bill (and enter Z11 as the collective's paid-use income).
"""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import Readable, check_village
from collective.collectives.service import collective_for_village
from collective.contracts.service import citation_problems
from collective.paiduse import repository, rules
from collective.paiduse.models import PaidUseBill, PaidUseContract, PaidUseFee
from collective.paiduse.schemas import FeeIn, PaidUseIn, PaymentIn
from collective.params import PARAMS
from collective.parcels.models import Parcel
from collective.parcels.service import parcel_for_village
from collective.pilot.service import pilot_problems
from collective.resolutions.service import actionable_problems
from common.audit import record_on
from common.auth import Principal
from common.clock import SHANGHAI
from common.context import now
from common.keys import new_id
from common.money import to_fen
from common.problems import FieldProblem, Problem, Refusal, not_found
from common.scheduler import schedule_timer

BILL_TIMER = "paid_use.bill"


_refused = Refusal(
    "paid-use-refused", "The paid-use record is refused", "有偿使用事项不予办理", status=422
)


async def set_fee(
    session: AsyncSession, who: Principal, collective_id: str, body: FeeIn
) -> PaidUseFee:
    """A fee schedule only by the collective's effective X5 decision."""
    c = await collective_for_village(session, who, collective_id)
    problems = await pilot_problems(session, c.id)
    problems += await actionable_problems(
        session,
        body.resolution_id,
        collective_id=c.id,
        matters=("homestead",),
    )
    if problems:
        raise _refused(problems)
    fee = PaidUseFee(
        id=new_id(),
        collective_id=c.id,
        county=c.county,
        township=c.township,
        klass=body.klass,
        fee_per_m2_fen=to_fen(body.fee_per_m2),
        resolution_id=body.resolution_id,
        set_at=now(session),
    )
    session.add(fee)
    await record_on(
        session, fee, action="paid_use.fee", by=who, rule="Z9", data={"klass": body.klass}
    )
    return fee


async def contract_problems(
    session: AsyncSession, parcel: Parcel, klass: str, *, field: str = "klass"
) -> tuple[list[FieldProblem], PaidUseFee | None]:
    """Why no paid-use contract of ``klass`` can be made on ``parcel`` (Z9)."""
    problems = await pilot_problems(session, parcel.collective_id, field="parcel_id")
    enabled = await PARAMS.get(session, parcel.county, "paid_use_classes")
    if klass not in enabled:
        problems.append(
            FieldProblem(
                field,
                "Z9",
                f"the county has not enabled paid use for {klass}",
                "本县未开展该类有偿使用",
            )
        )
    fee = await repository.current_fee(session, parcel.collective_id, klass)
    if fee is None or fee.fee_per_m2_fen <= 0:
        problems.append(
            FieldProblem(
                field,
                "Z9",
                f"the collective has set no fee for {klass} by X5",
                "集体经济组织未经四议两公开确定收费标准",
            )
        )
    return problems, fee


async def make_contract(session: AsyncSession, who: Principal, body: PaidUseIn) -> PaidUseContract:
    parcel = await parcel_for_village(session, who, body.parcel_id)
    problems, fee = await contract_problems(session, parcel, body.klass)
    problems += await citation_problems(
        session,
        body.contract.template_id,
        body.contract.fields,
        kind="paid_use",
        county=parcel.county,
    )
    if problems:
        raise _refused(problems)
    assert fee is not None
    k = PaidUseContract(
        id=new_id(),
        collective_id=parcel.collective_id,
        county=parcel.county,
        township=parcel.township,
        parcel_id=parcel.id,
        klass=body.klass,
        occupant_party_id=body.occupant_party_id,
        occupant_name=body.occupant_name,
        area_m2=body.area_m2,
        fee_per_m2_fen=fee.fee_per_m2_fen,
        start_date=body.start_date,
        template_id=body.contract.template_id,
        contract_fields=dict(body.contract.fields),
        created_at=now(session),
    )
    session.add(k)
    await record_on(session, k, action="paid_use.contract", by=who, rule="Z9")
    await _schedule(session, k, 1)
    return k


async def _schedule(session: AsyncSession, k: PaidUseContract, year_no: int) -> None:
    start = rules.period_start(k.start_date, year_no)
    due = datetime.combine(start, time(0), tzinfo=SHANGHAI)
    await schedule_timer(session, BILL_TIMER, f"{k.id}:{year_no}", due)


async def issue_bill(session: AsyncSession, who: Principal | None, key: str) -> None:
    """The yearly timer: the contract year's bill, then the next year's timer."""
    contract_id, _, year = key.rpartition(":")
    k = await session.get(PaidUseContract, contract_id, with_for_update=True)
    if k is None or await repository.bill(session, k.id, int(year)) is not None:
        return
    year_no = int(year)
    b = PaidUseBill(
        id=new_id(),
        contract_id=k.id,
        collective_id=k.collective_id,
        county=k.county,
        township=k.township,
        year_no=year_no,
        period_start=rules.period_start(k.start_date, year_no),
        amount_fen=rules.yearly_fen(k.fee_per_m2_fen, k.area_m2),
        issued_at=now(session),
    )
    session.add(b)
    await record_on(
        session, b, action="paid_use.bill", by=who, rule="Z9", data={"amount_fen": b.amount_fen}
    )
    await _schedule(session, k, year_no + 1)


CONTRACTS = Readable(PaidUseContract, "paid-use contract", "有偿使用合同")


async def read_contract(
    session: AsyncSession, who: Principal, contract_id: str
) -> tuple[PaidUseContract, list[PaidUseBill]]:
    k = await CONTRACTS.read(session, who, contract_id)
    return k, await repository.bills_of(session, k.id)


async def pay_bill(
    session: AsyncSession, who: Principal, bill_id: str, body: PaymentIn
) -> PaidUseBill:
    b = await repository.locked_bill(session, bill_id)
    if b is None:
        raise not_found(f"paid-use bill {bill_id}", f"有偿使用账单{bill_id}")
    check_village(who, b.collective_id)
    if b.paid_at is not None:
        raise Problem(409, "bill-paid", "the bill is paid", "该账单已缴清", rule="Z9")
    b.paid_at, b.receipt_ref = now(session), body.receipt_ref
    await record_on(
        session, b, action="paid_use.paid", by=who, rule="Z9", data={"receipt": body.receipt_ref}
    )
    return b
