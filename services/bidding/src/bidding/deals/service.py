"""Deals — 成交 (DOMAIN B5, B6): confirmation, contract, payment, release, default."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bidding.access import require_trade_county
from bidding.deals import repository
from bidding.deals.models import Deal
from bidding.deals.states import DEAL
from bidding.deposits import service as deposits
from bidding.ledger import rules as postings
from bidding.ledger.service import post
from bidding.listings.models import DisposalView, ListingView
from bidding.params import PARAMS, working_days_deadline
from bidding.sessions.models import Bidder, TradeSession
from common.audit import org_label, record_on
from common.auth import Principal
from common.clock import local_date
from common.context import now as clock_now
from common.contracts.bidding import (
    ContractSigned,
    FundsReleased,
    SettlementCompleted,
    TradeConcluded,
    TradeFailed,
)
from common.contracts.collective import EntryPublicityStarted, EntrySettled
from common.keys import new_id
from common.money import apply_rate, format_yuan, from_fen, to_fen
from common.outbox import record_event
from common.problems import Problem, invalid_field
from common.scheduler import cancel_timer, schedule_timer

CONTRACT_DEADLINE = "deal.contract_deadline"
#: the audit action of a bank's settlement payment callback (B6)
BALANCE_PAID = "deal.balance_paid"
#: how many of a bank's latest callbacks its log shows
CALLBACK_LOG_SIZE = 200

DealHook = Callable[[AsyncSession, "Principal | None", Deal], Awaitable[None]]
#: What later areas do, in the same unit of work, when a deal becomes void before its
#: contract (the winner defaulted, or the listing was terminated): the documents area
#: revokes the deal confirmation. They subscribe in ``bidding.main``, so the deals area
#: never imports an area declared after it (docs/service-shape.md).
ON_VOID: list[DealHook] = []


async def deal_void(session: AsyncSession, who: Principal | None, deal: Deal) -> None:
    for hook in ON_VOID:
        await hook(session, who, deal)


async def create_deal(
    session: AsyncSession,
    who: Principal | None,
    ts: TradeSession,
    *,
    buyer_party_id: str,
    buyer_name: str,
    price_fen: int,
    via_priority: bool,
    bids_count: int,
    round_: int = 1,
) -> Deal:
    """Issue the deal confirmation (成交确认书, B6); the winner's deposit joins the price (B5).
    An 入市 listing's trade names its plan: the collective records it as its entry deal (E9)."""
    now = clock_now(session)
    deadline = await working_days_deadline(session, ts.county, "contract_signing_working_days")
    applied = await deposits.apply_to_price(session, who, ts.listing_id, buyer_party_id)
    deal_id = new_id()
    deal = Deal(
        id=deal_id,
        session_id=ts.id,
        listing_id=ts.listing_id,
        county=ts.county,
        confirmation_no=f"CJ{ts.county}{local_date(now):%Y%m%d}{deal_id[:8].upper()}",
        round=round_,
        status="awaiting_contract",
        buyer_party_id=buyer_party_id,
        buyer_name=buyer_name,
        price_fen=price_fen,
        deposit_applied_fen=applied,
        paid_fen=applied,
        via_priority=via_priority,
        concluded_at=now,
        contract_deadline=deadline,
    )
    session.add(deal)
    await session.flush()
    await schedule_timer(session, CONTRACT_DEADLINE, deal.id, deadline)
    await record_on(
        session,
        deal,
        action="deal.confirmed",
        by=who,
        rule="B6",
        reason=f"{ts.mode} trade concluded at {format_yuan(price_fen)}",
        data={"buyer": buyer_party_id, "price_fen": price_fen, "via_priority": via_priority},
    )
    await record_event(
        session,
        TradeConcluded(
            listing_id=ts.listing_id,
            trade_id=deal.id,
            mode=ts.mode,  # type: ignore[arg-type]
            buyer_party_id=buyer_party_id,
            buyer_name=buyer_name,
            price=from_fen(price_fen),
            via_priority=via_priority,
            bids_count=bids_count,
            concluded_at=now,
            contract_deadline=deadline,
            **await entry_of(session, ts.listing_id),
        ),
    )
    return deal


async def entry_of(session: AsyncSession, listing_id: str) -> dict[str, str | None]:
    """The 入市 plan of the listing, or the first 入市 deal of a re-listing of entered land
    (listing.published carries them): the collective follows the trade (E9, E15),
    registry waits for its fund (E12)."""
    listing = await session.get(ListingView, listing_id)
    if listing is None:
        return {"entry_plan_id": None, "entry_deal_id": None}
    return {"entry_plan_id": listing.entry_plan_id, "entry_deal_id": listing.entry_deal_id}


