"""Voluntary paid withdrawal — 宅基地自愿有偿退出 (DOMAIN Z7).

The village homestead officer records the household's application (the reason, a fixed
urban residence, every adult member's consent); the collective decides the compensation
by X5 (land and building per m², exact to the fen); the township reviews; the agreement
cites the county's withdrawal model contract (Z14); the payout — never before the
agreement, never while registry shows an active lien, a dispute or a seizure (查封) on
the right, never while a case of this service is open on the parcel — returns the parcel
to the collective (idle), retains or extinguishes the qualification (Z1) and publishes
``collective.homestead_withdrawn``, on which registry transfers the right to the
collective. Liens and registry's flags are read from this service's projections of
registry's events.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import Readable
from collective.cases.service import parcel_blocks
from collective.collectives.service import get_collective, members, read_collective
from collective.contracts.service import citation_problems
from collective.liens.repository import active_liens
from collective.liens.service import flag_problems
from collective.params import PARAMS
from collective.parcels.models import Parcel
from collective.parcels.service import homestead_for_village
from collective.pilot.service import pilot_problems
from collective.qualifications import repository as qualifications
from collective.qualifications.service import withdrawn
from collective.reserve.service import enter_recovered
from collective.resolutions.service import actionable_problems
from collective.withdrawals import rules
from collective.withdrawals.models import Withdrawal
from collective.withdrawals.schemas import AgreementIn, CompensationIn, PaymentIn, WithdrawalIn
from collective.withdrawals.states import WITHDRAWAL
from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.contracts.collective import HomesteadWithdrawn
from common.db import add_unique, all_of
from common.keys import new_id
from common.money import from_fen
from common.outbox import record_event
from common.problems import FieldProblem, Refusal

_refused = Refusal(
    "homestead-withdrawal-refused", "The homestead withdrawal is refused", "宅基地退出不予办理"
)


WITHDRAWALS = Readable(Withdrawal, "homestead withdrawal", "宅基地退出")
get_withdrawal = WITHDRAWALS.get
read_withdrawal = WITHDRAWALS.read


async def of_collective(
    session: AsyncSession, who: Principal, collective_id: str
) -> list[Withdrawal]:
    """The collective's withdrawals, oldest first (the consoles' queues)."""
    c = await read_collective(session, who, collective_id)
    return await all_of(
        session,
        Withdrawal,
        Withdrawal.collective_id == c.id,
        order_by=[Withdrawal.applied_at, Withdrawal.id],
    )


def _blocking(parcel: Parcel) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if parcel.violation:
        problems.append(
            FieldProblem(
                "parcel_id",
                "Z7",
                "the parcel is flagged for a violation (an open case, Z12)",
                "该宗地存在违法违规情形",
            )
        )
    if parcel.use == "leased":  # Z6: a lease of the homestead is settled (ended) first
        problems.append(
            FieldProblem(
                "parcel_id",
                "Z7",
                "the parcel is leased and the lease is not settled",
                "该宅基地出租尚未清理",
            )
        )
    return problems


async def apply(session: AsyncSession, who: Principal, body: WithdrawalIn) -> Withdrawal:
    """The household's application, every reason refused at once (422)."""
    parcel = await homestead_for_village(session, who, body.parcel_id)
    problems = await pilot_problems(session, parcel.collective_id, field="parcel_id")
    problems += _blocking(parcel)
    problems += await parcel_blocks(session, parcel.id)  # an open X6 or Z12 case
    if not body.urban_residence_proof:
        problems.append(
            FieldProblem(
                "urban_residence_proof",
                "Z7",
                "a withdrawal needs proof of a fixed urban residence",
                "须提供城镇固定住所证明",
            )
        )
    adults = {m.party_id for m in await members(session, parcel.household_id) if m.adult}
    missing = sorted(adults - set(body.consents))
    if missing:
        problems.append(
            FieldProblem(
                "consents",
                "Z7",
                f"every adult member and co-owner consents; missing {', '.join(missing)}",
                "须经家庭全体成年成员及共有人同意",
            )
        )
    certificate = parcel.certificate_no or body.certificate_no
    if not certificate:
        problems.append(
            FieldProblem(
                "certificate_no",
                "Z7",
                "the right's certificate is needed to cancel it in registry",
                "须提供不动产权证号",
            )
        )
    else:
        # a dispute or seizure registry shows (Z7): no consent lifts it
        problems += await flag_problems(session, certificate, field="certificate_no", rule="Z7")
        if not body.lienholder_consent:
            problems += rules.lien_problems(await active_liens(session, certificate))
    q = await qualifications.active_of(session, parcel.household_id)
    if q is None or q.status != "realized" or q.parcel_id != parcel.id:
        problems.append(
            FieldProblem(
                "parcel_id",
                "Z1",
                "the household's qualification is not realized on this homestead",
                "该户资格权未在此宗地实现",
            )
        )
    if problems:
        raise _refused(problems, status=422)
    retain = body.retain
    if retain is None:
        retain = await PARAMS.get(session, parcel.county, "withdrawal_retains_qualification")
    w = Withdrawal(
        id=new_id(),
        household_id=parcel.household_id,
        collective_id=parcel.collective_id,
        county=parcel.county,
        township=parcel.township,
        parcel_id=parcel.id,
        certificate_no=certificate,
        status="applied",
        reason=body.reason,
        urban_residence_proof=body.urban_residence_proof,
        consents=list(body.consents),
        lienholder_consent=body.lienholder_consent,
        land_area_m2=parcel.area_m2,
        retain=bool(retain),
        applied_at=now(session),
    )
    await add_unique(
        session,
        w,
        taken=_refused(
            [FieldProblem("parcel_id", "Z7", "a withdrawal is under way", "该宗地已在办理退出")],
            status=422,
        ),
    )
    await record_on(session, w, action="homestead_withdrawal.apply", by=who, rule="Z7")
    return w


