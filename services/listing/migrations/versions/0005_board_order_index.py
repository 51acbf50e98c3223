"""the public board's order as an index: published_at DESC, id (L14)

Revision ID: listing_0005_board_order_index
Revises: listing_0004_restriction_county
Create Date: 2026-12-06 17:40:00

Without it PostgreSQL sorts every published listing for each page of the board.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "listing_0005_board_order_index"
down_revision: str | None = "listing_0004_restriction_county"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_listings_board", "listings", [sa.text("published_at DESC"), "id"])


def downgrade() -> None:
    op.drop_index("ix_listings_board", table_name="listings")
