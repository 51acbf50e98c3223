"""the register of issued documents (common.documents): lien certificates and search certificates

Revision ID: registry_0005
Revises: registry_0004_products
Create Date: 2026-12-06 19:15:00
"""

from collections.abc import Sequence

from common.migrations import create_issued_documents_v1, drop_issued_documents_v1

revision: str = "registry_0005"
down_revision: str | None = "registry_0004_products"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_issued_documents_v1()


def downgrade() -> None:
    drop_issued_documents_v1()
