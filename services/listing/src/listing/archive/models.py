"""The sealed archive of an ended listing — 项目档案 (L19): its manifest of hashes.

Sealed once and never changed: an update or a delete of an archive row, or of the
listing it seals, is refused in the flush itself (``before_update``/``before_delete``),
whichever code path attempts it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, event, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from common.columns import UTCTimestamp
from common.problems import Problem
from listing.db import Base
from listing.listings.models import Listing


class ListingArchive(Base):
    """One sealed archive: when, by whom, the listing's status, and the manifest (every
    file of the archive with its SHA-256 and size) whose own SHA-256 seals it."""

    __tablename__ = "listing_archives"

    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id"), primary_key=True)
    sealed_at: Mapped[UTCTimestamp]
    sealed_by: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    files: Mapped[int] = mapped_column(BigInteger)
    size: Mapped[int] = mapped_column(BigInteger)


#: Only an ended listing is sealed; no transition leaves these states.
ENDED_STATES = frozenset({"contracted", "failed", "terminated"})


def sealed() -> Problem:
    return Problem(
        409,
        "archive-sealed",
        "The listing's archive is sealed: its file can no longer change",
        "该项目档案已封存，不得再作任何变更",
        rule="L19",
    )


@event.listens_for(ListingArchive, "before_update")
@event.listens_for(ListingArchive, "before_delete")
def _archive_is_immutable(_mapper: Mapper[Any], _conn: Connection, _target: Any) -> None:
    raise sealed()


@event.listens_for(Listing, "before_update")
@event.listens_for(Listing, "before_delete")
def _sealed_listing_is_immutable(_mapper: Mapper[Any], conn: Connection, target: Any) -> None:
    if target.status not in ENDED_STATES:
        return  # a live listing has no archive: no query on the trading path
    archived = conn.execute(
        select(ListingArchive.listing_id).where(ListingArchive.listing_id == target.id)
    ).first()
    if archived is not None:
        raise sealed()
