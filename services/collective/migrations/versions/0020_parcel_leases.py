"""a homestead's lease as registry recorded it: the parcel's use follows it (Z6)

Revision ID: collective_0020_parcel_leases
Revises: collective_0019_right_flags
Create Date: 2026-12-07 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0020_parcel_leases"
down_revision: str | None = "collective_0019_right_flags"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "parcel_leases",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("parcel_id", sa.String(length=36), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=False),
        sa.Column("listing_id", sa.String(length=64), nullable=True),
        sa.Column("lessee_party_id", sa.String(length=64), nullable=False),
        sa.Column("lessee_name", sa.String(length=100), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=True),
        sa.Column("term_end", sa.Date(), nullable=True),
        sa.Column("previous_use", sa.String(length=20), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(), nullable=False),
        sa.Column("ended_at", common.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_parcel_leases_parcel_id_parcels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcel_leases")),
    )
    op.create_index(op.f("ix_parcel_leases_parcel_id"), "parcel_leases", ["parcel_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_parcel_leases_parcel_id"), table_name="parcel_leases")
    op.drop_table("parcel_leases")
