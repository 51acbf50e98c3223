"""Infrastructure v2: the X2 decision log and versioned county parameters.

Revision ID: registry_0002
Revises: registry_0001
Create Date: 2026-11-24
"""

from common.migrations import create_infrastructure_v2

revision = "registry_0002"
down_revision = "registry_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_infrastructure_v2()


def downgrade() -> None:
    raise NotImplementedError("the infrastructure tables are never dropped by a migration")
