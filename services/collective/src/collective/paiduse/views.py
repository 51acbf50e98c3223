"""Views of paid use — 有偿使用视图 (Z9)."""

from __future__ import annotations

from collective.paiduse.models import PaidUseBill, PaidUseContract, PaidUseFee
from collective.paiduse.schemas import BillOut, FeeOut, PaidUseOut
from common.money import from_fen
from common.views import view_of


def fee_out(f: PaidUseFee) -> FeeOut:
    return view_of(FeeOut, f, fee_per_m2=from_fen(f.fee_per_m2_fen))


def bill_out(b: PaidUseBill) -> BillOut:
    return view_of(BillOut, b, amount=from_fen(b.amount_fen))


def contract_out(k: PaidUseContract, bills: list[PaidUseBill]) -> PaidUseOut:
    return view_of(
        PaidUseOut, k, fee_per_m2=from_fen(k.fee_per_m2_fen), bills=[bill_out(b) for b in bills]
    )
