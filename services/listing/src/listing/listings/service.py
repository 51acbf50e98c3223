"""Listing use cases — 挂牌: intake at the window, relisting, the off-exchange record, the
trade's outcome from bidding, disposals from the registry, and the reads of the area.

The review chain (``review``), the announcement (``announcement``) and the materials
(``documents``) are the area's other service modules; the pure rules are in ``rules``.
Functions take the caller's session and only flush; the route, consumer or timer owns
the transaction. Every decision is recorded (X2); every refusal names all its reasons.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import DecisionOut, decisions_of, record_on
from common.auth import OrgType, Principal
from common.clock import local_date
from common.context import now
from common.contracts.bidding import ContractSigned, TradeConcluded, TradeFailed
from common.contracts.collective import CaseChanged, EntryCleared, EntryContracted
from common.contracts.registry import DisposalRequested, RightFlagged
from common.db import first_copy, follow_version
from common.events import Envelope
from common.filings import start_duty
from common.keys import new_id
from common.money import from_fen, to_fen
from common.problems import FieldProblem, Problem, invalid
from listing.access import require_listing_county, require_readable, require_township
from listing.listings import repository, rules
from listing.listings.models import (
    CaseFlag,
    CollectiveDecision,
    Document,
    EntryClearance,
    EntryContract,
    Listing,
    OffExchangeFlag,
)
from listing.listings.schemas import (
    LAND_PRODUCTS,
    OPEN_BY_WAY_PRODUCTS,
    ListingIn,
    OffExchangeIn,
)
from listing.listings.states import EDITABLE_STATES, LISTING, LIVE_STATES, require_status
from listing.params import PARAMS
from listing.parties.service import agent_problems, agent_record, filed_party

# --- intake (L1, L2, L9, L15) ------------------------------------------------------------


async def _problems(session: AsyncSession, county: str, body: ListingIn) -> list[FieldProblem]:
    terms = (
        await PARAMS.get(session, county, "statutory_max_terms")
        if body.product == "collective_construction_land"
        else {}
    )
    problems = rules.listing_problems(body, terms)
    if body.intended_use is not None:
        uses = await PARAMS.get(session, county, "agricultural_uses")
        problems += rules.l18_use_problems(body.intended_use, body.product, uses.uses)
    if body.product in OPEN_BY_WAY_PRODUCTS and body.way == "lease":
        # L24/Z6: the county's cap on a homestead or farm house lease (20 years at most)
        max_years = await PARAMS.get(session, county, "homestead_lease_max_years")
        problems += rules.l24_problems(body, max_years)
    if body.right_certificate_no:
        cases = await repository.flagging_cases(session, body.right_certificate_no)
        problems += rules.case_problems(cases)
    return problems


async def _with_register(
    session: AsyncSession, body: ListingIn
) -> tuple[ListingIn, list[FieldProblem]]:
    """L20: a seller cited from the party register (no name typed) takes the register's
    name as it is today — copied, so a later change there does not rewrite the listing;
    an agent submits with a power of attorney valid today."""
    problems = agent_problems(body.agent, local_date(now(session)))
    if body.seller_name is None:
        party, missing = await filed_party(session, body.seller_party_id, "seller_name")
        problems += missing
        if party is not None:
            body = body.model_copy(update={"seller_name": party.name})
    return body, problems


async def _intended_use(session: AsyncSession, county: str, body: ListingIn) -> str | None:
    """L18: the use the window stated, or the county's default for a land product."""
    if body.intended_use is not None or body.product not in LAND_PRODUCTS:
        return body.intended_use
    return (await PARAMS.get(session, county, "agricultural_uses")).default


