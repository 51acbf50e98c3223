"""Document storage: content-addressed, bounded uploads (DOMAIN L3, R8)."""

from __future__ import annotations

import hashlib
import io

import pytest
from fastapi import UploadFile
from starlette.datastructures import Headers

from common.problems import Problem
from common.storage import LocalDocumentStore, store_upload
from testkit.testing import sample_file


async def test_the_same_bytes_are_stored_once_under_their_sha256(tmp_path) -> None:
    store = LocalDocumentStore(tmp_path)
    key = await store.put(b"title certificate")
    assert key == hashlib.sha256(b"title certificate").hexdigest()
    assert await store.put(b"title certificate") == key
    assert await store.get(key) == b"title certificate"
    assert await store.exists(key)
    assert not await store.exists("0" * 64)
    assert not await store.exists("../etc/passwd")
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


def upload(data: bytes, filename: str = "a.pdf", content_type: str = "application/pdf"):
    return UploadFile(
        io.BytesIO(data), filename=filename, headers=Headers({"content-type": content_type})
    )


async def test_an_upload_over_the_limit_or_empty_is_refused_naming_the_field(tmp_path) -> None:
    store = LocalDocumentStore(tmp_path)
    pdf = sample_file(text="title")
    with pytest.raises(Problem) as too_big:
        await store_upload(store, upload(pdf), field="file", max_bytes=len(pdf) - 1, rule="L3")
    assert too_big.value.fields[0].field == "file" and too_big.value.fields[0].rule == "L3"
    with pytest.raises(Problem):
        await store_upload(store, upload(b""), field="file", max_bytes=10)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    ok = await store_upload(store, upload(pdf, "c.pdf"), field="file", max_bytes=len(pdf))
    assert ok.size == len(pdf) and ok.filename == "c.pdf" and await store.get(ok.sha256) == pdf
    assert ok.content_type == "application/pdf"


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "image/jpeg"])
async def test_X4_a_material_whose_bytes_match_its_declared_type_is_stored(
    tmp_path, content_type: str
) -> None:
    store = LocalDocumentStore(tmp_path)
    data = sample_file(content_type, "申请书")
    ok = await store_upload(store, upload(data, "a", content_type), field="file", max_bytes=10**6)
    assert ok.content_type == content_type and await store.get(ok.sha256) == data


@pytest.mark.parametrize(
    ("data", "content_type", "what"),
    [
        (b"hello", "application/pdf", "bytes"),  # a text file sent as a PDF
        (sample_file("image/png"), "image/jpeg", "bytes"),  # a PNG declared as a JPEG
        (b"hello", "text/plain", "type"),
        (sample_file(), "text/html", "type"),
        (sample_file(), "application/octet-stream", "type"),
    ],
)
async def test_X4_a_material_is_refused_unless_its_bytes_match_a_pdf_jpeg_or_png(
    tmp_path, data: bytes, content_type: str, what: str
) -> None:
    store = LocalDocumentStore(tmp_path)
    with pytest.raises(Problem) as refused:
        await store_upload(
            store, upload(data, "form.pdf", content_type), field="file", max_bytes=10**6, rule="L3"
        )
    [problem] = refused.value.fields
    assert (problem.field, problem.rule, refused.value.status) == ("file", "L3", 422)
    assert what in problem.message_en and problem.message_zh
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # nothing stored


async def test_X4_a_file_name_over_200_characters_is_refused(tmp_path) -> None:
    store = LocalDocumentStore(tmp_path)
    with pytest.raises(Problem) as refused:
        await store_upload(
            store, upload(sample_file(), "申" * 256 + ".pdf"), field="f", max_bytes=10**6
        )
    assert [(p.field, p.rule) for p in refused.value.fields] == [("f.filename", "X4")]
    ok = await store_upload(store, upload(sample_file(), "n" * 200), field="f", max_bytes=10**6)
    assert ok.filename == "n" * 200


async def test_a_sheet_the_caller_parses_skips_the_type_check(tmp_path) -> None:
    store = LocalDocumentStore(tmp_path)
    ok = await store_upload(
        store,
        upload(b"a,b\n1,2\n", "s.csv", "text/csv"),
        field="file",
        max_bytes=100,
        signatures=None,
    )
    assert ok.content_type == "text/csv"


async def _body(response) -> tuple[bytes, int]:
    """A streamed response's bytes and how many chunks they came in."""
    parts = [chunk async for chunk in response.body_iterator]
    return b"".join(parts), len(parts)


async def test_X2_a_download_streams_in_chunks_without_reading_the_file_whole(
    tmp_path, monkeypatch
) -> None:
    from dataclasses import dataclass

    from fastapi.responses import StreamingResponse

    from common.storage import download

    store = LocalDocumentStore(tmp_path)
    data = sample_file(text="x" * 10) + bytes(range(256)) * 2048  # ~512 KiB
    key = await store.put(data)

    async def whole(_sha256: str) -> bytes:
        raise AssertionError("a download must not read the file whole")

    monkeypatch.setattr(store, "get", whole)

    @dataclass
    class Row:
        sha256: str
        filename: str
        content_type: str

    r = await download(store, Row(key, "申请书.pdf", "application/pdf"))
    assert isinstance(r, StreamingResponse)
    assert r.headers["content-length"] == str(len(data))
    assert r.headers["content-disposition"].startswith("attachment; filename*=UTF-8''")
    body, chunks = await _body(r)
    assert body == data and chunks == -(-len(data) // (1 << 16))  # 64 KiB at a time


async def test_X2_a_changed_or_missing_file_is_refused_before_any_byte_is_sent(tmp_path) -> None:
    from dataclasses import dataclass

    from common.storage import download

    store = LocalDocumentStore(tmp_path)
    key = await store.put(b"%PDF- the reviewed material")
    path = tmp_path / key[:2] / key[2:4] / key
    path.write_bytes(b"%PDF- another material")

    @dataclass
    class Row:
        sha256: str
        filename: str = "a.pdf"
        content_type: str = "application/pdf"

    with pytest.raises(Problem) as changed:
        await download(store, Row(key))
    assert changed.value.status == 500 and changed.value.code == "document-integrity"
    path.unlink()
    with pytest.raises(Problem) as missing:
        await download(store, Row(key))
    assert missing.value.code == "document-integrity"
