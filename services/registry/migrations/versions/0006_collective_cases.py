"""The collective service's dispute (X6) and violation (Z12) cases as registry follows them.

Revision ID: registry_0006_collective_cases
Revises: registry_0005
Create Date: 2026-12-06 21:40:47.602158
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "registry_0006_collective_cases"
down_revision: str | None = "registry_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "collective_cases",
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("flag", sa.String(length=20), nullable=False),
        sa.Column("rule", sa.String(length=8), nullable=False),
        sa.Column("flags", sa.Boolean(), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_ref", sa.String(length=64), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=True),
        sa.Column("parcel_id", sa.String(length=64), nullable=True),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_collective_cases")),
    )
    op.create_index(
        op.f("ix_collective_cases_certificate_no"),
        "collective_cases",
        ["certificate_no"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_collective_cases_certificate_no"), table_name="collective_cases")
    op.drop_table("collective_cases")
