"""a resolution names what it decides on (R15: the mortgaged right's certificate)

Revision ID: collective_0022_res_subject
Revises: collective_0021_samples
Create Date: 2026-12-07 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "collective_0022_res_subject"
down_revision: str | None = "collective_0021_samples"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("resolutions", sa.Column("subject_ref", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("resolutions", "subject_ref")