async def follow_entry_publicity(
    session: AsyncSession, who: Principal | None, ev: EntryPublicityStarted
) -> Deal | None:
    """The collective's result publicity of an 入市 trade (E9): no contract before it ends,
    so the B6 contract deadline runs its working days from the publicity's end, never
    earlier than the deadline already set. A deal no longer awaiting its contract, or a
    redelivery, changes nothing."""
    deal = await session.get(Deal, ev.trade_id, with_for_update=True)
    if deal is None:
        raise LookupError(f"trade {ev.trade_id} not yet known; retry later")
    if deal.status != "awaiting_contract" or deal.entry_publicity_ends_at is not None:
        return None
    deadline = await working_days_deadline(
        session, deal.county, "contract_signing_working_days", start=ev.publicity_ends_at
    )
    deal.entry_publicity_ends_at = ev.publicity_ends_at
    before, deal.contract_deadline = deal.contract_deadline, max(deal.contract_deadline, deadline)
    await schedule_timer(session, CONTRACT_DEADLINE, deal.id, deal.contract_deadline)
    await record_on(
        session,
        deal,
        action="deal.deadline_after_publicity",
        by=who,
        rule="B6",
        reason="an 入市 contract comes after the result publicity (E9)",
        data={
            "publicity_ends_at": ev.publicity_ends_at.isoformat(),
            "was": before.isoformat(),
            "contract_deadline": deal.contract_deadline.isoformat(),
        },
    )
    return deal


async def follow_entry_settled(
    session: AsyncSession, who: Principal | None, ev: EntrySettled
) -> Deal | None:
    """The collective settled a re-transfer of entered land (E15): the release withholds
    its fund from the seller's proceeds when ``withheld``, nothing when proven paid
    (E12). The first entry's settlement (no ``trade_id``) and a redelivery change
    nothing."""
    if ev.trade_id is None:
        return None
    deal = await session.get(Deal, ev.trade_id, with_for_update=True)
    if deal is None:
        raise LookupError(f"trade {ev.trade_id} not yet known; retry later")
    if deal.adjustment_fund_fen is not None:
        return None
    deal.adjustment_fund_fen = to_fen(ev.adjustment_fund) if ev.fund == "withheld" else 0
    await record_on(
        session,
        deal,
        action="deal.adjustment_fund",
        by=who,
        rule="E12",
        data={"fund": ev.fund, "adjustment_fund": str(ev.adjustment_fund)},
    )
    return deal


def _state_conflict(deal: Deal, wanted: str) -> Problem:
    return Problem(
        409,
        "deal-state",
        f"The deal is {deal.status}; this needs {wanted}",
        f"成交状态为{deal.status}，不能执行此操作",
        rule="B6",
    )


async def sign_contract(
    session: AsyncSession, who: Principal, deal: Deal, ts: TradeSession, contract_no: str
) -> Deal:
    """The transfer contract is signed before the deadline (B6); listing publishes it (L14)."""
    now = clock_now(session)
    if deal.status != "awaiting_contract":
        raise _state_conflict(deal, "awaiting_contract")
    if now >= deal.contract_deadline:
        raise Problem(
            409,
            "contract-deadline-passed",
            "The signing deadline has passed",
            "签约期限已过",
            rule="B5",
        )
    DEAL.move(deal, "contract_signed", "sign_contract")
    deal.contract_id = new_id()
    deal.contract_no = contract_no
    deal.signed_at = now
    await cancel_timer(session, CONTRACT_DEADLINE, deal.id)
    await record_on(
        session,
        deal,
        action="contract.signed",
        by=who,
        rule="B6",
        data={"contract_no": contract_no},
    )
    await record_event(
        session,
        ContractSigned(
            listing_id=deal.listing_id,
            trade_id=deal.id,
            contract_id=deal.contract_id,
            contract_no=contract_no,
            seller_party_id=ts.seller_party_id,
            seller_name=ts.seller_name,
            buyer_party_id=deal.buyer_party_id,
            buyer_name=deal.buyer_name,
            price=from_fen(deal.price_fen),
            way=ts.way,  # type: ignore[arg-type]
            term_start=ts.term_start,
            term_end=ts.term_end,
            signed_at=now,
        ),
    )
    await _settle_if_paid(session, who, deal, ts)
    return deal


