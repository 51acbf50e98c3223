"""a buyer's own deals by party: index deals.buyer_party_id (GET /me/deals)

Revision ID: bidding_0005
Revises: bidding_0004
Create Date: 2026-12-06 18:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bidding_0005"
down_revision: str | None = "bidding_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_deals_buyer_party_id", "deals", ["buyer_party_id"])


def downgrade() -> None:
    op.drop_index("ix_deals_buyer_party_id", table_name="deals")
