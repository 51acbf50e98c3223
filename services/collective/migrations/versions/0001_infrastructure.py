"""Infrastructure tables: outbox, inbox, timers, idempotency keys, dead letters.

Revision ID: collective_0001
Revises:
Create Date: 2026-12-06
"""

from common.migrations import create_infrastructure_v1

revision = "collective_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_infrastructure_v1()


def downgrade() -> None:
    raise NotImplementedError("the infrastructure tables are never dropped by a migration")
