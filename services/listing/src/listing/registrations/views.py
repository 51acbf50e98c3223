"""Response builders of buyer registrations — 报名视图."""

from __future__ import annotations

from common.money import from_fen
from common.views import view_of
from listing.listings.models import Listing
from listing.registrations.models import Registration
from listing.registrations.schemas import RegistrationOut


def registration_out(reg: Registration, listing: Listing) -> RegistrationOut:
    """A registration with what its listing asks as deposit."""
    return view_of(
        RegistrationOut,
        reg,
        reasons=reg.reasons or [],
        deposit_required=from_fen(listing.deposit_fen),
        deposit_paid_amount=from_fen(reg.deposit_paid_fen),
    )