async def record_balance_payment(
    session: AsyncSession,
    who: Principal,
    deal: Deal,
    ts: TradeSession,
    amount_fen: int,
    bank_reference: str,
) -> Deal:
    """The buyer pays into the settlement account (B6); never more than the price."""
    if deal.status not in ("awaiting_contract", "contract_signed"):
        raise _state_conflict(deal, "awaiting_contract or contract_signed")
    owed = deal.price_fen - deal.paid_fen
    if amount_fen <= 0 or amount_fen > owed:
        raise invalid_field(
            "amount",
            "B6",
            f"the balance still owed is {format_yuan(owed)}",
            f"尚欠价款{format_yuan(owed)}元",
        )
    await post(
        session,
        who,
        deal.listing_id,
        kind="balance_paid",
        postings=postings.balance_paid(deal.listing_id, amount_fen),
        party_id=deal.buyer_party_id,
        reference=bank_reference,
    )
    deal.paid_fen += amount_fen
    # the bank's callback log (GET /bank-callbacks) reads who reported which payment here
    await record_on(
        session,
        deal,
        action=BALANCE_PAID,
        by=who,
        rule="B6",
        data={"amount_fen": amount_fen, "bank_reference": bank_reference},
    )
    await _settle_if_paid(session, who, deal, ts)
    return deal


async def _settle_if_paid(
    session: AsyncSession, who: Principal | None, deal: Deal, ts: TradeSession
) -> None:
    """Paid in full and signed: settlement completed (B6); the registry records the transfer."""
    if deal.status != "contract_signed" or deal.paid_fen != deal.price_fen:
        return
    now = clock_now(session)
    DEAL.move(deal, "settled", "settle")
    deal.settled_at = now
    await record_event(
        session,
        SettlementCompleted(
            listing_id=deal.listing_id,
            trade_id=deal.id,
            right_certificate_no=ts.right_certificate_no,
            product=ts.product,
            way=ts.way,  # type: ignore[arg-type]
            seller_party_id=ts.seller_party_id,
            buyer_party_id=deal.buyer_party_id,
            buyer_name=deal.buyer_name,
            price=from_fen(deal.price_fen),
            term_start=ts.term_start,
            term_end=ts.term_end,
            area_mu=ts.area_mu,
            disposal_id=ts.disposal_id,
            lien_id=ts.lien_id,
            settled_at=now,
            **await entry_of(session, deal.listing_id),
        ),
    )


async def deals_of_listing(
    session: AsyncSession, who: Principal, listing_id: str
) -> list[tuple[Deal, TradeSession]]:
    """The listing's deals, every round, with their session — its county's staff only (X3)."""
    out = []
    for d in await repository.deals_of_listing(session, listing_id):
        ts = await session.get(TradeSession, d.session_id)
        assert ts is not None
        require_trade_county(who, ts.county)
        out.append((d, ts))
    return out


async def decide_default(
    session: AsyncSession,
    who: Principal,
    deal: Deal,
    ts: TradeSession,
    action: str,
    reason: str,
) -> list[Deal]:
    """After a default the centre decides (B5) — never automatic: ``relist`` (the listing
    service relists), or ``offer_next``: a new deal, round n+1, to the best other bidder at
    their own best price (or the next tender in rank). The defaulted deal first, then the
    new one."""
    if deal.status != "defaulted" or deal.default_decision is not None:
        raise Problem(
            409,
            "no-default-to-decide",
            "This deal has no open default to decide",
            "该成交没有待决定的违约",
            rule="B5",
        )
    deal.default_decision = action
    data: dict[str, object] = {"action": action}
    made = [deal]
    if action == "offer_next":
        nxt = await repository.next_bidder(session, ts, exclude={deal.buyer_party_id})
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
        new = await create_deal(
            session,
            who,
            ts,
            buyer_party_id=party,
            buyer_name=bidder.name,
            price_fen=price,
            via_priority=False,
            bids_count=ts.bid_count,
            round_=await repository.last_round(session, ts.id) + 1,
        )
        data.update({"next_buyer": party, "price": format_yuan(price), "trade_id": new.id})
        made.append(new)
    await record_on(
        session, deal, action=f"default.{action}", by=who, reason=reason, rule="B5", data=data
    )
    return made


async def _fee_for(session: AsyncSession, county: str, price_fen: int) -> int:
    """The service fee of a price (B6): the county's rate, at least its minimum."""
    rate: Decimal = await PARAMS.get(session, county, "service_fee_rate")
    minimum = to_fen(await PARAMS.get(session, county, "service_fee_min"))
    return min(price_fen, max(apply_rate(price_fen, rate), minimum))


