"""L20: the county's intermediary register (中介机构登记备案).

Revision ID: listing_0013_intermediaries
Revises: listing_0012_site_inspections
Create Date: 2026-12-07 01:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "listing_0013_intermediaries"
down_revision: str | None = "listing_0012_site_inspections"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "intermediaries",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("licence_no", sa.String(length=40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("changed_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intermediaries")),
    )
    op.create_index(op.f("ix_intermediaries_county"), "intermediaries", ["county"], unique=False)
    op.add_column(
        "collective_decisions", sa.Column("appraiser_id", sa.String(length=32), nullable=True)
    )
    op.add_column("collective_decisions", sa.Column("appraised_on", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("collective_decisions", "appraised_on")
    op.drop_column("collective_decisions", "appraiser_id")
    op.drop_index(op.f("ix_intermediaries_county"), table_name="intermediaries")
    op.drop_table("intermediaries")
