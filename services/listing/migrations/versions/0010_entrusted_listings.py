"""L17: the entrusted rights of a trustee's listing (委托流转).

Revision ID: listing_0010_entrusted_listings
Revises: listing_0009_intended_use
Create Date: 2026-12-07 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "listing_0010_entrusted_listings"
down_revision: str | None = "listing_0009_intended_use"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("listings", sa.Column("entrustments", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("listings", "entrustments")
