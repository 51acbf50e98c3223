"""the X7 filings table (common.filings): G9's filed quarterly and annual reports

Revision ID: guarantee_0010_filings
Revises: guarantee_0009_issued_documents
Create Date: 2026-12-07 00:40:00
"""

from collections.abc import Sequence

from common.migrations import create_filings_v1, drop_filings_v1

revision: str = "guarantee_0010_filings"
down_revision: str | None = "guarantee_0009_issued_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_filings_v1()


def downgrade() -> None:
    drop_filings_v1()
