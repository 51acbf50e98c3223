"""The county's 入市 policy documents on the public board (E16)

Revision ID: collective_0023_entry_policies
Revises: collective_0022_res_subject
Create Date: 2026-12-07 04:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0023_entry_policies"
down_revision: str | None = "collective_0022_res_subject"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entry_policies",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("document_no", sa.String(length=100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("published_by", sa.String(length=100), nullable=False),
        sa.Column("published_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_policies")),
    )
    op.create_index(op.f("ix_entry_policies_county"), "entry_policies", ["county"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_entry_policies_county"), table_name="entry_policies")
    op.drop_table("entry_policies")
