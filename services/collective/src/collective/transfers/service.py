"""Transfer, gift and swap of homesteads inside the collective — 宅基地转让、赠与、互换
(DOMAIN Z5), recorded by the village homestead officer.

Every case: the holder's voluntary declaration, the collective's X5 decision and a model
contract (Z14). The transferee is a qualified household of the same collective that would
not hold more than one homestead. A surplus homestead (一户多宅) needs the holder's will and
X5; a household's only homestead also needs proof of another long-term residence and
every adult member's consent, or is forbidden where the county says so. A swap is two
linked transfers checked together and written in one transaction: a swap that fails on
one side changes neither. A parcel flagged ``violation`` (Z12), with an open dispute (X6)
or whose right carries an active lien (registry's lien events, the projection withdrawals
keep) is refused.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import Readable, check_village
from collective.cases.service import parcel_blocks
from collective.collectives.models import Household
from collective.collectives.service import members
from collective.contracts.service import citation_problems
from collective.liens.repository import active_liens
from collective.liens.service import flag_problems
from collective.params import PARAMS
from collective.parcels.models import Parcel
from collective.parcels.repository import of_household
from collective.pilot.service import pilot_problems
from collective.qualifications import repository as qualifications
from collective.qualifications.states import QUALIFIED
from collective.resolutions.service import actionable_problems
from collective.transfers.models import HomesteadTransfer
from collective.transfers.schemas import SideIn, SwapIn, TransferIn
from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.keys import new_id
from common.money import to_fen
from common.problems import FieldProblem, Refusal, not_found

_refused = Refusal(
    "homestead-transfer-refused", "The homestead transfer is refused", "宅基地流转不予办理"
)


@dataclass
class Side:
    body: SideIn
    prefix: str
    parcel: Parcel | None = None
    giver: Household | None = None
    taker: Household | None = None
    surplus: bool = False


TRANSFERS = Readable(HomesteadTransfer, "homestead transfer", "宅基地流转")
get_transfer = TRANSFERS.get
read_transfer = TRANSFERS.read


def _p(side: Side, field: str, rule: str, en: str, zh: str) -> FieldProblem:
    return FieldProblem(f"{side.prefix}{field}", rule, en, zh)


async def _side_problems(
    session: AsyncSession, side: Side, collective_id: str, balance: Counter[str]
) -> list[FieldProblem]:
    """Everything wrong with one side; ``balance`` counts parcels each household gains
    (+) or gives (−) in the whole record, so a swap is judged as one."""
    b = side.body
    problems: list[FieldProblem] = []
    side.parcel = await session.get(Parcel, b.parcel_id)
    side.taker = await session.get(Household, b.to_household_id)
    if side.parcel is None or side.parcel.household_id is None:
        return [_p(side, "parcel_id", "Z5", "no household's homestead", "该宗地不属于任何农户")]
    side.giver = await session.get(Household, side.parcel.household_id)
    assert side.giver is not None
    if side.parcel.collective_id != collective_id:
        problems.append(
            _p(side, "parcel_id", "Z5", "a parcel of another collective", "非本集体宗地")
        )
    if side.parcel.violation:
        problems.append(
            _p(
                side,
                "parcel_id",
                "Z5",
                "the parcel is flagged for a violation (an open case, Z12)",
                "该宗地存在违法违规情形",
            )
        )
    # an open ownership dispute (X6) or violation case (Z12) on the parcel: not while open
    problems += [
        _p(side, "parcel_id", b.rule, b.message_en, b.message_zh)
        for b in await parcel_blocks(session, side.parcel.id)
    ]
    liens = (
        await active_liens(session, side.parcel.certificate_no)
        if side.parcel.certificate_no
        else []
    )
    problems += [  # Z7's "a dispute or seizure" holds for every change of hands (Z5)
        _p(side, "parcel_id", b.rule, b.message_en, b.message_zh)
        for b in await flag_problems(
            session, side.parcel.certificate_no, field="parcel_id", rule="Z5"
        )
    ]
    if liens:  # Z5: a lien first discharged (清偿注销), then the homestead changes hands
        problems.append(
            _p(
                side,
                "parcel_id",
                "Z5",
                f"the right carries an active lien ({', '.join(liens)})",
                "该宅基地使用权存在未注销的抵押权",
            )
        )
    if side.parcel.origin == "unlawful":
        problems.append(
            _p(side, "parcel_id", "Z5", "an unlawfully occupied parcel", "非法占用的宅基地不得流转")
        )
    if side.taker is None or side.taker.collective_id != collective_id:
        problems.append(
            _p(
                side,
                "to_household_id",
                "Z5",
                "the transferee is not a household of the same collective",
                "受让方须为本集体经济组织农户",
            )
        )
    else:
        q = await qualifications.active_of(session, side.taker.id)
        if q is None or q.status not in QUALIFIED:
            problems.append(
                _p(
                    side,
                    "to_household_id",
                    "Z5",
                    "the transferee holds no homestead qualification",
                    "受让方无宅基地资格权",
                )
            )
        held = len(await of_household(session, side.taker.id))
        if held + balance[side.taker.id] > 1:
            problems.append(
                _p(
                    side,
                    "to_household_id",
                    "Z5",
                    "the transferee would hold more than one homestead",
                    "受让后将超过一户一宅",
                )
            )
    owned = len(await of_household(session, side.giver.id))
    side.surplus = owned > 1
    if owned + balance[side.giver.id] < 1:  # the household's only homestead, none back
        problems += await _only_homestead_problems(session, side)
    return problems


async def _only_homestead_problems(session: AsyncSession, side: Side) -> list[FieldProblem]:
    assert side.giver is not None
    if await PARAMS.get(session, side.giver.county, "only_homestead_transfer") == "forbidden":
        return [
            _p(
                side,
                "parcel_id",
                "Z5",
                "the county forbids transferring a household's only homestead",
                "本县不允许转让农户唯一住宅的宅基地",
            )
        ]
    problems: list[FieldProblem] = []
    if not side.body.residence_proof:
        problems.append(
            _p(
                side,
                "residence_proof",
                "Z5",
                "an only homestead needs proof of another long-term residence",
                "转让唯一宅基地须提供其他长期稳定住所证明",
            )
        )
    adults = {m.party_id for m in await members(session, side.giver.id) if m.adult}
    missing = sorted(adults - set(side.body.consents))
    if missing:
        problems.append(
            _p(
                side,
                "consents",
                "Z5",
                f"every adult member consents; missing {', '.join(missing)}",
                "须经家庭全体成年成员同意",
            )
        )
    return problems


async def _check(
    session: AsyncSession,
    who: Principal,
    sides: list[Side],
    *,
    kind: str,
    resolution_id: str,
    template_id: str,
    contract_fields: dict[str, str],
    extra: list[FieldProblem] | None = None,
) -> str:
    """Every reason on every side at once; returns the collective."""
    first = await session.get(Parcel, sides[0].body.parcel_id)
    if first is None:
        raise not_found(f"parcel {sides[0].body.parcel_id}", "宗地不存在")
    check_village(who, first.collective_id)
    balance: Counter[str] = Counter()
    for s in sides:
        p = await session.get(Parcel, s.body.parcel_id)
        if p is not None and p.household_id is not None:
            balance[p.household_id] -= 1
        balance[s.body.to_household_id] += 1
    problems: list[FieldProblem] = list(extra or [])
    problems += await pilot_problems(session, first.collective_id, field="parcel_id")
    for s in sides:
        problems += await _side_problems(session, s, first.collective_id, balance)
    if len({s.body.parcel_id for s in sides}) < len(sides):
        problems.append(FieldProblem("second.parcel_id", "Z5", "the same parcel twice", "同一宗地"))
    problems += await actionable_problems(
        session,
        resolution_id,
        collective_id=first.collective_id,
        matters=("homestead",),
    )
    problems += await citation_problems(
        session, template_id, contract_fields, kind=kind, county=first.county
    )
    if problems:
        raise _refused(problems)
    return first.collective_id


async def _write(
    session: AsyncSession,
    who: Principal,
    side: Side,
    *,
    kind: str,
    price_fen: int,
    swap_id: str | None,
    resolution_id: str,
    template_id: str,
    contract_fields: dict[str, str],
) -> HomesteadTransfer:
    assert side.parcel and side.giver and side.taker
    t = HomesteadTransfer(
        id=new_id(),
        kind=kind,
        swap_id=swap_id,
        collective_id=side.parcel.collective_id,
        county=side.parcel.county,
        township=side.parcel.township,
        parcel_id=side.parcel.id,
        from_household_id=side.giver.id,
        to_household_id=side.taker.id,
        price_fen=price_fen,
        surplus=side.surplus,
        declaration_ref=side.body.declaration_ref,
        resolution_id=resolution_id,
        residence_proof=side.body.residence_proof,
        consents=list(side.body.consents),
        template_id=template_id,
        contract_fields=contract_fields,
        recorded_at=now(session),
    )
    session.add(t)
    side.parcel.household_id = side.taker.id
    await record_on(
        session,
        side.parcel,
        action="parcel.transferred",
        by=who,
        rule="Z5",
        data={"from": side.giver.id, "to": side.taker.id, "transfer_id": t.id},
    )
    await record_on(session, t, action=f"homestead_transfer.{kind}", by=who, rule="Z5")
    return t


async def transfer(session: AsyncSession, who: Principal, body: TransferIn) -> HomesteadTransfer:
    """A transfer or a gift of one homestead."""
    side = Side(body, "")
    price_fen = to_fen(body.price)
    await _check(
        session,
        who,
        [side],
        kind=body.kind,
        resolution_id=body.resolution_id,
        template_id=body.contract.template_id,
        contract_fields=body.contract.fields,
        extra=[FieldProblem("price", "Z5", "a gift has no price", "赠与无对价")]
        if body.kind == "gift" and price_fen != 0
        else [],
    )
    return await _write(
        session,
        who,
        side,
        kind=body.kind,
        price_fen=price_fen,
        swap_id=None,
        resolution_id=body.resolution_id,
        template_id=body.contract.template_id,
        contract_fields=body.contract.fields,
    )


async def swap(session: AsyncSession, who: Principal, body: SwapIn) -> list[HomesteadTransfer]:
    """Two linked transfers in one transaction (互换): both sides checked first, every
    reason at once; any failure leaves both parcels where they were."""
    sides = [Side(body.first, "first."), Side(body.second, "second.")]
    await _check(
        session,
        who,
        sides,
        kind="swap",
        resolution_id=body.resolution_id,
        template_id=body.contract.template_id,
        contract_fields=body.contract.fields,
    )
    swap_id = new_id()
    return [
        await _write(
            session,
            who,
            s,
            kind="swap",
            price_fen=0,
            swap_id=swap_id,
            resolution_id=body.resolution_id,
            template_id=body.contract.template_id,
            contract_fields=body.contract.fields,
        )
        for s in sides
    ]
