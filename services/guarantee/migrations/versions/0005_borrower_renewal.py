"""a borrower file due for renewal after a repaid guarantee (G18 服务周期转换)

Revision ID: guarantee_0005_borrower_renewal
Revises: guarantee_0004_blacklist_org
Create Date: 2026-12-06 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "guarantee_0005_borrower_renewal"
down_revision: str | None = "guarantee_0004_blacklist_org"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "borrowers",
        sa.Column("renewal_due_at", common.db.UTCDateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("borrowers") as batch:
        batch.drop_column("renewal_due_at")
