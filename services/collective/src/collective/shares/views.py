"""Views of the share register — 股权视图 (Z11)."""

from __future__ import annotations

from collective.shares.models import Shareholding
from collective.shares.schemas import ShareholdingOut


def shareholding_out(h: Shareholding) -> ShareholdingOut:
    return ShareholdingOut.model_validate(h)
