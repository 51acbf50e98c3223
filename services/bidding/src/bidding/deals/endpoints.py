"""Deal endpoints — 成交、合同、结算 (DOMAIN B5, B6, X3)."""

from __future__ import annotations

from fastapi import Depends
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bidding.deals import service as svc
from bidding.deals.models import Deal
from bidding.deals.schemas import ContractIn, DealOut, DefaultDecisionIn, LedgerOut, PaymentIn
from bidding.deposits.endpoints import BANK, require_idempotency_key
from bidding.ledger.service import trial_balance
from bidding.parties import (
    BUYER_ORGS,
    SELLER_ORGS,
    is_county_staff,
    not_a_party,
    party_of,
    same_county_or_forbidden,
)
from bidding.sessions.models import Bid, Bidder, SealedTender, TradeSession
from common.app import router as make_router
from common.audit import record_decision
from common.auth import OrgType, Principal, Role, require
from common.db import get_session
from common.money import format_yuan, from_fen, to_fen
from common.problems import Problem

router = make_router(tags=["deals — 成交与结算"])
STAFF = require(Role.exchange_staff, org_types=(OrgType.county,))


def deal_out(d: Deal, ts: TradeSession) -> DealOut:
    def m(fen: int | None):
        return None if fen is None else from_fen(fen)

    return DealOut(
        trade_id=d.id,
        confirmation_no=d.confirmation_no,
        listing_id=d.listing_id,
        session_id=d.session_id,
        round=d.round,
        status=d.status,
        mode=ts.mode,
        title=ts.title,
        product=ts.product,
        way=ts.way,
        seller_party_id=ts.seller_party_id,
        seller_name=ts.seller_name,
        buyer_party_id=d.buyer_party_id,
        buyer_name=d.buyer_name,
        price=from_fen(d.price_fen),
        via_priority=d.via_priority,
        deposit_applied=from_fen(d.deposit_applied_fen),
        paid=from_fen(d.paid_fen),
        balance_due=from_fen(d.price_fen - d.paid_fen),
        term_start=ts.term_start,
        term_end=ts.term_end,
        concluded_at=d.concluded_at,
        contract_deadline=d.contract_deadline,
        contract_no=d.contract_no,
        signed_at=d.signed_at,
        settled_at=d.settled_at,
        fees=m(d.fee_fen),
        to_lender=m(d.to_lender_fen),
        to_seller=m(d.to_seller_fen),
        released_at=d.released_at,
    )


async def _deal_and_session(
    session: AsyncSession, deal_id: str, *, lock: bool = False
) -> tuple[Deal, TradeSession]:
    deal = await svc.get_deal(session, deal_id, lock=lock)
    ts = await session.get(TradeSession, deal.session_id)
    assert ts is not None
    return deal, ts


@router.get("/listings/{listing_id}/deals", response_model=list[DealOut])
async def deals_of_listing(
    listing_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = require(Role.exchange_staff, Role.supervisor, Role.auctioneer),
) -> list[DealOut]:
    rows = (
        (
            await session.execute(
                select(Deal).where(Deal.listing_id == listing_id).order_by(Deal.round)
            )
        )
        .scalars()
        .all()
    )
    out = []
    for d in rows:
        ts = await session.get(TradeSession, d.session_id)
        assert ts is not None
        same_county_or_forbidden(who, ts.county)
        out.append(deal_out(d, ts))
    return out


@router.get("/me/deals", response_model=list[DealOut])
async def my_deals(
    session: AsyncSession = Depends(get_session),
    who: Principal = require(Role.buyer),
) -> list[DealOut]:
    """The caller's own deals as buyer, newest first (the latest 100), each with its
    trade id (B5, X3): a buyer finds its deals without knowing their ids."""
    if who.org.type not in BUYER_ORGS:
        raise not_a_party()
    return [deal_out(d, ts) for d, ts in await svc.deals_of_buyer(session, party_of(who))]


@router.get("/deals/{trade_id}", response_model=DealOut)
async def get_deal(
    trade_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = require(
        Role.buyer, Role.seller, Role.exchange_staff, Role.supervisor, Role.auctioneer
    ),
) -> DealOut:
    """The deal confirmation — for the county's staff, the buyer and the seller (X3)."""
    deal, ts = await _deal_and_session(session, trade_id)
    if is_county_staff(who):
        same_county_or_forbidden(who, ts.county)
    elif (
        who.has(Role.buyer) and who.org.type in BUYER_ORGS and party_of(who) == deal.buyer_party_id
    ):
        pass
    elif (
        who.has(Role.seller) and who.org.type in SELLER_ORGS and party_of(who) == ts.seller_party_id
    ):
        pass
    else:
        raise not_a_party()
    return deal_out(deal, ts)


