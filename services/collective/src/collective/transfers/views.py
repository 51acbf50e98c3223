"""Views of transfers inside the collective — 宅基地流转视图 (Z5)."""

from __future__ import annotations

from collective.transfers.models import HomesteadTransfer
from collective.transfers.schemas import TransferOut
from common.money import from_fen


def transfer_out(t: HomesteadTransfer) -> TransferOut:
    return TransferOut(
        id=t.id,
        kind=t.kind,
        swap_id=t.swap_id,
        collective_id=t.collective_id,
        parcel_id=t.parcel_id,
        from_household_id=t.from_household_id,
        to_household_id=t.to_household_id,
        price=from_fen(t.price_fen),
        surplus=t.surplus,
        declaration_ref=t.declaration_ref,
        resolution_id=t.resolution_id,
        residence_proof=t.residence_proof,
        consents=t.consents,
        template_id=t.template_id,
        contract_fields=t.contract_fields,
        recorded_at=t.recorded_at,
    )
