"""Model contracts (Z14) and homestead transfers, gifts and swaps (Z5).

Revision ID: collective_0005_transfers
Revises: collective_0004_homestead
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0005_transfers"
down_revision: str | None = "collective_0004_homestead"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "model_contracts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("required_fields", sa.JSON(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("created_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_contracts")),
        sa.UniqueConstraint("county", "kind", "version", name="uq_model_contracts_version"),
    )
    op.create_index(op.f("ix_model_contracts_county"), "model_contracts", ["county"], unique=False)
    op.create_table(
        "homestead_transfers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("swap_id", sa.String(length=36), nullable=True),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("parcel_id", sa.String(length=36), nullable=False),
        sa.Column("from_household_id", sa.String(length=36), nullable=False),
        sa.Column("to_household_id", sa.String(length=36), nullable=False),
        sa.Column("price_fen", sa.BigInteger(), nullable=False),
        sa.Column("surplus", sa.Boolean(), nullable=False),
        sa.Column("declaration_ref", sa.String(length=100), nullable=False),
        sa.Column("resolution_id", sa.String(length=36), nullable=False),
        sa.Column("residence_proof", sa.String(length=200), nullable=True),
        sa.Column("consents", sa.JSON(), nullable=False),
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("contract_fields", sa.JSON(), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_homestead_transfers_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["from_household_id"],
            ["households.id"],
            name=op.f("fk_homestead_transfers_from_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["to_household_id"],
            ["households.id"],
            name=op.f("fk_homestead_transfers_to_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_homestead_transfers_parcel_id_parcels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homestead_transfers")),
    )
    op.create_index(
        op.f("ix_homestead_transfers_collective_id"),
        "homestead_transfers",
        ["collective_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_homestead_transfers_parcel_id"), "homestead_transfers", ["parcel_id"], unique=False
    )
    op.create_index(
        op.f("ix_homestead_transfers_swap_id"), "homestead_transfers", ["swap_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_homestead_transfers_swap_id"), table_name="homestead_transfers")
    op.drop_index(op.f("ix_homestead_transfers_parcel_id"), table_name="homestead_transfers")
    op.drop_index(op.f("ix_homestead_transfers_collective_id"), table_name="homestead_transfers")
    op.drop_table("homestead_transfers")
    op.drop_index(op.f("ix_model_contracts_county"), table_name="model_contracts")
    op.drop_table("model_contracts")
