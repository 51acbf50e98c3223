"""a blacklist entry records the organization that listed it (G11: who may clear it)

Revision ID: guarantee_0004_blacklist_org
Revises: guarantee_0003
Create Date: 2026-12-06 13:00:00

An entry made before this revision takes the organization from the audit trail: the
first ``party.blacklisted`` decision on the party at or after the entry's time.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "guarantee_0004_blacklist_org"
down_revision: str | None = "guarantee_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("blacklist", sa.Column("listed_by_org", sa.String(length=60), nullable=True))
    op.execute(
        """
        UPDATE blacklist SET listed_by_org = (
            SELECT d.actor_org FROM decisions d
            WHERE d.subject_type = 'party' AND d.subject_id = blacklist.party_id
              AND d.action = 'party.blacklisted' AND d.decided_at >= blacklist.decided_at
            ORDER BY d.decided_at, d.id LIMIT 1
        )
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("blacklist") as batch:
        batch.drop_column("listed_by_org")
