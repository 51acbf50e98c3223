"""R21: a credit enhancement may cite an issued guarantee; the projection of the
guarantee service's issued guarantees.

Revision ID: registry_0010_enhancement_kinds
Revises: registry_0009_loan_terms
Create Date: 2026-12-07 01:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "registry_0010_enhancement_kinds"
down_revision: str | None = "registry_0009_loan_terms"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "credit_enhancements", sa.Column("guarantee_id", sa.String(length=64), nullable=True)
    )
    op.create_table(
        "issued_guarantees",
        sa.Column("guarantee_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("borrower_party_id", sa.String(length=18), nullable=False),
        sa.Column("lender_org_id", sa.String(length=64), nullable=False),
        sa.Column("guarantor_org_id", sa.String(length=64), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=True),
        sa.Column("issued_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guarantee_id", name=op.f("pk_issued_guarantees")),
    )


def downgrade() -> None:
    op.drop_table("issued_guarantees")
    op.drop_column("credit_enhancements", "guarantee_id")
