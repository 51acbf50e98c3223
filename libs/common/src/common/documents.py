"""Printable, verifiable documents — 凭证文书: one renderer and one register shape.

Every document a person prints or files (成交确认书, 抵押登记证明, 查询证明, …) is an
HTML template of its issuing service (Jinja2, extending this package's ``base.html``)
rendered to an A4 PDF by WeasyPrint, which embeds and subsets the CJK OpenType fonts
(Debian's fonts-noto-cjk) so the file prints the same everywhere.

Each issuing service keeps its own ``documents`` table (``IssuedDocumentMixin``) and
issues through :func:`issue`: a document number, the issue time, the issuer, a SHA-256
of the document's canonical data (:func:`content_hash`), and a short code whose first
letter names the issuer (:data:`ISSUER_PREFIX`). The QR code (segno) carries the
portal's public ``/verify/<code>?h=<content hash>``; the portal asks the issuer named by
the code's letter (:func:`verification`). Issuing again with other content supersedes
the valid document of the same kind and subject; the rendered PDF is kept in the
content-addressed ``DocumentStore`` and its SHA-256 recorded, so a downloaded copy can be
checked byte for byte, and the file a person downloads is the one that was issued.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
import segno
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, BigInteger, Integer, String, Text, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from common.audit import record_on
from common.auth import Principal
from common.clock import SHANGHAI
from common.context import now
from common.db import UTCDateTime
from common.keys import new_id
from common.money import format_yuan
from common.problems import Problem
from common.settings import Settings
from common.storage import DocumentStore, stream_file
from common.transitions import START, StateMachine

#: The first letter of a verification code names the service that issued (and keeps)
#: the document, so the portal knows whom to ask without a central register.
ISSUER_PREFIX: Mapping[str, str] = {
    "listing": "L",
    "bidding": "B",
    "registry": "R",
    "guarantee": "G",
}
#: Crockford's base32: no I, L, O or U, so a code read aloud or typed is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # the issuer's letter and nine random characters (45 bits)
CODE_PATTERN = r"^[LBRG][0-9A-HJKMNP-TV-Z]{9}$"
#: A content hash or a file's SHA-256 as the verification page takes it (hex; at least
#: the 16 characters the QR code carries).
HASH_PATTERN = r"^[0-9a-f]{16,64}$"

#: A document's life: issued valid; superseded by a re-issue; revoked when what it
#: certifies is void. Rule X2: each move is a recorded decision, and the register is
#: what a printed copy is checked against (as common.storage checks stored files).
DOCUMENT = StateMachine.of(
    {
        (START, "valid", "issue"),
        ("valid", "superseded", "supersede"),
        ("valid", "revoked", "revoke"),
    },
    rule="X2",
    label_en="document",
    label_zh="凭证文书",
)

#: The county names printed as the issuing centre's name (行政区划代码 → 县名); a county
#: not listed is printed with its division code.
COUNTY_NAMES: Mapping[str, str] = {"620821": "青阳县"}

_TEMPLATES = Path(__file__).parent / "document_templates"
# WeasyPrint shares fontconfig and pango state between calls; one rendering at a time.
_RENDER_LOCK = threading.Lock()


def new_code(service: str) -> str:
    """A fresh verification code: the issuer's letter and nine random characters."""
    return ISSUER_PREFIX[service] + "".join(
        secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH - 1)
    )


def issuer_of_code(code: str) -> str | None:
    """The service that issued ``code`` (by its first letter), or None."""
    for service, letter in ISSUER_PREFIX.items():
        if code[:1] == letter:
            return service
    return None


def exchange_centre(county: str) -> str:
    """The issuing organisation of the exchange's documents: the county's centre."""
    return f"{COUNTY_NAMES.get(county, f'行政区划{county}')}农村产权交易中心"


def registration_authority(county: str) -> str:
    """The issuing organisation of registration documents (抵押登记, 查询证明)."""
    return f"{COUNTY_NAMES.get(county, f'行政区划{county}')}农村产权抵押登记机关"


