"""The secondary market of entered land: signed 入市 contracts as listing follows them,
and the contract a re-listing re-transfers (E15).

Revision ID: listing_0018_entry_resale
Revises: listing_0017_party_register
Create Date: 2026-12-07 04:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "listing_0018_entry_resale"
down_revision: str | None = "listing_0017_party_register"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entry_contracts",
        sa.Column("deal_id", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=False),
        sa.Column("contract_no", sa.String(length=100), nullable=False),
        sa.Column("buyer_name", sa.String(length=200), nullable=False),
        sa.Column("buyer_credit_code", sa.String(length=18), nullable=False),
        sa.Column("way", sa.String(length=30), nullable=False),
        sa.Column("land_use", sa.String(length=30), nullable=False),
        sa.Column("area_m2", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("mortgage_allowed", sa.Boolean(), nullable=False),
        sa.Column("transfer_allowed", sa.Boolean(), nullable=False),
        sa.Column("no_sale", sa.Boolean(), nullable=False),
        sa.Column("contracted_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("deal_id", name=op.f("pk_entry_contracts")),
    )
    op.add_column("listings", sa.Column("entry_deal_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("listings") as batch_op:
        batch_op.drop_column("entry_deal_id")
    op.drop_table("entry_contracts")
