"""Dispute cases (X6) and violation cases (Z12).

Revision ID: collective_0012_cases
Revises: collective_0011_inheritance
Create Date: 2026-12-06 21:38:36.074923
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0012_cases"
down_revision: str | None = "collective_0011_inheritance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dispute_cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("object_ref", sa.String(length=64), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=True),
        sa.Column("parcel_id", sa.String(length=36), nullable=True),
        sa.Column("ownership", sa.Boolean(), nullable=False),
        sa.Column("claimant", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("mediator", sa.String(length=20), nullable=True),
        sa.Column("case_number", sa.String(length=100), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("outcome_ref", sa.String(length=100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("opened_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("changed_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_dispute_cases_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_dispute_cases_parcel_id_parcels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispute_cases")),
    )
    op.create_index(
        op.f("ix_dispute_cases_certificate_no"), "dispute_cases", ["certificate_no"], unique=False
    )
    op.create_index(
        op.f("ix_dispute_cases_collective_id"), "dispute_cases", ["collective_id"], unique=False
    )
    op.create_index(
        op.f("ix_dispute_cases_object_ref"), "dispute_cases", ["object_ref"], unique=False
    )
    op.create_index(
        op.f("ix_dispute_cases_parcel_id"), "dispute_cases", ["parcel_id"], unique=False
    )

    op.create_table(
        "violation_cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("parcel_id", sa.String(length=36), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=True),
        sa.Column("inspection_ref", sa.String(length=100), nullable=False),
        sa.Column("finding", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decision_ref", sa.String(length=100), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("opened_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("changed_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_violation_cases_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_violation_cases_parcel_id_parcels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violation_cases")),
    )
    op.create_index(
        op.f("ix_violation_cases_certificate_no"),
        "violation_cases",
        ["certificate_no"],
        unique=False,
    )
    op.create_index(
        op.f("ix_violation_cases_collective_id"), "violation_cases", ["collective_id"], unique=False
    )
    op.create_index(
        op.f("ix_violation_cases_parcel_id"), "violation_cases", ["parcel_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_violation_cases_parcel_id"), table_name="violation_cases")
    op.drop_index(op.f("ix_violation_cases_collective_id"), table_name="violation_cases")
    op.drop_index(op.f("ix_violation_cases_certificate_no"), table_name="violation_cases")

    op.drop_table("violation_cases")
    op.drop_index(op.f("ix_dispute_cases_parcel_id"), table_name="dispute_cases")
    op.drop_index(op.f("ix_dispute_cases_object_ref"), table_name="dispute_cases")
    op.drop_index(op.f("ix_dispute_cases_collective_id"), table_name="dispute_cases")
    op.drop_index(op.f("ix_dispute_cases_certificate_no"), table_name="dispute_cases")

    op.drop_table("dispute_cases")
