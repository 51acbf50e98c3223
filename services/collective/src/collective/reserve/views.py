"""Views of the homestead reserve — 收储台账视图 (Z10)."""

from __future__ import annotations

from collective.reserve.models import ReserveEntry
from collective.reserve.schemas import ReserveOut


def reserve_out(e: ReserveEntry) -> ReserveOut:
    return ReserveOut.model_validate(e)
