"""The 入市 gate: cleared entry plans as listing follows them, and the plan a listing
carries out (E3, E4).

Revision ID: listing_0014_entry_gate
Revises: listing_0013_intermediaries
Create Date: 2026-12-07 00:34:59.977920
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "listing_0014_entry_gate"
down_revision: str | None = "listing_0013_intermediaries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entry_clearances",
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=False),
        sa.Column("way", sa.String(length=30), nullable=False),
        sa.Column("trading_method", sa.String(length=20), nullable=False),
        sa.Column("land_use", sa.String(length=30), nullable=False),
        sa.Column("area_m2", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("term_years", sa.Integer(), nullable=False),
        sa.Column("reserve_price_fen", sa.BigInteger(), nullable=False),
        sa.Column("supply_year", sa.Integer(), nullable=False),
        sa.Column("cleared_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_entry_clearances")),
    )
    op.add_column("listings", sa.Column("entry_plan_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("listings") as batch_op:
        batch_op.drop_column("entry_plan_id")
    op.drop_table("entry_clearances")
