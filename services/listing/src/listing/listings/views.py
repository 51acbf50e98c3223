"""Response builders of the listing area — 挂牌视图: models → schemas."""

from __future__ import annotations

from datetime import date, datetime

from common.money import from_fen
from common.views import view_of, yuan
from listing.listings import rules
from listing.listings.models import CollectiveDecision, Document, Listing, OffExchangeFlag
from listing.listings.schemas import DocumentOut, ListingOut, ProceedsOut, ProceedsShare


def listing_out(listing: Listing, at: datetime, inspected: list[str]) -> ListingOut:
    """A listing as staff see it, with the server's time ``at`` for the countdown (L5) and
    the county's L21 list ``inspected`` (whether it needs a site inspection)."""
    return view_of(
        ListingOut,
        listing,
        area_mu=format(listing.area_mu.normalize(), "f"),
        reserve_price=from_fen(listing.reserve_price_fen),
        deposit=from_fen(listing.deposit_fen),
        increment=from_fen(listing.increment_fen),
        return_reasons=listing.return_reasons or [],
        server_now=at,
        seconds_left=rules.seconds_left(listing, at),
        description=listing.description or "",
        appraisal_value=yuan(listing.appraisal_fen),
        asset_value=yuan(listing.asset_value_fen),
        area_m2=None if listing.area_m2 is None else format(listing.area_m2.normalize(), "f"),
        annual_transfer_price_per_mu=yuan(listing.annual_transfer_price_fen),
        site_inspection_required=rules.site_inspection_required(listing.product, inspected),
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
