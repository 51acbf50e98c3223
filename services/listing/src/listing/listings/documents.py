"""A listing's materials — 申请材料 (L3): upload, removal, and the store every owner uses.

The window uploads the L3 materials of its own listing while it is prepared (draft or
returned) and may remove a wrong upload then; a registration's materials (L6) are filed
through ``store_document`` by the registrations area.
"""

from __future__ import annotations

from fastapi import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.problems import invalid_field
from common.storage import DocumentStore, store_upload
from listing.access import require_township
from listing.listings.models import Document, Listing
from listing.listings.repository import document_of
from listing.listings.schemas import DOCUMENT_TYPES
from listing.listings.states import EDITABLE_STATES, require_status


async def store_document(
    session: AsyncSession,
    who: Principal,
    owner_type: str,
    owner_id: str,
    upload: UploadFile,
    *,
    store: DocumentStore,
    doc_type: str,
    rule: str,
    max_bytes: int,
) -> Document:
    """Store an uploaded material (with its SHA-256) and file it under its owner."""
    stored = await store_upload(store, upload, field="file", rule=rule, max_bytes=max_bytes)
    doc = Document(
        owner_type=owner_type,
        owner_id=owner_id,
        doc_type=doc_type,
        filename=stored.filename,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by=who.subject,
        uploaded_at=now(session),
    )
    session.add(doc)
    await session.flush()
    return doc


async def add_document(
    session: AsyncSession,
    who: Principal,
    listing: Listing,
    upload: UploadFile,
    *,
    store: DocumentStore,
    doc_type: str,
    max_bytes: int,
) -> Document:
    """The window uploads one L3 material of its own listing while it is prepared."""
    require_township(who, listing)
    require_status(listing.status, *EDITABLE_STATES, rule="L3")
    if doc_type not in DOCUMENT_TYPES:
        raise invalid_field("doc_type", "L3", f"one of {sorted(DOCUMENT_TYPES)}", "材料类型不正确")
    return await store_document(
        session,
        who,
        "listing",
        listing.id,
        upload,
        store=store,
        doc_type=doc_type,
        rule="L3",
        max_bytes=max_bytes,
    )


async def delete_document(
    session: AsyncSession, who: Principal, listing: Listing, document_id: int
) -> None:
    """Remove a material's row from a listing being prepared (L3). The stored bytes stay:
    storage is content-addressed and the same file may back another row; the decision
    log keeps what was removed (X2)."""
    require_township(who, listing)
    require_status(listing.status, *EDITABLE_STATES, rule="L3")
    doc = await document_of(session, "listing", listing.id, document_id)
    await session.delete(doc)
    listing.updated_at = now(session)
    await record_on(
        session,
        listing,
        action="listing.document_deleted",
        by=who,
        rule="L3",
        data={
            "document_id": doc.id,
            "doc_type": doc.doc_type,
            "filename": doc.filename,
            "sha256": doc.sha256,
        },
    )
