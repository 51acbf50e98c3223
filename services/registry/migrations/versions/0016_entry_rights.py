"""入市 rights: the collective's settlements registry follows (E8, E12, R23) and bidding's
settlements parked until the adjustment fund is withheld

Revision ID: registry_0016_entry_rights
Revises: registry_0015_l19_certificates
Create Date: 2026-12-07 03:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "registry_0016_entry_rights"
down_revision: str | None = "registry_0015_l19_certificates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entry_rights",
        sa.Column("plan_id", sa.String(length=64), primary_key=True),
        sa.Column("deal_id", sa.String(length=64), nullable=False),
        sa.Column("listing_id", sa.String(length=64), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("land_use", sa.String(length=30), nullable=False),
        sa.Column("way", sa.String(length=30), nullable=False),
        sa.Column("term_years", sa.Integer(), nullable=False),
        sa.Column("buyer_party_id", sa.String(length=18), nullable=False),
        sa.Column("price_fen", sa.BigInteger(), nullable=False),
        sa.Column("fund_fen", sa.BigInteger(), nullable=False),
        sa.Column("fund", sa.String(length=20), nullable=False),
        sa.Column("contract_no", sa.String(length=100), nullable=False),
        sa.Column("mortgage_allowed", sa.Boolean(), nullable=False),
        sa.Column("transfer_allowed", sa.Boolean(), nullable=False),
        sa.Column("no_sale", sa.Boolean(), nullable=False),
        sa.Column("settled_at", common.db.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_entry_rights_certificate_no", "entry_rights", ["certificate_no"])
    op.create_table(
        "entry_parked_settlements",
        sa.Column("plan_id", sa.String(length=64), primary_key=True),
        sa.Column("trade_id", sa.String(length=64), nullable=False),
        sa.Column("event", sa.JSON(), nullable=False),
        sa.Column("parked_at", common.db.UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("entry_parked_settlements")
    op.drop_index("ix_entry_rights_certificate_no", table_name="entry_rights")
    op.drop_table("entry_rights")
