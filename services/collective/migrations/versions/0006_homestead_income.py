"""The share register (股权) and the homestead income with its dividends (Z11).

Revision ID: collective_0006_income
Revises: collective_0005_transfers
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0006_income"
down_revision: str | None = "collective_0005_transfers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shareholdings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("shares", sa.Integer(), nullable=False),
        sa.Column("updated_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_shareholdings_collective_id_collectives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shareholdings")),
        sa.UniqueConstraint("collective_id", "party_id", name="uq_shareholdings_member"),
    )
    op.create_index(
        op.f("ix_shareholdings_collective_id"), "shareholdings", ["collective_id"], unique=False
    )
    op.create_table(
        "homestead_incomes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("farmer_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("farmer_fen", sa.BigInteger(), nullable=False),
        sa.Column("collective_fen", sa.BigInteger(), nullable=False),
        sa.Column("disposition", sa.String(length=10), nullable=False),
        sa.Column("resolution_id", sa.String(length=36), nullable=True),
        sa.Column("year_income_fen", sa.BigInteger(), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_homestead_incomes_collective_id_collectives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homestead_incomes")),
    )
    op.create_index(
        op.f("ix_homestead_incomes_collective_id"),
        "homestead_incomes",
        ["collective_id"],
        unique=False,
    )
    op.create_table(
        "homestead_dividends",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("income_id", sa.String(length=36), nullable=False),
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("shares", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["income_id"],
            ["homestead_incomes.id"],
            name=op.f("fk_homestead_dividends_income_id_homestead_incomes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homestead_dividends")),
    )
    op.create_index(
        op.f("ix_homestead_dividends_income_id"),
        "homestead_dividends",
        ["income_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_homestead_dividends_income_id"), table_name="homestead_dividends")
    op.drop_table("homestead_dividends")
    op.drop_index(op.f("ix_homestead_incomes_collective_id"), table_name="homestead_incomes")
    op.drop_table("homestead_incomes")
    op.drop_index(op.f("ix_shareholdings_collective_id"), table_name="shareholdings")
    op.drop_table("shareholdings")