def _json_default(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not canonical data: {type(value).__name__}")


def canonical(data: Any) -> bytes:
    """The one byte form of a document's data: JSON, keys sorted, no spaces, UTF-8."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_default
    ).encode()


def content_hash(data: Any) -> str:
    """SHA-256 (hex) of the canonical data: what a document certifies, as issued."""
    return hashlib.sha256(canonical(data)).hexdigest()


def plain(data: Any) -> Any:
    """``data`` as JSON would give it back (dates and amounts as text), so the stored
    content compares equal to freshly built content."""
    return json.loads(canonical(data))


class IssuedDocumentMixin:
    """The columns of every issuing service's ``documents`` table (its register)."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    number: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    county: Mapped[str] = mapped_column(String(6))
    title: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_by: Mapped[str] = mapped_column(String(200))
    # what the document certifies, canonical (the content hash is over this)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    # what the public verification page shows: the same facts, personal data masked
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    pdf_size: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))  # DOCUMENT
    superseded_by: Mapped[str | None] = mapped_column(String(CODE_LENGTH))
    reason: Mapped[str | None] = mapped_column(Text)


# --- rendering ----------------------------------------------------------------------


def _yuan(value: Any) -> str:
    """An amount (fen as int, or yuan as Decimal/str) → "1,234.56"."""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_yuan(value)
    fen = int((Decimal(str(value)) * 100).to_integral_exact())
    return format_yuan(fen)


