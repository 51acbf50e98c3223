"""the collective's effective resolutions as the registry follows them (R15, X5)

Revision ID: registry_0014_resolutions
Revises: registry_0013_appraisers
Create Date: 2026-12-07 04:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "registry_0014_resolutions"
down_revision: str | None = "registry_0013_appraisers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "passed_resolutions",
        sa.Column("resolution_id", sa.String(length=64), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("matter", sa.String(length=40), nullable=False),
        sa.Column("subject_ref", sa.String(length=64), nullable=True),
        sa.Column("threshold", sa.String(length=40), nullable=False),
        sa.Column("entitled", sa.Integer(), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("voted_on", sa.Date(), nullable=False),
        sa.Column("effective_at", common.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("resolution_id", name=op.f("pk_passed_resolutions")),
    )


def downgrade() -> None:
    op.drop_table("passed_resolutions")
