"""Collective domain tables: collectives, households and members, resolutions (X5) with
their steps and objections, the qualification register (Z1) and the parcels (Z2).

Revision ID: collective_0003
Revises: collective_0002
Create Date: 2026-12-06 18:42:45.486428
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0003"
down_revision: str | None = "collective_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "collectives",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("created_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collectives")),
    )
    op.create_index(op.f("ix_collectives_county"), "collectives", ["county"], unique=False)
    op.create_index(op.f("ix_collectives_township"), "collectives", ["township"], unique=False)
    op.create_table(
        "households",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("head_party_id", sa.String(length=18), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("created_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_households_collective_id_collectives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
    )
    op.create_index(
        op.f("ix_households_collective_id"), "households", ["collective_id"], unique=False
    )
    op.create_table(
        "resolutions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("matter", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("threshold", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("publicity_ends_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("result_summary", sa.Text(), nullable=True),
        sa.Column("result_published_on", sa.Date(), nullable=True),
        sa.Column("created_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_resolutions_collective_id_collectives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolutions")),
    )
    op.create_index(
        op.f("ix_resolutions_collective_id"), "resolutions", ["collective_id"], unique=False
    )
    op.create_table(
        "household_members",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("adult", sa.Boolean(), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("membership_ref", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_members_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_members")),
        sa.UniqueConstraint("party_id", name="uq_household_members_party_id"),
    )
    op.create_index(
        op.f("ix_household_members_household_id"),
        "household_members",
        ["household_id"],
        unique=False,
    )
    op.create_table(
        "parcels",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("area_m2", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("approval_ref", sa.String(length=100), nullable=True),
        sa.Column("house_type", sa.String(length=40), nullable=True),
        sa.Column("use", sa.String(length=20), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=True),
        sa.Column("violation", sa.Boolean(), nullable=False),
        sa.Column("violation_note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resolution_id", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finalised_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["collective_id"], ["collectives.id"], name=op.f("fk_parcels_collective_id_collectives")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_parcels_household_id_households")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcels")),
        sa.UniqueConstraint("county", "number", name="uq_parcels_county_number"),
    )
    op.create_index(op.f("ix_parcels_collective_id"), "parcels", ["collective_id"], unique=False)
    op.create_index(op.f("ix_parcels_household_id"), "parcels", ["household_id"], unique=False)
    op.create_table(
        "qualifications",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("resolution_id", sa.String(length=36), nullable=False),
        sa.Column("factors", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("parcel_id", sa.String(length=36), nullable=True),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("proposed_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("changed_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_qualifications_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_qualifications_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qualifications")),
    )
    op.create_index(
        op.f("ix_qualifications_collective_id"), "qualifications", ["collective_id"], unique=False
    )
    op.create_index(
        op.f("ix_qualifications_household_id"), "qualifications", ["household_id"], unique=False
    )
    op.create_index(
        "uq_qualifications_active_household",
        "qualifications",
        ["household_id"],
        unique=True,
        postgresql_where=sa.text("active"),
        sqlite_where=sa.text("active"),
    )
    op.create_table(
        "resolution_objections",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("resolution_id", sa.String(length=36), nullable=False),
        sa.Column("raised_by", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("raised_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_resolution_objections_resolution_id_resolutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolution_objections")),
    )
    op.create_index(
        op.f("ix_resolution_objections_resolution_id"),
        "resolution_objections",
        ["resolution_id"],
        unique=False,
    )
    op.create_table(
        "resolution_steps",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("resolution_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("body", sa.String(length=200), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("votes_against", sa.Integer(), nullable=False),
        sa.Column("abstained", sa.Integer(), nullable=False),
        sa.Column("minutes_sha256", sa.String(length=64), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_resolution_steps_resolution_id_resolutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolution_steps")),
        sa.UniqueConstraint(
            "resolution_id", "seq", name=op.f("uq_resolution_steps_resolution_id_seq")
        ),
    )
    op.create_index(
        op.f("ix_resolution_steps_resolution_id"),
        "resolution_steps",
        ["resolution_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_resolution_steps_resolution_id"), table_name="resolution_steps")
    op.drop_table("resolution_steps")
    op.drop_index(
        op.f("ix_resolution_objections_resolution_id"), table_name="resolution_objections"
    )
    op.drop_table("resolution_objections")
    op.drop_index(
        "uq_qualifications_active_household",
        table_name="qualifications",
        postgresql_where=sa.text("active"),
        sqlite_where=sa.text("active"),
    )
    op.drop_index(op.f("ix_qualifications_household_id"), table_name="qualifications")
    op.drop_index(op.f("ix_qualifications_collective_id"), table_name="qualifications")
    op.drop_table("qualifications")
    op.drop_index(op.f("ix_parcels_household_id"), table_name="parcels")
    op.drop_index(op.f("ix_parcels_collective_id"), table_name="parcels")
    op.drop_table("parcels")
    op.drop_index(op.f("ix_household_members_household_id"), table_name="household_members")
    op.drop_table("household_members")
    op.drop_index(op.f("ix_resolutions_collective_id"), table_name="resolutions")
    op.drop_table("resolutions")
    op.drop_index(op.f("ix_households_collective_id"), table_name="households")
    op.drop_table("households")
    op.drop_index(op.f("ix_collectives_township"), table_name="collectives")
    op.drop_index(op.f("ix_collectives_county"), table_name="collectives")
    op.drop_table("collectives")