def _local(value: Any, fmt: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(SHANGHAI)
    return value.strftime(fmt)


class Renderer:
    """A service's document templates (its ``templates`` folder, beside common's
    ``base.html``) rendered to PDF."""

    def __init__(self, templates: Path) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(
                [jinja2.FileSystemLoader(templates), jinja2.FileSystemLoader(_TEMPLATES)]
            ),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters["yuan"] = _yuan
        self.env.filters["day"] = lambda v: _local(v, "%Y年%m月%d日")
        self.env.filters["minute"] = lambda v: _local(v, "%Y年%m月%d日 %H:%M")

    def html(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def pdf_now(self, template: str, **context: Any) -> bytes:
        """The PDF (blocking: WeasyPrint lays out and subsets the fonts)."""
        from weasyprint import HTML  # heavy import (pango, cairo-free): on first use

        page = self.html(template, **context)
        with _RENDER_LOCK:
            return HTML(string=page, base_url=str(_TEMPLATES)).write_pdf()  # type: ignore[no-any-return]

    async def pdf(self, template: str, **context: Any) -> bytes:
        """The PDF, laid out off the event loop (tens to hundreds of ms)."""
        return await asyncio.to_thread(self.pdf_now, template, **context)


def verification_url(settings: Settings, code: str, digest: str) -> str:
    """The portal's public page for ``code``; ``h`` is the content hash's first 16
    characters, so the page can say whether the paper's data is the register's."""
    return f"{settings.public_portal_url.rstrip('/')}/verify/{code}?h={digest[:16]}"


def qr_data_uri(url: str) -> str:
    """The QR code (error correction M: survives a stamp or a fold) as an SVG data URI."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


# --- the register ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentKind:
    """One kind of document a service issues."""

    kind: str  # "deal_confirmation"
    title: str  # "成交确认书"
    template: str  # "deal_confirmation.html"
    rule: str  # the rule it is issued under (B6, R9, R1)


@dataclass(frozen=True, slots=True)
class Issuer:
    """What every issue call of one service shares."""

    service: str
    model: type[IssuedDocumentMixin]
    renderer: Renderer
    store: DocumentStore
    settings: Settings
    #: the organisation a document of a county is issued by (its printed issuer)
    organisation: Callable[[str], str] = exchange_centre


@dataclass(frozen=True)
class DocumentArea:
    """One service's documents area — 文书区: the service, its register table and its
    templates folder. The area declares its kinds and makes its issuer; what each kind
    prints and who may read it stay the service's."""

    service: str
    model: type[IssuedDocumentMixin]
    templates: Path
    #: the organisation a document of a county is issued by (its printed issuer)
    organisation: Callable[[str], str]
    renderer: Renderer = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "renderer", Renderer(self.templates))

    def kind(self, kind: str, title: str, rule: str) -> DocumentKind:
        """A kind of this area, printed from its template ``<kind>.html``."""
        return DocumentKind(kind=kind, title=title, template=f"{kind}.html", rule=rule)

    def issuer(self, settings: Settings, store: DocumentStore) -> Issuer:
        return Issuer(self.service, self.model, self.renderer, store, settings, self.organisation)

    async def current(
        self, session: AsyncSession, kind: DocumentKind, subject_id: str
    ) -> IssuedDocumentMixin | None:
        """The valid document of ``kind`` for ``subject_id``, if any (locked)."""
        return await current_of(session, self.model, kind.kind, subject_id)

    async def revoke_current(
        self,
        session: AsyncSession,
        who: Principal | None,
        kind: DocumentKind,
        subject_id: str,
        reason: str,
    ) -> None:
        """Void the valid document of ``kind`` for ``subject_id``, if one was issued
        (what it certifies no longer holds)."""
        current = await self.current(session, kind, subject_id)
        if current is not None:
            await revoke(session, who, current, reason)


async def current_of(
    session: AsyncSession, model: type[IssuedDocumentMixin], kind: str, subject_id: str
) -> IssuedDocumentMixin | None:
    """The valid document of ``kind`` for ``subject_id``, if any (locked: a write follows)."""
    m: Any = model
    rows = await session.execute(
        select(m)
        .where(m.kind == kind, m.subject_id == subject_id, m.status == "valid")
        .order_by(m.version.desc())
        .limit(1)
        .with_for_update()
    )
    return rows.scalar_one_or_none()  # type: ignore[no-any-return]


async def issue(
    session: AsyncSession,
    who: Principal | None,
    issuer: Issuer,
    kind: DocumentKind,
    *,
    subject_id: str,
    county: str,
    base_number: str,
    data: dict[str, Any],
    summary: dict[str, Any],
    reason: str | None = None,
    again: bool = False,
    issuing_org: str | None = None,
) -> IssuedDocumentMixin:
    """The valid document of ``kind`` for ``subject_id`` with ``data``: the one already
    issued when its data is the same (and ``again`` is not asked), otherwise a new one
    that supersedes it. The caller locks the subject first, so two first downloads do
    not issue twice. The issuing organisation is the issuer's for ``county`` unless
    ``issuing_org`` names another. Flushes only; the route owns the transaction."""
    issuing_org = issuing_org or issuer.organisation(county)
    data = plain(data)
    current = await current_of(session, issuer.model, kind.kind, subject_id)
    if current is not None and current.data == data and not again:
        return current
    m: Any = issuer.model
    version = (
        await session.scalar(
            select(func.count()).where(m.kind == kind.kind, m.subject_id == subject_id)
        )
        or 0
    ) + 1
    number = base_number if version == 1 else f"{base_number}-{version}"
    issued_at = now(session)
    code = new_code(issuer.service)
    digest = content_hash(
        {
            "kind": kind.kind,
            "number": number,
            "issuer": issuing_org,
            "issued_at": issued_at,
            "data": data,
        }
    )
    url = verification_url(issuer.settings, code, digest)
    pdf = await issuer.renderer.pdf(
        kind.template,
        title=kind.title,
        number=number,
        code=code,
        issuer=issuing_org,
        issued_at=issued_at,
        content_hash=digest,
        verify_url=url,
        qr=qr_data_uri(url),
        reissue=version > 1,
        d=data,
    )
    pdf_sha256 = await issuer.store.put(pdf)
    doc = m(
        id=new_id(),
        code=code,
        number=number,
        kind=kind.kind,
        subject_id=subject_id,
        version=version,
        county=county,
        title=kind.title,
        issuer=issuing_org,
        issued_at=issued_at,
        issued_by=who.subject if who is not None else "system",
        data=data,
        content_hash=digest,
        summary=plain(summary),
        pdf_sha256=pdf_sha256,
        pdf_size=len(pdf),
        status="valid",
        reason=reason,
    )
    session.add(doc)
    if current is not None:
        DOCUMENT.move(current, "superseded", "supersede")
        current.superseded_by = code
    await record_on(
        session,
        doc,
        action="document.issued",
        by=who,
        rule=kind.rule,
        reason=reason,
        data={"number": number, "code": code, "supersedes": current.code if current else None},
    )
    return doc  # type: ignore[no-any-return]


async def revoke(
    session: AsyncSession, who: Principal | None, doc: IssuedDocumentMixin, reason: str
) -> None:
    """Void a valid document (what it certifies no longer holds); verification says so."""
    DOCUMENT.move(doc, "revoked", "revoke")
    doc.reason = reason
    await record_on(session, doc, action="document.revoked", by=who, rule="X2", reason=reason)


async def by_code(
    session: AsyncSession, model: type[IssuedDocumentMixin], code: str
) -> IssuedDocumentMixin:
    m: Any = model
    doc = (await session.execute(select(m).where(m.code == code))).scalar_one_or_none()
    if doc is None:
        raise Problem(
            404,
            "document-not-found",
            "No document was issued with this verification code",
            "未查到以此验证码出具的文书",
            rule="X2",
            extra={"field": "code"},
        )
    return doc  # type: ignore[no-any-return]


def _register_entry(doc: IssuedDocumentMixin) -> dict[str, Any]:
    return {name: getattr(doc, name) for name in DocumentFacts.model_fields}


def verification(doc: IssuedDocumentMixin, presented: str | None) -> VerificationOut:
    """What the public verification page shows for ``doc``: its status and what it
    certifies (masked), and — when a hash was presented (the QR code's ``h``, or a
    file's SHA-256) — whether it is this document's content hash or PDF file."""
    matches: bool | None = None
    if presented:
        matches = doc.content_hash.startswith(presented) or doc.pdf_sha256 == presented
    return VerificationOut(
        **_register_entry(doc),
        reason=doc.reason if doc.status == "revoked" else None,
        summary=doc.summary,
        matches=matches,
    )


async def stream_pdf(store: DocumentStore, doc: IssuedDocumentMixin) -> StreamingResponse:
    """The issued PDF as an attachment, streamed in 64 KiB chunks after its bytes are
    checked against the SHA-256 recorded at issue (a changed file is a 500, never sent):
    ``common.storage.stream_file``, as every stored file is sent."""
    return await stream_file(
        store,
        doc.pdf_sha256,
        filename=doc.number + ".pdf",
        media_type="application/pdf",
        headers={"X-Document-Code": doc.code},
    )


class ReissueIn(BaseModel):
    """Why a document is issued again (补发／更正): recorded with the new one."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=2, max_length=500)


class DocumentFacts(BaseModel):
    """What the register entry and the public verification both say of a document."""

    code: str
    number: str
    kind: str
    title: str
    issuer: str
    issued_at: datetime
    status: str
    superseded_by: str | None
    content_hash: str
    pdf_sha256: str


class DocumentOut(DocumentFacts):
    """An issued document's register entry."""

    pdf_size: int
    verify_url: str


class VerificationOut(DocumentFacts):
    """What the public verification page shows (personal data masked)."""

    reason: str | None
    summary: dict[str, Any]
    matches: bool | None


def document_out(doc: IssuedDocumentMixin, settings: Settings) -> DocumentOut:
    return DocumentOut(
        **_register_entry(doc),
        pdf_size=doc.pdf_size,
        verify_url=verification_url(settings, doc.code, doc.content_hash),
    )


#: A PDF download route's arguments: ``@router.get(path, **PDF_ROUTE)``.
PDF_ROUTE: dict[str, Any] = {
    "response_class": StreamingResponse,
    "responses": {
        200: {
            "description": "The issued document (PDF), checked against its SHA-256",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
}
