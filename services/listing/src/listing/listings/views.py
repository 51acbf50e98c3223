"""Response builders of the listing area — 挂牌视图: models → schemas."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from common.money import from_fen
from listing.listings import rules
from listing.listings.models import CollectiveDecision, Document, Listing, OffExchangeFlag
from listing.listings.schemas import DocumentOut, ListingOut, ProceedsOut, ProceedsShare


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else from_fen(fen)


def listing_out(listing: Listing, at: datetime, inspected: list[str]) -> ListingOut:
    """A listing as staff see it, with the server's time ``at`` for the countdown (L5) and
    the county's L21 list ``inspected`` (whether it needs a site inspection)."""
    return ListingOut(
        id=listing.id,
        county=listing.county,
        township=listing.township,
        collective_id=listing.collective_id,
        title=listing.title,
        product=listing.product,
        way=listing.way,
        mode=listing.mode,
        term_start=listing.term_start,
        term_end=listing.term_end,
        area_mu=format(listing.area_mu.normalize(), "f"),
        location=listing.location,
        right_certificate_no=listing.right_certificate_no,
        seller_party_id=listing.seller_party_id,
        seller_name=listing.seller_name,
        seller_kind=listing.seller_kind,
        reserve_price=from_fen(listing.reserve_price_fen),
        deposit=from_fen(listing.deposit_fen),
        increment=from_fen(listing.increment_fen),
        status=listing.status,
        township_opinion=listing.township_opinion,
        return_reasons=listing.return_reasons or [],
        mandatory_in_exchange=listing.mandatory_in_exchange,
        intended_use=listing.intended_use,
        entrustments=listing.entrustments,
        agent=listing.agent,
        announcement_days=listing.announcement_days,
        published_at=listing.published_at,
        announcement_ends_at=listing.announcement_ends_at,
        server_now=at,
        seconds_left=rules.seconds_left(listing, at),
        tender_opening_at=listing.tender_opening_at,
        public_notice=listing.public_notice,
        outcome=listing.outcome,
        disposal_id=listing.disposal_id,
        relisted_from=listing.relisted_from,
        description=listing.description or "",
        extension_seconds=listing.extension_seconds,
        free_period_seconds=listing.free_period_seconds,
        appraisal_value=_yuan(listing.appraisal_fen),
        asset_value=_yuan(listing.asset_value_fen),
        land_use=listing.land_use,
        price_class=listing.price_class,
        land_grade=listing.land_grade,
        area_m2=None if listing.area_m2 is None else format(listing.area_m2.normalize(), "f"),
        planning_conditions=listing.planning_conditions,
        spatial_plan_done=listing.spatial_plan_done,
        ownership_registered=listing.ownership_registered,
        converted_farmland=listing.converted_farmland,
        is_homestead=listing.is_homestead,
        for_commercial_housing=listing.for_commercial_housing,
        annual_transfer_price_per_mu=_yuan(listing.annual_transfer_price_fen),
        entry_plan_id=listing.entry_plan_id,
        entry_deal_id=listing.entry_deal_id,
        site_inspection_required=rules.site_inspection_required(listing.product, inspected),
        created_at=listing.created_at,
        updated_at=listing.updated_at,
    )


def document_out(document: Document) -> DocumentOut:
    return DocumentOut.model_validate(document)


def collective_decision_recorded(decision: CollectiveDecision) -> dict[str, object]:
    return {
        "id": decision.id,
        "passes_two_thirds": rules.two_thirds(decision.votes_for, decision.votes_total),
    }


def collective_decision_out(decision: CollectiveDecision) -> dict[str, object]:
    return {
        "body": decision.body,
        "votes_for": decision.votes_for,
        "votes_total": decision.votes_total,
        "reserve_price": str(from_fen(decision.reserve_price_fen)),
        "township_approval_ref": decision.township_approval_ref,
        "decided_on": date.isoformat(decision.decided_on),
    }


def off_exchange_recorded(flag: OffExchangeFlag) -> dict[str, object]:
    return {
        "id": flag.id,
        "violation": flag.violation,
        "threshold": str(from_fen(flag.threshold_fen)),
    }


def off_exchange_out(flag: OffExchangeFlag) -> dict[str, object]:
    return {
        "id": flag.id,
        "collective_id": flag.collective_id,
        "asset": flag.asset,
        "value": str(from_fen(flag.value_fen)),
        "violation": flag.violation,
    }


def proceeds_out(listing: Listing, p: rules.Proceeds) -> ProceedsOut:
    """L17: each entrusting household's part of the price."""
    return ProceedsOut(
        listing_id=listing.id,
        basis=p.basis,  # type: ignore[arg-type]
        total=from_fen(p.total_fen),
        by=p.by,  # type: ignore[arg-type]
        shares=[
            ProceedsShare(
                certificate_no=e["certificate_no"],
                holder_party_id=e["holder_party_id"],
                holder_name=e["holder_name"],
                area_mu=e["area_mu"],
                share=e.get("share"),
                amount=from_fen(fen),
            )
            for e, fen in zip(listing.entrustments or [], p.parts, strict=True)
        ],
    )
