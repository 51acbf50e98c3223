"""the party register (L20) and an agent's power of attorney on listings and registrations

Revision ID: listing_0017_party_register
Revises: listing_0016_forfeitures
Create Date: 2026-12-07 04:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "listing_0017_party_register"
down_revision: str | None = "listing_0016_forfeitures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "parties",
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("changed_at", common.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("party_id", name=op.f("pk_parties")),
    )
    op.create_index(op.f("ix_parties_county"), "parties", ["county"])
    op.add_column("listings", sa.Column("agent", sa.JSON(), nullable=True))
    op.add_column("registrations", sa.Column("agent", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("registrations", "agent")
    op.drop_column("listings", "agent")
    op.drop_index(op.f("ix_parties_county"), table_name="parties")
    op.drop_table("parties")
