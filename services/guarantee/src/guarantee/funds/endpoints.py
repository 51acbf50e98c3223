"""County fund endpoints (G8, G10): county finance pays in and pays out; supervisors read."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role, require
from common.county_config import COUNTY_CODE
from common.money import from_fen, to_fen
from common.routes import SessionDep
from common.routes import router as make_router
from guarantee.access import require_own_county
from guarantee.funds import repository, service
from guarantee.funds.schemas import (
    DepositIn,
    DepositOut,
    ForceMajeureIn,
    FundName,
    FundOut,
    HousingClaimIn,
    InterestSubsidyIn,
    PaymentOut,
    ResidenceSupportIn,
)
from guarantee.funds.views import fund_out, payment_out

router = make_router(prefix="/funds", tags=["county funds — 县级资金"])
FINANCE = Annotated[Principal, require(Role.county_finance, org_types=(OrgType.county,))]
READERS = Annotated[
    Principal, require(Role.county_finance, Role.supervisor, org_types=(OrgType.county,))
]
County = Path(pattern=COUNTY_CODE)


@router.get("/{county}/{fund}", response_model=FundOut)
async def fund_view(
    fund: FundName, session: SessionDep, who: READERS, county: str = County
) -> FundOut:
    """Balance, every ledger entry and every payment of a county fund; the queue of
    payments waiting for money, head first, and the payment that blocks it (G8)."""
    require_own_county(who, county)
    await service.ensure_open(session, who, county, fund)
    return fund_out(
        county,
        fund,
        await repository.balance(session, county, fund),
        await repository.ledger(session, county, fund),
        await repository.payments(session, county, fund),
    )


@router.post("/{county}/{fund}/deposits", response_model=DepositOut, status_code=201)
async def deposit(
    fund: FundName, body: DepositIn, session: SessionDep, who: FINANCE, county: str = County
) -> DepositOut:
    """Pay money into the fund; queued payments it now covers are paid, oldest first."""
    require_own_county(who, county)
    paid = await service.deposit(session, who, county, fund, to_fen(body.amount), note=body.note)
    return DepositOut(
        balance=from_fen(await repository.balance(session, county, fund)),
        paid_from_queue=[payment_out(p) for p in paid],
    )


@router.post("/{county}/risk_fund/claims", response_model=PaymentOut, status_code=201)
async def force_majeure_claim(
    body: ForceMajeureIn, session: SessionDep, who: FINANCE, county: str = County
) -> PaymentOut:
    """G10: the risk compensation fund shares a force-majeure loss (refused when short)."""
    return await _claim(session, who, county, body, service.RISK_FUND)


@router.post("/{county}/risk_fund/interest-subsidies", response_model=PaymentOut, status_code=201)
async def interest_subsidy(
    body: InterestSubsidyIn, session: SessionDep, who: FINANCE, county: str = County
) -> PaymentOut:
    """G10: an interest subsidy (贴息) from the risk compensation fund (refused when short)."""
    return await _subsidy(session, who, county, body, service.RISK_FUND)


@router.post("/{county}/housing_fund/claims", response_model=PaymentOut, status_code=201)
async def housing_claim(
    body: HousingClaimIn, session: SessionDep, who: FINANCE, county: str = County
) -> PaymentOut:
    """G17: the housing and homestead risk sub-fund shares a force-majeure loss on a
    farm-house or homestead lien (refused, nothing paid, when its balance is short)."""
    return await _claim(session, who, county, body, service.HOUSING_FUND)


@router.post("/{county}/housing_fund/residence-support", response_model=PaymentOut, status_code=201)
async def residence_support(
    body: ResidenceSupportIn, session: SessionDep, who: FINANCE, county: str = County
) -> PaymentOut:
    """G17: residence support (居住保障) for a household during its farm house's disposal:
    the county's amount per household per month × months (refused when short)."""
    require_own_county(who, county)
    payment = await service.residence_support(
        session,
        who,
        county,
        household_id=body.household_id,
        disposal_reference=body.disposal_reference,
        certificate_no=body.certificate_no,
        months=body.months,
        note=body.note,
    )
    return payment_out(payment)


@router.post(
    "/{county}/housing_fund/interest-subsidies", response_model=PaymentOut, status_code=201
)
async def housing_interest_subsidy(
    body: InterestSubsidyIn, session: SessionDep, who: FINANCE, county: str = County
) -> PaymentOut:
    """G17: an interest subsidy (贴息) on a housing loan from the housing sub-fund."""
    return await _subsidy(session, who, county, body, service.HOUSING_FUND)


async def _claim(
    session: AsyncSession,
    who: Principal,
    county: str,
    body: ForceMajeureIn | HousingClaimIn,
    fund: str,
) -> PaymentOut:
    """A force-majeure share from ``fund`` (G10 risk fund, G17 housing sub-fund)."""
    require_own_county(who, county)
    payment = await service.force_majeure_claim(
        session,
        who,
        county,
        lender_org_id=body.lender_org_id,
        loan_reference=body.loan_reference,
        certificate_no=body.certificate_no,
        cause=body.cause,
        loss_fen=to_fen(body.loss),
        fund=fund,
    )
    return payment_out(payment)


async def _subsidy(
    session: AsyncSession, who: Principal, county: str, body: InterestSubsidyIn, fund: str
) -> PaymentOut:
    """An interest subsidy (贴息) from ``fund`` (G10 risk fund, G17 housing sub-fund)."""
    require_own_county(who, county)
    payment = await service.interest_subsidy(
        session,
        who,
        county,
        lender_org_id=body.lender_org_id,
        loan_reference=body.loan_reference,
        certificate_no=body.certificate_no,
        amount_fen=to_fen(body.amount),
        note=body.note,
        fund=fund,
    )
    return payment_out(payment)
