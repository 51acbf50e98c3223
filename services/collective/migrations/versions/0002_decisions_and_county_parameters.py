"""Infrastructure v2: the X2 decision log and versioned county parameters.

Revision ID: collective_0002
Revises: collective_0001
Create Date: 2026-12-06
"""

from common.migrations import create_infrastructure_v2

revision = "collective_0002"
down_revision = "collective_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_infrastructure_v2()


def downgrade() -> None:
    raise NotImplementedError("the infrastructure tables are never dropped by a migration")
