"""The sealed archive — 项目档案 (DOMAIN L19; issue 20): an ended listing's file sealed
with a manifest of hashes, downloaded as one streamed zip whose every file matches the
manifest; any later change of the listing, its documents or the archive refused."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from sqlalchemy import text

from common.problems import Problem
from testkit.testing import auth

SUPERVISOR = auth("supervisor", org_type="county", org_id="620821", county="620821")


async def _contracted(lite) -> tuple[dict, dict]:
    listing, buyer = await lite.to_trading()
    await lite.deliver(lite.concluded(listing["id"], buyer))
    await lite.deliver(lite.signed(listing["id"], buyer, "QY-2026-009"))
    return listing, buyer


async def test_L19_an_ended_listing_is_sealed_with_a_manifest_and_downloads_as_one_zip(
    lite,
) -> None:
    live = await lite.to_announced()
    early = await lite.c.post(f"/listings/{live['id']}/archive", headers=lite.staff())
    assert early.status_code == 409 and "not-ended" in early.text
    listing, _buyer = await _contracted(lite)
    lid = listing["id"]
    assert (
        await lite.c.get(f"/listings/{lid}/archive.zip", headers=lite.staff())
    ).status_code == 404

    r = await lite.c.post(f"/listings/{lid}/archive", headers=lite.staff())
    assert r.status_code == 201, r.text
    sealed = r.json()
    files = sealed["manifest"]["files"]
    paths = [f["path"] for f in files]
    assert paths[:2] == ["listing.json", "decisions.json"]
    # the seller's six materials, the buyer's identity, and the three documents it should
    # have — issued at sealing: nothing was downloaded before
    assert len([p for p in paths if p.startswith("materials/listing/")]) == 6
    assert len([p for p in paths if p.startswith("materials/registrations/")]) == 1
    titles = [f["what"] for f in files if f["path"].startswith("documents/")]
    assert [t.split(" ")[0] for t in titles] == ["交易公告", "受理回执", "成交公示"]
    assert sealed["manifest"]["status"] == "contracted" == sealed["status"]
    assert sealed["manifest"]["contract_no"] == "QY-2026-009"

    z = await lite.c.get(f"/listings/{lid}/archive.zip", headers=SUPERVISOR)
    assert z.status_code == 200, z.text
    assert z.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(z.content))
    assert archive.testzip() is None
    assert archive.namelist() == ["manifest.json", *paths]
    manifest = archive.read("manifest.json")
    assert hashlib.sha256(manifest).hexdigest() == sealed["manifest_sha256"]
    assert json.loads(manifest)["files"] == files
    for f in files:
        body = archive.read(f["path"])
        assert hashlib.sha256(body).hexdigest() == f["sha256"] and len(body) == f["size"]
    decisions = json.loads(archive.read("decisions.json"))
    assert "listing.contract_published" in [d["action"] for d in decisions]
    # the decision log records the seal with the manifest's hash (X2)
    log = (await lite.c.get(f"/listings/{lid}/decisions", headers=lite.staff())).json()
    assert log[-1]["action"] == "listing.archived"
    assert log[-1]["data"]["manifest_sha256"] == sealed["manifest_sha256"]
    # another county's centre may not read it (X3)
    other = lite.staff(lite.OTHER_COUNTY)
    assert (await lite.c.get(f"/listings/{lid}/archive", headers=other)).status_code == 403


async def test_L19_any_change_after_sealing_is_refused(lite) -> None:
    listing, _buyer = await _contracted(lite)
    lid = listing["id"]
    announcement = await lite.c.get(f"/board/listings/{lid}/announcement.pdf")
    assert (await lite.c.post(f"/listings/{lid}/archive", headers=lite.staff())).status_code == 201
    # sealing twice is a change: refused
    again = await lite.c.post(f"/listings/{lid}/archive", headers=lite.staff())
    assert again.status_code == 409 and again.json()["type"].endswith("/archive-sealed")
    # the sealed documents still download, the same files
    same = await lite.c.get(f"/board/listings/{lid}/announcement.pdf")
    assert same.status_code == 200 and same.content == announcement.content

    from listing.archive.models import ListingArchive
    from listing.listings.models import Listing

    # the listing row, through any code path, does not change any more
    with pytest.raises(Problem) as changed:
        async with lite.rt.transaction() as s:
            row = await s.get(Listing, lid)
            row.title = "改过的标题"
            await s.flush()
    assert changed.value.code == "archive-sealed"
    # nor does the archive row
    with pytest.raises(Problem) as rewritten:
        async with lite.rt.transaction() as s:
            a = await s.get(ListingArchive, lid)
            a.manifest_sha256 = "0" * 64
            await s.flush()
    assert rewritten.value.code == "archive-sealed"
    # data changed behind the platform's back: no new document supersedes the sealed one
    async with lite.rt.transaction() as s:
        await s.execute(
            text("UPDATE listings SET title = '改过的标题' WHERE id = :id"), {"id": lid}
        )
    r = await lite.c.get(f"/board/listings/{lid}/announcement.pdf")
    assert r.status_code == 409 and r.json()["type"].endswith("/archive-sealed")
