"""the register of issued documents (common.documents): deal confirmations

Revision ID: bidding_0006
Revises: bidding_0005
Create Date: 2026-12-06 19:15:00
"""

from collections.abc import Sequence

from common.migrations import create_issued_documents_v1, drop_issued_documents_v1

revision: str = "bidding_0006"
down_revision: str | None = "bidding_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_issued_documents_v1()


def downgrade() -> None:
    drop_issued_documents_v1()
