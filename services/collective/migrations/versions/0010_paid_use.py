"""Paid use: fees by class, contracts and yearly bills (Z9).

Revision ID: collective_0010_paid_use
Revises: collective_0009_reserve
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0010_paid_use"
down_revision: str | None = "collective_0009_reserve"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "paid_use_fees",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("klass", sa.String(length=30), nullable=False),
        sa.Column("fee_per_m2_fen", sa.BigInteger(), nullable=False),
        sa.Column("resolution_id", sa.String(length=36), nullable=False),
        sa.Column("set_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_paid_use_fees_collective_id_collectives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paid_use_fees")),
    )
    op.create_index(
        op.f("ix_paid_use_fees_collective_id"), "paid_use_fees", ["collective_id"], unique=False
    )
    op.create_table(
        "paid_use_contracts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("parcel_id", sa.String(length=36), nullable=False),
        sa.Column("klass", sa.String(length=30), nullable=False),
        sa.Column("occupant_party_id", sa.String(length=18), nullable=False),
        sa.Column("occupant_name", sa.String(length=100), nullable=False),
        sa.Column("area_m2", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("fee_per_m2_fen", sa.BigInteger(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("contract_fields", sa.JSON(), nullable=False),
        sa.Column("created_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_paid_use_contracts_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_paid_use_contracts_parcel_id_parcels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paid_use_contracts")),
    )
    op.create_index(
        op.f("ix_paid_use_contracts_collective_id"),
        "paid_use_contracts",
        ["collective_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_paid_use_contracts_parcel_id"), "paid_use_contracts", ["parcel_id"], unique=False
    )
    op.create_table(
        "paid_use_bills",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("contract_id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("year_no", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("issued_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("paid_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("receipt_ref", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["paid_use_contracts.id"],
            name=op.f("fk_paid_use_bills_contract_id_paid_use_contracts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paid_use_bills")),
        sa.UniqueConstraint("contract_id", "year_no", name="uq_paid_use_bills_year"),
    )
    op.create_index(
        op.f("ix_paid_use_bills_contract_id"), "paid_use_bills", ["contract_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_paid_use_bills_contract_id"), table_name="paid_use_bills")
    op.drop_table("paid_use_bills")
    op.drop_index(op.f("ix_paid_use_contracts_parcel_id"), table_name="paid_use_contracts")
    op.drop_index(op.f("ix_paid_use_contracts_collective_id"), table_name="paid_use_contracts")
    op.drop_table("paid_use_contracts")
    op.drop_index(op.f("ix_paid_use_fees_collective_id"), table_name="paid_use_fees")
    op.drop_table("paid_use_fees")
