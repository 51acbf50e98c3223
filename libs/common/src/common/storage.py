"""Document storage — 材料存储: uploaded files behind one interface.

Listing materials (DOMAIN L3), lien registration materials (R8) and borrower files
(G5) are stored here. Files are content-addressed by their SHA-256: the same bytes are
stored once, and the hash a service records beside the document (type, uploader) is
also its storage key, so a stored file can always be checked against its record.

``LocalDocumentStore`` keeps files under ``REX_DOCUMENTS_DIR`` (default
``<REX_DATA_DIR>/documents``). Production can put object storage behind the same
``DocumentStore`` protocol; domain code only sees ``put`` / ``get`` / ``exists``.
Files are written before the database row that names them commits: a rolled-back
request leaves at most an unreferenced blob, never a row without its file.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import logging
import os
import tempfile
import zipfile
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from fastapi import Request, Response, UploadFile
from fastapi.responses import StreamingResponse

from common.problems import FieldProblem, Problem, invalid, invalid_field
from common.settings import Settings

_READ_CHUNK = 1 << 16
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """What a service records about a stored file."""

    sha256: str
    size: int
    content_type: str
    filename: str


class DocumentStore(Protocol):
    async def put(self, data: bytes) -> str:
        """Store ``data``; returns its SHA-256 (hex), the storage key."""
        ...

    async def get(self, sha256: str) -> bytes:
        """The stored bytes; ``FileNotFoundError`` when no such file."""
        ...

    async def exists(self, sha256: str) -> bool: ...

    async def digest(self, sha256: str) -> tuple[str, int]:
        """The stored file's actual SHA-256 and size, read in chunks (never whole);
        ``FileNotFoundError`` when no such file."""
        ...

    def chunks(self, sha256: str) -> AsyncIterator[bytes]:
        """The stored bytes in chunks of at most 64 KiB, for a streamed download."""
        ...


class LocalDocumentStore:
    """Content-addressed files on a local (or mounted) filesystem."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise FileNotFoundError(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def _write(self, sha256: str, data: bytes) -> None:
        path = self._path(sha256)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # write then rename: a reader never sees half a file
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    async def put(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        await asyncio.to_thread(self._write, sha256, data)
        return sha256

    async def get(self, sha256: str) -> bytes:
        return await asyncio.to_thread(self._path(sha256).read_bytes)

    async def exists(self, sha256: str) -> bool:
        try:
            return await asyncio.to_thread(self._path(sha256).exists)
        except FileNotFoundError:
            return False

    def _digest(self, sha256: str) -> tuple[str, int]:
        with self._path(sha256).open("rb") as f:
            found = hashlib.file_digest(f, "sha256").hexdigest()
            return found, f.tell()

    async def digest(self, sha256: str) -> tuple[str, int]:
        return await asyncio.to_thread(self._digest, sha256)

    async def chunks(self, sha256: str) -> AsyncIterator[bytes]:
        f = await asyncio.to_thread(self._path(sha256).open, "rb")
        try:
            while chunk := await asyncio.to_thread(f.read, _READ_CHUNK):
                yield chunk
        finally:
            f.close()


def document_store(settings: Settings) -> DocumentStore:
    return LocalDocumentStore(settings.documents_dir or settings.data_dir / "documents")


#: Types a browser may show inline; anything else is sent as opaque bytes, so an uploaded
#: HTML or SVG file can never run script in the platform's origin.
SHOWN_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
#: A download route's arguments: ``@router.get(path, **DOWNLOAD_ROUTE)``.
DOWNLOAD_ROUTE: dict[str, Any] = {
    "response_class": Response,
    "responses": {
        200: {
            "description": "The stored file, checked against its SHA-256 (Repr-Digest)",
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        }
    },
}


class StoredFile(Protocol):
    """A service's record of a stored file (its documents table's row)."""

    sha256: str
    filename: str
    content_type: str


async def stream_file(
    store: DocumentStore,
    sha256: str,
    *,
    filename: str,
    media_type: str,
    headers: Mapping[str, str] | None = None,
) -> StreamingResponse:
    """The one way a stored file is sent: an attachment streamed in 64 KiB chunks, so a
    20 MiB material never sits whole in memory. Its bytes are first checked against the
    SHA-256 recorded beside it (hashed in chunks): a file changed or lost behind the
    platform's back is refused (500), never served as the material that was reviewed."""
    try:
        found, size = await store.digest(sha256)
    except FileNotFoundError:
        found, size = None, 0
    if found != sha256:
        state = "missing" if found is None else f"changed: its bytes hash to {found}"
        log.error("stored document %s (%r) is %s", sha256, filename, state)
        raise Problem(
            500,
            "document-integrity",
            "The stored file is missing or does not match its recorded SHA-256",
            "存储的材料缺失或与登记的SHA-256不符",
            rule="X2",
        )
    return StreamingResponse(
        store.chunks(sha256),
        media_type=media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename, safe='')}",
            "Content-Length": str(size),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "Repr-Digest": f"sha-256=:{base64.b64encode(bytes.fromhex(sha256)).decode()}:",
            **(headers or {}),
        },
    )


