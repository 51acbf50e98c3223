"""Blacklist views — 黑名单视图 (G11)."""

from __future__ import annotations

from guarantee.blacklist.models import BlacklistEntry
from guarantee.blacklist.schemas import BlacklistOut


def entry_out(entry: BlacklistEntry) -> BlacklistOut:
    out = BlacklistOut.model_validate(entry)
    out.active = out.cleared_at is None
    return out
