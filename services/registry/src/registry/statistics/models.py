"""The filed pilot statistics — 两权抵押试点统计报送 (R24 through X7, common.filings)."""

from __future__ import annotations

from common.filings import FilingMixin
from registry.db import Base


class Filing(FilingMixin, Base):
    """A filed version of the county's R24 statistics (monthly, quarterly, annual)."""

    __tablename__ = "filings"
    __audit_subject__ = "filing"
