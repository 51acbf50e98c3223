"""Entry plans and the annual supply plan — 入市方案、年度供应计划 (E1–E6, E14).

Revision ID: collective_0015_entry
Revises: collective_0014_member_leaving
Create Date: 2026-12-07 00:20:24.684722
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0015_entry"
down_revision: str | None = "collective_0014_member_leaving"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entry_supply_plans",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quotas_m2", sa.JSON(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_supply_plans")),
        sa.UniqueConstraint("county", "year", name="uq_entry_supply_plans_year"),
    )
    op.create_table(
        "entry_plans",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("owner_level", sa.String(length=10), nullable=False),
        sa.Column("seller", sa.JSON(), nullable=False),
        sa.Column("parcel_number", sa.String(length=40), nullable=False),
        sa.Column("survey", sa.JSON(), nullable=False),
        sa.Column("area_m2", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=False),
        sa.Column("way", sa.String(length=30), nullable=False),
        sa.Column("trading_method", sa.String(length=20), nullable=False),
        sa.Column("land_use", sa.String(length=30), nullable=False),
        sa.Column("term_years", sa.Integer(), nullable=False),
        sa.Column("lease_years", sa.Integer(), nullable=True),
        sa.Column("planning_conditions", sa.Text(), nullable=False),
        sa.Column("resolution_id", sa.String(length=36), nullable=False),
        sa.Column("members_choice", sa.String(length=20), nullable=False),
        sa.Column("retention_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("reserve_price_fen", sa.BigInteger(), nullable=False),
        sa.Column("appraisal", sa.JSON(), nullable=False),
        sa.Column("reserve_below_appraisal", sa.Boolean(), nullable=False),
        sa.Column("users", sa.JSON(), nullable=False),
        sa.Column("supply_plan_id", sa.String(length=36), nullable=True),
        sa.Column("opinions", sa.JSON(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cleared_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_entry_plans_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["supply_plan_id"],
            ["entry_supply_plans.id"],
            name=op.f("fk_entry_plans_supply_plan_id_entry_supply_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_plans")),
        sa.UniqueConstraint("county", "parcel_number", name="uq_entry_plans_parcel"),
    )
    op.create_index(
        op.f("ix_entry_plans_certificate_no"), "entry_plans", ["certificate_no"], unique=False
    )
    op.create_index(
        op.f("ix_entry_plans_collective_id"), "entry_plans", ["collective_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_entry_plans_collective_id"), table_name="entry_plans")
    op.drop_index(op.f("ix_entry_plans_certificate_no"), table_name="entry_plans")

    op.drop_table("entry_plans")
    op.drop_table("entry_supply_plans")