def _apply(listing: Listing, body: ListingIn) -> None:
    listing.title = body.title
    listing.description = body.description
    listing.product = body.product
    listing.way = body.way
    listing.mode = body.mode
    listing.term_start = body.term_start
    listing.term_end = body.term_end
    listing.area_mu = body.area_mu
    listing.location = body.location
    listing.right_certificate_no = body.right_certificate_no
    listing.seller_party_id = body.seller_party_id
    listing.seller_name = body.seller_name or ""  # filled from the register (L20) before
    listing.agent = agent_record(body.agent)
    listing.seller_kind = body.seller_kind
    listing.collective_id = body.collective_id
    listing.reserve_price_fen = to_fen(body.reserve_price)
    listing.deposit_fen = to_fen(body.deposit)
    listing.increment_fen = to_fen(body.increment)
    listing.extension_seconds = body.extension_seconds
    listing.free_period_seconds = body.free_period_seconds
    listing.tender_opening_at = body.tender_opening_at
    listing.appraisal_fen = None if body.appraisal_value is None else to_fen(body.appraisal_value)
    listing.asset_value_fen = None if body.asset_value is None else to_fen(body.asset_value)
    for name in (
        "land_use",
        "price_class",
        "land_grade",
        "area_m2",
        "planning_conditions",
        "spatial_plan_done",
        "ownership_registered",
        "converted_farmland",
        "is_homestead",
        "for_commercial_housing",
        "entry_plan_id",
        "entry_deal_id",
    ):
        setattr(listing, name, getattr(body, name))
    price = body.annual_transfer_price_per_mu
    listing.annual_transfer_price_fen = None if price is None else to_fen(price)
    listing.entrustments = (  # L17: as the window recorded them, JSON-safe
        [e.model_dump(mode="json") for e in body.entrustments] if body.entrustments else None
    )


async def _mark_l9(session: AsyncSession, listing: Listing) -> None:
    threshold = to_fen(await PARAMS.get(session, listing.county, "mandatory_exchange_threshold"))
    listing.mandatory_in_exchange = rules.mandatory_in_exchange(listing, threshold)


async def create_listing(session: AsyncSession, who: Principal, body: ListingIn) -> Listing:
    """The window records a listing for a seller (L1, L2) in its own township."""
    township = who.org.id
    county = township[:6]
    body, cited = await _with_register(session, body)
    problems = cited + await _problems(session, county, body)
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    at = now(session)
    listing = Listing(
        id=new_id(),
        county=county,
        township=township,
        status="draft",
        return_reasons=[],
        created_by=who.subject,
        created_at=at,
        updated_at=at,
    )
    _apply(listing, body)
    listing.intended_use = await _intended_use(session, county, body)
    await _mark_l9(session, listing)
    session.add(listing)
    await record_on(
        session,
        listing,
        action="listing.created",
        by=who,
        rule="L1",
        data={"product": body.product, "way": body.way},
    )
    # the county's first listing starts its L25 monthly filing (X7; once per county)
    await start_duty(session, "l25", listing.county)
    return listing


async def update_listing(
    session: AsyncSession, who: Principal, listing: Listing, body: ListingIn
) -> Listing:
    """Correct a draft or returned listing before (re)submitting it (L4)."""
    require_township(who, listing)
    require_status(listing.status, *EDITABLE_STATES, rule="L4")
    body, cited = await _with_register(session, body)
    problems = cited + await _problems(session, listing.county, body)
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    _apply(listing, body)
    listing.intended_use = await _intended_use(session, listing.county, body)
    await _mark_l9(session, listing)
    listing.updated_at = now(session)
    await record_on(session, listing, action="listing.corrected", by=who, rule="L4")
    return listing


# --- relisting (L7) and the off-exchange record (L9) -------------------------------------


async def relist(
    session: AsyncSession, who: Principal, listing: Listing, reserve_fen: int | None
) -> Listing:
    """A failed listing is offered again (L7); a collective's lower price needs L8 again."""
    require_listing_county(who, listing)
    require_status(listing.status, "failed", rule="L7")
    at = now(session)
    kept = {
        c.key: getattr(listing, c.key)
        for c in Listing.__table__.columns
        if c.key not in rules.RELIST_RESETS
    }
    copy = Listing(
        **kept
        | {
            "id": new_id(),
            "status": "pre_reviewed",  # the review chain already passed
            "return_reasons": [],
            "relisted_from": listing.id,
            "disposal_id": None,
            "created_by": who.subject,
            "created_at": at,
            "updated_at": at,
        }
    )
    if reserve_fen is not None:
        copy.reserve_price_fen = reserve_fen
    session.add(copy)
    await session.flush()
    if listing.seller_kind == "collective" and copy.reserve_price_fen == listing.reserve_price_fen:
        for d in await repository.collective_decisions_of(session, listing.id):
            session.add(
                CollectiveDecision(
                    **{
                        c.key: getattr(d, c.key)
                        for c in CollectiveDecision.__table__.columns
                        if c.key != "id"
                    }
                    | {"listing_id": copy.id}
                )
            )
    for doc in await repository.documents_of(session, "listing", listing.id):
        session.add(
            Document(
                **{c.key: getattr(doc, c.key) for c in Document.__table__.columns if c.key != "id"}
                | {"owner_id": copy.id}
            )
        )
    await record_on(
        session,
        copy,
        action="listing.relisted",
        by=who,
        rule="L7",
        data={"from": listing.id, "reserve_fen": copy.reserve_price_fen},
    )
    return copy


