"""common.documents — the one renderer and register shape of printable documents
(issue 20): canonical data and its hash, verification codes naming their issuer, the
document's life, the verification answer and the integrity check of a download."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from common.documents import (
    CODE_PATTERN,
    DOCUMENT,
    ISSUER_PREFIX,
    DocumentArea,
    IssuedDocumentMixin,
    Renderer,
    canonical,
    content_hash,
    issuer_of_code,
    new_code,
    plain,
    qr_data_uri,
    registration_authority,
    stream_pdf,
    verification,
    verification_url,
)
from common.problems import Problem
from common.storage import LocalDocumentStore
from testkit.testing import make_settings


def test_X2_the_content_hash_is_over_canonical_data_whatever_the_key_order() -> None:
    a = {"price": "1.00", "at": datetime(2026, 1, 2, 3, 4, tzinfo=UTC), "n": Decimal("2.50")}
    b = {"n": Decimal("2.50"), "at": datetime(2026, 1, 2, 3, 4, tzinfo=UTC), "price": "1.00"}
    assert canonical(a) == canonical(b)
    assert canonical({"名": "张三"}) == '{"名":"张三"}'.encode()  # UTF-8, not \\u escapes
    assert content_hash(a) == content_hash(b) == hashlib.sha256(canonical(a)).hexdigest()
    assert content_hash(a | {"price": "1.01"}) != content_hash(a)
    # stored (JSON) and freshly built data compare equal
    assert plain(a) == {"price": "1.00", "at": "2026-01-02T03:04:00+00:00", "n": "2.50"}
    with pytest.raises(TypeError):
        canonical({"x": object()})


def test_X2_a_verification_code_names_its_issuer_and_avoids_misread_letters() -> None:
    for service, letter in ISSUER_PREFIX.items():
        codes = {new_code(service) for _ in range(200)}
        assert len(codes) == 200
        for code in codes:
            assert re.fullmatch(CODE_PATTERN, code) and code[0] == letter
            assert not set(code[1:]) & set("ILOU")
            assert issuer_of_code(code) == service
    assert issuer_of_code("X123456789") is None and issuer_of_code("") is None


def test_X2_a_document_is_superseded_or_revoked_only_while_valid() -> None:
    doc = SimpleNamespace(status="valid")
    DOCUMENT.move(doc, "superseded", "supersede")
    with pytest.raises(Problem) as refused:
        DOCUMENT.move(doc, "revoked", "revoke")
    assert refused.value.status == 409 and refused.value.rule == "X2"


def _doc(**kw: object) -> SimpleNamespace:
    base = dict(
        code="B0123456789"[:10],
        number="CJ1",
        kind="deal_confirmation",
        title="成交确认书",
        issuer="青阳县农村产权交易中心",
        issued_at=datetime(2026, 1, 2, tzinfo=UTC),
        status="valid",
        superseded_by=None,
        reason=None,
        content_hash="ab" * 32,
        pdf_sha256="cd" * 32,
        summary={"price": "1.00"},
    )
    return SimpleNamespace(**(base | kw))


def test_X2_verification_says_whether_a_presented_hash_is_the_documents() -> None:
    doc = _doc()
    assert verification(doc, None).matches is None
    assert verification(doc, "ab" * 8).matches is True  # the QR code's 16 characters
    assert verification(doc, "cd" * 32).matches is True  # the downloaded file's SHA-256
    assert verification(doc, "ab" * 7 + "ac").matches is False
    assert verification(_doc(status="revoked", reason="void"), None).reason == "void"
    assert verification(_doc(reason="补发"), None).reason is None  # only a revocation's


def test_X2_the_qr_code_leads_to_the_portals_verification_page() -> None:
    settings = make_settings(public_portal_url="https://portal.example/")
    url = verification_url(settings, "B123456789", "ab" * 32)
    assert url == "https://portal.example/verify/B123456789?h=" + "ab" * 8
    assert qr_data_uri(url).startswith("data:image/svg+xml")


async def test_X2_a_download_whose_stored_file_changed_is_refused(tmp_path: Path) -> None:
    store = LocalDocumentStore(tmp_path)
    sha = await store.put(b"%PDF-1.7 issued")
    ok = await stream_pdf(store, _doc(pdf_sha256=sha))
    body = b"".join([chunk async for chunk in ok.body_iterator])  # type: ignore[misc]
    assert body == b"%PDF-1.7 issued" and ok.headers["content-type"] == "application/pdf"
    assert ok.headers["x-document-code"] == _doc().code
    with pytest.raises(Problem) as refused:
        await stream_pdf(store, _doc(pdf_sha256="ef" * 32))  # lost
    assert refused.value.status == 500


def test_X2_a_template_renders_to_a_pdf_with_embedded_cjk_fonts(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text(
        '{% extends "base.html" %}{% block body %}<p>成交价 {{ d.p | yuan }} 元</p>{% endblock %}',
        encoding="utf-8",
    )
    pdf = Renderer(tmp_path).pdf_now(
        "t.html",
        title="测试",
        number="N-1",
        code="B123456789",
        issuer="青阳县",
        issued_at=datetime(2026, 1, 2, tzinfo=UTC),
        content_hash="ab" * 32,
        verify_url="https://portal.example/verify/B123456789",
        qr=qr_data_uri("https://portal.example/verify/B123456789"),
        reissue=False,
        d={"p": "1234.5"},
    )
    from testkit.pdfcheck import read_pdf

    read = read_pdf(pdf, "common_unit")
    assert "成交价1,234.50元" in read.flat
    assert read.fonts and all(embedded for _, embedded in read.fonts)
    assert read.qr == ["https://portal.example/verify/B123456789"]


def test_X2_a_documents_area_declares_its_kinds_and_makes_its_issuer(tmp_path: Path) -> None:
    """One ``DocumentArea`` a service: a kind prints from ``<kind>.html`` under the
    area's rule, and the issuer it makes prints the area's organisation for a county."""
    area = DocumentArea("registry", IssuedDocumentMixin, tmp_path, registration_authority)
    kind = area.kind("lien_certificate", "抵押登记证明", "R9")
    assert (kind.template, kind.rule, kind.title) == ("lien_certificate.html", "R9", "抵押登记证明")
    issuer = area.issuer(make_settings(), LocalDocumentStore(tmp_path))
    assert (issuer.service, issuer.model) == ("registry", IssuedDocumentMixin)
    assert issuer.organisation("620821") == "青阳县农村产权抵押登记机关"
