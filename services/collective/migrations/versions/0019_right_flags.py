"""registry's dispute and seizure flags as the collective follows them (Z5, Z7)

Revision ID: collective_0019_right_flags
Revises: collective_0018_supervision
Create Date: 2026-12-07 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0019_right_flags"
down_revision: str | None = "collective_0018_supervision"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "right_flags",
        sa.Column("certificate_no", sa.String(length=64), nullable=False),
        sa.Column("flag", sa.String(length=16), nullable=False),
        sa.Column("set", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("updated_at", common.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("certificate_no", "flag", name=op.f("pk_right_flags")),
    )


def downgrade() -> None:
    op.drop_table("right_flags")