async def release_funds(
    session: AsyncSession, who: Principal | None, listing_id: str
) -> Deal | None:
    """The registry recorded the transfer: pay out (fee, lender first for a disposal, seller)."""
    deal = await repository.settled_deal(session, listing_id)
    if deal is None:
        return None  # nothing settled for it (or already released): a redelivery is a no-op
    ts = await session.get(TradeSession, deal.session_id)
    assert ts is not None
    now = clock_now(session)
    debt, lender = 0, None
    listing = await session.get(ListingView, listing_id)
    if listing is not None and listing.entry_deal_id and deal.adjustment_fund_fen is None:
        # E12: a re-transfer's fund comes from the collective's settlement of it
        raise LookupError(f"the re-transfer fund of trade {deal.id} not yet known; retry later")
    if ts.disposal_id:
        disposal = await session.get(DisposalView, ts.disposal_id)
        if disposal is None:
            raise LookupError(f"disposal {ts.disposal_id} not yet known; retry later")
        debt, lender = disposal.outstanding_debt_fen, disposal.lender_org_id
    proceeds = postings.split_proceeds(
        deal.price_fen,
        await _fee_for(session, ts.county, deal.price_fen),
        debt,
        deal.adjustment_fund_fen or 0,
    )
    await post(
        session,
        who,
        listing_id,
        kind="funds_released",
        postings=postings.funds_released(listing_id, proceeds),
        party_id=ts.seller_party_id,
    )
    DEAL.move(deal, "released", "release")
    deal.released_at = now
    deal.fee_fen, deal.to_lender_fen, deal.to_seller_fen = (
        proceeds.fee,
        proceeds.to_lender,
        proceeds.to_seller,
    )
    await record_event(
        session,
        FundsReleased(
            listing_id=listing_id,
            trade_id=deal.id,
            seller_party_id=ts.seller_party_id,
            amount=from_fen(proceeds.to_seller),
            fees=from_fen(proceeds.fee),
            released_at=now,
            lender_org_id=lender,
            lender_amount=from_fen(proceeds.to_lender),
            adjustment_fund=from_fen(proceeds.fund) if listing and listing.entry_deal_id else None,
        ),
    )
    return deal


async def on_contract_deadline(session: AsyncSession, who: Principal | None, deal_id: str) -> None:
    """The winner did not sign in time: the deposit is forfeited (B5); the centre decides."""
    deal = await repository.get_deal(session, deal_id, lock=True)
    if deal.status != "awaiting_contract":
        return
    now = clock_now(session)
    ts = await session.get(TradeSession, deal.session_id)
    assert ts is not None
    await deposits.forfeit(
        session,
        who,
        deal.listing_id,
        deal.buyer_party_id,
        "the winner did not sign the contract in time",
    )
    # money the buyer paid beyond the deposit goes back through the settlement account
    extra = deal.paid_fen - deal.deposit_applied_fen
    if extra > 0:
        await post(
            session,
            who,
            deal.listing_id,
            kind="balance_returned",
            postings=postings.balance_returned(deal.listing_id, extra),
            party_id=deal.buyer_party_id,
        )
    DEAL.move(deal, "defaulted", "default")
    deal.defaulted_at = now
    await deal_void(session, who, deal)
    await record_event(
        session,
        TradeFailed(
            listing_id=deal.listing_id,
            trade_id=deal.id,
            mode=ts.mode,  # type: ignore[arg-type]
            reason_code="buyer_defaulted",
            reason="the winner did not sign the contract by the deadline; the centre decides",
            failed_at=now,
        ),
    )


async def bank_callbacks(session: AsyncSession, who: Principal) -> list[dict[str, object]]:
    """回调记录: what the caller's bank reported through its integration, newest first —
    deposits (B5, the deposits it paid in) and settlement payments (B6, from the deal's
    audit trail, which names the reporting bank). Only the caller's own bank (X3)."""
    bank = who.org.id
    rows: list[dict[str, object]] = [
        {
            "kind": "deposit",
            "received_at": d.paid_at,
            "listing_id": d.listing_id,
            "trade_id": None,
            "party_id": d.party_id,
            "amount": from_fen(d.amount_fen),
            "bank_reference": d.bank_reference,
            "state": d.state,
        }
        for d in await deposits.deposits_of_bank(session, bank, CALLBACK_LOG_SIZE)
    ]
    for x in await repository.balance_payments_of_bank(
        session, org_label(who), BALANCE_PAID, CALLBACK_LOG_SIZE
    ):
        rows.append(
            {
                "kind": "balance_payment",
                "received_at": x.decided_at,
                "listing_id": x.listing_id,
                "trade_id": x.subject_id,
                "party_id": x.buyer_party_id,
                "amount": from_fen(int(x.data.get("amount_fen", 0))),
                "bank_reference": str(x.data.get("bank_reference", "")),
                "state": x.status,
            }
        )
    rows.sort(key=lambda r: r["received_at"], reverse=True)  # type: ignore[arg-type,return-value]
    return rows[:CALLBACK_LOG_SIZE]
