"""L18: a land listing's agricultural intended use (用途不变).

Revision ID: listing_0009_intended_use
Revises: listing_0008_listing_archive
Create Date: 2026-12-07 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "listing_0009_intended_use"
down_revision: str | None = "listing_0008_listing_archive"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("listings", sa.Column("intended_use", sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column("listings", "intended_use")
