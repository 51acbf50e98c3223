"""Tables of the valuation area: listing's register of appraisers as the registry
follows it (L20 for R6)."""

from __future__ import annotations

from common.intermediaries import RegisteredIntermediary
from registry.db import Base


class RegisteredAppraiser(RegisteredIntermediary, Base):
    """An appraiser of listing's intermediary register — 评估机构 (L20), followed from
    ``listing.intermediary_changed``: a third-party valuation (R6) cites one valid on the
    valuation date. Columns and the follow step are libs/common's (``common.intermediaries``)."""

    __tablename__ = "registered_appraisers"
