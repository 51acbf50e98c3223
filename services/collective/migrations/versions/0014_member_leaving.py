"""A member leaves the collective (成员身份丧失): the date, the cause and its document; one
person on one current roll (Z1) becomes a partial unique index over the members who have
not left.

Revision ID: collective_0014_member_leaving
Revises: collective_0013_filings
Create Date: 2026-12-07 01:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0014_member_leaving"
down_revision: str | None = "collective_0013_filings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CURRENT = sa.text("left_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("household_members") as batch:
        batch.add_column(sa.Column("left_at", common.db.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("left_cause", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("left_ref", sa.String(length=100), nullable=True))
        batch.drop_constraint("uq_household_members_party_id", type_="unique")
    op.create_index(
        "uq_household_members_current_party",
        "household_members",
        ["party_id"],
        unique=True,
        postgresql_where=CURRENT,
        sqlite_where=CURRENT,
    )


def downgrade() -> None:
    op.drop_index("uq_household_members_current_party", table_name="household_members")
    with op.batch_alter_table("household_members") as batch:
        batch.create_unique_constraint("uq_household_members_party_id", ["party_id"])
        batch.drop_column("left_ref")
        batch.drop_column("left_cause")
        batch.drop_column("left_at")