@router.post("/deals/{trade_id}/contract", response_model=DealOut)
async def sign_contract(
    trade_id: str,
    body: ContractIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> DealOut:
    """The centre records the signed contract (B6); listing publishes it (L14)."""
    deal, ts = await _deal_and_session(session, trade_id, lock=True)
    same_county_or_forbidden(who, ts.county)
    await svc.sign_contract(session, deal, ts, body.contract_no, who)
    return deal_out(deal, ts)


@router.post("/settlement/payments", response_model=DealOut, status_code=201)
async def balance_paid(
    body: PaymentIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = BANK,
    _key: str = Depends(require_idempotency_key),
) -> DealOut:
    """A bank reports the buyer's payment into the settlement account (B6)."""
    deal, ts = await _deal_and_session(session, body.trade_id, lock=True)
    await svc.record_balance_payment(session, deal, ts, to_fen(body.amount), body.bank_reference)
    return deal_out(deal, ts)


@router.post("/deals/{trade_id}/default-decision", response_model=list[DealOut])
async def default_decision(
    trade_id: str,
    body: DefaultDecisionIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = STAFF,
) -> list[DealOut]:
    """After a default the centre decides (B5): relist, or offer to the next bidder."""
    deal, ts = await _deal_and_session(session, trade_id, lock=True)
    same_county_or_forbidden(who, ts.county)
    if deal.status != "defaulted" or deal.default_decision is not None:
        raise Problem(
            409,
            "no-default-to-decide",
            "This deal has no open default to decide",
            "该成交没有待决定的违约",
            rule="B5",
        )
    deal.default_decision = body.action
    data: dict[str, object] = {"action": body.action}
    made = [deal_out(deal, ts)]
    if body.action == "offer_next":
        nxt = await _next_bidder(session, ts, exclude={deal.buyer_party_id})
        if nxt is None:
            raise Problem(
                409,
                "no-next-bidder",
                "There is no other bidder to offer it to",
                "没有其他竞买人可以递补",
                rule="B5",
            )
        party, price = nxt
        bidder = await session.get(Bidder, (ts.id, party))
        assert bidder is not None
        rounds = await session.scalar(select(func.max(Deal.round)).where(Deal.session_id == ts.id))
        new = await svc.create_deal(
            session,
            ts,
            buyer_party_id=party,
            buyer_name=bidder.name,
            price_fen=price,
            via_priority=False,
            bids_count=ts.bid_count,
            round_=(rounds or 1) + 1,
        )
        data.update({"next_buyer": party, "price": format_yuan(price), "trade_id": new.id})
        made.append(deal_out(new, ts))
    await record_decision(
        session,
        subject_type="deal",
        subject_id=deal.id,
        action=f"default.{body.action}",
        by=who,
        reason=body.reason,
        rule="B5",
        data=data,
    )
    return made


async def _next_bidder(
    session: AsyncSession, ts: TradeSession, exclude: set[str]
) -> tuple[str, int] | None:
    """The best other bidder at their own best price (ascending) or next in rank (tender)."""
    excluded = set(exclude)
    previous = (
        await session.execute(select(Deal.buyer_party_id).where(Deal.session_id == ts.id))
    ).scalars()
    excluded.update(previous)
    if ts.mode == "tender":
        rows = await session.execute(
            select(SealedTender.party_id, SealedTender.amount_fen)
            .where(SealedTender.session_id == ts.id, SealedTender.valid.is_(True))
            .order_by(SealedTender.rank)
        )
    else:
        rows = await session.execute(
            select(Bid.party_id, func.max(Bid.amount_fen).label("best"), func.min(Bid.id))
            .where(Bid.session_id == ts.id)
            .group_by(Bid.party_id)
            .order_by(func.max(Bid.amount_fen).desc(), func.min(Bid.id))
        )
    for row in rows:
        if row[0] not in excluded:
            return row[0], int(row[1])
    return None


@router.get("/listings/{listing_id}/ledger", response_model=LedgerOut)
async def ledger_of_listing(
    listing_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = require(Role.exchange_staff, Role.supervisor, Role.county_finance),
) -> LedgerOut:
    """The listing's accounts (B5, B6): deposits held, price held, cash, fees, forfeits."""
    from bidding.listings.models import ListingView

    listing = await session.get(ListingView, listing_id)
    if listing is None:
        raise Problem(404, "not-found", "Listing not found", "挂牌项目不存在", rule="X4")
    same_county_or_forbidden(who, listing.county)
    balances = await trial_balance(session, listing_id)
    return LedgerOut(
        listing_id=listing_id,
        balances={k: format_yuan(v).replace(",", "") for k, v in sorted(balances.items())},
        trial_balance=format_yuan(sum(balances.values())).replace(",", ""),
    )
