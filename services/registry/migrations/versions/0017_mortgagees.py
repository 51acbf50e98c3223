"""R23's non-bank mortgagees: a lien application's and a lien's mortgagee kind (bank,
enterprise, person) and party reference; the bank's organization id only for a bank

Revision ID: registry_0017_mortgagees
Revises: registry_0016_entry_rights
Create Date: 2026-12-07 06:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0017_mortgagees"
down_revision: str | None = "registry_0016_entry_rights"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("lien_applications", "liens")


def upgrade() -> None:
    for table in TABLES:
        # batch: SQLite alters a column's nullability only by copying the table
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "mortgagee_kind", sa.String(length=12), nullable=False, server_default="bank"
                )
            )
            batch.add_column(sa.Column("mortgagee_party_id", sa.String(length=18), nullable=True))
            batch.alter_column("lender_org_id", existing_type=sa.String(length=64), nullable=True)


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.alter_column("lender_org_id", existing_type=sa.String(length=64), nullable=False)
            batch.drop_column("mortgagee_party_id")
            batch.drop_column("mortgagee_kind")
