"""the X7 filings table (common.filings): the filed R24 pilot statistics

Revision ID: registry_0012_filings
Revises: registry_0011_outflow_consents
Create Date: 2026-12-07 01:45:00
"""

from collections.abc import Sequence

from common.migrations import create_filings_v1, drop_filings_v1

revision: str = "registry_0012_filings"
down_revision: str | None = "registry_0011_outflow_consents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_filings_v1()


def downgrade() -> None:
    drop_filings_v1()
