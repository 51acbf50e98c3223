"""R20: the loan terms recorded on a lien application.

Revision ID: registry_0009_loan_terms
Revises: registry_0008_applicant_class
Create Date: 2026-12-07 01:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0009_loan_terms"
down_revision: str | None = "registry_0008_applicant_class"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("lien_applications", sa.Column("loan_terms", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("lien_applications", "loan_terms")
