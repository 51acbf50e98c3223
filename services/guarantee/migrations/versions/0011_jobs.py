"""the jobs table (common.jobs): long operations run by the worker (issue 19)

Revision ID: guarantee_0011_jobs
Revises: guarantee_0010_filings
Create Date: 2026-12-07 06:50:00
"""

from collections.abc import Sequence

from common.migrations import create_jobs_v1, drop_jobs_v1

revision: str = "guarantee_0011_jobs"
down_revision: str | None = "guarantee_0010_filings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_jobs_v1()


def downgrade() -> None:
    drop_jobs_v1()
