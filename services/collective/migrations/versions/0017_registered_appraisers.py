"""listing's register of appraisers as the collective follows it (L20 for E5)

Revision ID: collective_0017_appraisers
Revises: collective_0016_entry_deals
Create Date: 2026-12-07 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0017_appraisers"
down_revision: str | None = "collective_0016_entry_deals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registered_appraisers",
        sa.Column("intermediary_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("licence_no", sa.String(length=64), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("changed_at", common.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("intermediary_id", name=op.f("pk_registered_appraisers")),
    )
    op.create_index(op.f("ix_registered_appraisers_county"), "registered_appraisers", ["county"])


def downgrade() -> None:
    op.drop_index(op.f("ix_registered_appraisers_county"), table_name="registered_appraisers")
    op.drop_table("registered_appraisers")
