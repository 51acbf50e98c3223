"""arrears restrictions per borrower and calendar year (G12 欠款限制)

Revision ID: guarantee_0008_arrears
Revises: guarantee_0007_rectifications
Create Date: 2026-12-06 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "guarantee_0008_arrears"
down_revision: str | None = "guarantee_0007_rectifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "arrears_restrictions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("guarantee_id", sa.String(length=32), nullable=False),
        sa.Column("since", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrears_restrictions")),
        sa.UniqueConstraint("party_id", "year", name=op.f("uq_arrears_restrictions_party_id_year")),
    )
    op.create_index(op.f("ix_arrears_restrictions_county"), "arrears_restrictions", ["county"])
    op.create_index(op.f("ix_arrears_restrictions_party_id"), "arrears_restrictions", ["party_id"])


def downgrade() -> None:
    op.drop_table("arrears_restrictions")
