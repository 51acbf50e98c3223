"""Views of paid use — 有偿使用视图 (Z9)."""

from __future__ import annotations

from collective.paiduse.models import PaidUseBill, PaidUseContract, PaidUseFee
from collective.paiduse.schemas import BillOut, FeeOut, PaidUseOut
from common.money import from_fen


def fee_out(f: PaidUseFee) -> FeeOut:
    return FeeOut(
        id=f.id,
        collective_id=f.collective_id,
        klass=f.klass,
        fee_per_m2=from_fen(f.fee_per_m2_fen),
        resolution_id=f.resolution_id,
        set_at=f.set_at,
    )


def bill_out(b: PaidUseBill) -> BillOut:
    return BillOut(
        id=b.id,
        contract_id=b.contract_id,
        year_no=b.year_no,
        period_start=b.period_start,
        amount=from_fen(b.amount_fen),
        issued_at=b.issued_at,
        paid_at=b.paid_at,
        receipt_ref=b.receipt_ref,
    )


def contract_out(k: PaidUseContract, bills: list[PaidUseBill]) -> PaidUseOut:
    return PaidUseOut(
        id=k.id,
        collective_id=k.collective_id,
        parcel_id=k.parcel_id,
        klass=k.klass,
        occupant_party_id=k.occupant_party_id,
        occupant_name=k.occupant_name,
        area_m2=k.area_m2,
        fee_per_m2=from_fen(k.fee_per_m2_fen),
        start_date=k.start_date,
        template_id=k.template_id,
        bills=[bill_out(b) for b in bills],
        created_at=k.created_at,
    )
