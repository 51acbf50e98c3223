"""Archive endpoints — 项目档案 (DOMAIN L19, X3): seal an ended listing's file, read its
manifest, download it as one zip (streamed)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path
from fastapi.responses import StreamingResponse

from common.auth import OrgType, Principal, Role, require
from common.documents import Issuer
from common.routes import SessionDep
from common.routes import router as make_router
from common.storage import stream_zip
from common.views import view_of
from listing.archive import service
from listing.archive.schemas import ArchiveOut
from listing.documents.endpoints import get_issuer

router = make_router(tags=["archive — 项目档案"])
CENTRE = Annotated[Principal, require(Role.exchange_staff, org_types=(OrgType.county,))]
READERS = Annotated[
    Principal, require(Role.exchange_staff, Role.supervisor, org_types=(OrgType.county,))
]

#: A zip route's arguments.
ZIP_ROUTE: dict[str, Any] = {
    "response_class": StreamingResponse,
    "responses": {
        200: {
            "description": "The sealed archive (zip): manifest.json and every file it names",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
}


@router.post("/listings/{listing_id}/archive", response_model=ArchiveOut, status_code=201)
async def seal(
    session: SessionDep,
    who: CENTRE,
    listing_id: str = Path(max_length=32),
    issuer: Issuer = Depends(get_issuer),
) -> ArchiveOut:
    """Seal the ended listing's file (L19): once; later changes are refused."""
    return view_of(ArchiveOut, await service.seal(session, who, listing_id, issuer))


@router.get("/listings/{listing_id}/archive", response_model=ArchiveOut)
async def manifest(
    session: SessionDep, who: READERS, listing_id: str = Path(max_length=32)
) -> ArchiveOut:
    """The sealed archive's manifest (L19) — for the centre and the supervisor (X3)."""
    return view_of(ArchiveOut, await service.read_sealed(session, who, listing_id))


@router.get("/listings/{listing_id}/archive.zip", **ZIP_ROUTE)
async def archive_zip(
    session: SessionDep,
    who: READERS,
    listing_id: str = Path(max_length=32),
    issuer: Issuer = Depends(get_issuer),
) -> StreamingResponse:
    """The sealed archive as one zip, streamed, every file checked against the manifest."""
    archive = await service.read_sealed(session, who, listing_id)
    return await stream_zip(
        issuer.store,
        service.entries(archive),
        filename=f"档案-{listing_id}.zip",
        date_time=archive.sealed_at.timetuple()[:6],  # type: ignore[arg-type]
    )
