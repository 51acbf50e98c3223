"""L22: the base land price table version a listing was registered under.

Revision ID: listing_0011_price_table_version
Revises: listing_0010_entrusted_listings
Create Date: 2026-12-07 00:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "listing_0011_price_table_version"
down_revision: str | None = "listing_0010_entrusted_listings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("listings", sa.Column("price_table", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("listings", "price_table")
