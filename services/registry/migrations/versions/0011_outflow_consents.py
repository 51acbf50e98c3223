"""R17: a transferred right's outflows and the lien application's consents per outflow.

Revision ID: registry_0011_outflow_consents
Revises: registry_0010_enhancement_kinds
Create Date: 2026-12-07 01:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0011_outflow_consents"
down_revision: str | None = "registry_0010_enhancement_kinds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("rights", sa.Column("outflows", sa.JSON(), nullable=True))
    op.add_column("lien_applications", sa.Column("outflow_consents", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("lien_applications", "outflow_consents")
    op.drop_column("rights", "outflows")
