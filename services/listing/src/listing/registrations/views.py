"""Response builders of buyer registrations — 报名视图."""

from __future__ import annotations

from common.money import from_fen
from listing.listings.models import Listing
from listing.registrations.models import Registration
from listing.registrations.schemas import RegistrationOut


def registration_out(reg: Registration, listing: Listing) -> RegistrationOut:
    """A registration with what its listing asks as deposit."""
    return RegistrationOut(
        id=reg.id,
        listing_id=reg.listing_id,
        party_id=reg.party_id,
        name=reg.name,
        buyer_kind=reg.buyer_kind,
        priority_claimed=reg.priority_claimed,
        priority=reg.priority,
        extra_review_required=reg.extra_review_required,
        status=reg.status,
        reasons=reg.reasons or [],
        deposit_required=from_fen(listing.deposit_fen),
        deposit_paid=reg.deposit_paid,
        deposit_paid_amount=from_fen(reg.deposit_paid_fen),
        registered_at=reg.registered_at,
        decided_at=reg.decided_at,
        agent=reg.agent,
    )