async def flag_off_exchange(
    session: AsyncSession, who: Principal, body: OffExchangeIn
) -> OffExchangeFlag:
    """L9: record a collective asset traded outside; a violation above the threshold."""
    county = who.org.id
    threshold = to_fen(await PARAMS.get(session, county, "mandatory_exchange_threshold"))
    value = to_fen(body.value)
    flag = OffExchangeFlag(
        county=county,
        collective_id=body.collective_id,
        asset=body.asset,
        asset_kind=body.asset_kind,
        value_fen=value,
        threshold_fen=threshold,
        violation=rules.off_exchange_violation(body.asset_kind, value, threshold),
        note=body.note,
        recorded_by=who.subject,
        recorded_at=now(session),
    )
    session.add(flag)
    await record_on(
        session,
        flag,
        action="listing.off_exchange_flagged",
        by=who,
        rule="L9",
        data={"violation": flag.violation, "value_fen": value},
    )
    return flag


async def off_exchange_flags(session: AsyncSession, who: Principal) -> list[OffExchangeFlag]:
    """The caller's county's off-exchange records (L9): read only by its county."""
    return await repository.off_exchange_flags_of(session, who.org.id)


# --- reads (X2, X3) ------------------------------------------------------------------------


async def read_listing(session: AsyncSession, who: Principal, listing_id: str) -> Listing:
    """A listing for an internal reader of its township or county (no row lock)."""
    listing = await repository.get_listing(session, listing_id)
    require_readable(who, listing)
    return listing


async def checks(session: AsyncSession, who: Principal, listing_id: str) -> dict[str, Any]:
    """The L9 and L15 checks of a listing as its facts stand now, for the centre's check
    page: whether it must trade in the exchange (L9, the county's threshold) and, for
    collective commercial construction land, its L15 facts and every problem found."""
    listing = await read_listing(session, who, listing_id)
    threshold = await PARAMS.get(session, listing.county, "mandatory_exchange_threshold")
    l15 = listing.product == "collective_construction_land"
    terms = await PARAMS.get(session, listing.county, "statutory_max_terms") if l15 else {}
    return {
        "listing_id": listing.id,
        "l9": {
            "applies": listing.seller_kind == "collective"
            and listing.product == "collective_assets",
            "asset_value": None
            if listing.asset_value_fen is None
            else str(from_fen(listing.asset_value_fen)),
            "threshold": str(from_fen(to_fen(threshold))),
            "mandatory_in_exchange": rules.mandatory_in_exchange(listing, to_fen(threshold)),
        },
        "l15": {
            "applies": l15,
            "land_use": listing.land_use,
            "spatial_plan_done": listing.spatial_plan_done,
            "ownership_registered": listing.ownership_registered,
            "converted_farmland": listing.converted_farmland,
            "is_homestead": listing.is_homestead,
            "for_commercial_housing": listing.for_commercial_housing,
            "planning_conditions": listing.planning_conditions,
            "max_term_years": terms,
            "problems": [p.as_dict() for p in rules.l15_problems(listing, terms)] if l15 else [],
        },
    }


async def listings(
    session: AsyncSession,
    who: Principal,
    status: str | None,
    *,
    q: str | None = None,
    sort: str = "created_at",
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[Listing], int]:
    """The caller's own township's (window) or county's listings: a page and the total."""
    own = (
        {"township": who.org.id, "county": None}
        if who.org.type == OrgType.township
        else {"township": None, "county": who.org.id}
    )
    return await repository.listings_of(
        session, **own, status=status, q=q, sort=sort, limit=limit, offset=offset
    )


async def documents(session: AsyncSession, who: Principal, listing_id: str) -> list[Document]:
    listing = await read_listing(session, who, listing_id)
    return await repository.documents_of(session, "listing", listing.id)


async def document(
    session: AsyncSession, who: Principal, listing_id: str, document_id: int
) -> Document:
    listing = await read_listing(session, who, listing_id)
    return await repository.document_of(session, "listing", listing.id, document_id)