async def compensate(
    session: AsyncSession, who: Principal, withdrawal_id: str, body: CompensationIn
) -> Withdrawal:
    """The collective's X5 decision on the compensation."""
    w = await WITHDRAWALS.for_village(session, who, withdrawal_id)
    WITHDRAWAL.check(w, "compensated", "compensate")
    problems = await actionable_problems(
        session,
        body.resolution_id,
        collective_id=w.collective_id,
        matters=("homestead",),
    )
    if problems:
        raise _refused(problems)
    assert w.land_area_m2 is not None
    WITHDRAWAL.move(w, "compensated", "compensate")
    w.resolution_id, w.building_area_m2 = body.resolution_id, body.building_area_m2
    w.compensation_fen = rules.compensation_fen(
        w.land_area_m2, body.land_rate_per_m2, body.building_area_m2, body.building_rate_per_m2
    )
    await record_on(
        session,
        w,
        action="homestead_withdrawal.compensate",
        by=who,
        rule="Z7",
        data={"compensation_fen": w.compensation_fen, "resolution_id": body.resolution_id},
    )
    return w


async def review(session: AsyncSession, who: Principal, withdrawal_id: str) -> Withdrawal:
    """乡镇审核."""
    w = await WITHDRAWALS.for_township(session, who, withdrawal_id)
    WITHDRAWAL.move(w, "reviewed", "review")
    await record_on(session, w, action="homestead_withdrawal.review", by=who, rule="Z7")
    return w


async def agree(
    session: AsyncSession, who: Principal, withdrawal_id: str, body: AgreementIn
) -> Withdrawal:
    """The withdrawal agreement on the county's model contract (Z14)."""
    w = await WITHDRAWALS.for_village(session, who, withdrawal_id)
    WITHDRAWAL.check(w, "agreed", "agree")
    problems = await citation_problems(
        session, body.contract.template_id, body.contract.fields, kind="withdrawal", county=w.county
    )
    if problems:
        raise _refused(problems)
    WITHDRAWAL.move(w, "agreed", "agree")
    w.agreement_no, w.template_id = body.agreement_no, body.contract.template_id
    w.contract_fields = dict(body.contract.fields)
    await record_on(
        session,
        w,
        action="homestead_withdrawal.agree",
        by=who,
        rule="Z7",
        data={"agreement_no": body.agreement_no},
    )
    return w


async def payout_blocks(
    session: AsyncSession, w: Withdrawal, parcel: Parcel | None = None
) -> list[FieldProblem]:
    """What refuses the payout now, besides the agreement (Z7): the parcel's violation
    flag or an unsettled lease, an open X6 or Z12 case, a dispute or seizure registry
    shows, an active lien. The withdrawal's view shows them, so a console (and an
    end-to-end test) sees when registry's events have lifted them."""
    parcel = parcel or await session.get(Parcel, w.parcel_id)
    assert parcel is not None
    problems = _blocking(parcel)
    problems += await parcel_blocks(session, parcel.id)  # an open X6 or Z12 case
    problems += await flag_problems(session, w.certificate_no, field="certificate_no", rule="Z7")
    problems += rules.lien_problems(await active_liens(session, w.certificate_no))
    return problems


async def pay(
    session: AsyncSession, who: Principal, withdrawal_id: str, body: PaymentIn
) -> Withdrawal:
    """The payout: after the agreement, with no active lien left on the right."""
    w = await WITHDRAWALS.for_village(session, who, withdrawal_id)
    problems: list[FieldProblem] = []
    if w.status != "agreed":
        problems.append(
            FieldProblem(
                "withdrawal_id",
                "Z7",
                f"the withdrawal is {w.status}: no payment before the agreement is signed",
                "退出协议签订前不得支付补偿",
            )
        )
    parcel = await session.get(Parcel, w.parcel_id)
    assert parcel is not None
    problems += await payout_blocks(session, w, parcel)
    if problems:
        raise _refused(problems)
    q = await qualifications.active_of(session, w.household_id)
    if q is None or q.parcel_id != w.parcel_id:
        raise _refused(
            [
                FieldProblem(
                    "withdrawal_id",
                    "Z1",
                    "the qualification is no longer realized on this homestead",
                    "资格权已不在此宗地",
                )
            ]
        )
    WITHDRAWAL.move(w, "paid", "pay")
    w.payer, w.payment_ref, w.paid_at = body.payer, body.payment_ref, now(session)
    assert w.agreement_no and w.compensation_fen is not None
    await withdrawn(session, who, q, retain=w.retain, reference=w.agreement_no)
    await enter_recovered(session, who, parcel, w.agreement_no)  # Z10: into the reserve
    await record_on(
        session,
        w,
        action="homestead_withdrawal.pay",
        by=who,
        rule="Z7",
        data={"payer": body.payer, "compensation_fen": w.compensation_fen},
    )
    c = await get_collective(session, w.collective_id)
    await record_event(
        session,
        HomesteadWithdrawn(
            withdrawal_id=w.id,
            household_id=w.household_id,
            collective_id=w.collective_id,
            collective_name=c.name,
            county=w.county,
            township=w.township,
            parcel_id=w.parcel_id,
            certificate_no=w.certificate_no,
            agreement_no=w.agreement_no,
            compensation=from_fen(w.compensation_fen),
            paid_at=w.paid_at,
        ),
    )
    return w
