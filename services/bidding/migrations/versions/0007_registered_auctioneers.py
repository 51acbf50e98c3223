"""listing's register of auctioneers as bidding follows it (L20 for B4)

Revision ID: bidding_0007_auctioneers
Revises: bidding_0006
Create Date: 2026-12-07 04:25:00
"""

from collections.abc import Sequence

from common.migrations import (
    create_registered_intermediaries_v1,
    drop_registered_intermediaries_v1,
)

revision: str = "bidding_0007_auctioneers"
down_revision: str | None = "bidding_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_registered_intermediaries_v1("registered_auctioneers")


def downgrade() -> None:
    drop_registered_intermediaries_v1("registered_auctioneers")
