"""Views of transfers inside the collective — 宅基地流转视图 (Z5)."""

from __future__ import annotations

from collective.transfers.models import HomesteadTransfer
from collective.transfers.schemas import TransferOut
from common.money import from_fen
from common.views import view_of


def transfer_out(t: HomesteadTransfer) -> TransferOut:
    return view_of(TransferOut, t, price=from_fen(t.price_fen))
