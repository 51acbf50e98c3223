"""L21: site inspections (现场勘察) before the township's initial review.

Revision ID: listing_0012_site_inspections
Revises: listing_0011_price_table_version
Create Date: 2026-12-07 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db
import common.keys

revision: str = "listing_0012_site_inspections"
down_revision: str | None = "listing_0011_price_table_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "site_inspections",
        sa.Column("id", common.keys.BigId, autoincrement=True, nullable=False),
        sa.Column("listing_id", sa.String(length=32), nullable=False),
        sa.Column("inspector_name", sa.String(length=100), nullable=False),
        sa.Column("inspector_role", sa.String(length=20), nullable=False),
        sa.Column("inspected_on", sa.Date(), nullable=False),
        sa.Column("photo_document_ids", sa.JSON(), nullable=False),
        sa.Column("boundary_matches", sa.Boolean(), nullable=False),
        sa.Column("boundary_note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listings.id"], name=op.f("fk_site_inspections_listing_id_listings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_inspections")),
    )
    op.create_index(
        op.f("ix_site_inspections_listing_id"), "site_inspections", ["listing_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_site_inspections_listing_id"), table_name="site_inspections")
    op.drop_table("site_inspections")
