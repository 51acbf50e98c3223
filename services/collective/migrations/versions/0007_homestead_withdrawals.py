"""Voluntary paid withdrawals and the projection of registry's liens (Z7).

Revision ID: collective_0007_withdrawals
Revises: collective_0006_income
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0007_withdrawals"
down_revision: str | None = "collective_0006_income"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "homestead_withdrawals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("parcel_id", sa.String(length=36), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=10), nullable=False),
        sa.Column("urban_residence_proof", sa.String(length=200), nullable=False),
        sa.Column("consents", sa.JSON(), nullable=False),
        sa.Column("lienholder_consent", sa.String(length=200), nullable=True),
        sa.Column("resolution_id", sa.String(length=36), nullable=True),
        sa.Column("land_area_m2", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("building_area_m2", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("compensation_fen", sa.BigInteger(), nullable=True),
        sa.Column("agreement_no", sa.String(length=100), nullable=True),
        sa.Column("template_id", sa.String(length=36), nullable=True),
        sa.Column("contract_fields", sa.JSON(), nullable=True),
        sa.Column("payer", sa.String(length=20), nullable=True),
        sa.Column("payment_ref", sa.String(length=100), nullable=True),
        sa.Column("retain", sa.Boolean(), nullable=False),
        sa.Column("applied_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("paid_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_homestead_withdrawals_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_homestead_withdrawals_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_homestead_withdrawals_parcel_id_parcels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homestead_withdrawals")),
    )
    op.create_index(
        op.f("ix_homestead_withdrawals_certificate_no"),
        "homestead_withdrawals",
        ["certificate_no"],
        unique=False,
    )
    op.create_index(
        op.f("ix_homestead_withdrawals_collective_id"),
        "homestead_withdrawals",
        ["collective_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_homestead_withdrawals_household_id"),
        "homestead_withdrawals",
        ["household_id"],
        unique=False,
    )
    op.create_index(
        "uq_homestead_withdrawals_open_parcel",
        "homestead_withdrawals",
        ["parcel_id"],
        unique=True,
        postgresql_where=sa.text("status <> 'paid'"),
        sqlite_where=sa.text("status <> 'paid'"),
    )
    op.create_table(
        "right_liens",
        sa.Column("lien_id", sa.String(length=64), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("lien_id", name=op.f("pk_right_liens")),
    )
    op.create_index(
        op.f("ix_right_liens_certificate_no"), "right_liens", ["certificate_no"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_right_liens_certificate_no"), table_name="right_liens")
    op.drop_table("right_liens")
    op.drop_index(
        "uq_homestead_withdrawals_open_parcel",
        table_name="homestead_withdrawals",
        postgresql_where=sa.text("status <> 'paid'"),
        sqlite_where=sa.text("status <> 'paid'"),
    )
    op.drop_index(op.f("ix_homestead_withdrawals_household_id"), table_name="homestead_withdrawals")
    op.drop_index(
        op.f("ix_homestead_withdrawals_collective_id"), table_name="homestead_withdrawals"
    )
    op.drop_index(
        op.f("ix_homestead_withdrawals_certificate_no"), table_name="homestead_withdrawals"
    )
    op.drop_table("homestead_withdrawals")
