"""Document storage: content-addressed, bounded uploads (DOMAIN L3, R8)."""

from __future__ import annotations

import hashlib
import io

import pytest
from fastapi import UploadFile

from common.problems import Problem
from common.storage import LocalDocumentStore, store_upload


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


async def test_an_upload_over_the_limit_or_empty_is_refused_naming_the_field(tmp_path) -> None:
    store = LocalDocumentStore(tmp_path)
    big = UploadFile(io.BytesIO(b"x" * 11), filename="a.pdf")
    with pytest.raises(Problem) as too_big:
        await store_upload(store, big, field="file", max_bytes=10, rule="L3")
    assert too_big.value.fields[0].field == "file" and too_big.value.fields[0].rule == "L3"
    with pytest.raises(Problem):
        await store_upload(
            store, UploadFile(io.BytesIO(b""), filename="e"), field="file", max_bytes=10
        )
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    ok = await store_upload(
        store, UploadFile(io.BytesIO(b"0123456789"), filename="c.pdf"), field="file", max_bytes=10
    )
    assert ok.size == 10 and ok.filename == "c.pdf" and await store.get(ok.sha256) == b"0123456789"