async def decisions(session: AsyncSession, who: Principal, listing_id: str) -> list[DecisionOut]:
    """Every recorded decision about the listing (X2)."""
    listing = await read_listing(session, who, listing_id)
    return await decisions_of(session, Listing.__audit_subject__, listing.id)


async def collective_decisions(
    session: AsyncSession, who: Principal, listing_id: str
) -> list[CollectiveDecision]:
    listing = await read_listing(session, who, listing_id)
    return await repository.collective_decisions_of(session, listing.id)


# --- facts from other services (L7, L10, L12, L14, R13) -------------------------------------


async def _moved_by_fact(
    session: AsyncSession, listing_id: str, to: str, action: str
) -> Listing | None:
    """Lock the listing and move it on a trade's fact; ``None`` when the listing is unknown
    or already past that step (a redelivered or late fact changes nothing)."""
    listing = await repository.find_listing(session, listing_id, lock=True)
    if listing is None or not LISTING.can(listing, to, action):
        return None
    LISTING.move(listing, to, action)
    listing.updated_at = now(session)
    return listing


async def record_trade_concluded(
    session: AsyncSession, who: Principal | None, listing_id: str, event: TradeConcluded
) -> None:
    """A deal: the result is published (L14)."""
    listing = await _moved_by_fact(session, listing_id, "concluded", "trade_concluded")
    if listing is None:
        return
    listing.trade_id = event.trade_id
    listing.result_buyer_party_id = event.buyer_party_id
    listing.result_buyer_name = event.buyer_name
    listing.result_price_fen = to_fen(event.price)
    listing.result_via_priority = event.via_priority
    listing.result_at = event.concluded_at
    await record_on(
        session,
        listing,
        action="listing.result_published",
        by=who,
        rule="L14",
        data={"trade_id": event.trade_id, "price_fen": listing.result_price_fen},
    )


async def record_trade_failed(
    session: AsyncSession, who: Principal | None, listing_id: str, event: TradeFailed
) -> None:
    """The trade failed (L7): the listing may be relisted."""
    listing = await _moved_by_fact(session, listing_id, "failed", "trade_failed")
    if listing is None:
        return
    listing.trade_id = event.trade_id
    listing.failed_reason = event.reason
    listing.result_at = event.failed_at
    await record_on(
        session,
        listing,
        action="listing.trade_failed",
        by=who,
        rule="L7",
        reason=event.reason,
        data={"reason_code": event.reason_code},
    )


async def record_contract_signed(
    session: AsyncSession, who: Principal | None, listing_id: str, event: ContractSigned
) -> None:
    """The signed contract is published (L14)."""
    listing = await _moved_by_fact(session, listing_id, "contracted", "contract_signed")
    if listing is None:
        return
    listing.contract_no = event.contract_no
    listing.contract_signed_at = event.signed_at
    listing.result_buyer_party_id = event.buyer_party_id
    listing.result_buyer_name = event.buyer_name
    listing.result_price_fen = to_fen(event.price)
    await record_on(
        session,
        listing,
        action="listing.contract_published",
        by=who,
        rule="L14",
        data={"contract_no": event.contract_no},
    )


async def open_disposal(
    session: AsyncSession, who: Principal | None, disposal_id: str, event: DisposalRequested
) -> Listing | None:
    """R13: a disposal listing skips the window; the centre registers and publishes it.
    The collective's members hold the priority right on equal terms (L10). Once only."""
    if await repository.listing_of_disposal(session, disposal_id) is not None:
        return None
    at = now(session)
    reserve = to_fen(event.reserve_price)
    listing = Listing(
        id=new_id(),
        county=event.county,
        township=event.township,
        collective_id=event.collective_id,
        # a location may be 300 characters (contract), the title column holds 200
        title=f"抵押物处置：{event.location}"[: Listing.__table__.c.title.type.length],
        description=f"抵押权{event.lien_id}处置，权证{event.certificate_no}",
        product=event.product,
        way=event.way,
        mode=event.method,
        term_start=event.term_start,
        term_end=event.term_end,
        area_mu=Decimal(event.area_mu),
        location=event.location,
        right_certificate_no=event.certificate_no,
        seller_party_id=event.holder_party_id,
        seller_name=event.holder_name,
        seller_kind="farmer",
        reserve_price_fen=reserve,
        deposit_fen=rules.deposit_default(reserve),
        increment_fen=rules.increment_default(reserve),
        extension_seconds=300,
        free_period_seconds=3600,
        status="registered",
        return_reasons=[],
        disposal_id=disposal_id,
        lien_id=event.lien_id,
        created_by=f"registry:{event.lender_org_id}",
        created_at=at,
        updated_at=at,
    )
    session.add(listing)
    await record_on(
        session,
        listing,
        action="listing.disposal_opened",
        by=who,
        rule="L10",
        data={"disposal_id": disposal_id, "lien_id": event.lien_id},
    )
    return listing


