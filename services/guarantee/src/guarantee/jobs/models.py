"""The guarantee service's jobs — 后台任务 (``common.jobs``)."""

from __future__ import annotations

from common.jobs import JobMixin
from guarantee.db import Base


class Job(JobMixin, Base):
    """A long operation the worker runs in steps: a borrower import, a G9 report."""
