"""Sealing a listing's archive — 项目档案封存 (L19).

When a listing has ended (contract signed and published, failed, or terminated), the
centre seals its file: the listing as recorded, its decision log, every material taken
in (the seller's and each buyer's), and every document issued for it — the documents it
should have are issued first (受理回执, 交易公告, 成交公示), so nothing is missing
afterwards. The manifest names each file with its SHA-256 and size; its own SHA-256,
recorded on the archive row and in the decision log, seals it. The archive downloads as
one zip, streamed (common.storage.stream_zip), each file checked against the manifest.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import decisions_of, record_on
from common.auth import Principal
from common.context import now
from common.documents import Issuer, canonical, plain
from common.problems import Problem
from listing.access import require_listing_county
from listing.archive.models import ENDED_STATES, ListingArchive, sealed
from listing.documents import service as documents
from listing.documents.models import IssuedDocument
from listing.listings import repository as listings
from listing.listings.models import Listing
from listing.registrations.models import Registration

#: A listing has ended — its file is complete — in these states (L7, L12, L14).
#: The documents a sealed file should hold, issued at sealing when not yet issued; a
#: listing that never reached a document's step has none of it (the 409 says so).
_NOT_APPLICABLE = frozenset({"not-submitted", "not-announced", "no-result"})


async def get(session: AsyncSession, listing_id: str) -> ListingArchive | None:
    return await session.get(ListingArchive, listing_id)


def _name(text: str) -> str:
    """A file name safe inside the zip (no folders, no control characters)."""
    return "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in text)[:120]


async def _materials(session: AsyncSession, listing: Listing) -> list[dict[str, Any]]:
    files = [
        {
            "path": f"materials/listing/{d.id:06d}-{d.doc_type}-{_name(d.filename)}",
            "sha256": d.sha256,
            "size": d.size,
            "what": f"material {d.doc_type}",
        }
        for d in await listings.documents_of(session, "listing", listing.id)
    ]
    regs = await session.execute(
        select(Registration).where(Registration.listing_id == listing.id).order_by(Registration.id)
    )
    for reg in regs.scalars():
        for d in await listings.documents_of(session, "registration", reg.id):
            files.append(
                {
                    "path": f"materials/registrations/{reg.id}/{d.id:06d}-{d.doc_type}-"
                    f"{_name(d.filename)}",
                    "sha256": d.sha256,
                    "size": d.size,
                    "what": f"buyer material {d.doc_type}",
                }
            )
    return files


async def seal(
    session: AsyncSession, who: Principal, listing_id: str, issuer: Issuer
) -> ListingArchive:
    """Seal the ended listing's archive (L19), once: a second seal is refused (409), as
    is any later change of the listing or its archive (``archive.models``)."""
    listing = await listings.get_listing(session, listing_id, lock=True)
    require_listing_county(who, listing)
    if await get(session, listing.id) is not None:
        raise sealed()
    if listing.status not in ENDED_STATES:
        raise Problem(
            409,
            "not-ended",
            "Only an ended listing (contracted, failed or terminated) is sealed",
            "项目尚未终结（合同签订、交易失败或终止），不能封存归档",
            rule="L19",
            extra={"status": listing.status},
        )
    for make in (documents.intake_receipt, documents.announcement, documents.result_publication):
        try:
            await make(session, who, listing.id, issuer)
        except Problem as p:
            if p.code not in _NOT_APPLICABLE:
                raise
    record = {
        c.key: getattr(listing, c.key) for c in Listing.__table__.columns
    }  # the listing as recorded
    log = [d.model_dump() for d in await decisions_of(session, "listing", listing.id)]
    files: list[dict[str, Any]] = []
    for path, data, what in (
        ("listing.json", canonical(record), "the listing as recorded"),
        ("decisions.json", canonical(log), "the decision log (X2)"),
    ):
        files.append(
            {"path": path, "sha256": await issuer.store.put(data), "size": len(data), "what": what}
        )
    files += await _materials(session, listing)
    issued = await session.execute(
        select(IssuedDocument)
        .where(IssuedDocument.subject_id == listing.id)
        .order_by(IssuedDocument.kind, IssuedDocument.version)
    )
    for doc in issued.scalars():
        files.append(
            {
                "path": f"documents/{_name(doc.number)}.pdf",
                "sha256": doc.pdf_sha256,
                "size": doc.pdf_size,
                "what": f"{doc.title} ({doc.status}, code {doc.code})",
            }
        )
    at = now(session)
    manifest = {
        "listing_id": listing.id,
        "title": listing.title,
        "county": listing.county,
        "status": listing.status,
        "contract_no": listing.contract_no,
        "sealed_at": at,
        "sealed_by": who.subject,
        "files": files,
    }
    body = canonical(manifest)
    digest = await issuer.store.put(body)
    archive = ListingArchive(
        listing_id=listing.id,
        sealed_at=at,
        sealed_by=who.subject,
        status=listing.status,
        manifest=plain(manifest),
        manifest_sha256=digest,
        files=len(files),
        size=sum(f["size"] for f in files),
    )
    session.add(archive)
    await record_on(
        session,
        listing,
        action="listing.archived",
        by=who,
        rule="L19",
        data={"listing_id": listing.id, "manifest_sha256": digest, "files": len(files)},
    )
    return archive


def entries(archive: ListingArchive) -> list[tuple[str, str]]:
    """The zip's entries: the manifest first, then every file it names."""
    return [("manifest.json", archive.manifest_sha256)] + [
        (f["path"], f["sha256"]) for f in archive.manifest["files"]
    ]


async def read_sealed(session: AsyncSession, who: Principal, listing_id: str) -> ListingArchive:
    """The listing's sealed archive for a reader of its county (X3); 404 until sealed."""
    require_listing_county(who, await listings.get_listing(session, listing_id))
    archive = await get(session, listing_id)
    if archive is None:
        raise Problem(
            404,
            "not-archived",
            "The listing's archive has not been sealed",
            "该项目档案尚未封存",
            rule="L19",
        )
    return archive
