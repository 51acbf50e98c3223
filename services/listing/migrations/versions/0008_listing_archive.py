"""the sealed archive of an ended listing (L19): its manifest of hashes

Revision ID: listing_0008_listing_archive
Revises: listing_0007_collective_cases
Create Date: 2026-12-06 21:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "listing_0008_listing_archive"
down_revision: str | None = "listing_0007_collective_cases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "listing_archives",
        sa.Column("listing_id", sa.String(length=32), nullable=False),
        sa.Column("sealed_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sealed_by", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("files", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listings.id"], name=op.f("fk_listing_archives_listing_id_listings")
        ),
        sa.PrimaryKeyConstraint("listing_id", name=op.f("pk_listing_archives")),
    )


def downgrade() -> None:
    op.drop_table("listing_archives")
