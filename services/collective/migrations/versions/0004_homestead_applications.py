"""Homestead applications and the joint review's opinions (Z3).

Revision ID: collective_0004_homestead
Revises: collective_0003
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0004_homestead"
down_revision: str | None = "collective_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "homestead_applications",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("qualification_id", sa.String(length=36), nullable=False),
        sa.Column("parcel_id", sa.String(length=36), nullable=False),
        sa.Column("return_parcel_id", sa.String(length=36), nullable=True),
        sa.Column("area_m2", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("floors", sa.Integer(), nullable=False),
        sa.Column("height_m", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("in_plan_zone", sa.Boolean(), nullable=False),
        sa.Column("in_year_plan", sa.Boolean(), nullable=False),
        sa.Column("house_disposed", sa.Boolean(), nullable=False),
        sa.Column("resolution_id", sa.String(length=36), nullable=True),
        sa.Column("approval_no", sa.String(length=100), nullable=True),
        sa.Column("permit_no", sa.String(length=100), nullable=True),
        sa.Column("filing_due_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("filing_ref", sa.String(length=100), nullable=True),
        sa.Column("filing_late", sa.Boolean(), nullable=False),
        sa.Column("acceptance_no", sa.String(length=100), nullable=True),
        sa.Column("built_area_m2", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("refusal", sa.String(length=2000), nullable=True),
        sa.Column("applied_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("village_reviewed_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("approved_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("filed_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_homestead_applications_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_homestead_applications_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"],
            ["parcels.id"],
            name=op.f("fk_homestead_applications_parcel_id_parcels"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homestead_applications")),
        sa.UniqueConstraint("county", "approval_no", name="uq_homestead_applications_approval_no"),
    )
    op.create_index(
        op.f("ix_homestead_applications_collective_id"),
        "homestead_applications",
        ["collective_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_homestead_applications_household_id"),
        "homestead_applications",
        ["household_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_homestead_applications_township"),
        "homestead_applications",
        ["township"],
        unique=False,
    )
    op.create_index(
        "uq_homestead_applications_open_household",
        "homestead_applications",
        ["household_id"],
        unique=True,
        postgresql_where=sa.text("open"),
        sqlite_where=sa.text("open"),
    )
    op.create_table(
        "homestead_opinions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("department", sa.String(length=30), nullable=False),
        sa.Column("approve", sa.Boolean(), nullable=False),
        sa.Column("opinion", sa.String(length=2000), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["homestead_applications.id"],
            name=op.f("fk_homestead_opinions_application_id_homestead_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homestead_opinions")),
        sa.UniqueConstraint(
            "application_id", "department", name="uq_homestead_opinions_department"
        ),
    )
    op.create_index(
        op.f("ix_homestead_opinions_application_id"),
        "homestead_opinions",
        ["application_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_homestead_opinions_application_id"), table_name="homestead_opinions")
    op.drop_table("homestead_opinions")
    op.drop_index(
        "uq_homestead_applications_open_household",
        table_name="homestead_applications",
        postgresql_where=sa.text("open"),
        sqlite_where=sa.text("open"),
    )
    op.drop_index(op.f("ix_homestead_applications_township"), table_name="homestead_applications")
    op.drop_index(
        op.f("ix_homestead_applications_household_id"), table_name="homestead_applications"
    )
    op.drop_index(
        op.f("ix_homestead_applications_collective_id"), table_name="homestead_applications"
    )
    op.drop_table("homestead_applications")
