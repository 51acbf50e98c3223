"""入市信息公开 — the public board of land entering the market (DOMAIN E16, E11).

Read without a token: the county's supply plans with the area left per use, the deals'
results and, once settled, E11's disclosure of the price, the fund, the taxes and fees
and the spending, and the county's 入市 policy documents, which the natural resources
bureau publishes. Nothing personal is shown: a natural person's name and ID are masked
(common.ids), adjusted users and members are never named (totals only).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import check_bureau
from collective.entrydisclosure import repository
from collective.entrydisclosure.models import EntryPolicy
from collective.entrydisclosure.schemas import (
    PolicyIn,
    PublicDisclosure,
    PublicPolicy,
    PublicResult,
    PublicSupplyPlan,
    SupplyUse,
)
from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.ids import IdNumberError, mask_name, mask_resident_id, validate_resident_id
from common.keys import new_id
from common.money import from_fen
from common.problems import invalid_field


async def supply_plans(session: AsyncSession, county: str) -> list[PublicSupplyPlan]:
    plans = await repository.supply_plans(session, county)
    used: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for p in await repository.plans_in(session, [s.id for s in plans]):
        used[p.supply_plan_id or ""][p.land_use] += p.area_m2
    out = []
    for s in plans:
        rows = []
        for use in sorted(set(s.quotas_m2) | set(used[s.id])):
            quota = Decimal(s.quotas_m2.get(use, "0"))
            taken = used[s.id][use]
            rows.append(SupplyUse(use=use, quota_m2=quota, used_m2=taken, left_m2=quota - taken))
        out.append(PublicSupplyPlan(county=s.county, year=s.year, reference=s.reference, uses=rows))
    return out


def _buyer(name: str, code: str) -> tuple[str, str]:
    """A legal person's name and credit code are public; anything that reads as a
    resident ID is a natural person's, and masked with the name (L14)."""
    try:
        validate_resident_id(code)
    except IdNumberError:
        return name, code
    return mask_name(name), mask_resident_id(code)


async def results(
    session: AsyncSession, county: str, limit: int, offset: int
) -> list[PublicResult]:
    out = []
    for d, p in await repository.deals(session, county, settled=False, limit=limit, offset=offset):
        buyer_name, buyer_code = _buyer(d.buyer_name, d.buyer_credit_code)
        out.append(
            PublicResult(
                deal_id=d.id,
                county=d.county,
                township=d.township,
                parcel_number=p.parcel_number,
                location=str(p.survey.get("location", "")),
                area_m2=p.area_m2,
                land_use=p.land_use,
                way=p.way,
                term_years=p.term_years,
                trading_method=p.trading_method,
                price=from_fen(d.price_fen),
                buyer_name=buyer_name,
                buyer_code=buyer_code,
                status=d.status,
                concluded_at=d.concluded_at,
                publicity_ends_at=d.publicity_ends_at,
                contract_no=d.contract_no,
                filed=d.filed_at is not None,
            )
        )
    return out


async def disclosures(
    session: AsyncSession, county: str, limit: int, offset: int
) -> list[PublicDisclosure]:
    rows = await repository.deals(session, county, settled=True, limit=limit, offset=offset)
    return [
        PublicDisclosure(
            deal_id=d.id,
            county=d.county,
            township=d.township,
            parcel_number=p.parcel_number,
            price=from_fen(d.price_fen),
            adjustment_fund=from_fen(d.fund_fen or 0),
            taxes_fees=from_fen(d.taxes_fen or 0),
            retention=from_fen(d.retention_fen or 0),
            member_distributions=from_fen(d.members_fen or 0),
            members_paid=len(d.payouts or []),
            settled_at=d.settled_at,
        )
        for d, p in rows
    ]


async def publish_policy(
    session: AsyncSession, who: Principal, county: str, body: PolicyIn
) -> EntryPolicy:
    """The county's natural resources bureau publishes a 入市 policy document (E16); it
    must point at its text, a stored PDF or a link."""
    check_bureau(who, county)
    if (body.document_id is None) == (body.url is None):
        raise invalid_field(
            "document_id",
            "E16",
            "give the policy's PDF (document_id) or its link (url), one of them",
            "须提供政策文件的PDF或链接（二选一）",
        )
    policy = EntryPolicy(
        id=new_id(),
        county=county,
        title=body.title,
        document_no=body.document_no,
        issued_on=body.issued_on,
        document_id=body.document_id,
        url=body.url,
        published_by=who.subject,
        published_at=now(session),
    )
    session.add(policy)
    await session.flush()
    await record_on(session, policy, action="entry_policy.publish", by=who, rule="E16")
    return policy


async def policies(session: AsyncSession, county: str) -> list[PublicPolicy]:
    """The county's policy documents, newest first (E16)."""
    return [
        PublicPolicy.model_validate(p, from_attributes=True)
        for p in await repository.policies(session, county)
    ]
