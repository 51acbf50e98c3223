"""bidding's forfeited deposits as listing follows them, for the L25 report (B5)

Revision ID: listing_0016_forfeitures
Revises: listing_0015_filings
Create Date: 2026-12-07 03:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "listing_0016_forfeitures"
down_revision: str | None = "listing_0015_filings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "forfeited_deposits",
        sa.Column("listing_id", sa.String(length=64), nullable=False),
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("forfeited_at", common.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("listing_id", "party_id", name=op.f("pk_forfeited_deposits")),
    )
    op.create_index(
        op.f("ix_forfeited_deposits_forfeited_at"), "forfeited_deposits", ["forfeited_at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_forfeited_deposits_forfeited_at"), table_name="forfeited_deposits")
    op.drop_table("forfeited_deposits")
