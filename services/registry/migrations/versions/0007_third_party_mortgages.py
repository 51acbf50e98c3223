"""R15: third-party mortgagors and uncontracted collective land on lien applications.

Revision ID: registry_0007_third_party
Revises: registry_0006_collective_cases
Create Date: 2026-12-07 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0007_third_party"
down_revision: str | None = "registry_0006_collective_cases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for column in (
        sa.Column("mortgagor_party_id", sa.String(length=18), nullable=True),
        sa.Column("mortgagor_name", sa.String(length=100), nullable=True),
        sa.Column("land_class", sa.String(length=20), nullable=True),
        sa.Column("collective_decision", sa.JSON(), nullable=True),
        sa.Column("township_approval_no", sa.String(length=64), nullable=True),
    ):
        op.add_column("lien_applications", column)


def downgrade() -> None:
    for column in (
        "township_approval_no",
        "collective_decision",
        "land_class",
        "mortgagor_name",
        "mortgagor_party_id",
    ):
        op.drop_column("lien_applications", column)
