"""the register of issued documents (common.documents): public and compensation notices

Revision ID: guarantee_0009_issued_documents
Revises: guarantee_0008_arrears
Create Date: 2026-12-06 21:30:00
"""

from collections.abc import Sequence

from common.migrations import create_issued_documents_v1, drop_issued_documents_v1

revision: str = "guarantee_0009_issued_documents"
down_revision: str | None = "guarantee_0008_arrears"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_issued_documents_v1()


def downgrade() -> None:
    drop_issued_documents_v1()
