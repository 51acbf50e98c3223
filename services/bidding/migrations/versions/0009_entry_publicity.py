"""入市 trades: the deal keeps the collective's result publicity end (B6 after E9) and a
re-transfer's adjustment fund (E12, E15); the listing projection its first deal (E15)

Revision ID: bidding_0009_entry_publicity
Revises: bidding_0008_entry_trades
Create Date: 2026-12-07 06:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "bidding_0009_entry_publicity"
down_revision: str | None = "bidding_0008_entry_trades"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deals") as batch:
        batch.add_column(
            sa.Column(
                "entry_publicity_ends_at", common.db.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch.add_column(sa.Column("adjustment_fund_fen", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("listings") as batch:
        batch.add_column(sa.Column("entry_deal_id", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("listings") as batch:
        batch.drop_column("entry_deal_id")
    with op.batch_alter_table("deals") as batch:
        batch.drop_column("adjustment_fund_fen")
        batch.drop_column("entry_publicity_ends_at")
