"""入市 trades: the listing projection keeps the collective's entry plan (E9, E12)

Revision ID: bidding_0008_entry_trades
Revises: bidding_0007_auctioneers
Create Date: 2026-12-07 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bidding_0008_entry_trades"
down_revision: str | None = "bidding_0007_auctioneers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("listings") as batch:
        batch.add_column(sa.Column("entry_plan_id", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("listings") as batch:
        batch.drop_column("entry_plan_id")
