"""the register of issued documents (common.documents): deal confirmations

Revision ID: bidding_0006
Revises: bidding_0005
Create Date: 2026-12-06 19:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "bidding_0006"
down_revision: str | None = "bidding_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "issued_documents",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("issued_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf_size", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("superseded_by", sa.String(length=10), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_documents")),
        sa.UniqueConstraint("code", name=op.f("uq_issued_documents_code")),
        sa.UniqueConstraint("number", name=op.f("uq_issued_documents_number")),
    )
    op.create_index(
        op.f("ix_issued_documents_subject_id"), "issued_documents", ["subject_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_issued_documents_subject_id"), table_name="issued_documents")
    op.drop_table("issued_documents")
