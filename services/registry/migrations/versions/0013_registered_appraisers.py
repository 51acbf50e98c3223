"""listing's register of appraisers as the registry follows it (L20 for R6)

Revision ID: registry_0013_appraisers
Revises: registry_0012_filings
Create Date: 2026-12-07 03:40:00
"""

from collections.abc import Sequence

from common.migrations import (
    create_registered_intermediaries_v1,
    drop_registered_intermediaries_v1,
)

revision: str = "registry_0013_appraisers"
down_revision: str | None = "registry_0012_filings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_registered_intermediaries_v1("registered_appraisers")


def downgrade() -> None:
    drop_registered_intermediaries_v1("registered_appraisers")