class _Sink(io.RawIOBase):
    """An unseekable file the zip is written to: what was written since the last drain
    is handed on (zipfile then writes each entry's sizes after its data)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.parts.append(bytes(b))
        return len(b)

    def drain(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


async def stream_zip(
    store: DocumentStore,
    entries: Sequence[tuple[str, str]],
    *,
    filename: str,
    date_time: tuple[int, int, int, int, int, int] = (2026, 1, 1, 0, 0, 0),
) -> StreamingResponse:
    """Stored files (``(name in the zip, SHA-256)``) as one zip, streamed: each file is
    checked against its SHA-256 first (a changed or lost one refuses the whole download,
    500, before a byte is sent), then read and written 64 KiB at a time."""
    for name, sha256 in entries:
        try:
            found, _size = await store.digest(sha256)
        except FileNotFoundError:
            found = None
        if found != sha256:
            log.error("archived file %s (%r) is missing or changed", sha256, name)
            raise Problem(
                500,
                "document-integrity",
                "A stored file is missing or does not match its recorded SHA-256",
                "存储的文件缺失或与登记的SHA-256不符",
                rule="X2",
            )

    async def chunks() -> AsyncIterator[bytes]:
        sink = _Sink()
        with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, sha256 in entries:
                info = zipfile.ZipInfo(name, date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                with zf.open(info, "w", force_zip64=True) as w:
                    async for chunk in store.chunks(sha256):
                        w.write(chunk)
                        yield sink.drain()
                yield sink.drain()
        yield sink.drain()

    return StreamingResponse(
        chunks(),
        media_type="application/zip",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename, safe='')}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


async def download(store: DocumentStore, doc: StoredFile) -> StreamingResponse:
    """A stored document as an attachment, streamed after checking its bytes against the
    SHA-256 recorded beside it (:func:`stream_file`); only PDF, JPEG and PNG keep their
    type."""
    content_type = doc.content_type
    return await stream_file(
        store,
        doc.sha256,
        filename=doc.filename,
        media_type=content_type if content_type in SHOWN_TYPES else "application/octet-stream",
    )


async def get_document_store(request: Request) -> DocumentStore:
    """FastAPI dependency: the store configured for this service."""
    return document_store(request.app.state.runtime.settings)


#: The types a material may have (a scan or a document), each with the bytes its files
#: start with: a declared type is believed only when the bytes agree.
MATERIAL_SIGNATURES: Mapping[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
#: The longest file name kept (characters): every documents table holds at least this.
MAX_FILENAME_CHARS = 200


def _declared_type(upload: UploadFile) -> str:
    return (upload.content_type or "application/octet-stream").split(";")[0].strip().lower()


def _name_and_type_problems(
    upload: UploadFile, field: str, rule: str, signatures: Mapping[str, tuple[bytes, ...]] | None
) -> list[FieldProblem]:
    problems = []
    if len(upload.filename or "") > MAX_FILENAME_CHARS:
        problems.append(
            FieldProblem(
                f"{field}.filename",
                rule,
                f"the file name is longer than {MAX_FILENAME_CHARS} characters",
                f"文件名超过 {MAX_FILENAME_CHARS} 个字符",
            )
        )
    if signatures is not None and _declared_type(upload) not in signatures:
        problems.append(
            FieldProblem(
                field,
                rule,
                f"the file type must be one of {', '.join(sorted(signatures))}",
                "文件类型须为 PDF、JPEG 或 PNG",
            )
        )
    return problems


async def store_upload(
    store: DocumentStore,
    upload: UploadFile,
    *,
    field: str,
    max_bytes: int,
    rule: str = "X4",
    signatures: Mapping[str, tuple[bytes, ...]] | None = MATERIAL_SIGNATURES,
) -> StoredDocument:
    """Read an uploaded file within ``max_bytes`` and store it. Refused (422, nothing
    stored): empty, too large, a name over ``MAX_FILENAME_CHARS``, a declared type not in
    ``signatures`` or bytes that do not start with its signature (a text file sent as a
    PDF). ``signatures=None`` skips the type check, for a sheet the caller parses itself."""
    problems = _name_and_type_problems(upload, field, rule, signatures)
    if problems:
        raise invalid(problems, rule=rule)
    data = bytearray()
    while chunk := await upload.read(_READ_CHUNK):
        data += chunk
        if len(data) > max_bytes:
            raise invalid_field(
                field,
                rule,
                f"the file is larger than {max_bytes} bytes",
                f"文件超过 {max_bytes} 字节上限",
            )
    if not data:
        raise invalid_field(field, rule, "the file is empty", "文件为空")
    declared = _declared_type(upload)
    if signatures is not None and not bytes(data[:16]).startswith(signatures[declared]):
        raise invalid_field(
            field,
            rule,
            f"the file's bytes are not a {declared} file",
            f"文件内容与声明的类型 {declared} 不符",
        )
    sha256 = await store.put(bytes(data))
    return StoredDocument(
        sha256=sha256,
        size=len(data),
        content_type=declared,
        filename=upload.filename or "upload",
    )
