"""Views of the withdrawals — 退出视图 (Z7)."""

from __future__ import annotations

from collections.abc import Sequence

from collective.withdrawals.models import Withdrawal
from collective.withdrawals.schemas import WithdrawalOut
from common.money import from_fen
from common.problems import FieldProblem
from common.views import view_of


def withdrawal_out(w: Withdrawal, blocks: Sequence[FieldProblem] = ()) -> WithdrawalOut:
    return view_of(
        WithdrawalOut,
        w,
        compensation=from_fen(w.compensation_fen) if w.compensation_fen is not None else None,
        payout_blocks=[b.as_dict() for b in blocks],
    )
