"""Disposal responses."""

from __future__ import annotations

from common.money import from_fen
from common.views import view_of, yuan
from registry.disposals.models import Disposal
from registry.disposals.schemas import DisposalOut


def disposal_out(d: Disposal) -> DisposalOut:
    return view_of(
        DisposalOut,
        d,
        outstanding_debt=from_fen(d.outstanding_debt_fen),
        reserve_price=yuan(d.reserve_price_fen),
        proceeds=yuan(d.proceeds_fen),
        to_lender=yuan(d.to_lender_fen),
        to_holder=yuan(d.to_holder_fen),
    )
