"""the X7 filings table (common.filings): the filed Z13 pilot statistics

Revision ID: collective_0013_filings
Revises: collective_0012_cases
Create Date: 2026-12-07 00:50:00
"""

from collections.abc import Sequence

from common.migrations import create_filings_v1, drop_filings_v1

revision: str = "collective_0013_filings"
down_revision: str | None = "collective_0012_cases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_filings_v1()


def downgrade() -> None:
    drop_filings_v1()
