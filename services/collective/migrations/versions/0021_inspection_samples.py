"""the joint inspection's yearly sample of a township's approvals (Z12)

Revision ID: collective_0021_samples
Revises: collective_0020_parcel_leases
Create Date: 2026-12-07 04:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0021_samples"
down_revision: str | None = "collective_0020_parcel_leases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inspection_samples",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("sample_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("application_ids", sa.JSON(), nullable=False),
        sa.Column("drawn_by", sa.String(length=100), nullable=False),
        sa.Column("drawn_at", common.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_samples")),
        sa.UniqueConstraint("township", "year", name="uq_inspection_samples_township_year"),
    )


def downgrade() -> None:
    op.drop_table("inspection_samples")