async def note_right_flag(
    session: AsyncSession,
    who: Principal | None,
    certificate_no: str,
    event: RightFlagged,
    envelope: Envelope,
) -> None:
    """A flag on a live listing's right is recorded for the centre (a ground for L12
    suspension by staff); the listing is never suspended automatically."""
    for listing in await repository.live_listings_of_right(session, certificate_no, LIVE_STATES):
        await record_on(
            session,
            listing,
            action="listing.right_flagged" if event.set else "listing.right_flag_cleared",
            by=who,
            rule="L12",
            reason=event.reason,
            data={"flag": event.flag, "set": event.set, "event_id": str(envelope.event_id)},
        )


async def follow_case(session: AsyncSession, who: Principal | None, e: CaseChanged) -> CaseFlag:
    """Apply one ``collective.case_changed`` (X6, Z12); an older version changes nothing."""
    row, newer = await follow_version(session, CaseFlag, e.version, case_id=e.case_id)
    if not newer:
        return row
    row.kind, row.rule, row.flags, row.stage = e.kind, e.rule, e.flags, e.stage
    row.object_type, row.object_ref, row.certificate_no = (
        e.object_type,
        e.object_ref,
        e.certificate_no,
    )
    row.version, row.changed_at = e.version, e.changed_at
    await session.flush()
    # a case on a right already listed is recorded for the centre (a ground for L12
    # suspension by staff), never acted on by itself
    for listing in await repository.live_listings_of_right(
        session, e.certificate_no or "", LIVE_STATES
    ):
        await record_on(
            session,
            listing,
            action=f"listing.case_{'flagged' if e.flags else 'cleared'}",
            by=who,
            rule=e.rule,
            data={"case_id": e.case_id, "kind": e.kind, "stage": e.stage},
        )
    return row


# --- an entrusted listing's proceeds (L17) ---------------------------------------------


async def proceeds(session: AsyncSession, who: Principal, listing: Listing) -> rules.Proceeds:
    """L17: the price (the result's, else the reserve) to each entrusting household by
    area or stated shares, exact to the fen."""
    require_readable(who, listing)
    if not listing.entrustments:
        raise Problem(
            409,
            "not-entrusted",
            "The listing has no entrusted rights",
            "该项目不是委托流转项目",
            rule="L17",
        )
    return rules.proceeds_of(listing)


async def follow_entry_cleared(
    session: AsyncSession, who: Principal | None, e: EntryCleared
) -> EntryClearance:
    """Apply one ``collective.entry_cleared`` (E3, E4); a redelivery changes nothing."""
    return await first_copy(
        session,
        EntryClearance(
            plan_id=e.plan_id,
            collective_id=e.collective_id,
            county=e.county,
            certificate_no=e.certificate_no,
            way=e.way,
            trading_method=e.trading_method,
            land_use=e.land_use,
            area_m2=Decimal(e.area_m2),
            term_years=e.term_years,
            reserve_price_fen=to_fen(e.reserve_price),
            supply_year=e.supply_year,
            cleared_at=e.cleared_at,
        ),
    )


async def follow_entry_contracted(
    session: AsyncSession, who: Principal | None, e: EntryContracted
) -> EntryContract:
    """Apply one ``collective.entry_contracted`` (E15); a redelivery changes nothing."""
    return await first_copy(
        session,
        EntryContract(
            deal_id=e.deal_id,
            plan_id=e.plan_id,
            collective_id=e.collective_id,
            county=e.county,
            certificate_no=e.certificate_no,
            contract_no=e.contract_no,
            buyer_name=e.buyer_name,
            buyer_credit_code=e.buyer_credit_code,
            way=e.way,
            land_use=e.land_use,
            area_m2=Decimal(e.area_m2),
            term_start=e.term_start,
            term_end=e.term_end,
            mortgage_allowed=e.mortgage_allowed,
            transfer_allowed=e.transfer_allowed,
            no_sale=e.no_sale,
            contracted_at=e.contracted_at,
        ),
    )
