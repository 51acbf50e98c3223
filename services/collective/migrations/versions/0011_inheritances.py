"""Inheritances of homestead houses (Z8).

Revision ID: collective_0011_inheritance
Revises: collective_0010_paid_use
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0011_inheritance"
down_revision: str | None = "collective_0010_paid_use"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inheritances",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("parcel_id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("from_household_id", sa.String(length=36), nullable=False),
        sa.Column("deceased_party_id", sa.String(length=18), nullable=False),
        sa.Column("death_ref", sa.String(length=100), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("heirs", sa.JSON(), nullable=False),
        sa.Column("waivers", sa.JSON(), nullable=False),
        sa.Column("heir_household_id", sa.String(length=36), nullable=True),
        sa.Column("heir_party_id", sa.String(length=18), nullable=True),
        sa.Column("paid_use_contract_id", sa.String(length=36), nullable=True),
        sa.Column("compensation_fen", sa.BigInteger(), nullable=True),
        sa.Column("agreement_ref", sa.String(length=100), nullable=True),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_inheritances_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_inheritances_parcel_id_parcels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inheritances")),
    )
    op.create_index(
        op.f("ix_inheritances_collective_id"), "inheritances", ["collective_id"], unique=False
    )
    op.create_index(op.f("ix_inheritances_parcel_id"), "inheritances", ["parcel_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_inheritances_parcel_id"), table_name="inheritances")
    op.drop_index(op.f("ix_inheritances_collective_id"), table_name="inheritances")
    op.drop_table("inheritances")
