"""Entry deals and the dedicated account — 入市成交、专户 (E9, E11–E13).

Revision ID: collective_0016_entry_deals
Revises: collective_0015_entry
Create Date: 2026-12-07 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "collective_0016_entry_deals"
down_revision: str | None = "collective_0015_entry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entry_accounts",
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("account_no", sa.String(length=40), nullable=False),
        sa.Column("bank", sa.String(length=200), nullable=False),
        sa.Column("resolution_id", sa.String(length=36), nullable=False),
        sa.Column("registered_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_entry_accounts_collective_id_collectives"),
        ),
        sa.PrimaryKeyConstraint("collective_id", name=op.f("pk_entry_accounts")),
    )
    op.create_table(
        "entry_deals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("listing_id", sa.String(length=64), nullable=False),
        sa.Column("buyer_name", sa.String(length=200), nullable=False),
        sa.Column("buyer_credit_code", sa.String(length=18), nullable=False),
        sa.Column("price_fen", sa.BigInteger(), nullable=False),
        sa.Column("concluded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("publicity_ends_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("contract_no", sa.String(length=100), nullable=True),
        sa.Column("template_id", sa.String(length=36), nullable=True),
        sa.Column("contract_fields", sa.JSON(), nullable=True),
        sa.Column("mortgage_allowed", sa.Boolean(), nullable=True),
        sa.Column("transfer_allowed", sa.Boolean(), nullable=True),
        sa.Column("signed_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("filing_due_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("filing_no", sa.String(length=100), nullable=True),
        sa.Column("filed_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("filing_late", sa.Boolean(), nullable=False),
        sa.Column("account_no", sa.String(length=40), nullable=True),
        sa.Column("fund_rate", sa.Numeric(precision=6, scale=4), nullable=True),
        sa.Column("fund_fen", sa.BigInteger(), nullable=True),
        sa.Column("taxes_fen", sa.BigInteger(), nullable=True),
        sa.Column("retention_fen", sa.BigInteger(), nullable=True),
        sa.Column("members_fen", sa.BigInteger(), nullable=True),
        sa.Column("resolution_id", sa.String(length=36), nullable=True),
        sa.Column("split", sa.JSON(), nullable=True),
        sa.Column("payouts", sa.JSON(), nullable=True),
        sa.Column("settled_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["collective_id"],
            ["collectives.id"],
            name=op.f("fk_entry_deals_collective_id_collectives"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["entry_plans.id"], name=op.f("fk_entry_deals_plan_id_entry_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_deals")),
        sa.UniqueConstraint("plan_id", name=op.f("uq_entry_deals_plan_id")),
    )
    op.create_index(
        op.f("ix_entry_deals_collective_id"), "entry_deals", ["collective_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_entry_deals_collective_id"), table_name="entry_deals")
    op.drop_table("entry_deals")
    op.drop_table("entry_accounts")
