"""The filed monthly market reports — 市场监测月报报送 (L25 through X7, common.filings)."""

from __future__ import annotations

from common.filings import FilingMixin
from listing.db import Base


class Filing(FilingMixin, Base):
    """A filed version of the county's L25 monthly report."""

    __tablename__ = "filings"
    __audit_subject__ = "filing"
