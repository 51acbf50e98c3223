"""a bar (L13) belongs to the county that made it: restrictions keyed by county

Revision ID: listing_0004_restriction_county
Revises: listing_0003
Create Date: 2026-12-06 12:50:00

A bar recorded before this revision takes its county from the audit trail (the
county organization that last barred or lifted it); a blacklist projection keeps an
empty county (it restricts everywhere, G11).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "listing_0004_restriction_county"
down_revision: str | None = "listing_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("restrictions") as batch:
        batch.add_column(
            sa.Column("county", sa.String(length=6), nullable=False, server_default="")
        )
    op.execute(
        """
        UPDATE restrictions SET county = COALESCE((
            SELECT substr(d.actor_org, 8, 6) FROM decisions d
            WHERE d.subject_type = 'party' AND d.subject_id = restrictions.party_id
              AND d.action IN ('party.barred', 'party.bar_lifted')
              AND d.actor_org LIKE 'county:%'
            ORDER BY d.id DESC LIMIT 1
        ), '')
        WHERE source = 'centre'
        """
    )
    with op.batch_alter_table("restrictions") as batch:
        batch.drop_constraint("pk_restrictions", type_="primary")
        batch.create_primary_key("pk_restrictions", ["party_id", "source", "county"])


def downgrade() -> None:
    # Several counties' bars on one party collapse into one row: keep the newest.
    op.execute(
        """
        DELETE FROM restrictions WHERE EXISTS (
            SELECT 1 FROM restrictions r2
            WHERE r2.party_id = restrictions.party_id AND r2.source = restrictions.source
              AND r2.changed_at > restrictions.changed_at
        )
        """
    )
    with op.batch_alter_table("restrictions") as batch:
        batch.drop_constraint("pk_restrictions", type_="primary")
        batch.create_primary_key("pk_restrictions", ["party_id", "source"])
        batch.drop_column("county")
