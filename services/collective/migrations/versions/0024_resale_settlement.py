"""Re-transfers of entered land and their adjustment fund (E15, E12)

Revision ID: collective_0024_resale_settle
Revises: collective_0023_entry_policies
Create Date: 2026-12-07 06:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0024_resale_settle"
down_revision: str | None = "collective_0023_entry_policies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entry_resales",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deal_id", sa.String(length=36), nullable=False),
        sa.Column("trade_id", sa.String(length=64), nullable=False),
        sa.Column("listing_id", sa.String(length=64), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("seller_party_id", sa.String(length=18), nullable=False),
        sa.Column("buyer_party_id", sa.String(length=64), nullable=False),
        sa.Column("buyer_name", sa.String(length=200), nullable=False),
        sa.Column("price_fen", sa.BigInteger(), nullable=False),
        sa.Column("concluded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("costs_fen", sa.BigInteger(), nullable=True),
        sa.Column("fund_rate", sa.Numeric(6, 4), nullable=True),
        sa.Column("increment_fen", sa.BigInteger(), nullable=True),
        sa.Column("fund_fen", sa.BigInteger(), nullable=True),
        sa.Column("fund", sa.String(length=20), nullable=True),
        sa.Column("receipt_no", sa.String(length=100), nullable=True),
        sa.Column("receipt_paid_on", sa.Date(), nullable=True),
        sa.Column("receipt_document_id", sa.String(length=64), nullable=True),
        sa.Column("proven_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("settled_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_entry_resales_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["deal_id"], ["entry_deals.id"], name=op.f("fk_entry_resales_deal_id_entry_deals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_resales")),
        sa.UniqueConstraint("trade_id", name=op.f("uq_entry_resales_trade_id")),
    )
    op.create_index(op.f("ix_entry_resales_deal_id"), "entry_resales", ["deal_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_entry_resales_deal_id"), table_name="entry_resales")
    op.drop_table("entry_resales")
