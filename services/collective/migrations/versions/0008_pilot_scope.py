"""The pilot scope per collective (Z13).

Revision ID: collective_0008_pilot
Revises: collective_0007_withdrawals
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0008_pilot"
down_revision: str | None = "collective_0007_withdrawals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pilot_scopes",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("changed_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["collectives.id"], name=op.f("fk_pilot_scopes_id_collectives")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_scopes")),
    )
    op.create_index(op.f("ix_pilot_scopes_county"), "pilot_scopes", ["county"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_pilot_scopes_county"), table_name="pilot_scopes")
    op.drop_table("pilot_scopes")
