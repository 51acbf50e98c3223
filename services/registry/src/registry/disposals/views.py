"""Disposal responses."""

from __future__ import annotations

from common.money import from_fen
from registry.disposals.models import Disposal
from registry.disposals.schemas import DisposalOut


def disposal_out(d: Disposal) -> DisposalOut:
    def m(v: int | None) -> object:
        return from_fen(v) if v is not None else None

    return DisposalOut(
        id=d.id,
        lien_id=d.lien_id,
        certificate_no=d.certificate_no,
        lender_org_id=d.lender_org_id,
        method=d.method,
        through_exchange=d.through_exchange,
        default_on=d.default_on,
        outstanding_debt=from_fen(d.outstanding_debt_fen),
        reserve_price=m(d.reserve_price_fen),
        residence_arrangement=d.residence_arrangement,
        details=d.details,
        status=d.status,
        requested_at=d.requested_at,
        settled_at=d.settled_at,
        proceeds=m(d.proceeds_fen),
        to_lender=m(d.to_lender_fen),
        to_holder=m(d.to_holder_fen),
    )
