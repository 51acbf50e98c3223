"""Archive bodies — 项目档案 (DOMAIN L19)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class ArchiveOut(BaseModel):
    """A sealed archive: its manifest (every file with its SHA-256) and the manifest's
    own SHA-256, which seals it."""

    listing_id: str
    sealed_at: datetime
    sealed_by: str
    status: str
    manifest_sha256: str
    files: int
    size: int
    manifest: dict[str, Any]
