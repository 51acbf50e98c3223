"""bidding's transaction certificates (L19) as the registry follows them, for R18

Revision ID: registry_0015_l19_certificates
Revises: registry_0014_resolutions
Create Date: 2026-12-07 04:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "registry_0015_l19_certificates"
down_revision: str | None = "registry_0014_resolutions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "transaction_certificates",
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("trade_id", sa.String(length=64), nullable=False),
        sa.Column("listing_id", sa.String(length=64), nullable=False),
        sa.Column("validity", sa.String(length=16), nullable=False),
        sa.Column("right_certificate_no", sa.String(length=64), nullable=True),
        sa.Column("seller_party_id", sa.String(length=18), nullable=False),
        sa.Column("buyer_party_id", sa.String(length=18), nullable=False),
        sa.Column("price_fen", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", common.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_transaction_certificates")),
    )
    op.create_index(
        op.f("ix_transaction_certificates_number"), "transaction_certificates", ["number"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_transaction_certificates_number"), table_name="transaction_certificates")
    op.drop_table("transaction_certificates")
