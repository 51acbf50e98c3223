"""Deal endpoints — 成交、合同、结算 (DOMAIN B5, B6, X3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from bidding.access import (
    BUYER_ORGS,
    is_buyer,
    is_county_staff,
    is_seller,
    not_a_party,
    party_of,
    require_trade_county,
)
from bidding.deals import conclusion, repository
from bidding.deals import service as svc
from bidding.deals.schemas import (
    CallbackOut,
    ContractIn,
    DealOut,
    DefaultDecisionIn,
    LedgerOut,
    PaymentIn,
)
from bidding.deals.views import deal_out, ledger_out
from bidding.deposits.endpoints import BANK, require_idempotency_key
from bidding.ledger import service as ledger
from bidding.sessions import repository as sessions
from bidding.sessions.schemas import SessionState
from bidding.sessions.views import view
from common.auth import OrgType, Principal, Role, require
from common.money import to_fen
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["deals — 成交与结算"])
STAFF = Annotated[Principal, require(Role.exchange_staff, org_types=(OrgType.county,))]


@router.get("/listings/{listing_id}/deals", response_model=list[DealOut])
async def deals_of_listing(
    listing_id: str,
    session: SessionDep,
    who: Principal = require(Role.exchange_staff, Role.supervisor, Role.auctioneer),
) -> list[DealOut]:
    return [deal_out(d, ts) for d, ts in await svc.deals_of_listing(session, who, listing_id)]


@router.get("/me/deals", response_model=list[DealOut])
async def my_deals(session: SessionDep, who: Principal = require(Role.buyer)) -> list[DealOut]:
    """The caller's own deals as buyer, newest first (the latest 100), each with its
    trade id (B5, X3): a buyer finds its deals without knowing their ids."""
    if who.org.type not in BUYER_ORGS:
        raise not_a_party()
    return [deal_out(d, ts) for d, ts in await repository.deals_of_buyer(session, party_of(who))]


@router.get("/deals/{trade_id}", response_model=DealOut)
async def get_deal(
    trade_id: str,
    session: SessionDep,
    who: Principal = require(
        Role.buyer, Role.seller, Role.exchange_staff, Role.supervisor, Role.auctioneer
    ),
) -> DealOut:
    """The deal confirmation — for the county's staff, the buyer and the seller (X3)."""
    deal, ts = await repository.deal_and_session(session, trade_id)
    if is_county_staff(who):
        require_trade_county(who, ts.county)
    elif not (is_buyer(who, deal.buyer_party_id) or is_seller(who, ts.seller_party_id)):
        raise not_a_party()
    return deal_out(deal, ts)


@router.post("/deals/{trade_id}/contract", response_model=DealOut)
async def sign_contract(
    trade_id: str, body: ContractIn, session: SessionDep, who: STAFF
) -> DealOut:
    """The centre records the signed contract (B6); listing publishes it (L14)."""
    deal, ts = await repository.deal_and_session(session, trade_id, lock=True)
    require_trade_county(who, ts.county)
    await svc.sign_contract(session, who, deal, ts, body.contract_no)
    return deal_out(deal, ts)


@router.post("/settlement/payments", response_model=DealOut, status_code=201)
async def balance_paid(
    body: PaymentIn, session: SessionDep, who: BANK, _key: str = Depends(require_idempotency_key)
) -> DealOut:
    """A bank reports the buyer's payment into the settlement account (B6)."""
    deal, ts = await repository.deal_and_session(session, body.trade_id, lock=True)
    await svc.record_balance_payment(
        session, who, deal, ts, to_fen(body.amount), body.bank_reference
    )
    return deal_out(deal, ts)


@router.get("/bank-callbacks", response_model=list[CallbackOut])
async def bank_callbacks(session: SessionDep, who: BANK) -> list[dict[str, object]]:
    """回调记录: the deposit and settlement callbacks the caller's bank sent (B5, B6), as
    they arrived, newest first (its latest 200) — only its own (X3). The bank console's
    log."""
    return await svc.bank_callbacks(session, who)


@router.post("/deals/{trade_id}/default-decision", response_model=list[DealOut])
async def default_decision(
    trade_id: str, body: DefaultDecisionIn, session: SessionDep, who: STAFF
) -> list[DealOut]:
    """After a default the centre decides (B5): relist, or offer to the next bidder."""
    deal, ts = await repository.deal_and_session(session, trade_id, lock=True)
    require_trade_county(who, ts.county)
    made = await svc.decide_default(session, who, deal, ts, body.action, body.reason)
    return [deal_out(d, ts) for d in made]


@router.get("/listings/{listing_id}/ledger", response_model=LedgerOut)
async def ledger_of_listing(
    listing_id: str,
    session: SessionDep,
    who: Principal = require(Role.exchange_staff, Role.supervisor, Role.county_finance),
) -> LedgerOut:
    """The listing's accounts (B5, B6): deposits held, price held, cash, fees, forfeits."""
    return ledger_out(listing_id, await ledger.ledger_of_listing(session, who, listing_id))


@router.post("/sessions/{session_id}/negotiation/conclude", response_model=SessionState)
async def negotiation_conclude(session_id: str, session: SessionDep, who: STAFF) -> SessionState:
    """The centre issues the deal confirmation once both sides confirmed (B1). (Served by
    the deals area: the conclusion issues a deal, and sessions never import deals.)"""
    ts = await sessions.get_session(session, session_id, lock=True)
    require_trade_county(who, ts.county)
    await conclusion.conclude_negotiation(session, who, ts)
    return await view(session, ts, who)
