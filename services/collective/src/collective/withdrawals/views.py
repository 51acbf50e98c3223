"""Views of the withdrawals — 退出视图 (Z7)."""

from __future__ import annotations

from collections.abc import Sequence

from collective.withdrawals.models import Withdrawal
from collective.withdrawals.schemas import WithdrawalOut
from common.money import from_fen
from common.problems import FieldProblem


def withdrawal_out(w: Withdrawal, blocks: Sequence[FieldProblem] = ()) -> WithdrawalOut:
    return WithdrawalOut(
        id=w.id,
        household_id=w.household_id,
        collective_id=w.collective_id,
        parcel_id=w.parcel_id,
        certificate_no=w.certificate_no,
        status=w.status,
        reason=w.reason,
        urban_residence_proof=w.urban_residence_proof,
        consents=w.consents,
        lienholder_consent=w.lienholder_consent,
        resolution_id=w.resolution_id,
        land_area_m2=w.land_area_m2,
        building_area_m2=w.building_area_m2,
        compensation=from_fen(w.compensation_fen) if w.compensation_fen is not None else None,
        agreement_no=w.agreement_no,
        template_id=w.template_id,
        payer=w.payer,
        payment_ref=w.payment_ref,
        retain=w.retain,
        applied_at=w.applied_at,
        paid_at=w.paid_at,
        payout_blocks=[b.as_dict() for b in blocks],
    )
