"""入市 after the contract: the planning conditions' source (E7), permits (E7) and the
tripartite supervision with its declarations and patrols (E10)

Revision ID: collective_0018_supervision
Revises: collective_0017_appraisers
Create Date: 2026-12-07 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0018_supervision"
down_revision: str | None = "collective_0017_appraisers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entry_plans") as batch:
        batch.add_column(
            sa.Column("inside_urban_development_boundary", sa.Boolean(), nullable=True)
        )
        batch.add_column(sa.Column("planning_source", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("planning_reference", sa.String(length=200), nullable=True))
    op.create_table(
        "entry_permits",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deal_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["deal_id"], ["entry_deals.id"], name=op.f("fk_entry_permits_deal_id_entry_deals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_permits")),
        sa.UniqueConstraint("deal_id", "kind", name="uq_entry_permits_kind"),
    )
    op.create_index(op.f("ix_entry_permits_deal_id"), "entry_permits", ["deal_id"], unique=False)
    op.create_table(
        "entry_supervisions",
        sa.Column("deal_id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("signatures", sa.JSON(), nullable=False),
        sa.Column("start_by", sa.Date(), nullable=False),
        sa.Column("complete_by", sa.Date(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("idle_fee_fen", sa.BigInteger(), nullable=True),
        sa.Column("idle_fee_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("recovery_due_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("recovered", sa.JSON(), nullable=True),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_entry_supervisions_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["deal_id"], ["entry_deals.id"], name=op.f("fk_entry_supervisions_deal_id_entry_deals")
        ),
        sa.PrimaryKeyConstraint("deal_id", name=op.f("pk_entry_supervisions")),
    )
    op.create_index(
        op.f("ix_entry_supervisions_collective_id"),
        "entry_supervisions",
        ["collective_id"],
        unique=False,
    )
    op.create_table(
        "entry_supervision_records",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deal_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("compliant", sa.Boolean(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["deal_id"],
            ["entry_supervisions.deal_id"],
            name=op.f("fk_entry_supervision_records_deal_id_entry_supervisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_supervision_records")),
    )
    op.create_index(
        op.f("ix_entry_supervision_records_deal_id"),
        "entry_supervision_records",
        ["deal_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_entry_supervision_records_deal_id"), table_name="entry_supervision_records"
    )
    op.drop_table("entry_supervision_records")
    op.drop_index(op.f("ix_entry_supervisions_collective_id"), table_name="entry_supervisions")
    op.drop_table("entry_supervisions")
    op.drop_index(op.f("ix_entry_permits_deal_id"), table_name="entry_permits")
    op.drop_table("entry_permits")
    with op.batch_alter_table("entry_plans") as batch:
        batch.drop_column("planning_reference")
        batch.drop_column("planning_source")
        batch.drop_column("inside_urban_development_boundary")
