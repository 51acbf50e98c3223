"""the due diligence's four truths, each attested with a note (G15 四个真实)

Revision ID: guarantee_0006_four_truths
Revises: guarantee_0005_borrower_renewal
Create Date: 2026-12-06 19:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "guarantee_0006_four_truths"
down_revision: str | None = "guarantee_0005_borrower_renewal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("guarantees", sa.Column("diligence_truths", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("guarantees") as batch:
        batch.drop_column("diligence_truths")
