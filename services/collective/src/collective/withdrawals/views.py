"""Views of the withdrawals — 退出视图 (Z7)."""

from __future__ import annotations

from collections.abc import Sequence

from collective.withdrawals.models import Withdrawal
from collective.withdrawals.schemas import WithdrawalOut
from common.problems import FieldProblem
from common.views import view_of, yuan


def withdrawal_out(w: Withdrawal, blocks: Sequence[FieldProblem] = ()) -> WithdrawalOut:
    return view_of(
        WithdrawalOut,
        w,
        compensation=yuan(w.compensation_fen),
        payout_blocks=[b.as_dict() for b in blocks],
    )
