"""R16: the applicant class and the lender's finding on realising the collateral.

Revision ID: registry_0008_applicant_class
Revises: registry_0007_third_party
Create Date: 2026-12-07 00:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0008_applicant_class"
down_revision: str | None = "registry_0007_third_party"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for column in (
        sa.Column("applicant_class", sa.String(length=30), nullable=True),
        sa.Column("retransferred", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("collateral_realisable", sa.Boolean(), nullable=True),
        sa.Column("realisability_note", sa.Text(), nullable=True),
    ):
        op.add_column("lien_applications", column)


def downgrade() -> None:
    for column in (
        "realisability_note",
        "collateral_realisable",
        "retransferred",
        "applicant_class",
    ):
        op.drop_column("lien_applications", column)
