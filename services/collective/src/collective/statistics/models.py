"""The filed homestead statistics — 宅基地统计报送 (Z13 through X7, common.filings)."""

from __future__ import annotations

from collective.db import Base
from common.filings import FilingMixin


class Filing(FilingMixin, Base):
    """A filed version of the county's Z13 statistics (monthly, quarterly, annual)."""

    __tablename__ = "filings"
    __audit_subject__ = "filing"
