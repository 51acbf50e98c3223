"""the X7 filings table (common.filings): the filed L25 monthly market reports

Revision ID: listing_0015_filings
Revises: listing_0014_entry_gate
Create Date: 2026-12-07 01:50:00
"""

from collections.abc import Sequence

from common.migrations import create_filings_v1, drop_filings_v1

revision: str = "listing_0015_filings"
down_revision: str | None = "listing_0014_entry_gate"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_filings_v1()


def downgrade() -> None:
    drop_filings_v1()
