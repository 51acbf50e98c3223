"""The homestead reserve (Z10).

Revision ID: collective_0009_reserve
Revises: collective_0008_pilot
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0009_reserve"
down_revision: str | None = "collective_0008_pilot"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reserve_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("parcel_id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("disposition", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=True),
        sa.Column("resolution_id", sa.String(length=36), nullable=True),
        sa.Column("entered_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_reserve_entries_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_reserve_entries_parcel_id_parcels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reserve_entries")),
    )
    op.create_index(
        op.f("ix_reserve_entries_collective_id"), "reserve_entries", ["collective_id"], unique=False
    )
    op.create_index(
        op.f("ix_reserve_entries_parcel_id"), "reserve_entries", ["parcel_id"], unique=False
    )
    op.create_index(
        "uq_reserve_entries_reserved_parcel",
        "reserve_entries",
        ["parcel_id"],
        unique=True,
        postgresql_where=sa.text("status = 'reserved'"),
        sqlite_where=sa.text("status = 'reserved'"),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_reserve_entries_reserved_parcel",
        table_name="reserve_entries",
        postgresql_where=sa.text("status = 'reserved'"),
        sqlite_where=sa.text("status = 'reserved'"),
    )
    op.drop_index(op.f("ix_reserve_entries_parcel_id"), table_name="reserve_entries")
    op.drop_index(op.f("ix_reserve_entries_collective_id"), table_name="reserve_entries")
    op.drop_table("reserve_entries")
